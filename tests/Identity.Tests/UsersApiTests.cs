using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class UsersApiTests(IdentityFixture fixture)
{
    private const string Users = "/api/identity/users";
    private readonly IdentityHost _host = fixture.Host;

    private static Guid Unit(string code) => DemoUnitIds.For(code);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string NewUserName(string prefix) => $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, string? body = null, string? language = null)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        if (token is not null) request.WithBearer(token);
        if (body is not null) request.Content = Json(body);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private async Task<string> AdminTokenAsync()
    {
        using var client = _host.CreateClient();
        return await Tokens.AccessTokenAsync(client, "admin");
    }

    private static string CreateBody(string userName, Guid unitId, string roles = "\"SchoolStaff\"", string password = "Strong@2024") =>
        $$"""{"userName":"{{userName}}","displayName":"Nguyễn Văn Thử","email":"thu@example.edu.vn","unitId":"{{unitId}}","roles":[{{roles}}],"password":"{{password}}"}""";

    [Fact]
    public async Task Admin_creates_an_account_in_own_subtree_who_can_then_sign_in_and_the_write_is_audited()
    {
        var admin = await AdminTokenAsync();
        var userName = NewUserName("thu");

        var response = await SendAsync(HttpMethod.Post, Users, admin,
            CreateBody(userName, Unit(DemoUnitIds.LeChanLowerSecondarySchool), "\"SchoolStaff\",\"schoolmanager\""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/identity/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(DemoUnitIds.LeChanLowerSecondarySchool, created.GetProperty("unitCode").GetString());
        Assert.Equal(["SchoolManager", "SchoolStaff"], created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("admin", created.GetProperty("createdBy").GetString());

        var audit = await _host.WithDbAsync(db => db.UserAuditEntries.AsNoTracking().SingleAsync(e => e.UserId == id));
        Assert.Equal(UserAuditActions.Created, audit.Action);
        Assert.Equal("admin", audit.ActorName);
        Assert.Equal(Unit(DemoUnitIds.Department), audit.ActorUnitId);
        Assert.InRange(audit.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));

        // The administrator chose the password, so it is one-time: it buys no token until the person picks their own.
        Assert.True(created.GetProperty("mustChangePassword").GetBoolean());
        using var client = _host.CreateClient();
        var token = await Tokens.PasswordAsync(client, userName, "Strong@2024");
        Assert.Equal("invalid_grant", token.Error);
        Assert.Null(token.AccessToken);
        Assert.True(await _host.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync()));

        var fetched = await SendAsync(HttpMethod.Get, $"{Users}/{id}", admin);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var history = await (await SendAsync(HttpMethod.Get, $"{Users}/{id}/history", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, history.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("school.principal")]
    [InlineData("auditor")]
    [InlineData("department.officer")]
    [InlineData("dpo")]
    public async Task A_role_other_than_SystemAdmin_gets_403_on_every_endpoint(string userName)
    {
        using var client = _host.CreateClient();
        var token = await Tokens.AccessTokenAsync(client, userName);
        var someone = await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == "school.staff").Select(u => u.Id).SingleAsync());

        foreach (var (method, url, body) in Endpoints(someone))
        {
            var response = await SendAsync(method, url, token, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.False(await _host.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "forbidden.write")));
    }

    [Fact]
    public async Task Calls_without_a_valid_token_get_401_problems()
    {
        var someone = Guid.NewGuid();
        foreach (var (method, url, body) in Endpoints(someone))
        {
            var anonymous = await SendAsync(method, url, token: null, body);
            var forged = await SendAsync(method, url, token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", body);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url}: {(int)anonymous.StatusCode}");
            Assert.True(forged.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} (forged): {(int)forged.StatusCode}");
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Admin_cannot_create_an_account_in_a_unit_outside_the_subtree()
    {
        var admin = await AdminTokenAsync();
        var userName = NewUserName("police");

        var response = await SendAsync(HttpMethod.Post, Users, admin, CreateBody(userName, Unit(DemoUnitIds.CityPolice)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(Unit(DemoUnitIds.CityPolice).ToString(), problem.GetProperty("detail").GetString());
        Assert.False(await _host.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == userName)));
    }

    [Fact]
    public async Task District_admin_manages_only_the_district_subtree()
    {
        var districtAdmin = await CreateAccountAsync(NewUserName("qt.lechan"), DemoUnitIds.LeChanDistrictOffice, PlatformRoles.SystemAdmin);
        var otherDistrictUser = await CreateAccountAsync(NewUserName("gv.ngoquyen"), TestUnits.NgoQuyenLowerSecondarySchool, PlatformRoles.SchoolStaff);
        var ownSchoolUser = await CreateAccountAsync(NewUserName("gv.lechan"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);
        using var client = _host.CreateClient();
        var token = await Tokens.AccessTokenAsync(client, districtAdmin.UserName, "Strong@2024");

        // Create: own school yes; the other district's school and the Department no.
        var own = await SendAsync(HttpMethod.Post, Users, token, CreateBody(NewUserName("a"), Unit(DemoUnitIds.LeChanLowerSecondarySchool)));
        var otherDistrict = await SendAsync(HttpMethod.Post, Users, token, CreateBody(NewUserName("b"), Unit(TestUnits.NgoQuyenLowerSecondarySchool)));
        var parent = await SendAsync(HttpMethod.Post, Users, token, CreateBody(NewUserName("c"), Unit(DemoUnitIds.Department)));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherDistrict.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, parent.StatusCode);

        // Every endpoint taking an id: an account outside the subtree is not found.
        foreach (var (method, url, body) in Endpoints(otherDistrictUser.Id).Where(e => e.Url.Contains(otherDistrictUser.Id.ToString())))
        {
            var response = await SendAsync(method, url, token, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {(int)response.StatusCode}");
        }
        var untouched = await _host.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == otherDistrictUser.Id));
        Assert.Null(untouched.LockoutEnd);
        Assert.Equal("test", untouched.UpdatedBy);

        // Listing shows only the subtree; filtering by a unit outside it is refused.
        var list = await (await SendAsync(HttpMethod.Get, $"{Users}?pageSize=200", token)).Content.ReadFromJsonAsync<JsonElement>();
        var units = list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("unitCode").GetString()).Distinct().ToList();
        Assert.Contains(DemoUnitIds.LeChanLowerSecondarySchool, units);
        Assert.All(units, u => Assert.Contains(u, new[] { DemoUnitIds.LeChanDistrictOffice, DemoUnitIds.LeChanLowerSecondarySchool }));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == ownSchoolUser.Id);
        var filtered = await SendAsync(HttpMethod.Get, $"{Users}?unitId={Unit(TestUnits.NgoQuyenLowerSecondarySchool)}", token);
        Assert.Equal(HttpStatusCode.Forbidden, filtered.StatusCode);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "missing user name", $$"""{"displayName":"A","unitId":"{{Unit(DemoUnitIds.LeChanLowerSecondarySchool)}}","roles":["SchoolStaff"],"password":"Strong@2024"}""", "userName" },
        { "user name with spaces and diacritics", CreateBody("Nguyễn Văn", Unit(DemoUnitIds.LeChanLowerSecondarySchool)), "userName" },
        { "overlong user name", CreateBody(new string('u', 65), Unit(DemoUnitIds.LeChanLowerSecondarySchool)), "userName" },
        { "missing display name", $$"""{"userName":"x.y","unitId":"{{Unit(DemoUnitIds.LeChanLowerSecondarySchool)}}","roles":["SchoolStaff"],"password":"Strong@2024"}""", "displayName" },
        { "missing unit", """{"userName":"x.y","displayName":"A","roles":["SchoolStaff"],"password":"Strong@2024"}""", "unitId" },
        { "unknown unit", CreateBody("x.y", Guid.NewGuid()), "unitId" },
        { "unit not a uuid", """{"userName":"x.y","displayName":"A","unitId":"le-chan","roles":["SchoolStaff"],"password":"Strong@2024"}""", "unitId" },
        { "no roles", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool), roles: ""), "roles" },
        { "unknown role", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool), roles: "\"Principal\""), "roles" },
        { "password too short", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool), password: "Ab@1"), "password" },
        { "password without a digit or symbol", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool), password: "abcdefghIJ"), "password" },
        { "missing password", $$"""{"userName":"x.y","displayName":"A","unitId":"{{Unit(DemoUnitIds.LeChanLowerSecondarySchool)}}","roles":["SchoolStaff"]}""", "password" },
        { "bad email", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool)).Replace("thu@example.edu.vn", "not-an-email"), "email" },
        { "a field the caller may not set", CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool)).Replace("{", """{"isDemo":true,"""), "isDemo" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_creates_nothing(string because, string body, string field)
    {
        var admin = await AdminTokenAsync();
        var before = await _host.WithDbAsync(db => db.Users.CountAsync());

        var response = await SendAsync(HttpMethod.Post, Users, admin, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{because}: {problem}");
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        Assert.Equal(before, await _host.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Password_rule_messages_are_Vietnamese_by_default_and_English_on_request()
    {
        var admin = await AdminTokenAsync();
        var body = CreateBody("x.y", Unit(DemoUnitIds.LeChanLowerSecondarySchool), password: "abcdefgh");

        var vi = await (await SendAsync(HttpMethod.Post, Users, admin, body)).Content.ReadFromJsonAsync<JsonElement>();
        var en = await (await SendAsync(HttpMethod.Post, Users, admin, body, "en")).Content.ReadFromJsonAsync<JsonElement>();

        var viMessages = vi.GetProperty("errors").GetProperty("password").EnumerateArray().Select(m => m.GetString()).ToList();
        var enMessages = en.GetProperty("errors").GetProperty("password").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("Mật khẩu phải có ít nhất một chữ số ('0'-'9').", viMessages);
        Assert.Contains("Mật khẩu phải có ít nhất một chữ hoa ('A'-'Z').", viMessages);
        Assert.Contains("Mật khẩu phải có ít nhất một ký tự đặc biệt (không phải chữ hoặc số).", viMessages);
        Assert.Contains("Passwords must have at least one digit ('0'-'9').", enMessages);
    }

    [Fact]
    public async Task Taken_user_name_is_a_conflict()
    {
        var admin = await AdminTokenAsync();

        var response = await SendAsync(HttpMethod.Post, Users, admin, CreateBody("school.staff", Unit(DemoUnitIds.LeChanLowerSecondarySchool)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("school.staff", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Changed_roles_reach_the_next_token_and_are_audited()
    {
        var admin = await AdminTokenAsync();
        var account = await CreateAccountAsync(NewUserName("roles"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);

        var response = await SendAsync(HttpMethod.Put, $"{Users}/{account.Id}/roles", admin, """{"roles":["SchoolManager"]}""");
        var unknown = await SendAsync(HttpMethod.Put, $"{Users}/{account.Id}/roles", admin, """{"roles":["Headmaster"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("roles", out _));
        using var client = _host.CreateClient();
        var token = await Tokens.PasswordAsync(client, account.UserName, "Strong@2024");
        Assert.Equal([PlatformRoles.SchoolManager], token.Jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        var entry = await _host.WithDbAsync(db => db.UserAuditEntries.AsNoTracking().SingleAsync(e => e.UserId == account.Id && e.Action == UserAuditActions.RolesChanged));
        Assert.Equal("SchoolStaff → SchoolManager", entry.Detail);
        Assert.Equal("admin", await _host.WithDbAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => u.UpdatedBy).SingleAsync()));
    }

    [Fact]
    public async Task Locked_account_cannot_sign_in_until_unlocked()
    {
        var admin = await AdminTokenAsync();
        var account = await CreateAccountAsync(NewUserName("lock"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);
        using var client = _host.CreateClient();
        var before = await Tokens.PasswordAsync(client, account.UserName, "Strong@2024");

        var locked = await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/lock", admin);
        var refused = await Tokens.PasswordAsync(client, account.UserName, "Strong@2024");
        var refresh = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = PlatformClients.Cli, ["refresh_token"] = before.RefreshToken!,
        });

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isLockedByAdmin").GetBoolean());
        Assert.Equal("invalid_grant", refused.Error);
        Assert.Contains("quản trị viên khóa", refused.ErrorDescription);
        Assert.Equal("invalid_grant", refresh.Error);

        var unlocked = await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/unlock", admin);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, account.UserName, "Strong@2024")).Status);
        var actions = await _host.WithDbAsync(db => db.UserAuditEntries.Where(e => e.UserId == account.Id).OrderBy(e => e.At).Select(e => e.Action).ToListAsync());
        Assert.Equal([UserAuditActions.Locked, UserAuditActions.Unlocked], actions);
    }

    [Fact]
    public async Task Locked_accounts_token_is_refused_by_services_from_their_next_poll_and_kept_if_identity_is_away()
    {
        var admin = await AdminTokenAsync();
        var account = await CreateAccountAsync(NewUserName("deny"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);
        var bystander = await CreateAccountAsync(NewUserName("keep"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);
        using var client = _host.CreateClient();
        var token = (await Tokens.PasswordAsync(client, account.UserName, "Strong@2024")).AccessToken!;
        var bystanderToken = (await Tokens.PasswordAsync(client, bystander.UserName, "Strong@2024")).AccessToken!;
        var locked = new LockedAccounts();
        var poller = new LockedAccountsPoller(new FixedClients(_host.Server.CreateHandler()), locked, new Uri(client.BaseAddress!, "internal/locked-accounts"),
            TimeSpan.FromSeconds(20), TimeProvider.System, NullLogger<LockedAccountsPoller>.Instance);
        // A temporary lockout after failed sign-ins (which anyone can cause) does not end sessions.
        for (var i = 0; i < 5; i++) await Tokens.PasswordAsync(client, bystander.UserName, "Wrong@2024");

        Assert.True(await poller.PollAsync());
        Assert.False(await RejectedAsync(locked, token));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/lock", admin)).StatusCode);
        Assert.True(await poller.PollAsync());

        Assert.True((await Tokens.ValidateAsync(token, await Tokens.KeysAsync(client))).IsValid, "the token itself has not expired");
        Assert.True(await RejectedAsync(locked, token), "a service refuses it once it has polled");
        Assert.False(await RejectedAsync(locked, bystanderToken));

        // Identity away: the last list stays in force.
        using var nowhere = new HttpClientHandler();
        var away = new LockedAccountsPoller(new FixedClients(nowhere), locked, new Uri("http://127.0.0.1:9/internal/locked-accounts"),
            TimeSpan.FromSeconds(20), TimeProvider.System, NullLogger<LockedAccountsPoller>.Instance);
        Assert.False(await away.PollAsync());
        Assert.True(await RejectedAsync(locked, token));

        // Unlocked: the token works again from the next poll.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/unlock", admin)).StatusCode);
        Assert.True(await poller.PollAsync());
        Assert.False(await RejectedAsync(locked, token));
    }

    /// <summary>What a service's JWT bearer handler does after validating the token's signature and lifetime.</summary>
    private async Task<bool> RejectedAsync(LockedAccounts locked, string token)
    {
        using var client = _host.CreateClient();
        var validation = await Tokens.ValidateAsync(token, await Tokens.KeysAsync(client));
        Assert.True(validation.IsValid);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(locked).BuildServiceProvider() };
        var context = new TokenValidatedContext(http, new AuthenticationScheme(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler)),
            new JwtBearerOptions()) { Principal = new System.Security.Claims.ClaimsPrincipal(validation.ClaimsIdentity) };
        await Microsoft.Extensions.Hosting.AuthenticationDefaults.RejectLockedAccount(context);
        return context.Result?.Failure is not null;
    }

    private sealed class FixedClients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    [Fact]
    public async Task Admin_cannot_lock_themself_or_drop_their_own_admin_role()
    {
        var admin = await AdminTokenAsync();
        var adminId = await _host.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());

        var lockSelf = await SendAsync(HttpMethod.Post, $"{Users}/{adminId}/lock", admin);
        var demoteSelf = await SendAsync(HttpMethod.Put, $"{Users}/{adminId}/roles", admin, """{"roles":["Auditor"]}""");

        Assert.Equal(HttpStatusCode.Conflict, lockSelf.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demoteSelf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, Users, admin)).StatusCode);
    }

    [Fact]
    public async Task Reset_password_replaces_the_old_one_and_weak_ones_name_the_field()
    {
        var admin = await AdminTokenAsync();
        var account = await CreateAccountAsync(NewUserName("reset"), DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff);

        var weak = await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/reset-password", admin, """{"newPassword":"short"}""");
        var reset = await SendAsync(HttpMethod.Post, $"{Users}/{account.Id}/reset-password", admin, """{"newPassword":"Another@2025"}""");

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        using var client = _host.CreateClient();
        Assert.True((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal("invalid_grant", (await Tokens.PasswordAsync(client, account.UserName, "Strong@2024")).Error);
        // The administrator's password is one-time: right, but it gets no token (see OneTimePasswordTests for the change).
        var adminSet = await Tokens.PasswordAsync(client, account.UserName, "Another@2025");
        Assert.Equal("invalid_grant", adminSet.Error);
        Assert.Null(adminSet.AccessToken);
    }

    [Fact]
    public async Task List_searches_without_diacritics_filters_by_role_and_pages()
    {
        var admin = await AdminTokenAsync();

        var search = await (await SendAsync(HttpMethod.Get, $"{Users}?q=phong%20gddt%20le%20chan", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var auditors = await (await SendAsync(HttpMethod.Get, $"{Users}?role=auditor", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var page = await (await SendAsync(HttpMethod.Get, $"{Users}?pageSize=2&page=2&sort=-userName", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var tooBig = await SendAsync(HttpMethod.Get, $"{Users}?pageSize=500", admin);
        var badSort = await SendAsync(HttpMethod.Get, $"{Users}?sort=password", admin);

        Assert.Contains(search.GetProperty("items").EnumerateArray(), u => u.GetProperty("userName").GetString() == "district.officer");
        Assert.All(auditors.GetProperty("items").EnumerateArray(), u => Assert.Contains("Auditor", u.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
        Assert.Contains(auditors.GetProperty("items").EnumerateArray(), u => u.GetProperty("userName").GetString() == "auditor");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 7);
        Assert.True((await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.True((await badSort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sort", out _));
        // The police liaison's unit is outside the Department's subtree, so the Department's admin does not see them.
        var all = await (await SendAsync(HttpMethod.Get, $"{Users}?pageSize=200", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), u => u.GetProperty("userName").GetString() == "police.liaison");
    }

    private static IEnumerable<(HttpMethod Method, string Url, string? Body)> Endpoints(Guid id) =>
    [
        (HttpMethod.Get, Users, null),
        (HttpMethod.Get, $"{Users}/{id}", null),
        (HttpMethod.Get, $"{Users}/{id}/history", null),
        (HttpMethod.Post, Users, CreateBody("forbidden.write", DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool))),
        (HttpMethod.Put, $"{Users}/{id}/roles", """{"roles":["SchoolManager"]}"""),
        (HttpMethod.Post, $"{Users}/{id}/lock", null),
        (HttpMethod.Post, $"{Users}/{id}/unlock", null),
        (HttpMethod.Post, $"{Users}/{id}/reset-password", """{"newPassword":"Another@2025"}"""),
    ];

    private async Task<(Guid Id, string UserName)> CreateAccountAsync(string userName, string unitCode, string role)
    {
        Guid id = default;
        await _host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<UserAccount>>();
            var account = new UserAccount
            {
                UserName = userName,
                DisplayName = $"Tài khoản thử {userName}",
                UnitId = DemoUnitIds.For(unitCode),
                UnitCode = unitCode,
                LockoutEnabled = true,
                CreatedBy = "test",
                UpdatedBy = "test",
            };
            var created = await users.CreateAsync(account, "Strong@2024");
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(account, role);
            id = account.Id;
        });
        return (id, userName);
    }
}
