using System.Net;
using Platform.ServiceDefaults;

namespace Platform.Gateway.Tests;

public sealed class DownstreamFailureTests
{
    [Fact]
    public async Task Request_to_a_service_that_is_down_gets_502_problem_details_naming_the_service()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            [$"services:{ResourceNames.Units}:http:0"] = FakeService.UnusedAddress().ToString().TrimEnd('/'),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/units/42");
        request.Headers.Add("X-Request-Id", "down-service-check");
        request.Headers.AcceptLanguage.ParseAdd("en");

        var response = await gateway.CreateClient().SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains("'units'", problem.GetProperty("detail").GetString());
        Assert.Equal("down-service-check", problem.GetProperty("requestId").GetString());
        Assert.Equal("down-service-check", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Other_services_keep_working_while_one_is_down()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            [$"services:{ResourceNames.Units}:http:0"] = FakeService.UnusedAddress().ToString().TrimEnd('/'),
        });
        var client = gateway.CreateClient();

        var down = await client.GetAsync("/api/units/1");
        var up = await client.GetAsync("/api/tasks/1");

        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Single(gateway[ResourceNames.Tasks].CompletedUnder("/api/tasks/1"));
    }
}
