using MassTransit;
using Platform.Contracts.Reporting;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;

namespace Platform.Notifications.Consumers;

public sealed class ReportRequestedConsumer(NotificationWriter writer) : IConsumer<ReportRequested>
{
    public Task Consume(ConsumeContext<ReportRequested> context) => writer.WriteAsync(context, "notifications.report-requested",
        [], [context.Message.RequestedByUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class ReportReturnedConsumer(NotificationWriter writer) : IConsumer<ReportReturned>
{
    public Task Consume(ConsumeContext<ReportReturned> context) => writer.WriteAsync(context, "notifications.report-returned",
        [], [context.Message.UnitId, context.Message.ReturnedByUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class ReportApprovedConsumer(NotificationWriter writer) : IConsumer<ReportApproved>
{
    public Task Consume(ConsumeContext<ReportApproved> context) => writer.WriteAsync(context, "notifications.report-approved",
        [], [context.Message.UnitId, context.Message.ApprovedByUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class ReportOverdueConsumer(NotificationWriter writer) : IConsumer<ReportOverdue>
{
    public Task Consume(ConsumeContext<ReportOverdue> context) => writer.WriteAsync(context, "notifications.report-overdue",
        [context.Message.UnitId], [], units => NotificationRules.For(context.Message, units));
}

public sealed class IncidentReportedConsumer(NotificationWriter writer) : IConsumer<IncidentReported>
{
    public Task Consume(ConsumeContext<IncidentReported> context) => writer.WriteAsync(context, "notifications.incident-reported",
        [context.Message.ReportingUnitId], context.Message.SupervisingUnitIds, units => NotificationRules.For(context.Message, units));
}
