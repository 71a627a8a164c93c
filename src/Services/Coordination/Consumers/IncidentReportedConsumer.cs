using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts.Reporting;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;

namespace Platform.Coordination.Consumers;

/// <summary>
/// Keeps every reported incident (pseudonymous, as published) so a school or district can refer it later,
/// and refers life-safety and drug cases to the police at once — in the same transaction as the inbox row.
/// </summary>
public sealed class IncidentReportedConsumer(
    CoordinationDbContext db,
    ReferralService referrals,
    IOptions<ReferralOptions> options,
    TimeProvider clock,
    ILogger<IncidentReportedConsumer> logger) : IConsumer<IncidentReported>
{
    public const string SystemUser = "system:referral-rules";

    public async Task Consume(ConsumeContext<IncidentReported> context)
    {
        var m = context.Message;
        var applied = await db.ApplyOnceAsync(context, nameof(IncidentReportedConsumer), async ct =>
        {
            if (await db.Incidents.FindAsync([m.IncidentId], ct) is not null)
            {
                return;
            }
            var now = clock.GetUtcNow();
            var incident = new IncidentRecord
            {
                Id = m.IncidentId,
                ReportingUnitId = m.ReportingUnitId,
                SupervisingUnitIds = [.. m.SupervisingUnitIds],
                Category = m.Category,
                IsLifeSafety = m.IsLifeSafety,
                OccurredAt = m.OccurredAt,
                Place = m.Place,
                PupilsInvolved = m.PupilsInvolved,
                OthersInvolved = m.OthersInvolved,
                People = m.People.Select(p => new IncidentPersonRecord { PseudonymousId = p.PseudonymousId, Role = p.Role, IsPupil = p.IsPupil, AgeBand = p.AgeBand }).ToList(),
                ReportedAt = m.ReportedAt,
                ReceivedAt = now,
            };
            db.Incidents.Add(incident);
            if (options.Value.Rules().IsReferredAtOnce(incident))
            {
                await referrals.ReferAsync(incident, ReferralTrigger.Automatic, SystemUser, null, now, ct);
            }
        });
        if (!applied)
        {
            logger.LogInformation("IncidentReported {IncidentId} was already applied", m.IncidentId);
        }
    }
}
