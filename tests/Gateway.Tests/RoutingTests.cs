using System.Net;
using System.Net.Http.Json;
using Platform.ServiceDefaults;

namespace Platform.Gateway.Tests;

public sealed class RoutingTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/api/units/42/members?active=true", ResourceNames.Units)]
    [InlineData("/api/tasks/assignments/7", ResourceNames.Tasks)]
    [InlineData("/api/reports/2025/summary", ResourceNames.Reporting)]
    [InlineData("/api/coordination/programmes?page=2", ResourceNames.Coordination)]
    public async Task Each_api_prefix_reaches_its_own_service_with_the_path_unchanged(string path, string service)
    {
        var response = await _client.GetAsync(path);

        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal(service, echo!.Service);
        Assert.Equal(path, echo.Path);
        Assert.Equal("GET", echo.Method);
        Assert.All(_gateway.Services.Values.Where(f => f.Name != service), other => Assert.Empty(other.Arrivals));
    }

    [Fact]
    public async Task Request_body_within_the_limit_is_forwarded_whole()
    {
        var response = await _client.PostAsync("/api/reports/uploads", new ByteArrayContent(new byte[200_000]));

        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal(200_000, echo!.BodyLength);
        Assert.Equal("POST", echo.Method);
    }

    [Fact]
    public async Task Request_id_is_generated_when_absent_seen_by_the_service_and_returned()
    {
        var first = await _client.GetAsync("/api/units/1");
        var second = await _client.GetAsync("/api/units/2");

        var returned = Assert.Single(first.Headers.GetValues("X-Request-Id"));
        var echo = await first.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.False(string.IsNullOrWhiteSpace(returned));
        Assert.Equal(returned, echo!.RequestId);
        Assert.NotEqual(returned, Assert.Single(second.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Request_id_sent_by_the_client_is_kept_end_to_end()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/assignments");
        request.Headers.Add("X-Request-Id", "client-chosen-id-123");

        var response = await _client.SendAsync(request);

        var echo = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("client-chosen-id-123", echo!.RequestId);
        Assert.Equal("client-chosen-id-123", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Unusable_request_id_from_the_client_is_replaced_not_forwarded()
    {
        var oversized = new string('a', 500);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/assignments");
        request.Headers.Add("X-Request-Id", oversized);

        var response = await _client.SendAsync(request);

        var echo = await response.Content.ReadFromJsonAsync<SeenRequest>();
        var returned = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(oversized, returned);
        Assert.True(Guid.TryParse(returned, out _));
        Assert.Equal(returned, echo!.RequestId);
    }

    [Fact]
    public async Task Trace_context_reaches_the_service_and_continues_the_clients_trace()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/coordination/programmes");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var traced = await (await _client.SendAsync(request)).Content.ReadFromJsonAsync<SeenRequest>();
        var untraced = await (await _client.GetAsync("/api/coordination/programmes")).Content.ReadFromJsonAsync<SeenRequest>();

        // Same trace, but the parent is now the gateway's own span, not the client's.
        var parts = traced!.TraceParent!.Split('-');
        Assert.Equal(traceId, parts[1]);
        Assert.NotEqual("00f067aa0ba902b7", parts[2]);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", untraced!.TraceParent);
        Assert.NotEqual(traceId, untraced.TraceParent!.Split('-')[1]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/documents/3f2c?page=2")]
    [InlineData("/favicon.ico")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("/signin-oidc")]
    [InlineData("/signout-callback-oidc")]
    public async Task Every_path_no_service_serves_reaches_the_web_client_without_a_token(string path)
    {
        using var anonymous = _gateway.CreateAnonymousClient();

        var response = await anonymous.GetAsync(path);

        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal(ResourceNames.Web, echo!.Service);
        Assert.Equal(path, echo.Path);
        Assert.All(_gateway.Services.Values.Where(f => f.Name != ResourceNames.Web), other => Assert.Empty(other.Arrivals));
    }

    [Theory]
    [InlineData("/api/units/1", ResourceNames.Units)]
    [InlineData("/connect/authorize?client_id=platform-web", ResourceNames.Identity)]
    [InlineData("/.well-known/openid-configuration", ResourceNames.Identity)]
    public async Task Service_routes_win_over_the_web_clients_catch_all(string path, string service)
    {
        var echo = await (await _client.GetAsync(path)).Content.ReadFromJsonAsync<SeenRequest>();

        Assert.Equal(service, echo!.Service);
        Assert.Empty(_gateway[ResourceNames.Web].Arrivals);
    }

    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("POST", "/api/nope/deeper")]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/api/unitsx/1")]
    public async Task Unknown_route_gets_404_problem_details_and_reaches_no_service(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(path, problem.GetProperty("instance").GetString());
        Assert.True(response.Headers.Contains("X-Request-Id"));
        Assert.All(_gateway.Services.Values, fake => Assert.Empty(fake.Arrivals));
    }

    [Fact]
    public async Task Problem_details_speak_the_clients_language()
    {
        using var english = new HttpRequestMessage(HttpMethod.Get, "/api/nope");
        english.Headers.AcceptLanguage.ParseAdd("en");

        var inEnglish = await ProblemAssert.IsProblemAsync(await _client.SendAsync(english), HttpStatusCode.NotFound);
        var byDefault = await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/nope"), HttpStatusCode.NotFound);

        Assert.Equal("No service serves the path '/api/nope'.", inEnglish.GetProperty("detail").GetString());
        Assert.Equal("Không có dịch vụ nào phục vụ đường dẫn '/api/nope'.", byDefault.GetProperty("detail").GetString());
    }
}
