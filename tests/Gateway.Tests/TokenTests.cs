using System.Net;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Gateway.Tests;

public sealed class TokenTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string> ApiPaths => new() { "/api/units/x", "/api/tasks/x", "/api/reports/x", "/api/coordination/x", "/api/identity/users" };

    [Theory]
    [MemberData(nameof(ApiPaths))]
    public async Task Api_call_without_a_token_gets_401_problem_and_reaches_no_service(string path)
    {
        var response = await _gateway.CreateAnonymousClient().GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.All(_gateway.Services.Values, s => Assert.Empty(s.Arrivals));
    }

    [Fact]
    public async Task Tokens_signed_by_a_stranger_for_another_audience_or_expired_are_refused()
    {
        var unit = DemoUnitIds.For(DemoUnitIds.Department);
        string[] tokens =
        [
            TestTokens.Create("u1", unit, [PlatformRoles.SystemAdmin], signedByStranger: true),
            TestTokens.Create("u2", unit, [PlatformRoles.SystemAdmin], audience: "someone-else"),
            TestTokens.Create("u3", unit, [PlatformRoles.SystemAdmin], expires: DateTime.UtcNow.AddMinutes(-5)),
        ];
        foreach (var token in tokens)
        {
            var response = await _gateway.CreateAnonymousClient().WithToken(token).GetAsync("/api/units/x");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        }
        Assert.Empty(_gateway.Services[ResourceNames.Units].Arrivals);
    }

    [Fact]
    public async Task Sign_in_and_discovery_are_forwarded_without_a_token()
    {
        var client = _gateway.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connect/authorize?x=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/openid-configuration")).StatusCode);
        Assert.Equal(2, _gateway.Services[ResourceNames.Identity].Arrivals.Count);
    }
}
