using MassTransit;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Consumers;

/// <summary>Applies <see cref="UnitMoved"/> to the open reports' supervising chains (<see cref="ReportChains"/>), once per message.</summary>
public sealed class UnitMovedConsumer(ReportingDbContext db, ILogger<UnitMovedConsumer> logger) : IConsumer<UnitMoved>
{
    public const string InboxName = "report-chains.UnitMoved";

    public async Task Consume(ConsumeContext<UnitMoved> context)
    {
        var moved = context.Message;
        var changed = 0;
        // A parent not yet in the replica throws: the inbox row rolls back and the message is retried.
        var applied = await db.ApplyOnceAsync(context, InboxName, async ct => changed = await ReportChains.MoveAsync(db, moved, ct));
        logger.LogInformation("UnitMoved {UnitId} to {NewParentId} from {EffectiveDate}: {Count} open reports take the new chain ({Outcome})",
            moved.UnitId, moved.NewParentId, moved.EffectiveDate, changed, applied ? "applied" : "already applied");
    }
}
