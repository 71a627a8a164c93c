using System.Net;
using System.Net.Http.Json;
using Platform.Gateway.Extensions;
using Platform.ServiceDefaults;

namespace Platform.Gateway.Tests;

/// <summary>
/// The gateway behind an ingress (a simulated proxy at 10.42.0.5): forwarded headers believed only from the configured
/// network, the rate limit keyed on the real client, HTTPS seen by the services, and browser protections on every answer.
/// </summary>
public sealed class EdgeSecurityTests
{
    private static readonly IPAddress Ingress = IPAddress.Parse("10.42.0.5");

    private static Task<GatewayHost> BehindIngressAsync(string? knownNetworks, int permitLimit = 600) =>
        GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:ForwardedHeaders:KnownNetworks"] = knownNetworks,
            ["Gateway:RateLimit:PermitLimit"] = permitLimit.ToString(),
            ["Gateway:RateLimit:WindowSeconds"] = "60",
        }, Ingress);

    private static HttpRequestMessage From(string client, string path, string proto = "https")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", proto);
        return request;
    }

    [Fact]
    public async Task Anonymous_clients_behind_the_ingress_each_get_their_own_rate_limit()
    {
        await using var gateway = await BehindIngressAsync("10.42.0.0/16", permitLimit: 2);
        var client = gateway.CreateAnonymousClient();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await client.SendAsync(From("203.0.113.7", $"/connect/token-{i}"))).StatusCode);
        }
        var second = (await client.SendAsync(From("198.51.100.20", "/connect/token-other"))).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, second); // before: one bucket for everyone behind the ingress
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_network_are_not_believed()
    {
        await using var gateway = await BehindIngressAsync(knownNetworks: "", permitLimit: 2);
        var client = gateway.CreateAnonymousClient();

        // Every request comes from the ingress's own address whatever X-Forwarded-For says: one bucket, no HTTPS.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        foreach (var address in new[] { "203.0.113.7", "198.51.100.20", "192.0.2.1" })
        {
            last = await client.SendAsync(From(address, "/connect/spoof"));
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.False(last!.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Services_see_the_real_client_and_https_and_answers_carry_hsts_and_browser_protections()
    {
        await using var gateway = await BehindIngressAsync("10.42.0.0/16");
        var client = gateway.CreateClient();

        using var response = await client.SendAsync(From("203.0.113.7", "/api/units/edge"));
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("203.0.113.7", seen!.ForwardedFor);
        Assert.Equal("https", seen.ForwardedProto);
        Assert.Equal(EdgeSecurity.StrictTransportSecurity, Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains(response.Headers.GetValues("Content-Security-Policy"), v => v.Contains("frame-ancestors 'none'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_http_gets_browser_protections_but_no_hsts_and_so_do_the_gateways_own_problems()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var client = gateway.CreateAnonymousClient();

        using var unknown = await client.GetAsync("/api/nowhere");
        using var denied = await client.GetAsync("/api/units/1");

        foreach (var response in new[] { unknown, denied })
        {
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains(response.Headers.GetValues("Content-Security-Policy"), v => v.Contains("frame-ancestors 'none'", StringComparison.Ordinal));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    [Fact]
    public async Task A_known_network_that_is_not_a_network_stops_the_gateway_at_start()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Gateway:ForwardedHeaders:KnownNetworks"] = "10.42.0.0/99" });
            gateway.CreateAnonymousClient();
        });
        Assert.NotNull(failure);
        Assert.Contains("KnownNetworks", failure.ToString());
    }
}
