using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Police;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

/// <summary>Creates referrals (automatic or chosen) with their police message in the same transaction.</summary>
public sealed class ReferralService(CoordinationDbContext db, IOptions<ReferralOptions> options, ILogger<ReferralService> logger)
{
    /// <summary>
    /// Adds the referral, its <c>PoliceReferralRequested</c> and <c>IncidentReferredToPolice</c> to the
    /// context; the caller saves them in its transaction.
    /// </summary>
    public async Task<Referral> ReferAsync(IncidentRecord incident, ReferralTrigger trigger, string requestedBy, string? note, DateTimeOffset now, CancellationToken ct)
    {
        var severity = options.Value.Rules().SeverityOf(incident);
        var school = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == incident.ReportingUnitId, ct);
        var police = await CompetentPoliceAsync(school, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, VietnamTime.Zone).DateTime), ct);
        var referral = Referral.Create(Guid.CreateVersion7(now), incident, severity, trigger, police?.Id, requestedBy, note, now, options.Value.SlaFor(severity));
        db.Referrals.Add(referral);
        db.AddIntegrationEvent(PoliceMessages.ReferralRequested(referral, incident, school, police));
        db.AddIntegrationEvent(new IncidentReferredToPolice
        {
            ReferralId = referral.Id,
            IncidentId = incident.Id,
            ReportingUnitId = incident.ReportingUnitId,
            PoliceUnitId = referral.PoliceUnitId,
            Severity = severity.ToString(),
            Trigger = trigger.ToString(),
            AcknowledgeBy = referral.AcknowledgeBy,
            OccurredAt = now,
        });
        CoordinationMetrics.ReferralsRequested.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()),
            new KeyValuePair<string, object?>("trigger", trigger.ToString()));
        logger.LogInformation("Incident {IncidentId} referred to the police as {ReferralId} ({Severity}, {Trigger})", incident.Id, referral.Id, severity, trigger);
        return referral;
    }

    /// <summary>
    /// The school's own police as the organisation of <paramref name="today"/> names it (the commune police of the commune
    /// that supervises it, or of its ward followed to the unit that carries it on), else the police of its district, else
    /// the city police.
    /// </summary>
    public async Task<UnitReplica?> CompetentPoliceAsync(UnitReplica? school, DateOnly today, CancellationToken ct)
    {
        if (school is not null)
        {
            var org = await Apis.CoverageApi.OrganisationAsync(db, today, ct);
            if (org.Unit(school.Id) is { } unit)
            {
                var own = org.CounterpartsOf(unit).Police.Select(org.Unit).OfType<OrgUnit>().Where(org.Exists)
                    .OrderBy(u => u.Kind == UnitKinds.WardPolice ? 0 : 1).ThenBy(u => u.Code, StringComparer.Ordinal).FirstOrDefault();
                if (own is not null && await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == own.Id && u.IsActive, ct) is { } police) return police;
            }
        }
        var areaCode = school?.AreaCode;
        var district = AreaCodes.District(areaCode);
        var candidates = await db.Units.AsNoTracking()
            .Where(u => u.IsActive && UnitKinds.Police.Contains(u.Kind)
                        && (u.Kind == UnitKinds.CityPolice || u.AreaCode == areaCode || u.AreaCode == district))
            .ToListAsync(ct);
        return candidates.FirstOrDefault(u => u.Kind == UnitKinds.WardPolice && areaCode is not null && u.AreaCode == areaCode)
            ?? candidates.FirstOrDefault(u => u.Kind == UnitKinds.DistrictPolice && district is not null && u.AreaCode == district)
            ?? candidates.OrderBy(u => u.Code, StringComparer.Ordinal).FirstOrDefault(u => u.Kind == UnitKinds.CityPolice);
    }
}
