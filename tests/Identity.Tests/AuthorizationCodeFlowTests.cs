using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>The web client's sign-in, driven like a browser without JavaScript: cookies on, redirects by hand.</summary>
[Collection(IdentityCollection.Name)]
public sealed partial class AuthorizationCodeFlowTests(IdentityFixture fixture)
{
    private const string RedirectUri = "http://localhost:8080/signin-oidc";
    private readonly IdentityHost _host = fixture.Host;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();

    [Fact]
    public async Task Authorization_code_with_PKCE_signs_in_through_the_login_page_and_exchanges_the_code()
    {
        using var browser = _host.CreateBrowser();
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        // 1. The client sends the browser to /connect/authorize; not signed in, it lands on the sign-in page.
        var authorize = await browser.GetAsync(AuthorizeUrl(Challenge(verifier), state: "st-1"));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var loginUrl = authorize.Headers.Location!.OriginalString;
        Assert.StartsWith("/connect/login?ReturnUrl=", loginUrl);

        // 2. The page is a plain Vietnamese form with labels.
        var page = await browser.GetAsync(loginUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("<label for=\"username\">Tên đăng nhập</label>", html);
        Assert.Contains("<label for=\"password\">Mật khẩu</label>", html);
        Assert.DoesNotContain("<script", html);

        // 3. Wrong password shows the page again with the reason; the right one goes back to /connect/authorize.
        var wrong = await PostLoginAsync(browser, html, "school.principal", "Wrong@12345");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng.", wrongHtml);

        var signedIn = await PostLoginAsync(browser, wrongHtml, "school.principal", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var back = signedIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/connect/authorize?", back);

        // 4. Signed in, /connect/authorize redirects to the client with a code.
        var withCode = await browser.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        var callback = withCode.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString());
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("st-1", query["state"].ToString());
        var code = query["code"].ToString();
        Assert.NotEmpty(code);

        // 5. Without the verifier the code is useless; with it, it buys the tokens.
        var noVerifier = await ExchangeAsync(browser, code, verifier: null);
        Assert.Equal("invalid_request", noVerifier.Error);

        var tokens = await ExchangeAsync(browser, code, verifier);
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.ToString());
        var jwt = tokens.Jwt;
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool).ToString(), jwt.GetClaim("unit_id").Value);
        Assert.Equal([PlatformRoles.SchoolManager], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal("school.principal", jwt.GetClaim("preferred_username").Value);
        Assert.Equal(PlatformClients.Web, jwt.GetClaim("client_id").Value);
        Assert.NotNull(tokens.RefreshToken);
        var idToken = new JsonWebToken(tokens.IdToken!);
        Assert.Equal("n-1", idToken.GetClaim("nonce").Value);
        Assert.Equal(jwt.GetClaim("sub").Value, idToken.GetClaim("sub").Value);

        // A code is good once.
        var replay = await ExchangeAsync(browser, code, verifier);
        Assert.Equal("invalid_grant", replay.Error);

        // 6. Signing out ends the session: the next authorize request asks for credentials again.
        var logout = await browser.GetAsync(
            $"/connect/logout?client_id={PlatformClients.Web}&post_logout_redirect_uri={Uri.EscapeDataString("http://localhost:8080/signout-callback-oidc")}");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith("http://localhost:8080/signout-callback-oidc", logout.Headers.Location!.ToString());
        var again = await browser.GetAsync(AuthorizeUrl(Challenge(verifier), state: "st-2"));
        Assert.StartsWith("/connect/login?ReturnUrl=", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Authorize_request_without_PKCE_is_refused()
    {
        using var browser = _host.CreateBrowser();

        var response = await browser.GetAsync(
            $"/connect/authorize?client_id={PlatformClients.Web}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid%20api&state=s");

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
            Assert.Equal("invalid_request", query["error"].ToString());
            Assert.False(query.ContainsKey("code"));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("invalid_request", html);
            Assert.Contains("code_challenge", html);
        }
    }

    [Fact]
    public async Task Authorize_request_with_an_unregistered_redirect_uri_is_refused_without_redirecting()
    {
        using var browser = _host.CreateBrowser();

        var response = await browser.GetAsync(AuthorizeUrl(Challenge("v"), state: "s", redirectUri: "http://evil.example/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Ứng dụng đã gửi một yêu cầu đăng nhập không hợp lệ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Form_posted_without_its_antiforgery_token_is_shown_again_and_signs_nobody_in()
    {
        using var browser = _host.CreateBrowser();

        var response = await browser.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin", ["password"] = DemoAccounts.Password, ["returnUrl"] = "/connect/authorize",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Phiên đăng nhập đã hết hạn", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("platform.identity="));
    }

    [Fact]
    public async Task Discovery_document_names_the_public_issuer_endpoints_and_keys()
    {
        using var client = _host.CreateClient();

        var discovery = await DiscoveryAsync(client, forwardedHost: "localhost:8080");
        var direct = await DiscoveryAsync(client, forwardedHost: null);
        var spoofed = await DiscoveryAsync(client, forwardedHost: "evil.example");
        var keys = await Tokens.KeysAsync(client);

        // Services calling the identity service directly get its own address; a foreign forwarded host is ignored.
        Assert.Equal("http://localhost/connect/token", direct.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/token", spoofed.GetProperty("token_endpoint").GetString());
        Assert.Equal(IdentityHost.Issuer, direct.GetProperty("issuer").GetString());

        Assert.Equal(IdentityHost.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost:8080/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost:8080/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost:8080/connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal("http://localhost:8080/connect/logout", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal("http://localhost:8080/.well-known/jwks", discovery.GetProperty("jwks_uri").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var scopes = discovery.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("api", scopes);
        Assert.Contains("offline_access", scopes);

        var signingKey = Assert.Single(keys.Keys, k => k.Use == "sig");
        Assert.Equal("RSA", signingKey.Kty);
        var stored = await _host.WithDbAsync(db => Task.FromResult(db.SigningKeys.Single(k => k.Use == SigningKey.SignatureUse && k.RetiredAt == null)));
        Assert.Equal(stored.Id, signingKey.Kid);
    }

    /// <summary>The discovery document as the gateway would fetch it for a browser (YARP adds X-Forwarded-*).</summary>
    private static async Task<JsonElement> DiscoveryAsync(HttpClient client, string? forwardedHost)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
            request.Headers.Add("X-Forwarded-Proto", "http");
        }
        var response = await client.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string AuthorizeUrl(string challenge, string state, string redirectUri = RedirectUri) =>
        $"/connect/authorize?client_id={PlatformClients.Web}&response_type=code&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&scope={Uri.EscapeDataString("openid profile offline_access api")}&state={state}&nonce=n-1" +
        $"&code_challenge={challenge}&code_challenge_method=S256";

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string html, string userName, string password) =>
        browser.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlField().Match(html).Groups[1].Value),
            ["username"] = userName,
            ["password"] = password,
        }));

    private static Task<TokenResponse> ExchangeAsync(HttpClient client, string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = PlatformClients.Web,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
        };
        if (verifier is not null) form["code_verifier"] = verifier;
        return Tokens.RequestAsync(client, form);
    }
}
