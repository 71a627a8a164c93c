using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.Messaging;

/// <summary>The loop of a service's scheduled scans (follow-up reminders, SLA checks, overdue flags, …).</summary>
public static class PeriodicScan
{
    /// <summary>
    /// Waits until the service's database is ready, then runs <paramref name="scan"/> every <paramref name="interval"/>
    /// (read before each wait, so a changed option applies at the next one) until the host stops. A failed scan is
    /// logged and tried again at the next interval: each scan does its work in transactions, so nothing half-done
    /// survives, and the next scan picks the same work up. Replicas may scan at the same time; the scans claim their
    /// rows (<c>FOR UPDATE SKIP LOCKED</c>, unique keys), not the loop. While someone holds the scans still
    /// (<see cref="ScanHold"/>), an interval passes without a scan.
    /// <para>
    /// Each scan runs under a <see cref="ScanTrace"/> named <paramref name="traceName"/>: <paramref name="scan"/> returns
    /// whether it did work (and calls <see cref="ScanTrace.FoundWork"/> as soon as it finds some, so the database spans
    /// of the work land in the trace). A scan that found nothing leaves no trace; one that did work, or failed, is one
    /// trace named <paramref name="traceName"/>.
    /// </para>
    /// </summary>
    public static async Task RunAsync<TContext>(DatabaseReadiness<TContext> readiness, Func<TimeSpan> interval, TimeProvider clock,
        ILogger logger, string name, string traceName, Func<CancellationToken, Task<bool>> scan, CancellationToken stoppingToken) where TContext : DbContext
    {
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var trace = ScanTrace.Start(traceName))
            {
                try
                {
                    await using var entered = await ScanHold.TryEnterAsync(readiness.ConnectionString, stoppingToken);
                    if (entered is null)
                    {
                        logger.LogDebug("{Scan} skipped: scheduled scans are held still", name);
                    }
                    else if (await scan(stoppingToken))
                    {
                        trace.FoundWork(0);
                    }
                    else
                    {
                        logger.LogDebug("{Scan} found nothing to do", name);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // A failure is worth a trace: it is recorded with its error.
                    trace.FoundWork(0);
                    trace.Activity?.AddException(ex);
                    trace.Activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    logger.LogWarning(ex, "{Scan} failed; retrying at the next interval", name);
                }
            }
            await Task.Delay(interval(), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
