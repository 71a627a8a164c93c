using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;
using Platform.UnitDirectory;

namespace Platform.Tasks.Infrastructure;

public sealed class FollowUpOptions
{
    /// <summary>How often the scheduler scans.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Remind when this many working days or fewer are left.</summary>
    public int DueSoonWorkingDays { get; set; } = 3;

    /// <summary>Escalate an overdue assignment to the supervising unit after this many working days past its deadline.</summary>
    public int EscalateAfterWorkingDays { get; set; } = 2;

    /// <summary>Assignments claimed per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    public bool Enabled { get; set; } = true;
}

public sealed record FollowUpRun(int DueSoon, int Overdue, int Escalated);

/// <summary>
/// Due-soon reminders, overdue flags and escalation to the supervising unit. The state lives in the
/// service's own database, so the scheduler is durable without a separate job store: every scan derives
/// what is due from the assignments themselves (a scan missed during a restart is caught up by the next),
/// claims a batch with <c>FOR UPDATE SKIP LOCKED</c> (replicas split the work), and writes a
/// <see cref="FollowUpNotice"/> with a unique key, the assignment's flags and the event in the outbox in one
/// transaction — a notice is sent exactly once, however many replicas and restarts.
/// </summary>
public sealed class FollowUpScheduler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    DatabaseReadiness<TasksDbContext> readiness,
    IOptions<FollowUpOptions> options,
    ILogger<FollowUpScheduler> logger) : BackgroundService
{
    private const string SchedulerUser = "system:follow-up";
    private readonly FollowUpOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        await PeriodicScan.RunAsync(readiness, () => _options.Interval, clock, logger, "Follow-up scan", "follow-up scan",
            async ct => (await RunOnceAsync(ct)) is { DueSoon: > 0 } or { Overdue: > 0 } or { Escalated: > 0 }, stoppingToken);
    }

    /// <summary>One scan: reminders, then overdue flags, then escalations, each in batches until none is left.</summary>
    public async Task<FollowUpRun> RunOnceAsync(CancellationToken ct)
    {
        var dueSoon = 0;
        var overdue = 0;
        var escalated = 0;
        int n;
        while ((n = await BatchAsync(NoticeKind.DueSoon, ct)) > 0) dueSoon += n;
        while ((n = await BatchAsync(NoticeKind.Overdue, ct)) > 0) overdue += n;
        while ((n = await BatchAsync(NoticeKind.Escalated, ct)) > 0) escalated += n;
        if (dueSoon + overdue + escalated > 0)
        {
            logger.LogInformation("Follow-up scan sent {DueSoon} reminders, flagged {Overdue} overdue and escalated {Escalated}",
                dueSoon, overdue, escalated);
        }
        return new FollowUpRun(dueSoon, overdue, escalated);
    }

    private async Task<int> BatchAsync(NoticeKind kind, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ClaimBatchAsync(kind, ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < 5)
            {
                // Another replica sent the same notice after this scan's snapshot was taken and before its row lock:
                // the unique notice index refused the copy and the whole batch rolled back (no event left the outbox).
                // A fresh transaction sees that replica's notices and claims only what is still unsent.
                logger.LogDebug("Follow-up {Kind} batch met a notice another replica sent meanwhile; claiming again", kind);
            }
        }
    }

    private async Task<int> ClaimBatchAsync(NoticeKind kind, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        var now = clock.GetUtcNow();
        var today = VietnamTime.Today(clock);
        var calendar = new HolidayCalendar(await db.Holidays.AsNoTracking().ToListAsync(ct));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = _options.BatchSize;
        var kindName = kind.ToString();
        var claimed = kind switch
        {
            NoticeKind.DueSoon => await db.Assignments.FromSqlInterpolated($"""
                SELECT a.*, a.xmin FROM assignments a
                WHERE a.status IN ('Assigned', 'Acknowledged', 'InProgress') AND a.due_date >= {today}
                  AND a.due_date <= {calendar.AddWorkingDays(today, _options.DueSoonWorkingDays)}
                  AND NOT EXISTS (SELECT 1 FROM follow_up_notices n
                                  WHERE n.assignment_id = a.id AND n.kind = {kindName} AND n.due_date = a.due_date)
                ORDER BY a.due_date, a.id LIMIT {batch}
                FOR UPDATE OF a SKIP LOCKED
                """).ToListAsync(ct),
            NoticeKind.Overdue => await db.Assignments.FromSqlInterpolated($"""
                SELECT a.*, a.xmin FROM assignments a
                WHERE a.status IN ('Assigned', 'Acknowledged', 'InProgress') AND a.due_date < {today}
                  AND NOT EXISTS (SELECT 1 FROM follow_up_notices n
                                  WHERE n.assignment_id = a.id AND n.kind = {kindName} AND n.due_date = a.due_date)
                ORDER BY a.due_date, a.id LIMIT {batch}
                FOR UPDATE OF a SKIP LOCKED
                """).ToListAsync(ct),
            _ => await db.Assignments.FromSqlInterpolated($"""
                SELECT a.*, a.xmin FROM assignments a
                WHERE a.status IN ('Assigned', 'Acknowledged', 'InProgress') AND a.escalated_at IS NULL
                  AND a.due_date <= {calendar.AddWorkingDays(today, -_options.EscalateAfterWorkingDays)}
                  AND EXISTS (SELECT 1 FROM follow_up_notices o
                              WHERE o.assignment_id = a.id AND o.kind = 'Overdue' AND o.due_date = a.due_date)
                ORDER BY a.due_date, a.id LIMIT {batch}
                FOR UPDATE OF a SKIP LOCKED
                """).ToListAsync(ct),
        };
        if (claimed.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return 0;
        }
        ScanTrace.FoundWork(claimed.Count);

        foreach (var assignment in claimed)
        {
            var due = assignment.DueDate!.Value;
            Guid? target = null;
            switch (kind)
            {
                case NoticeKind.DueSoon:
                    db.AddIntegrationEvent(new AssignmentDueSoon
                    {
                        AssignmentId = assignment.Id,
                        UnitId = assignment.UnitId,
                        DueDate = due,
                        WorkingDaysLeft = calendar.WorkingDaysBetween(today, due),
                        OccurredAt = now,
                    });
                    TasksMetrics.RemindersSent.Add(1);
                    break;
                case NoticeKind.Overdue:
                    assignment.FlagOverdue(now);
                    db.AddIntegrationEvent(new AssignmentOverdue
                    {
                        AssignmentId = assignment.Id,
                        DocumentId = assignment.DocumentId,
                        TaskId = assignment.TaskId,
                        UnitId = assignment.UnitId,
                        DueDate = due,
                        OccurredAt = now,
                    });
                    TasksMetrics.AssignmentsOverdue.Add(1);
                    break;
                default:
                    target = await SupervisingUnitAsync(db, assignment, ct);
                    assignment.FlagEscalated(target, now);
                    if (target is { } supervisor)
                    {
                        db.AddIntegrationEvent(new AssignmentEscalated
                        {
                            AssignmentId = assignment.Id,
                            UnitId = assignment.UnitId,
                            SupervisingUnitId = supervisor,
                            DueDate = due,
                            WorkingDaysOverdue = calendar.WorkingDaysBetween(due, today),
                            OccurredAt = now,
                        });
                        TasksMetrics.AssignmentsEscalated.Add(1);
                    }
                    break;
            }
            db.FollowUpNotices.Add(new FollowUpNotice
            {
                Id = Guid.CreateVersion7(now),
                AssignmentId = assignment.Id,
                Kind = kind,
                DueDate = due,
                TargetUnitId = target,
                SentAt = now,
            });
            db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, kind.ToString(), null, now, note: SchedulerUser, to: target));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return claimed.Count;
    }

    /// <summary>
    /// Who gave the work: the unit that delegated the assignment; for work addressed by a document, the unit that issued
    /// it (the Department — since the 2025 reform a commune division's parent is its People's Committee, which gave it
    /// nothing); else the holding unit's parent in the unit directory.
    /// </summary>
    private static async Task<Guid?> SupervisingUnitAsync(TasksDbContext db, Assignment assignment, CancellationToken ct)
    {
        if (assignment.ParentAssignmentId is { } parentId)
        {
            return await db.Assignments.Where(a => a.Id == parentId).Select(a => (Guid?)a.UnitId).FirstOrDefaultAsync(ct);
        }
        var issuer = await db.Documents.IgnoreAutoIncludes().Where(d => d.Id == assignment.DocumentId).Select(d => d.IssuerUnitId).FirstOrDefaultAsync(ct);
        if (issuer is { } issuerId && issuerId != assignment.UnitId)
        {
            return issuerId;
        }
        return (await db.ReplicaAncestorsAsync(assignment.UnitId, ct)).Cast<Guid?>().FirstOrDefault();
    }
}
