using MassTransit;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Consumers;

/// <summary>A unit was dissolved, merged or split: its open assignments pass to the successor.</summary>
public sealed class UnitDissolvedConsumer(TasksDbContext db, TimeProvider clock, ILogger<UnitDissolvedConsumer> logger)
    : IConsumer<UnitDissolved>
{
    public async Task Consume(ConsumeContext<UnitDissolved> context)
    {
        var m = context.Message;
        var moved = 0;
        var applied = await db.ApplyOnceAsync(context, "assignment-transfer.UnitDissolved", async ct =>
            moved = await AssignmentTransfer.TransferOpenAsync(db, m.UnitId, m.SuccessorUnitId, m.Reason, VietnamTime.Today(clock), clock.GetUtcNow(), ct));
        logger.LogInformation("UnitDissolved {UnitId} ({Reason}): {Count} open assignments passed to {SuccessorId} ({Outcome})",
            m.UnitId, m.Reason, moved, m.SuccessorUnitId, applied ? "applied" : "already applied");
    }
}
