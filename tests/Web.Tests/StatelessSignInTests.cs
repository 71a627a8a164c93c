using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Platform.Web;
using Platform.Web.Auth;

namespace Platform.Web.Tests;

/// <summary>The web client keeps the tokens in the sign-in ticket and refreshes them there or in the circuit.</summary>
public sealed class StatelessSignInTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private readonly TokenEndpoint _identity = new();

    [Fact]
    public void Tokens_written_into_a_ticket_are_read_back_under_the_oidc_handlers_names()
    {
        var properties = new AuthenticationProperties();
        var tokens = new TokenSet("at-1", "rt-1", "id-1", Now.AddMinutes(60));

        tokens.WriteTo(properties);

        Assert.Equal("at-1", properties.GetTokenValue("access_token"));
        Assert.Equal("rt-1", properties.GetTokenValue("refresh_token"));
        Assert.Equal("id-1", properties.GetTokenValue("id_token"));
        Assert.Equal(tokens, TokenSet.From(properties));
        Assert.Null(TokenSet.From(new AuthenticationProperties()));
    }

    [Fact]
    public async Task A_circuit_uses_its_token_until_a_minute_before_expiry_then_refreshes_once_and_announces_the_new_tokens()
    {
        using var services = Services();
        using var scope = services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<SessionTokens>();
        session.Use(new TokenSet("at-1", "rt-1", "id-1", Now.AddMinutes(10)));
        var announced = new List<TokenSet>();
        session.Renewed += t => { announced.Add(t); return Task.CompletedTask; };

        Assert.Equal("at-1", await session.AccessTokenAsync());
        Assert.Empty(_identity.Requests);

        _clock.Now = Now.AddMinutes(9).AddSeconds(5); // within RefreshBefore (1 minute) of expiry
        _identity.Answer = (HttpStatusCode.OK, """{"access_token":"at-2","refresh_token":"rt-2","expires_in":3600}""");
        var both = await Task.WhenAll(session.AccessTokenAsync(), session.AccessTokenAsync());

        Assert.Equal(new string?[] { "at-2", "at-2" }, both);
        var request = Assert.Single(_identity.Requests);
        Assert.Contains("grant_type=refresh_token", request);
        Assert.Contains("refresh_token=rt-1", request);
        Assert.Contains("client_id=platform-web", request);
        var renewed = Assert.Single(announced);
        Assert.Equal(new TokenSet("at-2", "rt-2", "id-1", _clock.Now.AddSeconds(3600)), renewed);
    }

    [Fact]
    public async Task A_refresh_identity_refuses_signs_the_circuit_out()
    {
        using var services = Services();
        using var scope = services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<SessionTokens>();
        session.Use(new TokenSet("at-1", "rt-1", null, Now.AddSeconds(30)));
        _identity.Answer = (HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");

        Assert.Null(await session.AccessTokenAsync());
        Assert.Null(await session.AccessTokenAsync());
        Assert.Single(_identity.Requests);
    }

    [Fact]
    public async Task A_call_after_the_circuit_ended_gets_no_token_and_no_exception()
    {
        using var services = Services();
        SessionTokens session;
        using (var scope = services.CreateScope())
        {
            session = scope.ServiceProvider.GetRequiredService<SessionTokens>();
            session.Use(new TokenSet("at-1", "rt-1", "id-1", Now.AddMinutes(30)));
            Assert.Equal("at-1", await session.AccessTokenAsync());
        }

        // A page left while still loading finishes its call after the scope (the circuit) was disposed.
        Assert.Null(await session.AccessTokenAsync());
        Assert.Empty(_identity.Requests);
    }

    [Fact]
    public async Task A_call_the_resilience_handler_gives_up_on_is_an_unreachable_problem_not_an_exception()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient(Platform.Web.Api.PlatformApi.HttpClientName, c => c.BaseAddress = new Uri("http://gateway.test/"))
            .ConfigurePrimaryHttpMessageHandler(() => new Refusing());
        using var provider = services.BuildServiceProvider();
        using var sessionServices = Services();
        using var scope = sessionServices.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<SessionTokens>();
        session.Use(new TokenSet("at-1", "rt-1", "id-1", Now.AddMinutes(30)));
        var api = new Platform.Web.Api.PlatformApi(provider.GetRequiredService<IHttpClientFactory>(), session, new Platform.Web.Localization.Loc(),
            provider.GetRequiredService<ILogger<Platform.Web.Api.PlatformApi>>());

        var result = await api.GetAsync<JsonElement>("api/reports/completeness");

        Assert.NotNull(result.Problem);
        Assert.Equal(0, result.Problem!.Status); // unreachable: the page shows its message instead of crashing the circuit
    }

    private sealed class Refusing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new Polly.Timeout.TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:10'.");
    }

    [Fact]
    public async Task A_request_with_an_expiring_ticket_gets_fresh_tokens_written_into_its_cookie()
    {
        using var services = Services();
        _identity.Answer = (HttpStatusCode.OK, """{"access_token":"at-2","refresh_token":"rt-2","id_token":"id-2","expires_in":3600}""");
        var context = ValidateContext(services, new TokenSet("at-1", "rt-1", "id-1", Now.AddSeconds(20)));

        await AuthenticationSetup.RefreshTokensAsync(context);

        Assert.NotNull(context.Principal);
        Assert.True(context.ShouldRenew);
        Assert.Equal(new TokenSet("at-2", "rt-2", "id-2", Now.AddSeconds(3600)), TokenSet.From(context.Properties));
    }

    [Fact]
    public async Task A_ticket_without_tokens_or_with_a_refused_refresh_is_a_signed_out_browser()
    {
        using var services = Services();
        var withoutTokens = ValidateContext(services, null);
        await AuthenticationSetup.RefreshTokensAsync(withoutTokens);
        Assert.Null(withoutTokens.Principal);

        _identity.Answer = (HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
        var refused = ValidateContext(services, new TokenSet("at-1", "rt-1", null, Now.AddSeconds(20)));
        await AuthenticationSetup.RefreshTokensAsync(refused);
        Assert.Null(refused.Principal);
        Assert.False(refused.ShouldRenew);
    }

    [Fact]
    public async Task A_valid_ticket_is_left_alone_and_identity_is_not_asked()
    {
        using var services = Services();
        var context = ValidateContext(services, new TokenSet("at-1", "rt-1", null, Now.AddMinutes(30)));

        await AuthenticationSetup.RefreshTokensAsync(context);

        Assert.NotNull(context.Principal);
        Assert.False(context.ShouldRenew);
        Assert.Empty(_identity.Requests);
    }

    [Fact]
    public void A_renewal_envelope_opens_only_for_its_user_before_it_expires_and_untampered()
    {
        var renewal = new SessionRenewal(new EphemeralDataProtectionProvider(), _clock);
        var tokens = new TokenSet("at-2", "rt-2", "id-1", Now.AddHours(1));
        var envelope = renewal.Protect("user-a", tokens);

        Assert.Equal(tokens, renewal.Read(envelope, "user-a"));
        Assert.Null(renewal.Read(envelope, "user-b"));
        Assert.Null(renewal.Read(envelope[..^4] + "AAAA", "user-a"));
        Assert.DoesNotContain("rt-2", Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(envelope)));
        _clock.Now = Now.AddMinutes(6);
        Assert.Null(renewal.Read(envelope, "user-a"));
    }

    [Fact]
    public async Task While_identity_is_starting_the_sign_in_challenge_shows_a_vietnamese_retry_page_not_a_500()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Path = "/tasks";
        context.Request.QueryString = new QueryString("?tab=1");
        context.Response.Body = new MemoryStream();
        var app = new ApplicationBuilder(context.RequestServices);
        app.UseSignInAvailability();
        app.Run(_ => throw new InvalidOperationException("IDX20803: Unable to obtain configuration from: 'http://127.0.0.1:5001/.well-known/openid-configuration'.",
            new HttpRequestException("Connection refused")));

        await app.Build()(context);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("text/html", context.Response.ContentType);
        var page = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Contains("Hệ thống đăng nhập đang khởi động, thử lại sau ít giây.", page);
        Assert.Contains("href=\"/tasks?tab=1\"", page);
        Assert.Contains("Thử lại", page);
        Assert.DoesNotContain("IDX20803", page);
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_exception_handler()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var app = new ApplicationBuilder(context.RequestServices);
        app.UseSignInAvailability();
        app.Run(_ => throw new InvalidOperationException("a bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Build()(context));
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        services.AddSingleton<IAuthenticationService, NoAuthentication>();
        services.AddOptions<WebOptions>();
        services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
        {
            o.ClientId = "platform-web";
            o.Configuration = new OpenIdConnectConfiguration { TokenEndpoint = "http://identity.test/connect/token" };
        });
        services.AddHttpClient(TokenRefresher.TokenClientName).ConfigurePrimaryHttpMessageHandler(() => _identity);
        services.AddSingleton<TokenRefresher>();
        services.AddScoped<SessionTokens>();
        return services.BuildServiceProvider();
    }

    private static CookieValidatePrincipalContext ValidateContext(IServiceProvider services, TokenSet? tokens)
    {
        var properties = new AuthenticationProperties();
        tokens?.WriteTo(properties);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-a")], "cookie"));
        var http = new DefaultHttpContext { RequestServices = services };
        var scheme = new AuthenticationScheme(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));
        return new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(), new AuthenticationTicket(principal, properties, scheme.Name));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Identity's token endpoint: records each form posted and answers what the test set.</summary>
    private sealed class TokenEndpoint : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        public (HttpStatusCode Status, string Body) Answer { get; set; } = (HttpStatusCode.InternalServerError, "");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("http://identity.test/connect/token", request.RequestUri!.ToString());
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Requests) Requests.Add(form);
            await Task.Delay(20, cancellationToken); // lets a concurrent caller arrive while this refresh is under way
            return new HttpResponseMessage(Answer.Status) { Content = new StringContent(Answer.Body, Encoding.UTF8, "application/json") };
        }
    }

    /// <summary>Signing out of the cookie in the reject path needs an authentication service; it has nothing to do here.</summary>
    private sealed class NoAuthentication : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;
    }
}
