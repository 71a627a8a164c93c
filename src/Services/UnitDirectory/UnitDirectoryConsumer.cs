using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Units;
using Platform.Messaging;

namespace Platform.UnitDirectory;

/// <summary>
/// Keeps the service's unit replica in step with the units service, applying each event once (inbox).
/// Events about a unit the replica has not met yet are retried until its <see cref="UnitRegistered"/>
/// arrives (the queue does not guarantee order); events older than what the replica holds are ignored.
/// </summary>
public sealed class UnitDirectoryConsumer<TContext>(TContext db, ILogger<UnitDirectoryConsumer<TContext>> logger) :
    IConsumer<UnitRegistered>,
    IConsumer<UnitUpdated>,
    IConsumer<UnitMoved>,
    IConsumer<UnitDissolved>
    where TContext : DbContext
{
    private const string InboxName = "unit-directory";

    public Task Consume(ConsumeContext<UnitRegistered> context) =>
        ApplyAsync(context, context.Message.UnitId, context.Message.OccurredAt, createIfMissing: true, (replica, m) =>
        {
            replica.Code = m.Code;
            replica.Name = m.Name;
            replica.ShortName = m.ShortName;
            replica.Kind = m.Kind;
            replica.ParentId = m.ParentId;
            replica.AreaCode = m.AreaCode;
            replica.EffectiveFrom = m.EffectiveFrom;
            replica.IsActive = true;
        });

    public Task Consume(ConsumeContext<UnitUpdated> context) =>
        ApplyAsync(context, context.Message.UnitId, context.Message.OccurredAt, createIfMissing: false, (replica, m) =>
        {
            replica.Code = m.Code;
            replica.Name = m.Name;
            replica.ShortName = m.ShortName;
            replica.Kind = m.Kind;
            replica.AreaCode = m.AreaCode;
        });

    public Task Consume(ConsumeContext<UnitMoved> context) =>
        ApplyAsync(context, context.Message.UnitId, context.Message.OccurredAt, createIfMissing: false,
            (replica, m) => replica.ParentId = m.NewParentId);

    public Task Consume(ConsumeContext<UnitDissolved> context) =>
        ApplyAsync(context, context.Message.UnitId, context.Message.OccurredAt, createIfMissing: false, (replica, m) =>
        {
            replica.IsActive = false;
            replica.SuccessorId = m.SuccessorUnitId;
        });

    private async Task ApplyAsync<T>(ConsumeContext<T> context, Guid unitId, DateTimeOffset occurredAt, bool createIfMissing,
        Action<UnitReplica, T> apply) where T : class
    {
        var applied = await db.ApplyOnceAsync(context, $"{InboxName}.{typeof(T).Name}", async ct =>
        {
            var replica = await db.Set<UnitReplica>().FindAsync([unitId], ct);
            if (replica is null)
            {
                if (!createIfMissing)
                {
                    // Rolls the inbox row back too: the retry policy redelivers once the registration has landed.
                    throw new UnitNotYetReplicatedException(unitId, typeof(T).Name);
                }
                replica = new UnitReplica { Id = unitId, Code = "", Name = "", Kind = "" };
                db.Set<UnitReplica>().Add(replica);
            }
            else if (replica.SourceUpdatedAt > occurredAt)
            {
                return;
            }
            apply(replica, context.Message);
            replica.SourceUpdatedAt = occurredAt;
        });
        logger.LogInformation("{Event} for unit {UnitId} {Outcome}", typeof(T).Name, unitId, applied ? "applied to the unit replica" : "was already applied");
    }
}

public sealed class UnitNotYetReplicatedException(Guid unitId, string eventName)
    : Exception($"{eventName} for unit {unitId} arrived before the unit was registered in this replica; it will be retried.");
