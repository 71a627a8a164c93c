using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// The ordinary paths of an assignment's life — acknowledging, reporting progress, completing, handing on —
/// each as its domain change with the history line and the integration event written to the outbox in the
/// caller's unit of work (not saved). The assignments API and the demo data both go through here, so demo
/// work reads exactly like a user's.
/// </summary>
public static class AssignmentWorkflow
{
    public static void Acknowledge(TasksDbContext db, Assignment assignment, Actor actor)
    {
        assignment.Acknowledge(actor);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Acknowledged", actor, actor.At));
        db.AddIntegrationEvent(new AssignmentAcknowledged
        {
            AssignmentId = assignment.Id, UnitId = assignment.UnitId, AcknowledgedByUserId = actor.UserId, OccurredAt = actor.At,
        });
    }

    public static void Start(TasksDbContext db, Assignment assignment, Actor actor)
    {
        assignment.Start(actor);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Started", actor, actor.At));
    }

    public static ProgressUpdate ReportProgress(TasksDbContext db, Assignment assignment, int percent, string text, IReadOnlyList<string> links,
        IReadOnlyList<Guid> evidenceIds, Actor actor)
    {
        assignment.ReportProgress(percent, actor);
        var update = new ProgressUpdate
        {
            Id = Guid.CreateVersion7(actor.At),
            AssignmentId = assignment.Id,
            UnitId = assignment.UnitId,
            At = actor.At,
            UserId = actor.UserId,
            Text = text,
            Percent = percent,
            Links = [.. links],
            EvidenceIds = [.. evidenceIds],
        };
        db.ProgressUpdates.Add(update);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Progress", actor, actor.At, $"{percent}%"));
        db.AddIntegrationEvent(new AssignmentProgressReported
        {
            AssignmentId = assignment.Id, UnitId = assignment.UnitId, ProgressUpdateId = update.Id, Percent = percent,
            EvidenceCount = evidenceIds.Count, ReportedByUserId = actor.UserId, OccurredAt = actor.At,
        });
        return update;
    }

    /// <summary>Completes on <paramref name="today"/> (on time or late against the due date) and re-derives the parents.</summary>
    public static async Task CompleteAsync(TasksDbContext db, Assignment assignment, DateOnly today, string? note, Actor actor, CancellationToken ct)
    {
        assignment.Complete(today, actor);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Completed", actor, actor.At, note));
        db.AddIntegrationEvent(AssignmentEvents.Completed(assignment, actor.At));
        await CascadeUpdater.PropagateAsync(db, assignment, today, actor.At, ct);
    }

    /// <summary>
    /// Hands the assignment on to <paramref name="targets"/> (units directly under the holder, checked by the caller),
    /// due on <paramref name="dueDate"/> or the holder's own date; returns the new children, added to the context.
    /// </summary>
    public static List<Assignment> Delegate(TasksDbContext db, Assignment assignment, IReadOnlyList<Guid> targets, CompletionRule rule,
        int? thresholdPercent, DateOnly? dueDate, Actor actor)
    {
        assignment.MarkDelegated(rule, thresholdPercent);
        var children = new List<Assignment>();
        foreach (var target in targets)
        {
            var child = assignment.DelegateTo(Guid.CreateVersion7(actor.At), target, dueDate, actor);
            db.Assignments.Add(child);
            db.AddIntegrationEvent(AssignmentEvents.Assigned(child, actor, transferredFrom: null));
            children.Add(child);
        }
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Delegated", actor, actor.At,
            $"Giao tiếp cho {targets.Count} đơn vị; quy tắc hoàn thành: {rule}{(rule == CompletionRule.Threshold ? $" {thresholdPercent}%" : "")}"));
        return children;
    }

    /// <summary>Closes the open assignment without completing it, for <paramref name="reason"/>, and re-derives the parents.</summary>
    public static async Task CloseAsync(TasksDbContext db, Assignment assignment, DateOnly on, string reason, Actor actor, CancellationToken ct,
        Guid? fromUnitId = null, Guid? toUnitId = null)
    {
        assignment.Close(on, reason);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Cancelled", actor, actor.At, assignment.ClosedReason, from: fromUnitId, to: toUnitId));
        db.AddIntegrationEvent(AssignmentEvents.Closed(assignment, actor.At));
        await CascadeUpdater.PropagateAsync(db, assignment, on, actor.At, ct);
    }
}
