using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Messaging.Idempotency;

namespace Platform.Reporting.Infrastructure;

public sealed class ReportingOptions
{
    /// <summary>How often schedules are opened and overdue reports looked for.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Base address of the units service (service discovery name by default).</summary>
    public string UnitsBaseAddress { get; set; } = "http://units";

    /// <summary>Base address of the coordination service, asked for pre-fill numbers (service discovery name by default).</summary>
    public string CoordinationBaseAddress { get; set; } = "http://coordination";

    /// <summary>Base address of identity, for the service's own token (service discovery name by default).</summary>
    public string IdentityBaseAddress { get; set; } = "http://identity";

    /// <summary>The confidential client the background jobs sign in as (client credentials).</summary>
    public string ServiceClientId { get; set; } = "reporting-service";

    /// <summary>Its secret; the AppHost generates one and gives it to identity and reporting. Without it, group schedules open only by hand.</summary>
    public string? ServiceClientSecret { get; set; }

    /// <summary>How long a draft waits for coordination's numbers before it opens without them.</summary>
    public TimeSpan CoordinationTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>The service's own metrics on the Aspire dashboard.</summary>
public static class ReportingMetrics
{
    public const string Name = "Platform.Reporting";
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Submitted = Meter.CreateCounter<long>("platform.reports.submitted", "{report}", "Reports submitted (first submissions and resubmissions)");
    public static readonly Counter<long> Approved = Meter.CreateCounter<long>("platform.reports.approved", "{report}", "Reports approved");
    public static readonly Counter<long> Overdue = Meter.CreateCounter<long>("platform.reports.overdue", "{report}", "Expected reports found missing after their deadline");
    public static readonly Counter<long> Incidents = Meter.CreateCounter<long>("platform.incidents.reported", "{incident}", "Incidents reported by schools");
}

/// <summary>
/// Every <see cref="ReportingOptions.JobInterval"/>: opens the periods of schedules as their data windows open —
/// unit kinds from the local replica, recipient groups from the units service with the reporting service's own
/// token (no user is there to lend one) — and flags expected reports that are still missing after their deadline
/// (<see cref="ReportOverdue"/>, once per report).
/// </summary>
public sealed class ReportingJobs(IServiceScopeFactory scopes, DatabaseReadiness<ReportingDbContext> readiness, TimeProvider clock,
    IOptions<ReportingOptions> options, ILogger<ReportingJobs> logger) : BackgroundService
{
    private readonly LiveSchoolYearJob _demo = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicScan.RunAsync(readiness, () => options.Value.JobInterval, clock, logger, "Reporting jobs", "reporting jobs", async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var opened = await OpenSchedulesAsync(scope.ServiceProvider, clock, ct);
            // The demo's live school year, before overdue reports are looked for: its missing reports are flagged, the others played.
            opened += await _demo.RunAsync(scope.ServiceProvider, clock, ct);
            var flagged = await FlagOverdueAsync(scope.ServiceProvider.GetRequiredService<ReportingDbContext>(), clock.GetUtcNow(), ct);
            // Stored responses of incident POSTs hold pupils' names: expired Idempotency-Keys go even when no key is reused.
            await Idempotency.DeleteExpiredAsync(scope.ServiceProvider.GetRequiredService<ReportingDbContext>(), clock.GetUtcNow(), ct);
            return opened + flagged > 0;
        }, stoppingToken);

