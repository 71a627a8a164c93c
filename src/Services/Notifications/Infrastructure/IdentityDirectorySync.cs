using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Identity;
using Platform.Messaging;
using Platform.Notifications.Consumers;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Infrastructure;

/// <summary>
/// On a first start this service's queue did not exist when identity published the accounts it already
/// had (the demo accounts, say), so the broker dropped those events. Until identity has answered once
/// (an applied <see cref="UserAccountsRepublished"/>), this asks it to republish every account, with a
/// growing pause between requests in case identity is not up yet.
/// </summary>
public sealed class IdentityDirectorySync(
    IServiceScopeFactory scopes,
    DatabaseReadiness<NotificationsDbContext> readiness,
    IOptions<NotificationsOptions> options,
    TimeProvider clock,
    ILogger<IdentityDirectorySync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sync = options.Value.IdentitySync;
        if (!sync.Enabled)
        {
            return;
        }
        await readiness.WaitAsync(stoppingToken);
        var pause = sync.FirstRetry;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
                if (await db.Set<InboxMessage>().AnyAsync(m => m.Consumer == UserAccountConsumer.RepublishedInbox, stoppingToken))
                {
                    logger.LogInformation("The recipients are in step with identity's accounts");
                    return;
                }
                await scope.ServiceProvider.GetRequiredService<IBus>().Publish(new RepublishUserAccounts
                {
                    RequestedBy = ResourceNames.Notifications,
                    RequestedAt = clock.GetUtcNow(),
                }, stoppingToken);
                logger.LogInformation("Asked identity to republish its accounts (request {Attempt}); next check in {Pause}", attempt, pause);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not ask identity to republish its accounts (request {Attempt}); trying again in {Pause}", attempt, pause);
            }
            await Task.Delay(pause, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, sync.MaxRetry.Ticks));
        }
    }
}
