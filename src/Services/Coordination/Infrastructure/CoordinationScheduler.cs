using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

public sealed record SchedulerRun(int MissedBriefings, int ObligationsAnnounced);

/// <summary>
/// Periodic work derived from the database itself (durable across restarts, safe with several replicas):
/// flags units that held no briefing meeting in a period their cadence required (<c>BriefingCadenceMissed</c>),
/// and announces programme obligations that fall due soon (<c>ProgrammeObligationDue</c>). Each flag and
/// announcement has a unique key written with its event in one transaction, under an advisory lock: it
/// happens once. The clock is a <see cref="TimeProvider"/>, so tests move time by hand.
/// </summary>
public sealed class CoordinationScheduler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    DatabaseReadiness<CoordinationDbContext> readiness,
    IOptions<SchedulerOptions> options,
    ILogger<CoordinationScheduler> logger) : BackgroundService
{
    private readonly SchedulerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        await PeriodicScan.RunAsync(readiness, () => _options.Interval, clock, logger, "Coordination scheduler scan", "coordination scheduler scan",
            async ct => (await RunOnceAsync(ct)) is { MissedBriefings: > 0 } or { ObligationsAnnounced: > 0 }, stoppingToken);
    }

    public async Task<SchedulerRun> RunOnceAsync(CancellationToken ct)
    {
        var missed = await DetectMissedBriefingsAsync(ct);
        var announced = await AnnounceObligationsAsync(ct);
        if (missed + announced > 0)
        {
            logger.LogInformation("Scheduler flagged {Missed} missed briefing periods and announced {Announced} obligation occurrences", missed, announced);
        }
        return new SchedulerRun(missed, announced);
    }

    public async Task<int> DetectMissedBriefingsAsync(CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        List<Guid> cadenceIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
            cadenceIds = await db.Cadences.AsNoTracking().Where(c => c.EffectiveFrom < today).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        }
        var total = 0;
        foreach (var id in cadenceIds)
        {
            total += await DetectForCadenceAsync(id, today, ct);
        }
        return total;
    }

    private async Task<int> DetectForCadenceAsync(Guid cadenceId, DateOnly today, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var key = $"cadence:{cadenceId}";
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);

        var cadence = await db.Cadences.AsNoTracking().FirstAsync(c => c.Id == cadenceId, ct);
        var periods = CadencePeriods.Completed(cadence.Interval, cadence.EffectiveFrom, cadence.EndedOn, today, _options.CadenceLookbackPeriods);
        if (periods.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return 0;
        }
        var units = await CadenceUnitsAsync(db, cadence, ct);
        var (from, to) = (periods[0].Start, periods[^1].End);
        var held = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Held && m.HeldOn >= from && m.HeldOn <= to
                        && (units.Contains(m.OrganiserUnitId) || m.Participants.Any(p => p.UnitId != null && units.Contains(p.UnitId.Value) && p.Attended != false)))
            .ToListAsync(ct);
        var heldBy = held.SelectMany(m => m.Participants.Where(p => p.UnitId != null && p.Attended != false).Select(p => p.UnitId!.Value)
                .Append(m.OrganiserUnitId).Select(u => (Unit: u, Day: m.HeldOn!.Value)))
            .ToList();
        var already = (await db.MissedBriefings.AsNoTracking()
                .Where(x => x.CadenceId == cadenceId && x.PeriodStart >= from && x.PeriodStart <= to)
                .Select(x => new { x.UnitId, x.PeriodStart }).ToListAsync(ct))
            .Select(x => (x.UnitId, x.PeriodStart)).ToHashSet();

        var now = clock.GetUtcNow();
        var flagged = 0;
        foreach (var unit in units.OrderBy(u => u))
        foreach (var period in periods)
        {
            if (already.Contains((unit, period.Start))) continue;
            if (heldBy.Any(h => h.Unit == unit && h.Day >= period.Start && h.Day <= period.End)) continue;
            // Before the event is queued: it carries the scan's trace, which is recorded only once work was found.
            ScanTrace.FoundWork();
            db.MissedBriefings.Add(new MissedBriefing
            {
                Id = Guid.CreateVersion7(now), CadenceId = cadenceId, UnitId = unit, PeriodStart = period.Start, PeriodEnd = period.End, DetectedAt = now,
            });
            db.AddIntegrationEvent(new BriefingCadenceMissed
            {
                CadenceId = cadenceId,
                UnitId = unit,
                SupervisingUnitIds = await db.ReplicaAncestorsAsync(unit, ct),
                Interval = cadence.Interval.ToString(),
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                OccurredAt = now,
            });
            flagged++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (flagged > 0) CoordinationMetrics.BriefingsMissed.Add(flagged);
        return flagged;
    }

    /// <summary>The units a cadence applies to, as the replica knows them today.</summary>
    public static async Task<HashSet<Guid>> CadenceUnitsAsync(CoordinationDbContext db, BriefingCadence cadence, CancellationToken ct)
    {
        if (cadence.AppliesToKinds.Count == 0) return [cadence.UnitId];
        var subtree = await db.ReplicaSubtreeAsync(cadence.UnitId, ct);
        var kinds = cadence.AppliesToKinds;
        return (await db.Units.AsNoTracking().Where(u => u.IsActive && subtree.Contains(u.Id) && kinds.Contains(u.Kind)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<int> AnnounceObligationsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
        var today = VietnamTime.Today(clock);
        var horizon = today.AddDays(_options.ObligationLeadDays);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext('obligations'))", ct);

        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.Status == ProgrammeStatus.Signed && p.ValidFrom <= horizon && (p.ValidTo == null || p.ValidTo >= today)
                        && p.Obligations.Any(o => o.CreatesTasks))
            .ToListAsync(ct);
        var obligationIds = programmes.SelectMany(p => p.Obligations).Select(o => o.Id).ToList();
        var announced = (await db.ObligationOccurrences.AsNoTracking().Where(o => obligationIds.Contains(o.ObligationId) && o.DueDate >= today)
            .Select(o => new { o.ObligationId, o.DueDate }).ToListAsync(ct)).Select(o => (o.ObligationId, o.DueDate)).ToHashSet();

        var count = 0;
        foreach (var programme in programmes)
        {
            var until = programme.ValidTo is { } end && end < horizon ? end : horizon;
            var notBefore = programme.SignedOn is { } signed && signed > today ? signed : today;
            foreach (var obligation in programme.Obligations.Where(o => o.CreatesTasks))
            foreach (var due in obligation.DueDates(until).Where(d => d >= notBefore && d >= programme.ValidFrom))
            {
                if (!announced.Add((obligation.Id, due))) continue;
                ScanTrace.FoundWork();
                db.ObligationOccurrences.Add(new ObligationOccurrence { ObligationId = obligation.Id, DueDate = due, ProgrammeId = programme.Id, PublishedAt = now });
                db.AddIntegrationEvent(new ProgrammeObligationDue
                {
                    ProgrammeId = programme.Id,
                    ObligationId = obligation.Id,
                    OccurrenceKey = $"{obligation.Id}:{due:yyyy-MM-dd}",
                    ProgrammeTitle = programme.Title,
                    Title = obligation.Title,
                    ResponsibleUnitId = obligation.ResponsibleUnitId,
                    DueDate = due,
                    Recurrence = obligation.Recurrence.ToString(),
                    EstablishingDocumentId = programme.EstablishingDocumentId,
                    OccurredAt = now,
                });
                count++;
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return count;
    }
}