    /// <summary>
    /// Opens every period whose data window has begun. Unit-kind schedules are resolved every time (cheap, local:
    /// a unit registered later still gets its report). Group schedules ask the units service only for periods that
    /// have no report of theirs yet and for their newest period, so a busy minute costs a few calls, not one per
    /// past period. A schedule whose groups cannot be resolved now is logged and tried again next time; the others go on.
    /// Returns how many expected reports were opened.
    /// </summary>
    public static async Task<int> OpenSchedulesAsync(IServiceProvider services, TimeProvider clock, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReportingDbContext>();
        var expected = services.GetRequiredService<ExpectedReports>();
        var logger = services.GetRequiredService<ILogger<ReportingJobs>>();
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.GroupIds.Count > 0 || s.UnitKinds.Count > 0).ToListAsync(ct);
        if (schedules.Count == 0 || !await db.UnitReplicas.AnyAsync(ct)) return 0;
        var openedReports = 0;
        var replica = await expected.ReplicaAsync(ct);
        var today = VietnamTime.Today(clock);
        foreach (var schedule in schedules)
        {
            var periods = schedule.OpenedBy(today).ToList();
            if (periods.Count == 0) continue;
            if (schedule.GroupIds.Count > 0)
            {
                var opened = (await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == schedule.Id)
                    .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => p.Key).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var newest = periods[^1];
                periods = periods.Where(p => !opened.Contains(p.Key) || p == newest).ToList();
            }
            foreach (var period in periods)
            {
                try
                {
                    var (units, unknown) = await expected.ResolveAsync(schedule.GroupIds, schedule.UnitKinds, [], schedule.OwnerUnitId, schedule.OwnerIsProvinceWide,
                        period.CutoffTo, replica, ct);
                    if (unknown.Count > 0)
                    {
                        logger.LogWarning("Schedule {ScheduleId} names recipient groups the units service does not know: {Groups}", schedule.Id, unknown);
                    }
                    openedReports += await expected.OpenPeriodAsync(schedule, period, units, replica, clock.GetUtcNow(), ct);
                }
                catch (Exception ex) when (ex is RecipientGroupUnavailableException or ServiceTokenUnavailableException or HttpRequestException
                                           || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    db.ChangeTracker.Clear();
                    logger.LogWarning(ex, "Period {Period} of schedule {ScheduleId} could not be opened now; retrying at the next interval", period.Key, schedule.Id);
                    break;
                }
            }
        }
        return openedReports;
    }

    /// <summary>
    /// Flags missing reports past their deadline, in batches; returns how many were flagged. One set-based
    /// <c>UPDATE … RETURNING</c> per batch writes only <c>overdue_notified_at</c>: it leaves the concurrency
    /// token alone, so a school saving its draft at that moment is not told someone else changed the report.
    /// </summary>
    public static async Task<int> FlagOverdueAsync(ReportingDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var flagged = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = new List<ReportOverdue>();
            var connection = db.Database.GetDbConnection();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction.GetDbTransaction();
                command.CommandText = """
                    WITH due AS (
                        SELECT id FROM submissions
                        WHERE first_submitted_at IS NULL AND overdue_notified_at IS NULL AND deadline_at < @now
                        ORDER BY deadline_at LIMIT 500 FOR UPDATE SKIP LOCKED)
                    UPDATE submissions s SET overdue_notified_at = @now
                    FROM due, periods p
                    WHERE s.id = due.id AND p.id = s.period_id
                    RETURNING s.id, s.unit_id, s.chain[1], s.template_id, p.key, s.deadline_at
                    """;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "now";
                parameter.Value = now.ToUniversalTime();
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add(new ReportOverdue
                    {
                        SubmissionId = reader.GetGuid(0),
                        UnitId = reader.GetGuid(1),
                        SupervisingUnitId = await reader.IsDBNullAsync(2, ct) ? null : reader.GetGuid(2),
                        TemplateId = reader.GetGuid(3),
                        PeriodKey = reader.GetString(4),
                        DeadlineAt = reader.GetFieldValue<DateTimeOffset>(5),
                        OccurredAt = now,
                    });
                }
            }
            if (batch.Count == 0)
            {
                await transaction.RollbackAsync(ct);
                return flagged;
            }
            ScanTrace.FoundWork(batch.Count);
            foreach (var overdue in batch)
            {
                db.AddIntegrationEvent(overdue);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            flagged += batch.Count;
            ReportingMetrics.Overdue.Add(batch.Count);
        }
    }
}

/// <summary>
/// Runs <see cref="LiveSchoolYear.OpenAndPlayAsync"/> when demo data are on, once the unit replica has settled: the
/// units service loads the demo organisation (2024 tree, then the reform's moves) as a burst of events, and a report
/// played before its school's move arrived would be approved under the wrong supervisor. Settled means the replica
/// and the parent changes looked the same at two runs in a row.
/// </summary>
public sealed class LiveSchoolYearJob
{
    private (int Units, int Changes, DateTimeOffset? Latest)? _last;
    private (int Units, int Changes, DateTimeOffset? Latest)? _played;

    public async Task<int> RunAsync(IServiceProvider services, TimeProvider clock, CancellationToken ct)
    {
        if (!services.GetRequiredService<IConfiguration>().GetValue("Demo:Enabled", false)) return 0;
        var db = services.GetRequiredService<ReportingDbContext>();
        var now = (await db.UnitReplicas.CountAsync(ct), await db.UnitParentChanges.CountAsync(ct),
            await db.UnitReplicas.MaxAsync(u => (DateTimeOffset?)u.SourceUpdatedAt, ct));
        var settled = _last == now && now.Item1 > 0;
        _last = now;
        // Played for this state of the replica already: nothing new to open (a unit heard of later changes the state).
        if (!settled || _played == now) return 0;
        // Replicas of the service run the same job: one plays the demo, the others find the lock taken and go on.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock(hashtext('live-school-year')) AS \"Value\"").SingleAsync(ct)) return 0;
            try
            {
                var changed = await LiveSchoolYear.OpenAndPlayAsync(services, clock, ct);
                _played = now;
                if (changed > 0)
                {
                    services.GetRequiredService<ILogger<LiveSchoolYearJob>>().LogInformation(
                        "Demo school year: {Count} past reports and incidents opened or played", changed);
                }
                return changed;
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(hashtext('live-school-year'))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
