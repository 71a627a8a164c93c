using System.Net;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>The reporting service's machine client: registered only with a configured secret, tokens read province-wide.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ReportingServiceClientTests(IdentityFixture fixture)
{
    private static Dictionary<string, string> Request(string secret) => new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = PlatformClients.ReportingService, ["client_secret"] = secret, ["scope"] = "api",
    };

    [Fact]
    public async Task Reporting_service_gets_a_read_only_province_wide_token_with_the_configured_secret_and_none_with_another()
    {
        await using var host = await IdentityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Identity:ReportingServiceSecret"] = "secret-the-apphost-generated",
        });
        using var client = host.CreateClient();

        var ok = await Tokens.RequestAsync(client, Request("secret-the-apphost-generated"));
        var wrong = await Tokens.RequestAsync(client, Request("police-system-dev-secret"));

        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        Assert.Null(ok.RefreshToken);
        var jwt = ok.Jwt;
        Assert.Equal(PlatformClients.ReportingService, jwt.GetClaim("sub").Value);
        Assert.Equal(["platform-api"], jwt.Audiences);
        Assert.Equal([PlatformRoles.Auditor], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Contains(PlatformRoles.Auditor, PlatformRoles.ProvinceWide);
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department).ToString(), jwt.GetClaim("unit_id").Value);
        Assert.Equal("api", jwt.GetClaim("scope").Value);
        using var keysClient = host.CreateClient();
        var validation = await Tokens.ValidateAsync(ok.AccessToken!, await Tokens.KeysAsync(keysClient));
        Assert.True(validation.IsValid, validation.Exception?.Message);

        Assert.Equal("invalid_client", wrong.Error);
        Assert.Null(wrong.AccessToken);
    }

    [Fact]
    public async Task Without_a_configured_secret_the_reporting_service_client_does_not_exist()
    {
        using var client = fixture.Host.CreateClient();

        var response = await Tokens.RequestAsync(client, Request("anything"));

        Assert.Equal("invalid_client", response.Error);
        Assert.Null(response.AccessToken);
    }
}
