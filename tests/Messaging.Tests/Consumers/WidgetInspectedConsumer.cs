using MassTransit;
using Platform.Messaging.Tests.Support;

namespace Platform.Messaging.Tests.Consumers;

/// <summary>Fails on every attempt, so its messages must end in its <c>_error</c> queue.</summary>
public sealed class WidgetInspectedConsumer(DeliveryLog log) : IConsumer<WidgetInspected>
{
    public const string Failure = "The inspection service is out of order.";

    public Task Consume(ConsumeContext<WidgetInspected> context)
    {
        log.CountAttempt(context.MessageId!.Value);
        throw new InvalidOperationException(Failure);
    }
}
