using OpenIddict.Abstractions;
using Platform.Messaging;

namespace Platform.Identity.Infrastructure;

/// <summary>Removes expired and revoked tokens and authorizations a few times a day so the tables stay small.</summary>
internal sealed class TokenPruner(
    IServiceScopeFactory scopes,
    DatabaseReadiness<IdentityDbContext> readiness,
    TimeProvider clock,
    ILogger<TokenPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(14);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            // A round that prunes nothing leaves no trace (ScanTrace); one that does is one "token pruning" trace.
            using var trace = ScanTrace.Start("token pruning");
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var threshold = clock.GetUtcNow() - KeepFor;
                var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, stoppingToken);
                var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, stoppingToken);
                if (tokens + authorizations > 0)
                {
                    trace.FoundWork((int)Math.Min(tokens + authorizations, int.MaxValue));
                    logger.LogInformation("Pruned {Tokens} tokens and {Authorizations} authorizations older than {Threshold}", tokens, authorizations, threshold);
                }
                else
                {
                    logger.LogDebug("No tokens or authorizations older than {Threshold} to prune", threshold);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                trace.FoundWork(0);
                logger.LogWarning(ex, "Pruning tokens failed; trying again in {Interval}", Interval);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
