using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.Gateway.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_healthy_when_every_downstream_service_is()
    {
        await using var gateway = await GatewayHost.StartAsync();

        var (status, checks) = await GetHealthAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var service in GatewayHost.DownstreamServices)
        {
            Assert.Equal("Healthy", checks[service].GetProperty("status").GetString());
            Assert.Equal(200, checks[service].GetProperty("data").GetProperty("statusCode").GetInt32());
        }
    }

    [Fact]
    public async Task Health_is_unhealthy_when_a_downstream_service_reports_unhealthy()
    {
        await using var gateway = await GatewayHost.StartAsync();
        gateway[ResourceNames.Tasks].HealthStatus = ServiceUnavailable;

        var (status, checks) = await GetHealthAsync(gateway);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks[ResourceNames.Tasks].GetProperty("status").GetString());
        Assert.Equal(503, checks[ResourceNames.Tasks].GetProperty("data").GetProperty("statusCode").GetInt32());
        Assert.All(GatewayHost.DownstreamServices.Where(s => s != ResourceNames.Tasks),
            service => Assert.Equal("Healthy", checks[service].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Health_is_unhealthy_when_a_downstream_service_is_down_and_alive_still_answers()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            [$"services:{ResourceNames.Coordination}:http:0"] = FakeService.UnusedAddress().ToString().TrimEnd('/'),
        });

        var (status, checks) = await GetHealthAsync(gateway);
        var alive = await gateway.CreateClient().GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks[ResourceNames.Coordination].GetProperty("status").GetString());
        Assert.Contains("could not be reached", checks[ResourceNames.Coordination].GetProperty("description").GetString());
        Assert.Equal("Healthy", checks[ResourceNames.Units].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Downstream_services_checked_by_health_are_configurable()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Downstream"] = "units, reporting",
        });
        gateway[ResourceNames.Tasks].HealthStatus = ServiceUnavailable;

        var (status, checks) = await GetHealthAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["reporting", "self", "units"], checks.Keys.Order());
    }

    private const int ServiceUnavailable = 503;

    private static async Task<(HttpStatusCode Status, Dictionary<string, JsonElement> Checks)> GetHealthAsync(GatewayHost gateway)
    {
        var response = await gateway.CreateClient().GetAsync("/health");
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(response.IsSuccessStatusCode ? "Healthy" : "Unhealthy", body.GetProperty("status").GetString());
        return (response.StatusCode, checks);
    }
}
