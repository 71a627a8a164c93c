using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.UnitDirectory;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// Turns a schedule's period or an ad-hoc request into expected reports: resolves who must report
/// (recipient groups through the units service, unit kinds through the local replica, explicit units),
/// captures each unit's supervising chain from the replica, and records one <see cref="Submission"/>
/// per unit — idempotently, so opening a period twice creates nothing new.
/// </summary>
public sealed class ExpectedReports(ReportingDbContext db, IRecipientGroupDirectory groups, Platform.WorkCalendar.HolidayCalendar calendar, ILogger<ExpectedReports> logger)
{
    /// <summary>The organisation as of any date: the replica and the parent changes heard (fits in memory even nationally).</summary>
    public Task<Organisation> ReplicaAsync(CancellationToken ct) => Organisation.LoadAsync(db, ct);

    /// <summary>
    /// Units that must report: group members on <paramref name="asOf"/> ∪ active replica units of
    /// <paramref name="kinds"/> set up by then ∪ <paramref name="unitIds"/>, kept within the owner's subtree on
    /// <paramref name="asOf"/> unless the owner is province-wide.
    /// Unknown groups are returned in <c>UnknownGroups</c>.
    /// </summary>
    public async Task<(HashSet<Guid> Units, List<Guid> UnknownGroups)> ResolveAsync(IReadOnlyList<Guid> groupIds, IReadOnlyList<string> kinds,
        IReadOnlyList<Guid> unitIds, Guid ownerUnitId, bool ownerProvinceWide, DateOnly asOf, Organisation replica, CancellationToken ct)
    {
        var units = new HashSet<Guid>(unitIds);
        var unknown = new List<Guid>();
        foreach (var groupId in groupIds)
        {
            var members = await groups.MembersAsync(groupId, asOf, ct);
            if (members is null) unknown.Add(groupId);
            else units.UnionWith(members);
        }
        if (kinds.Count > 0)
        {
            units.UnionWith(replica.Units.Values.Where(u => u.IsActive && u.EffectiveFrom <= asOf && kinds.Contains(u.Kind, StringComparer.Ordinal)).Select(u => u.Id));
        }
        if (!ownerProvinceWide)
        {
            units.RemoveWhere(u => u != ownerUnitId && !replica.ChainOn(u, asOf).Contains(ownerUnitId));
        }
        return (units, unknown);
    }

    public async Task<Period> PeriodRowAsync(ReportingPeriod period, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO periods (type, key, start, \"end\") VALUES ({period.Type.ToString()}, {period.Key}, {period.Start}, {period.End}) ON CONFLICT (type, key) DO NOTHING", ct);
        return await db.Periods.AsNoTracking().SingleAsync(p => p.Type == period.Type && p.Key == period.Key, ct);
    }

    /// <summary>
    /// Creates the expected reports of one period of <paramref name="schedule"/>; returns how many are new. Each report's
    /// chain is the organisation on the period's first day (what <see cref="ReportChains"/> gives a report when its
    /// unit moves), so a 2024 month opened today still rolls up to the district office of 2024.
    /// </summary>
    public async Task<int> OpenPeriodAsync(ReportSchedule schedule, ReportingPeriod period, IReadOnlyCollection<Guid> units,
        Organisation replica, DateTimeOffset now, CancellationToken ct)
    {
        // Replicas' jobs (and a user opening the period by hand) open the same period at the same moment: the
        // one that waits here reads the other's reports below and creates none twice, instead of failing on the
        // unique (template, period, unit) index.
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var _ = ownTransaction;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"SELECT pg_advisory_xact_lock(hashtext({"open-period:" + schedule.TemplateId.ToString("N") + ":" + period.Key}))", ct);
        var template = await db.Templates.AsNoTracking().SingleAsync(t => t.Id == schedule.TemplateId, ct);
        var version = await db.TemplateVersions.AsNoTracking().SingleAsync(v => v.TemplateId == template.Id && v.Number == template.LatestVersion, ct);
        var row = await PeriodRowAsync(period, ct);
        var deadline = period.DeadlineAfter(schedule.DeadlineDays, calendar);
        var existing = (await db.Submissions.AsNoTracking()
            .Where(s => s.TemplateId == template.Id && s.PeriodId == row.Id).Select(s => s.UnitId).ToListAsync(ct)).ToHashSet();
        var created = new List<Guid>();
        foreach (var unitId in units.Where(u => !existing.Contains(u)).Order())
        {
            db.Submissions.Add(NewSubmission(template.Id, version.Id, row.Id, unitId, replica.ChainOn(unitId, period.Start), period.CutoffFrom, period.CutoffTo,
                deadline, DeadlineInstant(deadline), now, schedule.Id, null));
            created.Add(unitId);
        }
        if (created.Count > 0)
        {
            // Inside a scheduled scan, opening reports is the work its trace shows (outside one this does nothing).
            ScanTrace.FoundWork(created.Count);
            db.AddIntegrationEvent(new ReportRequested
            {
                RequestId = schedule.Id,
                Kind = "Periodic",
                TemplateId = template.Id,
                TemplateCode = template.Code,
                Title = $"{template.Name} – {period.Label}",
                PeriodKey = period.Key,
                RequestedByUnitId = schedule.OwnerUnitId,
                UnitIds = created,
                DeadlineAt = DeadlineInstant(deadline),
                OccurredAt = now,
            });
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Opened {Period} of schedule {ScheduleId}: {Count} expected reports", period.Key, schedule.Id, created.Count);
        }
        if (ownTransaction is not null)
        {
            await ownTransaction.CommitAsync(ct);
        }
        return created.Count;
    }

    public static Submission NewSubmission(Guid templateId, Guid versionId, int periodId, Guid unitId, List<Guid> chain, DateOnly from, DateOnly to,
        DateOnly deadlineDate, DateTimeOffset deadlineAt, DateTimeOffset now, Guid? scheduleId, Guid? requestId) => new()
    {
        Id = Guid.CreateVersion7(now),
        TemplateId = templateId,
        TemplateVersionId = versionId,
        ScheduleId = scheduleId,
        RequestId = requestId,
        PeriodId = periodId,
        UnitId = unitId,
        Chain = chain,
        DataFrom = from,
        DataTo = to,
        DeadlineDate = deadlineDate,
        DeadlineAt = deadlineAt,
        Status = SubmissionStatus.NotStarted,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The last moment of a local deadline date (Asia/Ho_Chi_Minh).</summary>
    public static DateTimeOffset DeadlineInstant(DateOnly date) =>
        new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset).AddTicks(-10).ToUniversalTime();
}
