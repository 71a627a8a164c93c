using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>
/// A password an administrator set (reset or new account) is one-time: it buys no token, and on the sign-in page it
/// only opens a form to choose a new password, after which the sign-in goes on as usual.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed partial class OneTimePasswordTests(IdentityFixture fixture)
{
    private const string RedirectUri = "http://localhost:8080/signin-oidc";
    private const string Users = "/api/identity/users";
    private const string Original = "Strong@2024";
    private const string AdminSet = "Admin@Set2025";
    private const string Chosen = "Mine@Chosen2026";
    private readonly IdentityHost _host = fixture.Host;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]*)\"")]
    private static partial Regex TicketField();

    [Fact]
    public async Task After_an_admin_reset_the_password_grant_refuses_the_admin_set_password_and_points_to_the_web_page()
    {
        var (_, userName) = await CreateAndResetAsync("otp.grant");
        using var client = _host.CreateClient();

        var vietnamese = await Tokens.PasswordAsync(client, userName, AdminSet);
        var english = await Tokens.PasswordAsync(client, userName, AdminSet, language: "en");
        var old = await Tokens.PasswordAsync(client, userName, Original);

        Assert.Equal(HttpStatusCode.BadRequest, vietnamese.Status);
        Assert.Equal("invalid_grant", vietnamese.Error);
        Assert.Null(vietnamese.AccessToken);
        Assert.Null(vietnamese.RefreshToken);
        Assert.Contains("trang đăng nhập", vietnamese.ErrorDescription);
        Assert.Equal("invalid_grant", english.Error);
        Assert.Contains("web sign-in page", english.ErrorDescription);
        Assert.Null(english.AccessToken);
        // The password before the reset is simply wrong, as for anyone.
        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", old.ErrorDescription);
    }

    [Fact]
    public async Task Sign_in_page_asks_for_a_new_password_then_continues_the_authorization_request()
    {
        var (id, userName) = await CreateAndResetAsync("otp.page");
        using var browser = _host.CreateBrowser();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var authorize = await browser.GetAsync(AuthorizeUrl(Challenge(verifier)));
        var login = await browser.GetAsync(authorize.Headers.Location!.OriginalString);
        var loginHtml = await login.Content.ReadAsStringAsync();

        // 1. The right admin-set password shows the change form: no redirect, no session cookie.
        var typed = await PostLoginAsync(browser, loginHtml, userName, AdminSet);
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Null(typed.Headers.Location);
        Assert.DoesNotContain(typed.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("platform.identity="));
        var form = await typed.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", form);
        Assert.Contains("Đặt mật khẩu mới", form);
        Assert.Contains("<label for=\"newPassword\">Mật khẩu mới</label>", form);
        Assert.Contains("<label for=\"confirmPassword\">Nhập lại mật khẩu mới</label>", form);
        Assert.Contains($"action=\"{LoginPageNewPassword}\"", form);
        Assert.DoesNotContain(AdminSet, form);
        Assert.StartsWith("/connect/authorize?", WebUtility.HtmlDecode(ReturnUrlField().Match(form).Groups[1].Value));

        // 2. Mismatched, weak, or the administrator's own password: the form again, the message by its field.
        var mismatched = await PostNewPasswordAsync(browser, form, Chosen, Chosen + "x");
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        var mismatchedHtml = await mismatched.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirmPassword-error\">Hai mật khẩu mới không khớp nhau.", mismatchedHtml);
        Assert.DoesNotContain("newPassword-error", mismatchedHtml);

        var weak = await PostNewPasswordAsync(browser, mismatchedHtml, "weakpass", "weakpass");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Contains("id=\"newPassword-error\">", weakHtml);
        Assert.Contains("Mật khẩu phải có ít nhất một chữ hoa", weakHtml);
        Assert.Contains("Mật khẩu phải có ít nhất một chữ số", weakHtml);

        var same = await PostNewPasswordAsync(browser, weakHtml, AdminSet, AdminSet);
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        var sameHtml = await same.Content.ReadAsStringAsync();
        Assert.Contains("Mật khẩu mới phải khác mật khẩu do quản trị viên đặt.", sameHtml);
        Assert.Equal("invalid_grant", (await Tokens.PasswordAsync(_host.CreateClient(), userName, AdminSet)).Error);

        // 3. A good new password signs in and goes back to /connect/authorize, which answers the client with a code.
        var changed = await PostNewPasswordAsync(browser, sameHtml, Chosen, Chosen);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var back = changed.Headers.Location!.OriginalString;
        Assert.StartsWith("/connect/authorize?", back);
        var withCode = await browser.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        var callback = withCode.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString());
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("st-otp", query["state"].ToString());
        var tokens = await Tokens.RequestAsync(browser, new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = PlatformClients.Web,
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.ToString());
        Assert.Equal(id.ToString(), tokens.Jwt.GetClaim("sub").Value);

        // 4. The new password now works for scripts; the administrator's no longer does, and the form cannot be replayed.
        using var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, userName, Chosen)).Status);
        var old = await Tokens.PasswordAsync(client, userName, AdminSet);
        Assert.Equal("invalid_grant", old.Error);
        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", old.ErrorDescription);
        var replay = await PostNewPasswordAsync(browser, sameHtml, "Other@Chosen2027", "Other@Chosen2027");
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("Phiên đổi mật khẩu đã hết hạn", await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, userName, Chosen)).Status);

        // 5. The flag is cleared, and the change is on the trail with the person as the actor.
        Assert.False(await _host.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync()));
        var line = await _host.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.SubjectId == id.ToString() && e.Action == IdentityAuditActions.UserPasswordChanged));
        Assert.Equal(id.ToString(), line.ActorId);
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool), line.ActorUnitId);
        Assert.DoesNotContain(Chosen, line.Detail ?? "");
        var history = await _host.WithDbAsync(db => db.UserAuditEntries.AsNoTracking().Where(e => e.UserId == id).Select(e => e.Action).ToListAsync());
        Assert.Contains(UserAuditActions.PasswordChanged, history);
    }

    [Fact]
    public async Task The_change_form_is_in_English_when_the_page_is()
    {
        var (_, userName) = await CreateAndResetAsync("otp.en");
        using var browser = _host.CreateBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var login = await browser.GetAsync("/connect/login?ReturnUrl=%2F");
        var typed = await PostLoginAsync(browser, await login.Content.ReadAsStringAsync(), userName, AdminSet);
        var form = await typed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Contains("<html lang=\"en\">", form);
        Assert.Contains("<label for=\"newPassword\">New password</label>", form);

        var mismatched = await PostNewPasswordAsync(browser, form, Chosen, "Different@2026");
        Assert.Contains("The two new passwords do not match.", await mismatched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_on_a_flagged_account_is_a_plain_failure_and_counts()
    {
        var (id, userName) = await CreateAndResetAsync("otp.wrong");
        using var browser = _host.CreateBrowser();
        var login = await browser.GetAsync("/connect/login?ReturnUrl=%2F");

        var wrong = await PostLoginAsync(browser, await login.Content.ReadAsStringAsync(), userName, "Wrong@2025x");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng.", html);
        Assert.DoesNotContain("newPassword", html);
        Assert.Equal(1, await _host.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.AccessFailedCount).SingleAsync()));
    }

    [Fact]
    public async Task Demo_accounts_are_not_flagged_and_still_sign_in_with_the_demo_password()
    {
        var flagged = await _host.WithDbAsync(db => db.Users.Where(u => u.IsDemo && u.MustChangePassword).Select(u => u.UserName).ToListAsync());
        Assert.Empty(flagged);
        Assert.True(await _host.WithDbAsync(db => db.Users.CountAsync(u => u.IsDemo)) >= 8);

        using var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, "school.staff", DemoAccounts.Password)).Status);
        using var browser = _host.CreateBrowser();
        var login = await browser.GetAsync("/connect/login?ReturnUrl=%2F");
        var signedIn = await PostLoginAsync(browser, await login.Content.ReadAsStringAsync(), "school.staff", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    private const string LoginPageNewPassword = "/connect/login/new-password";

    /// <summary>An account with <see cref="Original"/>, then reset by the demo admin through the API to <see cref="AdminSet"/>.</summary>
    private async Task<(Guid Id, string UserName)> CreateAndResetAsync(string prefix)
    {
        var userName = $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        Guid id = default;
        await _host.WithScopeAsync(async services =>
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
            var created = await users.CreateAsync(account, Original);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(account, PlatformRoles.SchoolManager);
            id = account.Id;
        });

        using var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, userName, Original)).Status);
        var admin = await Tokens.AccessTokenAsync(client, "admin");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Users}/{id}/reset-password")
        {
            Content = new StringContent($$"""{"newPassword":"{{AdminSet}}"}""", Encoding.UTF8, "application/json"),
        };
        var reset = await client.SendAsync(request.WithBearer(admin));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
        return (id, userName);
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string AuthorizeUrl(string challenge) =>
        $"/connect/authorize?client_id={PlatformClients.Web}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}" +
        $"&scope={Uri.EscapeDataString("openid profile offline_access api")}&state=st-otp&nonce=n-otp" +
        $"&code_challenge={challenge}&code_challenge_method=S256";

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string html, string userName, string password) =>
        browser.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlField().Match(html).Groups[1].Value),
            ["username"] = userName,
            ["password"] = password,
        }));

    private static Task<HttpResponseMessage> PostNewPasswordAsync(HttpClient browser, string html, string newPassword, string confirmation) =>
        browser.PostAsync(LoginPageNewPassword, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlField().Match(html).Groups[1].Value),
            ["ticket"] = WebUtility.HtmlDecode(TicketField().Match(html).Groups[1].Value),
            ["newPassword"] = newPassword,
            ["confirmPassword"] = confirmation,
        }));
}
