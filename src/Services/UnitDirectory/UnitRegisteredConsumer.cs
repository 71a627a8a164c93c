using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Units;
using Platform.Messaging;

namespace Platform.UnitDirectory;

/// <summary>Adds a newly registered unit to the service's replica, once per message.</summary>
public sealed class UnitRegisteredConsumer<TContext>(TContext db, ILogger<UnitRegisteredConsumer<TContext>> logger)
    : IConsumer<UnitRegistered>
    where TContext : DbContext
{
    public async Task Consume(ConsumeContext<UnitRegistered> context)
    {
        var message = context.Message;
        var applied = await db.ApplyOnceAsync(context, "unit-directory.unit-registered", async ct =>
        {
            var replica = await db.Set<UnitReplica>().FindAsync([message.UnitId], ct);
            if (replica is null)
            {
                replica = new UnitReplica { Id = message.UnitId, Code = message.Code, Name = message.Name, Kind = message.Kind };
                db.Set<UnitReplica>().Add(replica);
            }
            else if (replica.SourceUpdatedAt > message.OccurredAt)
            {
                return;
            }
            replica.Code = message.Code;
            replica.Name = message.Name;
            replica.ShortName = message.ShortName;
            replica.Kind = message.Kind;
            replica.ParentId = message.ParentId;
            replica.AreaCode = message.AreaCode;
            replica.EffectiveFrom = message.EffectiveFrom;
            replica.IsActive = true;
            replica.SourceUpdatedAt = message.OccurredAt;
        });
        logger.LogInformation("Unit {UnitId} ({Code}) {Outcome} in the unit replica", message.UnitId, message.Code,
            applied ? "recorded" : "already recorded");
    }
}
