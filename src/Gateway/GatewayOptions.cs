using Platform.ServiceDefaults;

namespace Platform.Gateway;

/// <summary>The gateway's own settings, section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body the gateway forwards, in bytes (10 MB unless configured).</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Longest path and query the gateway forwards, in bytes (8 KB: what the services' servers accept in a
    /// request line). Longer ones get a 414 ProblemDetails from the gateway.
    /// </summary>
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024 - 512;

    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>The proxies in front of the gateway whose forwarded headers it believes.</summary>
    public Extensions.ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>
    /// Comma-separated service names whose <c>/health</c> the gateway's <c>/health</c> aggregates. A list
    /// rather than "every route's service" so a deployment can leave one out while it is not there.
    /// </summary>
    public string Downstream { get; set; } = string.Join(',',
        ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination, ResourceNames.Identity, ResourceNames.Notifications, ResourceNames.SafeLine);

    /// <summary>How long one downstream health probe may take before it counts as unhealthy.</summary>
    public double HealthCheckTimeoutSeconds { get; set; } = 2;

    public IReadOnlyList<string> GetDownstreamServices() =>
        Downstream.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal bool IsValid() =>
        MaxRequestBodyBytes > 0
        && MaxRequestTargetBytes > 0
        && RateLimit.PermitLimit > 0
        && RateLimit.WindowSeconds > 0
        && HealthCheckTimeoutSeconds > 0
        && ForwardedHeaders.IsValid();
}

/// <summary>Fixed-window limit applied to each client (section <c>Gateway:RateLimit</c>).</summary>
public sealed class RateLimitSettings
{
    /// <summary>Requests one client may make per window.</summary>
    public int PermitLimit { get; set; } = 600;

    public int WindowSeconds { get; set; } = 10;
}
