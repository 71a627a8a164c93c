using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Consumers;

/// <summary>
/// Records which police unit an incident was referred to (<see cref="IncidentPoliceShare"/>), once per message: the
/// only way a police liaison comes to read an incident here.
/// </summary>
public sealed class IncidentReferredToPoliceConsumer(ReportingDbContext db, ILogger<IncidentReferredToPoliceConsumer> logger)
    : IConsumer<IncidentReferredToPolice>
{
    public const string InboxName = "police-shares.IncidentReferredToPolice";

    public async Task Consume(ConsumeContext<IncidentReferredToPolice> context)
    {
        var referred = context.Message;
        if (referred.PoliceUnitId is null)
        {
            logger.LogWarning("Referral {ReferralId} of incident {IncidentId} names no police unit: no police liaison may read the incident here",
                referred.ReferralId, referred.IncidentId);
            return;
        }
        var applied = await db.ApplyOnceAsync(context, InboxName, ct => ShareAsync(db, referred, ct));
        logger.LogInformation("Incident {IncidentId} shared with police unit {PoliceUnitId} by referral {ReferralId} ({Outcome})",
            referred.IncidentId, referred.PoliceUnitId, referred.ReferralId, applied ? "applied" : "already applied");
    }

    /// <summary>Adds the share of <paramref name="referred"/> unless its referral is already recorded; the caller saves.</summary>
    public static async Task ShareAsync(ReportingDbContext db, IncidentReferredToPolice referred, CancellationToken ct)
    {
        if (referred.PoliceUnitId is not { } policeUnitId || await db.IncidentPoliceShares.AnyAsync(s => s.ReferralId == referred.ReferralId, ct))
        {
            return;
        }
        db.IncidentPoliceShares.Add(new IncidentPoliceShare
        {
            ReferralId = referred.ReferralId, IncidentId = referred.IncidentId, PoliceUnitId = policeUnitId, SharedAt = referred.OccurredAt,
        });
    }
}
