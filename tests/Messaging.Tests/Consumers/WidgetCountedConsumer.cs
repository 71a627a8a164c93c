using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;

namespace Platform.Messaging.Tests.Consumers;

/// <summary>Adds one to a counter through the inbox, so a redelivered message changes nothing.</summary>
public sealed class WidgetCountedConsumer(TestDbContext db, DeliveryLog log) : IConsumer<WidgetCounted>
{
    public const string Name = "widget-counter";

    public async Task Consume(ConsumeContext<WidgetCounted> context)
    {
        bool? together = null;
        if (context.Message.DeliverTogether)
        {
            together = await log.ArriveTogetherAsync(context.MessageId!.Value, parties: 2, TimeSpan.FromSeconds(10), context.CancellationToken);
        }

        var applied = await db.ApplyOnceAsync(context, Name, async cancellationToken =>
        {
            var counter = await db.Counters.SingleAsync(c => c.Name == context.Message.CounterName, cancellationToken);
            counter.Value++;
        });
        log.Record(new Delivery(context.MessageId, context.Message.CounterName, context.SourceAddress, applied, together));
    }
}
