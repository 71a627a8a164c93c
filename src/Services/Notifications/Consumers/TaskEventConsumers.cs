using MassTransit;
using Platform.Contracts.Tasks;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;

namespace Platform.Notifications.Consumers;

public sealed class TaskAssignedConsumer(NotificationWriter writer) : IConsumer<TaskAssigned>
{
    public Task Consume(ConsumeContext<TaskAssigned> context) => writer.WriteAsync(context, "notifications.task-assigned",
        [], [context.Message.UnitId, .. context.Message.TransferredFromUnitId is { } f ? [f] : Array.Empty<Guid>()],
        units => NotificationRules.For(context.Message, units));
}

public sealed class AssignmentDueSoonConsumer(NotificationWriter writer) : IConsumer<AssignmentDueSoon>
{
    public Task Consume(ConsumeContext<AssignmentDueSoon> context) => writer.WriteAsync(context, "notifications.assignment-due-soon",
        [], [context.Message.UnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class AssignmentOverdueConsumer(NotificationWriter writer) : IConsumer<AssignmentOverdue>
{
    public Task Consume(ConsumeContext<AssignmentOverdue> context) => writer.WriteAsync(context, "notifications.assignment-overdue",
        [], [context.Message.UnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class AssignmentEscalatedConsumer(NotificationWriter writer) : IConsumer<AssignmentEscalated>
{
    public Task Consume(ConsumeContext<AssignmentEscalated> context) => writer.WriteAsync(context, "notifications.assignment-escalated",
        [context.Message.UnitId], [context.Message.SupervisingUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class QuestionAnsweredConsumer(NotificationWriter writer) : IConsumer<QuestionAnswered>
{
    public Task Consume(ConsumeContext<QuestionAnswered> context) => writer.WriteAsync(context, "notifications.question-answered",
        [], [context.Message.UnitId], units => NotificationRules.For(context.Message, units));
}
