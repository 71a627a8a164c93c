using Platform.ServiceDefaults;

namespace Platform.Identity.Extensions;

/// <summary>
/// Configuration section <c>Identity</c>. Every value has a development default; outside Development
/// the police system's secret must be configured or that client is not registered.
/// </summary>
public sealed class IdentityServiceOptions
{
    public const string Section = "Identity";

    /// <summary>Development-only default of <see cref="PoliceSystemSecret"/>.</summary>
    public const string DevelopmentPoliceSystemSecret = "police-system-dev-secret";

    /// <summary>The public gateway URL, the <c>iss</c> of every token.</summary>
    public string Issuer { get; set; } = "http://localhost:8080/";

    /// <summary>Refuse plain HTTP. Defaults to false in Development, true elsewhere.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Redirect URIs of the web client <c>platform-web</c>.</summary>
    public string[] WebRedirectUris { get; set; } = [];

    /// <summary>Where <c>platform-web</c> may ask to land after signing out.</summary>
    public string[] WebPostLogoutRedirectUris { get; set; } = [];

    /// <summary>Secret of the machine client <c>police-system</c> (client credentials).</summary>
    public string? PoliceSystemSecret { get; set; }

    /// <summary>The unit the police system acts for (<c>unit_id</c> of its tokens); the City Police demo unit in Development.</summary>
    public Guid? PoliceSystemUnitId { get; set; }

    /// <summary>
    /// Secret of the machine client <c>reporting-service</c> (client credentials), which the reporting service's
    /// background jobs use. No default: the AppHost generates one and gives it to identity and reporting.
    /// </summary>
    public string? ReportingServiceSecret { get; set; }

    /// <summary>The unit the reporting service's tokens carry (<c>unit_id</c>); the Department demo unit in Development.</summary>
    public Guid? ReportingServiceUnitId { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Fills what configuration left empty with the defaults for <paramref name="environment"/>.</summary>
    public IdentityServiceOptions ApplyDefaults(IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        RequireHttps ??= !development;
        if (WebRedirectUris.Length == 0)
        {
            WebRedirectUris = ["http://localhost:8080/signin-oidc", "http://localhost:8080/authentication/login-callback"];
        }
        if (WebPostLogoutRedirectUris.Length == 0)
        {
            WebPostLogoutRedirectUris =
            [
                "http://localhost:8080/signout-callback-oidc", "http://localhost:8080/authentication/logout-callback", "http://localhost:8080/",
            ];
        }
        if (development)
        {
            PoliceSystemSecret ??= DevelopmentPoliceSystemSecret;
            PoliceSystemUnitId ??= DemoUnitIds.For(DemoUnitIds.CityPolice);
            ReportingServiceUnitId ??= DemoUnitIds.For(DemoUnitIds.Department);
        }
        return this;
    }

    public static IdentityServiceOptions From(IConfiguration configuration, IHostEnvironment environment) =>
        (configuration.GetSection(Section).Get<IdentityServiceOptions>() ?? new()).ApplyDefaults(environment);
}
