using Microsoft.Extensions.Configuration;

namespace Platform.AppHost.Infrastructure;

/// <summary>
/// The <c>Scale:*</c> settings: <c>Scale:Replicas</c> (default 1) is how many processes of each backend
/// service (identity, units, tasks, reporting, coordination, notifications) the AppHost starts. Aspire's
/// proxy in front of each service spreads the gateway's calls over its replicas; their consumers compete
/// on the service's queues. The gateway and the web client stay single.
/// </summary>
public sealed record ScaleSettings(int Replicas)
{
    public const string Section = "Scale";

    /// <summary>Each replica is a .NET process with its own pools; beyond this one machine is the wrong place.</summary>
    public const int MaxReplicas = 8;

    public static ScaleSettings Read(IConfiguration configuration)
    {
        var text = configuration[$"{Section}:Replicas"];
        if (string.IsNullOrWhiteSpace(text)) return new ScaleSettings(1);
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var replicas)
            || replicas is < 1 or > MaxReplicas)
        {
            throw new InvalidOperationException($"Scale:Replicas must be a whole number from 1 to {MaxReplicas}, not '{text}'.");
        }
        return new ScaleSettings(replicas);
    }
}
