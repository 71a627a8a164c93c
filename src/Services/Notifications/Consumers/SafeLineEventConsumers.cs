using MassTransit;
using Platform.Contracts.SafeLine;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;

namespace Platform.Notifications.Consumers;

public sealed class SafeLineCaseRaisedConsumer(NotificationWriter writer) : IConsumer<SafeLineCaseRaised>
{
    public Task Consume(ConsumeContext<SafeLineCaseRaised> context) => writer.WriteAsync(context, "notifications.safeline-case-raised",
        [], [context.Message.SchoolId], units => NotificationRules.For(context.Message, units));
}

public sealed class SafeLineCaseEscalatedConsumer(NotificationWriter writer) : IConsumer<SafeLineCaseEscalated>
{
    public Task Consume(ConsumeContext<SafeLineCaseEscalated> context) => writer.WriteAsync(context, "notifications.safeline-case-escalated",
        [], [context.Message.SchoolId, context.Message.EscalatedToUnitId], units => NotificationRules.For(context.Message, units));
}
