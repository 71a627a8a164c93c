using MassTransit;
using Platform.Contracts.Units;
using Platform.Messaging.Tests.Support;

namespace Platform.Messaging.Tests.Consumers;

/// <summary>Records every <see cref="UnitRegistered"/> it receives, with the bus that published it.</summary>
public sealed class UnitRegisteredConsumer(DeliveryLog log) : IConsumer<UnitRegistered>
{
    public Task Consume(ConsumeContext<UnitRegistered> context)
    {
        log.Record(new Delivery(context.MessageId, context.Message.Code, context.SourceAddress));
        return Task.CompletedTask;
    }
}
