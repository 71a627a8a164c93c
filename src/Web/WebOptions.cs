namespace Platform.Web;

/// <summary>Settings of the web client (<c>Web</c> section).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// The gateway's public URL, with a trailing slash: the browser's address, the token issuer (the
    /// OIDC authority) and the base of every API call.
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost:8080/";

    /// <summary>Where the server reads identity's discovery document; by default through <see cref="PublicUrl"/>.</summary>
    public string? MetadataAddress { get; set; }

    public string ClientId { get; set; } = "platform-web";

    /// <summary>How long before its expiry an access token is refreshed.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A folder every replica reads and writes (the AppHost gives one): the Data Protection keys that encrypt the
    /// sign-in cookie. Unset, ASP.NET's default place for this machine's user (one machine only).
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    /// <summary>The safe line's relay secret (the AppHost generates it): see <see cref="Api.SafeLineApi"/>.</summary>
    public string? SafeLineRelaySecret { get; set; }

    public Uri PublicUri => new(PublicUrl.EndsWith('/') ? PublicUrl : PublicUrl + "/");
}
