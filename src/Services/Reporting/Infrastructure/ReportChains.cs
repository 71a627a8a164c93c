using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Reporting.Domain;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// A unit moved to another parent: its reports not yet approved for periods starting on or after the move's
/// effective date (the first day under the new parent) take the new supervising chain, and so do those of the
/// units below it, whose chains run through it. Approved reports keep the chain they were consolidated under and
/// reports of earlier periods keep the old one: consolidation follows the hierarchy as it was in the period.
/// </summary>
/// <remarks>
/// The new chain is the new parent followed by its ancestors from the unit replica; it does not wait for the
/// replica's own copy of this move (another queue), only for the new parent being known. Only <c>chain</c> is
/// written, so the report's version stays and a school saving its draft meanwhile is not refused.
/// </remarks>
public static class ReportChains
{
    /// <summary>Longest chain followed up the replica (a guard against a cycle in bad data).</summary>
    private const int MaxDepth = 64;

    /// <summary>Changes the tracked reports' chains; the caller saves. Returns how many reports changed.</summary>
    /// <exception cref="UnitNotInReplicaException">A unit of the new chain is not in the replica yet (retry later).</exception>
    public static async Task<int> MoveAsync(ReportingDbContext db, UnitMoved moved, CancellationToken ct)
    {
        var newChain = new List<Guid>();
        for (Guid? current = moved.NewParentId; current is { } id && newChain.Count < MaxDepth && !newChain.Contains(id);)
        {
            var unit = await db.UnitReplicas.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.ParentId }).FirstOrDefaultAsync(ct)
                ?? throw new UnitNotInReplicaException(moved.UnitId, id);
            newChain.Add(id);
            current = unit.ParentId;
        }
        // Remembered so that reports opened later for periods before the move are chained as the organisation was then.
        db.UnitParentChanges.Add(new UnitParentChange
        {
            UnitId = moved.UnitId, PreviousParentId = moved.PreviousParentId, NewParentId = moved.NewParentId,
            EffectiveDate = moved.EffectiveDate, OccurredAt = moved.OccurredAt,
        });
        var affected = await db.Submissions
            .Where(s => (s.UnitId == moved.UnitId || s.Chain.Contains(moved.UnitId)) && s.Status != SubmissionStatus.Approved)
            .Join(db.Periods.Where(p => p.Start >= moved.EffectiveDate), s => s.PeriodId, p => p.Id, (s, _) => s)
            .ToListAsync(ct);
        var changed = 0;
        foreach (var submission in affected)
        {
            List<Guid> chain = submission.UnitId == moved.UnitId
                ? newChain
                : [.. submission.Chain.Take(submission.Chain.IndexOf(moved.UnitId) + 1), .. newChain];
            if (chain.SequenceEqual(submission.Chain)) continue;
            submission.Chain = chain;
            changed++;
        }
        return changed;
    }
}

/// <summary>A move names a parent the unit replica does not know yet: the message is retried once it has arrived.</summary>
public sealed class UnitNotInReplicaException(Guid movedUnit, Guid missing)
    : Exception($"UnitMoved for {movedUnit}: unit {missing} of the new chain is not in the unit replica yet; it will be retried.");
