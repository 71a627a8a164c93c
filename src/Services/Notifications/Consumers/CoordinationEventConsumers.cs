using MassTransit;
using Platform.Contracts.Coordination;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;

namespace Platform.Notifications.Consumers;

public sealed class ReferralStatusChangedConsumer(NotificationWriter writer) : IConsumer<ReferralStatusChanged>
{
    public Task Consume(ConsumeContext<ReferralStatusChanged> context) => writer.WriteAsync(context, "notifications.referral-status-changed",
        [], [context.Message.ReportingUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class ReferralEscalatedConsumer(NotificationWriter writer) : IConsumer<ReferralEscalated>
{
    public Task Consume(ConsumeContext<ReferralEscalated> context) => writer.WriteAsync(context, "notifications.referral-escalated",
        [], [context.Message.ReportingUnitId, context.Message.EscalatedToUnitId], units => NotificationRules.For(context.Message, units));
}

public sealed class BriefingCadenceMissedConsumer(NotificationWriter writer) : IConsumer<BriefingCadenceMissed>
{
    public Task Consume(ConsumeContext<BriefingCadenceMissed> context) => writer.WriteAsync(context, "notifications.briefing-cadence-missed",
        [context.Message.UnitId], [], units => NotificationRules.For(context.Message, units));
}

public sealed class MeetingDecisionRecordedConsumer(NotificationWriter writer) : IConsumer<MeetingDecisionRecorded>
{
    public Task Consume(ConsumeContext<MeetingDecisionRecorded> context) => writer.WriteAsync(context, "notifications.meeting-decision-recorded",
        [], [context.Message.OwnerUnitId], units => NotificationRules.For(context.Message, units));
}
