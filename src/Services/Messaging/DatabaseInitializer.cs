using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Messaging;

/// <summary>Seeds a service's database after its migrations (demo data, reference data).</summary>
public interface IDatabaseSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}

/// <summary>Where the database of <typeparamref name="TContext"/> is in its start-up, for health and for waiting.</summary>
public sealed class DatabaseReadiness<TContext> where TContext : DbContext
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Stage { get; internal set; } = "waiting for the database";
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>The database's connection string, known once it is ready.</summary>
    public string ConnectionString { get; internal set; } = "";

    internal void MarkReady()
    {
        Stage = "ready";
        _ready.TrySetResult();
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}

/// <summary>
/// Applies the service's EF migrations (creating the database when the server lacks it), then runs
/// any registered seeders. Retries while the server is still starting; its health check reports the
/// stage so the AppHost's dependants wait for it.
/// With <c>Database:MigrateAndExit=true</c> the process stops (exit code 0) once the database is ready:
/// what a deployment's migration job runs before the new version rolls out.
/// </summary>
public sealed class DatabaseInitializer<TContext>(
    IServiceScopeFactory scopes,
    DatabaseReadiness<TContext> readiness,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    public const string MigrateAndExitSetting = "Database:MigrateAndExit";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            attempt++;
            // One trace per attempt, with its migrations' and seeders' commands (which are traced only inside a unit of work).
            Activity.Current = null;
            using var activity = ScanTrace.Source.StartActivity("database initialization");
            activity?.SetTag("platform.database.context", typeof(TContext).Name);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();

                readiness.Stage = "applying migrations";
                if (!await db.Database.CanConnectAsync(stoppingToken))
                {
                    // No database yet (or no server: then this throws and the loop retries). Creating it cannot
                    // happen under a lock inside it; a replica that loses the creation race fails and retries.
                    await db.Database.MigrateAsync(stoppingToken);
                }
                var seeders = scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>().ToList();
                await OneReplicaAtATimeAsync(db, seeders, stoppingToken);

                readiness.ConnectionString = db.Database.GetConnectionString()
                    ?? throw new InvalidOperationException($"{typeof(TContext).Name} has no connection string");
                readiness.MarkReady();
                logger.LogInformation("Database for {Context} is ready", typeof(TContext).Name);
                if (configuration.GetValue(MigrateAndExitSetting, false))
                {
                    logger.LogInformation("{Setting} is set: stopping now that {Context} is migrated", MigrateAndExitSetting, typeof(TContext).Name);
                    lifetime.StopApplication();
                }
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                readiness.Stage = $"retrying after failure (attempt {attempt}): {ex.Message}";
                logger.LogWarning(ex, "Initialising the database for {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Replicas starting together migrate and seed one after the other, under a session advisory lock on the
    /// service's database: the second finds the schema migrated (two replicas applying the same migration at
    /// once failed with "column already exists") and the first one's rows (each seeder checks what exists
    /// before it writes) instead of racing it into a unique violation. A replica that dies midway releases
    /// the lock with its connection.
    /// </summary>
    private async Task OneReplicaAtATimeAsync(TContext db, IReadOnlyList<IDatabaseSeeder<TContext>> seeders, CancellationToken stoppingToken)
    {
        var lockKey = $"platform-database-init:{typeof(TContext).FullName}";
        await db.Database.OpenConnectionAsync(stoppingToken);
        try
        {
            readiness.Stage = "waiting for another replica's migrations and seeding";
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_lock(hashtext({lockKey}))", stoppingToken);
            try
            {
                readiness.Stage = "applying migrations";
                var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
                logger.LogInformation("Applying {Count} migrations to {Context}", pending.Count, typeof(TContext).Name);
                await db.Database.MigrateAsync(stoppingToken);
                foreach (var seeder in seeders)
                {
                    readiness.Stage = $"seeding ({seeder.GetType().Name})";
                    await seeder.SeedAsync(db, stoppingToken);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_unlock(hashtext({lockKey}))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

internal sealed class DatabaseReadinessHealthCheck<TContext>(DatabaseReadiness<TContext> readiness) : IHealthCheck
    where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("database ready")
            : HealthCheckResult.Unhealthy($"database: {readiness.Stage}"));
}
