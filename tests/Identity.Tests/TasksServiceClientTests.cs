using System.Net;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>The tasks service's machine client: registered only with a configured secret, tokens read province-wide.</summary>
[Collection(IdentityCollection.Name)]
public sealed class TasksServiceClientTests(IdentityFixture fixture)
{
    private static Dictionary<string, string> Request(string secret) => new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = PlatformClients.TasksService, ["client_secret"] = secret, ["scope"] = "api",
    };

    [Fact]
    public async Task Tasks_service_gets_a_read_only_province_wide_token_with_the_configured_secret_and_none_with_another()
    {
        await using var host = await IdentityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Identity:TasksServiceSecret"] = "tasks-secret-the-apphost-generated",
        });
        using var client = host.CreateClient();

        var ok = await Tokens.RequestAsync(client, Request("tasks-secret-the-apphost-generated"));
        var wrong = await Tokens.RequestAsync(client, Request("another-secret"));

        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        var jwt = ok.Jwt;
        Assert.Equal(PlatformClients.TasksService, jwt.GetClaim("sub").Value);
        Assert.Equal([PlatformRoles.Auditor], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department).ToString(), jwt.GetClaim("unit_id").Value);
        Assert.Equal("invalid_client", wrong.Error);
        Assert.Null(wrong.AccessToken);
    }

    [Fact]
    public async Task Without_a_configured_secret_the_tasks_service_client_does_not_exist()
    {
        using var client = fixture.Host.CreateClient();

        var response = await Tokens.RequestAsync(client, Request("anything"));

        Assert.Equal("invalid_client", response.Error);
        Assert.Null(response.AccessToken);
    }
}
