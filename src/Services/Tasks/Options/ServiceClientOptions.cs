using Platform.ServiceDefaults;

namespace Platform.Tasks.Options;

/// <summary>
/// The tasks service's own identity for work no user does (<c>Tasks:*</c>): the demo documents resolve their
/// recipient groups as of their dates through the units service, which answers only to a token.
/// </summary>
public sealed class ServiceClientOptions
{
    /// <summary>The machine client registered with identity.</summary>
    public string ServiceClientId { get; set; } = "tasks-service";

    /// <summary>Its secret; the AppHost generates one and gives it to identity and tasks. Without it no token is asked for.</summary>
    public string? ServiceClientSecret { get; set; }

    /// <summary>Where identity's token endpoint is (service discovery name by default).</summary>
    public string IdentityBaseAddress { get; set; } = $"http://{ResourceNames.Identity}";
}
