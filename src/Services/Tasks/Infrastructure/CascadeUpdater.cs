using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// After a delegated assignment changed (completed, transferred, cancelled), re-derives its parent's
/// progress and completion, and on up the tree while parents complete. Runs in the caller's unit of work.
/// </summary>
public static class CascadeUpdater
{
    public static async Task PropagateAsync(TasksDbContext db, Assignment changed, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var current = changed;
        for (var depth = 0; current.ParentAssignmentId is { } parentId && depth < 16; depth++)
        {
            var parent = await db.Assignments.FirstOrDefaultAsync(a => a.Id == parentId, ct);
            if (parent is null)
            {
                return;
            }
            var children = await db.Assignments.Where(a => a.ParentAssignmentId == parentId).ToListAsync(ct);
            // The tracked instance of the changed child carries its unsaved state.
            children = children.Select(c => c.Id == current.Id ? current : c).ToList();
            if (!parent.DeriveFromChildren(children, today, now))
            {
                return;
            }
            db.AssignmentHistory.Add(AssignmentHistoryEntry.Of(parent.Id, "Completed", null, now,
                parent.CompletionRule == CompletionRule.Threshold
                    ? $"Hoàn thành theo ngưỡng {parent.ThresholdPercent}% đơn vị cấp dưới"
                    : "Hoàn thành khi tất cả đơn vị cấp dưới hoàn thành"));
            db.AddIntegrationEvent(AssignmentEvents.Completed(parent, now));
            current = parent;
        }
    }
}
