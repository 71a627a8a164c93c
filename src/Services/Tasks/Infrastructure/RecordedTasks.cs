using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Tasks.Apis;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>Work decided in another service that becomes one task of a recorded document and one assignment.</summary>
public sealed record RecordedTaskRequest
{
    /// <summary>The recorded document it belongs to, e.g. <c>meeting:{MeetingId}</c>; created with the first task.</summary>
    public required string DocumentSourceKey { get; init; }
    public required DocumentKind DocumentKind { get; init; }
    public required string Symbol { get; init; }
    public required string Subject { get; init; }
    public required DateOnly DocumentDate { get; init; }
    public Guid? IssuerUnitId { get; init; }
    public required string FallbackIssuerName { get; init; }
    public IReadOnlyList<Guid> LegalBasis { get; init; } = [];
    /// <summary>The task's number in the document when the source numbers it (Kết luận số …); otherwise the next one.</summary>
    public int? TaskNumber { get; init; }
    /// <summary>Unique: <c>decision:{DecisionId}</c>, <c>obligation:{OccurrenceKey}</c>.</summary>
    public required string TaskSourceKey { get; init; }
    public required string Text { get; init; }
    public required Guid OwnerUnitId { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string UserId { get; init; }
    public required DateTimeOffset At { get; init; }
}

public enum RecordedTaskOutcome
{
    Created,
    /// <summary>A task with the same source key exists: a duplicate event under a new MessageId.</summary>
    AlreadyRecorded,
    /// <summary>The unit replica does not know the owner.</summary>
    OwnerUnknown,
    /// <summary>The owner was dissolved and nobody carries its work on.</summary>
    OwnerDissolved,
}

public sealed record RecordedTaskResult(RecordedTaskOutcome Outcome, Guid? AssignmentId = null, Guid? UnitId = null, Guid? DocumentId = null);

/// <summary>
/// Turns work decided elsewhere (a briefing meeting's decision, a programme obligation falling due) into a
/// task of a per-source recorded document and one assignment to the owner, with <c>TaskAssigned</c> in the
/// outbox — inside the caller's inbox transaction. The task's unique source key makes a duplicate event a
/// no-op even under a new MessageId. An owner dissolved into a successor is replaced by the successor, as
/// issuing does for group members; an unknown owner, or one dissolved without successor, gets nothing.
/// </summary>
public static class RecordedTasks
{
    public static async Task<RecordedTaskResult> RecordAsync(TasksDbContext db, RecordedTaskRequest r, CancellationToken ct)
    {
        if (await db.DocumentTasks.AnyAsync(t => t.SourceKey == r.TaskSourceKey, ct))
        {
            return new RecordedTaskResult(RecordedTaskOutcome.AlreadyRecorded);
        }
        if (!await db.Units.AnyAsync(u => u.Id == r.OwnerUnitId, ct))
        {
            return new RecordedTaskResult(RecordedTaskOutcome.OwnerUnknown);
        }
        var live = await DocumentsApi.FollowSuccessorsAsync(db, [r.OwnerUnitId], ct);
        if (live.Count == 0)
        {
            return new RecordedTaskResult(RecordedTaskOutcome.OwnerDissolved);
        }
        var unitId = live[0];
        var unitName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        var actor = new Actor(r.UserId, r.IssuerUnitId ?? unitId, r.At);

        var document = await db.Documents.SingleOrDefaultAsync(d => d.SourceKey == r.DocumentSourceKey, ct);
        if (document is null)
        {
            var issuerName = r.IssuerUnitId is { } issuer
                ? await db.Units.Where(u => u.Id == issuer).Select(u => u.Name).SingleOrDefaultAsync(ct) ?? r.FallbackIssuerName
                : r.FallbackIssuerName;
            document = Document.Recorded(Guid.CreateVersion7(r.At), r.DocumentKind, r.Symbol, r.DocumentDate, r.IssuerUnitId,
                Truncate(issuerName, DocumentLimits.Name), Truncate(r.Subject, DocumentLimits.Subject), r.LegalBasis, r.DocumentSourceKey, actor);
            db.Documents.Add(document);
        }
        var number = r.TaskNumber ?? (document.Tasks.Count == 0 ? 1 : document.Tasks.Max(t => t.Number) + 1);
        var task = document.AddRecordedTask(Guid.CreateVersion7(r.At), number, Truncate(r.Text, DocumentLimits.TaskText), r.DueDate,
            r.TaskSourceKey, unitId, unitName, out var addressee);
        if (db.Entry(document).State != EntityState.Added)
        {
            db.DocumentTasks.Add(task);
            if (addressee is not null)
            {
                db.DocumentAddressees.Add(addressee);
            }
        }

        var assignment = Assignment.Create(Guid.CreateVersion7(r.At), document.Id, task, new Occurrence(1, null, r.DueDate), unitId, null, actor);
        db.Assignments.Add(assignment);
        db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Assigned", actor, r.At,
            Truncate(unitId == r.OwnerUnitId ? r.Subject : $"{r.Subject} (giao cho đơn vị kế thừa của đơn vị đã giải thể)", DocumentLimits.Subject),
            from: unitId == r.OwnerUnitId ? null : r.OwnerUnitId, to: unitId));
        db.AddIntegrationEvent(AssignmentEvents.Assigned(assignment, actor, transferredFrom: null));
        TasksMetrics.AssignmentsCreated.Add(1);
        return new RecordedTaskResult(RecordedTaskOutcome.Created, assignment.Id, unitId, document.Id);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
