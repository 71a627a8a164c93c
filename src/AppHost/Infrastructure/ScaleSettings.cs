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

    /// <summary>The backend services the AppHost starts <see cref="Replicas"/> of, each with its own database pool.</summary>
    public const int ScaledServices = 7;

    /// <summary>Database connections one service may hold in all, shared by its replicas.</summary>
    public const int ConnectionsPerService = 60;

    /// <summary>
    /// Npgsql's <c>Maximum Pool Size</c> for each replica (<c>Database:MaxPoolSize</c>): the service's share divided by
    /// its replicas, at least 10. Npgsql's default (100 per process) let 3 replicas of 6 services open more connections
    /// than the server admits: after the start-up burst (every replica applying the demo units' events, 16 at a time
    /// per queue) the idle connections stayed pooled for 5 minutes and the services' next transactions failed with
    /// "53300 sorry, too many clients already" (retries, relay back-off, events in _error queues). With a cap a busy
    /// replica waits for one of its own connections instead.
    /// </summary>
    public int DatabasePoolSize => Math.Max(10, ConnectionsPerService / Replicas);

    /// <summary>What the local PostgreSQL must admit: every replica's full pool, and room for tools, tests and health checks.</summary>
    public int PostgresMaxConnections => Math.Max(200, ScaledServices * Replicas * DatabasePoolSize + 50);

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
