using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Police;
using Platform.Messaging;

namespace Platform.Coordination.Infrastructure;

public sealed record SlaRun(int Escalated, int Resent, long AwaitingAcknowledgement);

/// <summary>
/// Watches the acknowledgement SLA. The deadline is stored on each referral, so the monitor is durable
/// without a job store: a scan derives what is overdue from the rows, claims them with
/// <c>FOR UPDATE SKIP LOCKED</c> (replicas split the work), and in one transaction re-sends the referral
/// (a new <c>PoliceReferralRequested</c> with the next attempt number), escalates it one level up the
/// supervising chain (<c>ReferralEscalated</c>) and moves its deadline on — so the same miss is never
/// handled twice, however many replicas and restarts.
/// </summary>
public sealed class ReferralSlaMonitor(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    DatabaseReadiness<CoordinationDbContext> readiness,
    IOptions<ReferralOptions> options,
    ILogger<ReferralSlaMonitor> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private readonly ReferralOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.MonitorEnabled) return;
        await PeriodicScan.RunAsync(readiness, () => _options.ScanInterval, clock, logger, "Referral SLA scan", "referral SLA scan",
            async ct => (await RunOnceAsync(ct)).Escalated > 0, stoppingToken);
    }

    public async Task<SlaRun> RunOnceAsync(CancellationToken ct)
    {
        int escalated = 0, resent = 0;
        while (true)
        {
            var (e, r) = await BatchAsync(ct);
            if (e == 0) break;
            escalated += e;
            resent += r;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
        var awaiting = await db.Referrals.LongCountAsync(r => r.Status == ReferralStatus.Requested || r.Status == ReferralStatus.Sent, ct);
        CoordinationMetrics.AwaitingAcknowledgement = awaiting;
        if (escalated > 0)
        {
            logger.LogWarning("Referral SLA scan escalated {Escalated} referrals and re-sent {Resent}; {Awaiting} await acknowledgement", escalated, resent, awaiting);
        }
        return new SlaRun(escalated, resent, awaiting);
    }

    private async Task<(int Escalated, int Resent)> BatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var overdue = await db.Referrals.FromSqlInterpolated($"""
            SELECT * FROM referrals
            WHERE status IN ('Requested', 'Sent') AND acknowledge_by <= {now}
            ORDER BY acknowledge_by, id LIMIT {BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (overdue.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return (0, 0);
        }
        ScanTrace.FoundWork(overdue.Count);

        var incidentIds = overdue.Select(r => r.IncidentId).ToList();
        var incidents = await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var unitIds = overdue.Select(r => r.ReportingUnitId).Concat(overdue.Where(r => r.PoliceUnitId != null).Select(r => r.PoliceUnitId!.Value)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var resent = 0;
        foreach (var referral in overdue)
        {
            var missed = referral.AcknowledgeBy;
            var target = referral.MissedAcknowledgement(now, _options.SlaFor(referral.Severity), _options.MaxSendAttempts, out var resend);
            if (resend && incidents.TryGetValue(referral.IncidentId, out var incident))
            {
                db.AddIntegrationEvent(PoliceMessages.ReferralRequested(referral, incident, units.GetValueOrDefault(referral.ReportingUnitId),
                    referral.PoliceUnitId is { } p ? units.GetValueOrDefault(p) : null));
                resent++;
            }
            db.AddIntegrationEvent(new ReferralEscalated
            {
                ReferralId = referral.Id,
                IncidentId = referral.IncidentId,
                ReportingUnitId = referral.ReportingUnitId,
                Severity = referral.Severity.ToString(),
                Level = referral.EscalationLevel,
                // With the chain exhausted the highest unit reached is told again.
                EscalatedToUnitId = target ?? referral.EscalatedToUnitIds.LastOrDefault(referral.ReportingUnitId),
                MissedDeadline = missed,
                SendAttempts = referral.SendAttempts,
                OccurredAt = now,
            });
            CoordinationMetrics.ReferralsEscalated.Add(1, new KeyValuePair<string, object?>("severity", referral.Severity.ToString()));
            logger.LogWarning("Referral {ReferralId} ({Severity}) missed its acknowledgement deadline {Deadline}; escalated to {UnitId} (level {Level}), attempt {Attempt}",
                referral.Id, referral.Severity, missed, target, referral.EscalationLevel, referral.SendAttempts);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (overdue.Count, resent);
    }
}
