using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Consumers;

/// <summary>
/// A unit moved to another parent: its reports not yet approved for periods starting on or after the move's
/// effective date (the first day under the new parent) get the new supervising chain, and so do those of the
/// units below it, whose chains run through it. Approved reports keep the chain they were consolidated under,
/// and reports of earlier periods keep the old one: consolidation follows the hierarchy as it was in the period.
/// </summary>
/// <remarks>
/// The new chain is the new parent followed by its ancestors from the unit replica; it does not wait for the
/// replica's own copy of this move (another queue), only for the new parent being known. Only <c>chain</c> is
/// written: the report's version stays, so a school saving its draft meanwhile is not refused.
/// </remarks>
public sealed class UnitMovedConsumer(ReportingDbContext db, ILogger<UnitMovedConsumer> logger) : IConsumer<UnitMoved>
{
    public const string InboxName = "report-chains.UnitMoved";

    public async Task Consume(ConsumeContext<UnitMoved> context)
    {
        var m = context.Message;
        var changed = 0;
        var applied = await db.ApplyOnceAsync(context, InboxName, async ct =>
        {
            var newChain = new List<Guid>();
            if (m.NewParentId is { } parent)
            {
                Guid? current = parent;
                while (current is { } id && newChain.Count < 64 && !newChain.Contains(id))
                {
                    var unit = await db.UnitReplicas.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.ParentId }).FirstOrDefaultAsync(ct)
                        // Rolls the inbox row back: redelivered once the new parent is in the replica.
                        ?? throw new InvalidOperationException($"UnitMoved for {m.UnitId}: unit {id} of the new chain is not in the unit replica yet; it will be retried.");
                    newChain.Add(id);
                    current = unit.ParentId;
                }
            }
            var affected = await db.Submissions
                .Where(s => (s.UnitId == m.UnitId || s.Chain.Contains(m.UnitId)) && s.Status != SubmissionStatus.Approved)
                .Join(db.Periods.Where(p => p.Start >= m.EffectiveDate), s => s.PeriodId, p => p.Id, (s, p) => s)
                .ToListAsync(ct);
            foreach (var submission in affected)
            {
                List<Guid> chain = submission.UnitId == m.UnitId
                    ? newChain
                    : [.. submission.Chain.Take(submission.Chain.IndexOf(m.UnitId) + 1), .. newChain];
                if (!chain.SequenceEqual(submission.Chain))
                {
                    submission.Chain = chain;
                    changed++;
                }
            }
        });
        logger.LogInformation("UnitMoved {UnitId} to {NewParentId} from {EffectiveDate}: {Count} open reports take the new chain ({Outcome})",
            m.UnitId, m.NewParentId, m.EffectiveDate, changed, applied ? "applied" : "already applied");
    }
}
