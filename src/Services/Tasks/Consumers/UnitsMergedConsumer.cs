using MassTransit;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Consumers;

/// <summary>
/// Units were merged: each source's open assignments pass to the successor. The sources' own
/// <see cref="UnitDissolved"/> events say the same; whichever arrives first moves the work, the other finds none.
/// </summary>
public sealed class UnitsMergedConsumer(TasksDbContext db, TimeProvider clock, ILogger<UnitsMergedConsumer> logger)
    : IConsumer<UnitsMerged>
{
    public async Task Consume(ConsumeContext<UnitsMerged> context)
    {
        var m = context.Message;
        var moved = 0;
        var applied = await db.ApplyOnceAsync(context, "assignment-transfer.UnitsMerged", async ct =>
        {
            foreach (var source in m.SourceUnitIds.Distinct())
            {
                moved += await AssignmentTransfer.TransferOpenAsync(db, source, m.SuccessorUnitId, "Merged", VietnamTime.Today(clock), clock.GetUtcNow(), ct);
            }
        });
        logger.LogInformation("UnitsMerged into {SuccessorId}: {Count} open assignments passed on ({Outcome})",
            m.SuccessorUnitId, moved, applied ? "applied" : "already applied");
    }
}
