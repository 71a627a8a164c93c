using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.SafeLine;
using Platform.Messaging;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Options;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Infrastructure;

/// <summary>
/// Escalates high-severity cases nobody acknowledged in time, one level at a time: the school's supervising unit
/// (its parent in the unit replica), then the Department (the top of the chain). The deadline is stored on each case,
/// so a scan derives what is overdue from the rows, claims them with <c>FOR UPDATE SKIP LOCKED</c> and moves the
/// deadline on in the same transaction as the <see cref="SafeLineCaseEscalated"/> event: a miss is handled once,
/// whatever the replicas and restarts.
/// </summary>
public sealed class EscalationMonitor(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    DatabaseReadiness<SafeLineDbContext> readiness,
    IOptionsMonitor<SafeLineOptions> options,
    ILogger<EscalationMonitor> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.EscalationEnabled) return;
        await PeriodicScan.RunAsync(readiness, () => options.CurrentValue.ScanInterval, clock, logger, "Safe line escalation scan",
            "safe line escalation scan", async ct => await RunOnceAsync(ct) > 0, stoppingToken);
    }

    /// <returns>How many cases went up a level.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var (claimed, escalated) = await BatchAsync(ct);
            total += escalated;
            if (claimed < BatchSize) break;
        }
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SafeLineDbContext>().TrimPublishedTimesAsync(ct);
        }
        if (total > 0) logger.LogWarning("Safe line escalation scan escalated {Escalated} unacknowledged high-severity cases", total);
        return total;
    }

    private async Task<(int Claimed, int Escalated)> BatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SafeLineDbContext>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var overdue = await db.Cases.FromSqlInterpolated($"""
            SELECT * FROM cases
            WHERE acknowledge_by IS NOT NULL AND acknowledge_by <= {now} AND status = 'New'
            ORDER BY acknowledge_by, id LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (overdue.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return (0, 0);
        }
        ScanTrace.FoundWork(overdue.Count);
        var policy = options.CurrentValue.Policy();
        var escalated = 0;
        foreach (var c in overdue)
        {
            var chain = await db.ReplicaAncestorsAsync(c.SchoolId, ct);
            if (!c.Escalate(chain, now, policy.WindowAt(now))) continue;
            escalated++;
            db.AddAnonymousEvent(new SafeLineCaseEscalated
            {
                CaseId = c.Id,
                SchoolId = c.SchoolId,
                EscalatedToUnitId = c.EscalatedToUnitId!.Value,
                Level = c.EscalationLevel,
                Category = c.Category.ToString(),
                Severity = c.Severity.ToString(),
                AcknowledgeBy = c.AcknowledgeBy!.Value,
                OccurredAt = now,
            });
            SafeLineMetrics.Escalated.Add(1);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (overdue.Count, escalated);
    }
}
