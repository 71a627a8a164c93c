using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Tasks.Consumers;

/// <summary>
/// Carries a dissolved unit's open work over to its successors (sáp nhập, chia tách, giải thể), so that open
/// work never vanishes. Each open assignment goes to the successor named for it — the one unit that now
/// supervises every unit it was handed on to (a district office's task delegated to schools that all moved
/// to one commune's Culture–Society division goes to that division) — or else to the primary successor of
/// the event; it keeps its history, gains a <c>Transferred</c> line, and the successor is told with
/// <c>TaskAssigned</c>. When no successor can take it (none named, none still existing, or the successor
/// already holds the same task and period) it is closed with the reason on it, a <c>Cancelled</c> line and
/// <see cref="AssignmentClosed"/>. The units below keep their own assignments: they follow their new
/// supervisor through the unit replica. Idempotent by state: a second event about the same unit finds
/// nothing open left to move.
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
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
        if (open.Count == 0 || successorUnitId == fromUnitId)
        {
            return 0;
        }
        var from = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == fromUnitId, ct);
        var primary = await CurrentSuccessorAsync(db, successorUnitId, ct);
        var named = await NamedSuccessorsAsync(db, open, fromUnitId, ct);
        var units = await db.Units.AsNoTracking()
            .Where(u => named.Values.Contains(u.Id) || u.Id == primary)
            .ToDictionaryAsync(u => u.Id, ct);
        var held = new Dictionary<Guid, HashSet<(Guid, int, Guid?)>>();
        var what = ReasonText(reason);
        var fromName = from?.Name ?? "Đơn vị";

        foreach (var assignment in open)
        {
            var target = named.TryGetValue(assignment.Id, out var n) ? n : primary;
            var actor = new Actor(SystemUser, target ?? fromUnitId, at);
            if (target is { } successor)
            {
                if (!held.TryGetValue(successor, out var taken))
                {
                    taken = (await db.Assignments.Where(a => a.UnitId == successor)
                            .Select(a => new { a.TaskId, a.Occurrence, a.ParentAssignmentId }).ToListAsync(ct))
                        .Select(a => (a.TaskId, a.Occurrence, a.ParentAssignmentId)).ToHashSet();
                    held[successor] = taken;
                }
                var successorName = units.GetValueOrDefault(successor)?.Name ?? "đơn vị kế thừa";
                if (taken.Add((assignment.TaskId, assignment.Occurrence, assignment.ParentAssignmentId)))
                {
                    assignment.TransferTo(successor);
                    db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(assignment.Id, "Transferred", actor, at,
                        successor == primary
                            ? $"{fromName} {what}; chuyển cho đơn vị kế thừa {successorName}"
                            : $"{fromName} {what}; chuyển cho {successorName}, đơn vị nay quản lý các đơn vị thực hiện nhiệm vụ",
                        from: fromUnitId, to: successor));
                    db.AddIntegrationEvent(AssignmentEvents.Assigned(assignment, actor, transferredFrom: fromUnitId));
                    continue;
                }
                await CloseAsync(db, assignment, $"{fromName} {what}; đơn vị kế thừa {successorName} đã có nhiệm vụ này", actor, fromUnitId, successor, today, at, ct);
                continue;
            }
            await CloseAsync(db, assignment, $"{fromName} {what}, không có đơn vị kế thừa", actor, fromUnitId, null, today, at, ct);
        }
        return open.Count;
    }

    private static Task CloseAsync(TasksDbContext db, Assignment assignment, string reason, Actor actor, Guid fromUnitId, Guid? toUnitId,
        DateOnly today, DateTimeOffset at, CancellationToken ct) =>
        AssignmentWorkflow.CloseAsync(db, assignment, today, reason, actor with { At = at }, ct, fromUnitId, toUnitId);

    /// <summary>
    /// The successor that still exists: a successor dissolved in its turn hands on to its own successor
    /// (the replica keeps who succeeded whom). Null when the chain ends at a unit that no longer exists.
    /// A successor the replica has not met yet is taken as given.
    /// </summary>
    private static async Task<Guid?> CurrentSuccessorAsync(TasksDbContext db, Guid? successorId, CancellationToken ct)
    {
        var current = successorId;
        for (var hops = 0; current is { } id && hops < 16; hops++)
        {
            var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
            if (unit is null || unit.IsActive)
            {
                return id;
            }
            current = unit.SuccessorId;
        }
        return null;
    }

    /// <summary>
    /// For each assignment handed on to units below: the one existing unit that now supervises every unit still
    /// working on it, when that is not the dissolved unit (its units moved before it was dissolved).
    /// </summary>
    private static async Task<Dictionary<Guid, Guid>> NamedSuccessorsAsync(TasksDbContext db, List<Assignment> open, Guid fromUnitId, CancellationToken ct)
    {
        var delegated = open.Where(a => a.HasChildren).Select(a => a.Id).ToList();
        if (delegated.Count == 0)
        {
            return [];
        }
        var children = await db.Assignments.AsNoTracking()
            .Where(c => c.ParentAssignmentId != null && delegated.Contains(c.ParentAssignmentId.Value) && c.Status != AssignmentStatus.Cancelled)
            .Select(c => new { ParentId = c.ParentAssignmentId!.Value, c.UnitId })
            .ToListAsync(ct);
        var childUnits = children.Select(c => c.UnitId).Distinct().ToList();
        var parents = await db.Units.AsNoTracking().Where(u => childUnits.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);
        var supervisors = parents.Values.OfType<Guid>().Distinct().ToList();
        var active = (await db.Units.AsNoTracking().Where(u => supervisors.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var named = new Dictionary<Guid, Guid>();
        foreach (var group in children.GroupBy(c => c.ParentId))
        {
            var now = group.Select(c => parents.GetValueOrDefault(c.UnitId)).Distinct().ToList();
            if (now is [{ } only] && only != fromUnitId && active.Contains(only))
            {
                named[group.Key] = only;
            }
        }
        return named;
    }

    private static string ReasonText(string reason) => reason switch
    {
        "Merged" => "đã sáp nhập",
        "Split" => "đã chia tách",
        _ => "đã giải thể",
    };
}
