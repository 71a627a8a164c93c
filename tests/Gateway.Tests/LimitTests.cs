using System.Net;
using Platform.ServiceDefaults;
using System.Net.Http.Headers;

namespace Platform.Gateway.Tests;

public sealed class LimitTests
{
    private const int BodyLimit = 4096;

    [Fact]
    public async Task Oversized_body_gets_413_problem_details_and_is_never_forwarded()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestBodyBytes"] = BodyLimit.ToString(),
        });
        var client = gateway.CreateClient();

        var tooLarge = await client.PostAsync("/api/reports/uploads/big", new ByteArrayContent(new byte[BodyLimit + 1]));
        var atLimit = await client.PostAsync("/api/reports/uploads/fits", new ByteArrayContent(new byte[BodyLimit]));

        var problem = await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(BodyLimit.ToString(), problem.GetProperty("detail").GetString());
        Assert.Empty(gateway[ResourceNames.Reporting].ArrivalsUnder("/api/reports/uploads/big"));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(BodyLimit, Assert.Single(gateway[ResourceNames.Reporting].CompletedUnder("/api/reports/uploads/fits")).BodyLength);
    }

    [Fact]
    public async Task Oversized_chunked_body_gets_413_problem_details_and_the_service_never_gets_it_whole()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestBodyBytes"] = BodyLimit.ToString(),
        });
        var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/units/imports") { Content = new UnknownLengthContent(64 * 1024) };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(gateway[ResourceNames.Units].CompletedUnder("/api/units/imports"));
    }

    [Fact]
    public async Task Overlong_address_gets_414_problem_details_and_is_never_forwarded()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestTargetBytes"] = "2000",
        });
        var client = gateway.CreateClient();
        var search = string.Concat(Enumerable.Repeat("Trường THCS Lê Chân ", 40)); // percent-encoded: well over 2,000 bytes

        var tooLong = await client.GetAsync("/api/units?q=" + Uri.EscapeDataString(search));
        var fits = await client.GetAsync("/api/units?q=" + Uri.EscapeDataString("Lê Chân"));

        var problem = await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.RequestUriTooLong);
        Assert.Contains("2000", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Single(gateway[ResourceNames.Units].CompletedUnder("/api/units"));
    }

    [Fact]
    public async Task Burst_over_the_rate_limit_gets_429_with_retry_after_and_the_service_sees_only_permitted_requests()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "3",
            ["Gateway:RateLimit:WindowSeconds"] = "60",
        });
        var client = gateway.CreateClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await client.GetAsync($"/api/tasks/burst/{i}"));
        }

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var rejected in responses.Skip(3))
        {
            var problem = await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.TooManyRequests);
            var retryAfter = rejected.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
            Assert.Contains(((int)retryAfter.Value.TotalSeconds).ToString(), problem.GetProperty("detail").GetString());
        }
        Assert.Equal(3, gateway[ResourceNames.Tasks].CompletedUnder("/api/tasks/burst/").Count());
    }

    [Fact]
    public async Task Health_endpoints_are_not_rate_limited()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "1",
            ["Gateway:RateLimit:WindowSeconds"] = "60",
        });
        var client = gateway.CreateClient();

        var first = await client.GetAsync("/api/units/1");
        var limited = await client.GetAsync("/api/units/2");
        var probes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            probes.Add((await client.GetAsync("/alive")).StatusCode);
            probes.Add((await client.GetAsync("/health")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.All(probes, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    /// <summary>A body whose length is not known up front, so it is sent chunked.</summary>
    private sealed class UnknownLengthContent(int size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[1024];
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
