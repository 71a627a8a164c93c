using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Consumers;

/// <summary>
/// Carries a dissolved unit's open work over to its successor (sáp nhập, chia tách, giải thể): the
/// assignments keep their history, gain a <c>Transferred</c> line, and the successor is told with
/// <c>TaskAssigned</c>. Without a successor the open assignments are cancelled. Idempotent by state: a
/// second event about the same unit finds nothing open left to move.
/// </summary>
public static class AssignmentTransfer
{
    public const string SystemUser = "system:restructuring";

    public static async Task<int> TransferOpenAsync(TasksDbContext db, Guid fromUnitId, Guid? successorUnitId, string reason,
        DateOnly today, DateTimeOffset at, CancellationToken ct)
    {
        var open = await db.Assignments
            .Where(a => a.UnitId == fromUnitId
                        && (a.Status == AssignmentStatus.Assigned || a.Status == AssignmentStatus.Acknowledged || a.Status == AssignmentStatus.InProgress))
            .ToListAsync(ct);
        if (open.Count == 0 || successorUnitId == fromUnitId)
        {
            return 0;
        }
        var actor = new Actor(SystemUser, successorUnitId ?? fromUnitId, at);

        // The successor may already hold the same task and period (both merged units were addressed):
        // then the source's copy is cancelled rather than duplicated.
        var taken = successorUnitId is { } s
            ? (await db.Assignments.Where(a => a.UnitId == s).Select(a => new { a.TaskId, a.Occurrence, a.ParentAssignmentId }).ToListAsync(ct))
                .Select(a => (a.TaskId, a.Occurrence, a.ParentAssignmentId)).ToHashSet()
            : [];

        foreach (var assignment in open)
        {
            if (successorUnitId is { } successor && !taken.Contains((assignment.TaskId, assignment.Occurrence, assignment.ParentAssignmentId)))
            {
                assignment.TransferTo(successor);
                db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Transferred", actor, at,
                    $"Chuyển cho đơn vị kế thừa ({reason})", from: fromUnitId, to: successor));
                db.AddIntegrationEvent(AssignmentEvents.Assigned(assignment, actor, transferredFrom: fromUnitId));
            }
            else
            {
                assignment.Cancel();
                db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Cancelled", actor, at,
                    successorUnitId is null ? $"Đơn vị giải thể, không có đơn vị kế thừa ({reason})" : "Đơn vị kế thừa đã có nhiệm vụ này",
                    from: fromUnitId, to: successorUnitId));
                await CascadeUpdater.PropagateAsync(db, assignment, today, at, ct);
            }
        }
        return open.Count;
    }
}
