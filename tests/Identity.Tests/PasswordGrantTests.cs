using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class PasswordGrantTests(IdentityFixture fixture)
{
    private readonly IdentityHost _host = fixture.Host;

    public static TheoryData<string, string, string> DemoAccountData => new()
    {
        { "admin", DemoUnitIds.Department, PlatformRoles.SystemAdmin },
        { "department.officer", DemoUnitIds.DepartmentOffice, PlatformRoles.DepartmentOfficer },
        { "district.officer", DemoUnitIds.LeChanDistrictOffice, PlatformRoles.DistrictOfficer },
        { "school.principal", DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolManager },
        { "school.staff", DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff },
        { "thpt.principal", DemoUnitIds.NgoQuyenUpperSecondarySchool, PlatformRoles.SchoolManager },
        { "police.liaison", DemoUnitIds.CityPolice, PlatformRoles.PoliceLiaison },
        { "auditor", DemoUnitIds.Department, PlatformRoles.Auditor },
    };

    [Theory]
    [MemberData(nameof(DemoAccountData))]
    public async Task Demo_account_gets_a_signed_JWT_with_exactly_the_platform_claims(string userName, string unitCode, string role)
    {
        using var client = _host.CreateClient();

        var response = await Tokens.PasswordAsync(client, userName, DemoAccounts.Password);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.NotNull(response.RefreshToken);
        var jwt = response.Jwt;
        var account = await _host.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName));

        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(IdentityHost.Issuer, jwt.Issuer);
        Assert.Equal(["platform-api"], jwt.Audiences);
        Assert.Equal(account.Id.ToString(), jwt.GetClaim("sub").Value);
        Assert.Equal(account.DisplayName, jwt.GetClaim("name").Value);
        Assert.Equal(userName, jwt.GetClaim("preferred_username").Value);
        Assert.Equal(DemoUnitIds.For(unitCode).ToString(), jwt.GetClaim("unit_id").Value);
        Assert.Equal(unitCode, jwt.GetClaim("unit_code").Value);
        Assert.Equal([role], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(["api", "offline_access", "openid", "profile"], jwt.GetClaim("scope").Value.Split(' ').Order());
        Assert.Equal(PlatformClients.Cli, jwt.GetClaim("client_id").Value);

        using var keysClient = _host.CreateClient();
        var validation = await Tokens.ValidateAsync(response.AccessToken!, await Tokens.KeysAsync(keysClient));
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_invalid_grant()
    {
        using var client = _host.CreateClient();

        var wrong = await Tokens.PasswordAsync(client, "auditor", "Wrong@12345");
        var unknown = await Tokens.PasswordAsync(client, "nobody.here", "Wrong@12345");

        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("invalid_grant", wrong.Error);
        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", wrong.ErrorDescription);
        Assert.Null(wrong.AccessToken);
        Assert.Equal(wrong.Error, unknown.Error);
        Assert.Equal(wrong.ErrorDescription, unknown.ErrorDescription);

        var english = await Tokens.PasswordAsync(client, "nobody.here", "Wrong@12345", language: "en");
        Assert.Equal("The user name or password is incorrect.", english.ErrorDescription);

        // One failure must not linger: the demo account still signs in.
        await Tokens.AccessTokenAsync(client, "auditor");
        Assert.Equal(0, await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == "auditor").Select(u => u.AccessFailedCount).SingleAsync()));
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_15_minutes_even_against_the_right_password()
    {
        const string password = "Right@2024x";
        var userName = $"lockout.{Guid.NewGuid():N}"[..24];
        await CreateAccountAsync(userName, password);
        using var client = _host.CreateClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await Tokens.PasswordAsync(client, userName, "Wrong@2024x");
            Assert.Equal("invalid_grant", failed.Error);
            Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", failed.ErrorDescription);
        }
        var fifth = await Tokens.PasswordAsync(client, userName, "Wrong@2024x");
        var right = await Tokens.PasswordAsync(client, userName, password);
        var rightInEnglish = await Tokens.PasswordAsync(client, userName, password, language: "en");

        Assert.Equal("invalid_grant", fifth.Error);
        Assert.Contains("Tài khoản tạm khóa do đăng nhập sai 5 lần", fifth.ErrorDescription);
        Assert.Equal("invalid_grant", right.Error);
        Assert.Null(right.AccessToken);
        Assert.Contains("Tài khoản tạm khóa", right.ErrorDescription);
        Assert.Contains("locked after 5 failed sign-ins", rightInEnglish.ErrorDescription);

        var lockoutEnd = await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));

        // The lockout is one line of the chained audit trail, however many attempts follow it.
        var id = await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var lines = await _host.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == id.ToString()).ToListAsync());
        var line = Assert.Single(lines);
        Assert.Equal((IdentityAuditActions.SignInLockedOut, IdentityAuditActions.SubjectUser), (line.Action, line.SubjectType));
        Assert.Equal(AuditedUserManager.Actor, line.ActorId);
        Assert.Null(line.ActorUnitId);
        Assert.Contains(userName, line.Detail);
        Assert.True(line.Sequence > 0 && line.Hash.Length == 32);
    }

    [Fact]
    public async Task Refresh_token_gives_a_new_access_token_with_the_account_as_it_is_now()
    {
        var userName = $"refresh.{Guid.NewGuid():N}"[..24];
        await CreateAccountAsync(userName, "Right@2024x", PlatformRoles.SchoolStaff);
        using var client = _host.CreateClient();
        var first = await Tokens.PasswordAsync(client, userName, "Right@2024x");
        Assert.NotNull(first.RefreshToken);

        await _host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            var account = (await users.FindByNameAsync(userName))!;
            await users.AddToRoleAsync(account, PlatformRoles.SchoolManager);
        });
        var refreshed = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = PlatformClients.Cli,
            ["refresh_token"] = first.RefreshToken!,
        });

        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.ToString());
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.Equal(first.Jwt.GetClaim("sub").Value, refreshed.Jwt.GetClaim("sub").Value);
        Assert.Equal(first.Jwt.GetClaim("unit_id").Value, refreshed.Jwt.GetClaim("unit_id").Value);
        Assert.Equal([PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff],
            refreshed.Jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value).Order());
        Assert.Equal(first.Jwt.GetClaim("scope").Value, refreshed.Jwt.GetClaim("scope").Value);
    }

    [Fact]
    public async Task Refresh_token_of_a_deleted_account_is_refused()
    {
        var userName = $"gone.{Guid.NewGuid():N}"[..24];
        await CreateAccountAsync(userName, "Right@2024x");
        using var client = _host.CreateClient();
        var first = await Tokens.PasswordAsync(client, userName, "Right@2024x");
        await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).ExecuteDeleteAsync());

        var refreshed = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = PlatformClients.Cli,
            ["refresh_token"] = first.RefreshToken!,
        });

        Assert.Equal("invalid_grant", refreshed.Error);
        Assert.Null(refreshed.AccessToken);
    }

    [Fact]
    public async Task Police_system_gets_a_token_by_client_credentials_and_a_wrong_secret_gets_none()
    {
        using var client = _host.CreateClient();

        var ok = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = PlatformClients.PoliceSystem,
            ["client_secret"] = "police-system-dev-secret",
            ["scope"] = "api",
        });
        var wrong = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = PlatformClients.PoliceSystem,
            ["client_secret"] = "not-the-secret",
            ["scope"] = "api",
        });

        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        Assert.Null(ok.RefreshToken);
        var jwt = ok.Jwt;
        Assert.Equal(PlatformClients.PoliceSystem, jwt.GetClaim("sub").Value);
        Assert.Equal(["platform-api"], jwt.Audiences);
        Assert.Equal([PlatformRoles.PoliceLiaison], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.CityPolice).ToString(), jwt.GetClaim("unit_id").Value);
        Assert.Equal("api", jwt.GetClaim("scope").Value);

        Assert.Equal("invalid_client", wrong.Error);
        Assert.Null(wrong.AccessToken);
    }

    [Fact]
    public async Task Userinfo_describes_the_account_of_the_access_token()
    {
        using var client = _host.CreateClient();
        var token = await Tokens.AccessTokenAsync(client, "district.officer");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo").WithBearer(token);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        Assert.Equal("district.officer", body.GetProperty("preferred_username").GetString());
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice).ToString(), body.GetProperty("unit_id").GetString());
        Assert.Equal(PlatformRoles.DistrictOfficer, body.GetProperty("role")[0].GetString());
    }

    private Task CreateAccountAsync(string userName, string password, string role = PlatformRoles.SchoolStaff) =>
        _host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            var account = new UserAccount
            {
                UserName = userName,
                DisplayName = $"Tài khoản thử {userName}",
                UnitId = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool),
                UnitCode = DemoUnitIds.LeChanLowerSecondarySchool,
                LockoutEnabled = true,
                CreatedBy = "test",
                UpdatedBy = "test",
            };
            var created = await users.CreateAsync(account, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(account, role);
        });
}
