using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;

namespace Platform.Coordination.Police;

/// <summary>
/// Carries police-facing messages from the platform's bus to the police exchange. They reach the bus
/// through the transactional outbox (written with the change that caused them), so nothing is sent for a
/// change that did not commit and nothing committed is lost. The AMQP <c>message_id</c> is the outbox
/// row's id, so a redelivery here reaches the police as a duplicate they recognise, never as a new message.
/// A confirmed referral is marked Sent.
/// </summary>
public sealed class PoliceGatewayConsumer(PoliceBroker broker, CoordinationDbContext db, TimeProvider clock, ILogger<PoliceGatewayConsumer> logger) :
    IConsumer<PoliceReferralRequested>,
    IConsumer<BriefingMeetingScheduled>,
    IConsumer<BriefingMeetingCancelled>,
    IConsumer<CoordinationProgrammeSigned>
{
    public async Task Consume(ConsumeContext<PoliceReferralRequested> context)
    {
        var message = context.Message;
        await broker.PublishAsync(PoliceWire.ReferralRequested, message, MessageId(context), message.ReferralId.ToString(), context.CancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var referral = await db.LockReferralAsync(message.ReferralId, context.CancellationToken);
        if (referral is null)
        {
            logger.LogWarning("Referral {ReferralId} was sent to the police but is unknown here", message.ReferralId);
            return;
        }
        var previous = referral.Status;
        if (referral.MarkSent(clock.GetUtcNow(), message.SendAttempt))
        {
            db.AddIntegrationEvent(new ReferralStatusChanged
            {
                ReferralId = referral.Id,
                IncidentId = referral.IncidentId,
                ReportingUnitId = referral.ReportingUnitId,
                PreviousStatus = previous.ToString(),
                Status = referral.Status.ToString(),
                OccurredAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        logger.LogInformation("Referral {ReferralId} sent to the police (attempt {Attempt})", message.ReferralId, message.SendAttempt);
    }

    public Task Consume(ConsumeContext<BriefingMeetingScheduled> context) =>
        broker.PublishAsync(PoliceWire.MeetingScheduled, context.Message, MessageId(context), context.Message.MeetingId.ToString(), context.CancellationToken);

    public Task Consume(ConsumeContext<BriefingMeetingCancelled> context) =>
        broker.PublishAsync(PoliceWire.MeetingCancelled, context.Message, MessageId(context), context.Message.MeetingId.ToString(), context.CancellationToken);

    public Task Consume(ConsumeContext<CoordinationProgrammeSigned> context) =>
        broker.PublishAsync(PoliceWire.ProgrammeSigned, context.Message, MessageId(context), context.Message.ProgrammeId.ToString(), context.CancellationToken);

    private static Guid MessageId(ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A police-facing message arrived without a MessageId.");
}
