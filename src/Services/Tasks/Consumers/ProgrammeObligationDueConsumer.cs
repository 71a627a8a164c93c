using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Consumers;

/// <summary>
/// An occurrence of a coordination programme's obligation falls due: it becomes a task of the programme's
/// recorded document (one per programme, with the establishing plan as its legal basis and issuer when this
/// service holds it) and an assignment to the responsible unit due on the occurrence's date. Idempotent by
/// the inbox and by the occurrence key.
/// </summary>
public sealed class ProgrammeObligationDueConsumer(TasksDbContext db, ILogger<ProgrammeObligationDueConsumer> logger)
    : IConsumer<ProgrammeObligationDue>
{
    public const string ConsumerName = "coordination-tasks.ProgrammeObligationDue";

    public async Task Consume(ConsumeContext<ProgrammeObligationDue> context)
    {
        var m = context.Message;
        RecordedTaskResult? result = null;
        var applied = await db.ApplyOnceAsync(context, ConsumerName, async ct =>
        {
            var establishing = m.EstablishingDocumentId is { } id
                ? await db.Documents.IgnoreAutoIncludes().Where(d => d.Id == id).Select(d => new { d.IssuerUnitId, d.IssueDate }).SingleOrDefaultAsync(ct)
                : null;
            result = await RecordedTasks.RecordAsync(db, new RecordedTaskRequest
            {
                DocumentSourceKey = $"{Document.ProgrammeSourcePrefix}{m.ProgrammeId}",
                DocumentKind = DocumentKind.CoordinationPlan,
                Symbol = "CTPH",
                Subject = $"Nhiệm vụ định kỳ của chương trình phối hợp: {m.ProgrammeTitle}",
                DocumentDate = establishing?.IssueDate ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.OccurredAt, VietnamTime.Zone).DateTime),
                IssuerUnitId = establishing?.IssuerUnitId,
                FallbackIssuerName = "Chương trình phối hợp",
                LegalBasis = m.EstablishingDocumentId is { } basis ? [basis] : [],
                TaskSourceKey = $"obligation:{m.OccurrenceKey}",
                Text = $"{m.Title} (hạn {VietnamTime.Format(m.DueDate)})",
                OwnerUnitId = m.ResponsibleUnitId,
                DueDate = m.DueDate,
                UserId = "system:coordination",
                At = m.OccurredAt,
            }, ct);
        });
        MeetingDecisionRecordedConsumer.LogOutcome(logger, "ProgrammeObligationDue", m.OccurrenceKey, m.ResponsibleUnitId, applied, result);
    }
}
