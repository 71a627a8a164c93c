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

    /// <summary>
    /// Secret of the machine client <c>tasks-service</c> (client credentials), which the tasks service's background
    /// work uses. No default: the AppHost generates one and gives it to identity and tasks.
    /// </summary>
    public string? TasksServiceSecret { get; set; }

    /// <summary>The unit the tasks service's tokens carry (<c>unit_id</c>); the Department demo unit in Development.</summary>
    public Guid? TasksServiceUnitId { get; set; }

    /// <summary>The longest an access token may be configured to live: services accept it until it expires.</summary>
    public static readonly TimeSpan MaxAccessTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long an access token lives (at most <see cref="MaxAccessTokenLifetime"/>).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Absolute lifetime of a refresh token: counted from the sign-in, not from the last refresh (a refreshed
    /// token keeps the expiry of the one it replaces), so a session ends at the latest this long after sign-in.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Base64 of the 32-byte AES-256 key that encrypts the token server's private keys in <c>signing_keys</c>
    /// (AES-GCM). Development reads a fixed value from appsettings.Development.json; elsewhere it must come from
    /// the secret store (a KMS-provided secret) or the service does not start.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>A new signing (and encryption) key is made when the newest one is this old.</summary>
    public TimeSpan KeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each replica checks whether a key is due for rotation or retirement and reloads the keys.</summary>
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an old signing key stays published after its successor appears: tokens it signed must stay
    /// valid until they expire, and replicas must have picked up the successor.
    /// </summary>
    public TimeSpan SigningKeyOverlap => AccessTokenLifetime + KeyCheckInterval + TimeSpan.FromMinutes(5);

    /// <summary>An old encryption key still decrypts the refresh tokens and codes it sealed until they have expired.</summary>
    public TimeSpan EncryptionKeyOverlap => RefreshTokenLifetime + KeyCheckInterval + TimeSpan.FromMinutes(5);

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
            TasksServiceUnitId ??= DemoUnitIds.For(DemoUnitIds.Department);
        }
        if (AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > MaxAccessTokenLifetime)
        {
            throw new InvalidOperationException(
                $"Identity:AccessTokenLifetime must be positive and at most {MaxAccessTokenLifetime} (it is {AccessTokenLifetime}).");
        }
        if (RefreshTokenLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Identity:RefreshTokenLifetime must be positive.");
        }
        if (KeyRotationInterval <= TimeSpan.Zero || KeyCheckInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Identity:KeyRotationInterval and Identity:KeyCheckInterval must be positive.");
        }
        return this;
    }

    public static IdentityServiceOptions From(IConfiguration configuration, IHostEnvironment environment) =>
        (configuration.GetSection(Section).Get<IdentityServiceOptions>() ?? new()).ApplyDefaults(environment);
}
