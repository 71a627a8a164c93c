using MassTransit;
using Platform.Contracts.Coordination;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Consumers;

/// <summary>
/// A briefing meeting's decision becomes a task of the meeting's conclusions (Kết luận giao ban, one recorded
/// document per meeting, issued by the organiser) and an assignment to the owner unit due on the decision's
/// date. Idempotent twice over: the inbox skips a redelivery, the decision's source key a duplicate event.
/// </summary>
public sealed class MeetingDecisionRecordedConsumer(TasksDbContext db, ILogger<MeetingDecisionRecordedConsumer> logger)
    : IConsumer<MeetingDecisionRecorded>
{
    public const string ConsumerName = "coordination-tasks.MeetingDecisionRecorded";

    public async Task Consume(ConsumeContext<MeetingDecisionRecorded> context)
    {
        var m = context.Message;
        RecordedTaskResult? result = null;
        var applied = await db.ApplyOnceAsync(context, ConsumerName, async ct =>
            result = await RecordedTasks.RecordAsync(db, new RecordedTaskRequest
            {
                DocumentSourceKey = $"{Document.MeetingSourcePrefix}{m.MeetingId}",
                DocumentKind = DocumentKind.Decision,
                Symbol = "TB-KLGB",
                Subject = $"Kết luận giao ban: {m.MeetingTitle} ngày {VietnamTime.Format(m.MeetingHeldOn)}",
                DocumentDate = m.MeetingHeldOn,
                IssuerUnitId = m.OrganiserUnitId,
                FallbackIssuerName = "Đơn vị chủ trì giao ban",
                TaskNumber = m.Number,
                TaskSourceKey = $"decision:{m.DecisionId}",
                Text = $"Kết luận số {m.Number} ({m.MeetingTitle}, {VietnamTime.Format(m.MeetingHeldOn)}): {m.Text}",
                OwnerUnitId = m.OwnerUnitId,
                DueDate = m.DueDate,
                UserId = m.RecordedByUserId,
                At = m.OccurredAt,
            }, ct));
        LogOutcome(logger, "MeetingDecisionRecorded", m.DecisionId.ToString(), m.OwnerUnitId, applied, result);
    }

    internal static void LogOutcome(ILogger logger, string message, string key, Guid ownerUnitId, bool applied, RecordedTaskResult? result)
    {
        if (!applied)
        {
            logger.LogInformation("{Message} {Key}: already applied", message, key);
        }
        else if (result?.Outcome is RecordedTaskOutcome.OwnerUnknown or RecordedTaskOutcome.OwnerDissolved)
        {
            logger.LogWarning("{Message} {Key}: no assignment, owner unit {UnitId} is {Outcome}", message, key, ownerUnitId, result.Outcome);
        }
        else
        {
            logger.LogInformation("{Message} {Key}: {Outcome}, assignment {AssignmentId} for unit {UnitId} in document {DocumentId}",
                message, key, result?.Outcome, result?.AssignmentId, result?.UnitId, result?.DocumentId);
        }
    }
}
