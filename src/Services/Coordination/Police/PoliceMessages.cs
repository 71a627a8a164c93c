using Platform.Contracts.Police.V1;
using Platform.Coordination.Domain;
using Platform.UnitDirectory;

namespace Platform.Coordination.Police;

/// <summary>
/// Builds what crosses to the police from what the platform holds. This is the one place that decides
/// the minimum: category, severity, time, place, school, pseudonymous people with age bands. The
/// school's description, the actions it took and any note stay on the platform.
/// </summary>
public static class PoliceMessages
{
    public static PoliceReferralRequested ReferralRequested(Referral referral, IncidentRecord incident, UnitReplica? school, UnitReplica? police) => new()
    {
        ReferralId = referral.Id,
        IncidentId = incident.Id,
        Category = incident.Category,
        Severity = referral.Severity.ToString(),
        OccurredAt = incident.OccurredAt,
        Place = incident.Place,
        School = School(incident.ReportingUnitId, school),
        PoliceUnit = police is null ? null : Unit(police),
        PupilsInvolved = incident.PupilsInvolved,
        OthersInvolved = incident.OthersInvolved,
        People = incident.People.Select(p => new PolicePerson
        {
            PseudonymousId = p.PseudonymousId,
            Role = p.Role,
            IsPupil = p.IsPupil,
            AgeBand = p.AgeBand,
        }).ToList(),
        SendAttempt = referral.SendAttempts,
        AcknowledgeBy = referral.AcknowledgeBy,
        RequestedAt = referral.RequestedAt,
    };

    public static BriefingMeetingScheduled MeetingScheduled(BriefingMeeting meeting, UnitReplica? organiser, IReadOnlyDictionary<Guid, UnitReplica> units, DateTimeOffset now) => new()
    {
        MeetingId = meeting.Id,
        Title = meeting.Title,
        Organiser = School(meeting.OrganiserUnitId, organiser),
        StartsAt = meeting.StartsAt,
        EndsAt = meeting.EndsAt,
        Location = meeting.Location,
        Agenda = meeting.Agenda,
        PoliceParticipants = meeting.Participants.Where(p => p.IsPolice && p.UnitId is not null)
            .Select(p => units.TryGetValue(p.UnitId!.Value, out var u) ? Unit(u) : new PoliceUnitRef { UnitId = p.UnitId!.Value, Code = "", Name = p.Name })
            .ToList(),
        Sequence = meeting.Sequence,
        ScheduledAt = now,
    };

    public static BriefingMeetingCancelled MeetingCancelled(BriefingMeeting meeting, DateTimeOffset now) => new()
    {
        MeetingId = meeting.Id,
        Reason = meeting.CancelReason ?? "",
        Sequence = meeting.Sequence,
        CancelledAt = now,
    };

    public static CoordinationProgrammeSigned ProgrammeSigned(Programme programme) => new()
    {
        ProgrammeId = programme.Id,
        Title = programme.Title,
        EstablishingDocumentNumber = programme.EstablishingDocumentNumber,
        ScopeAreas = [.. programme.ScopeAreas],
        Parties = programme.Parties.Select(p => new PoliceProgrammeParty { UnitId = p.UnitId, Name = p.Name, Kind = p.Kind }).ToList(),
        SignedOn = programme.SignedOn!.Value,
        ValidFrom = programme.ValidFrom,
        ValidTo = programme.ValidTo,
    };

    private static PoliceSchool School(Guid id, UnitReplica? unit) => new()
    {
        UnitId = id,
        Code = unit?.Code ?? "",
        Name = unit?.Name ?? "",
        AreaCode = unit?.AreaCode,
    };

    private static PoliceUnitRef Unit(UnitReplica unit) => new() { UnitId = unit.Id, Code = unit.Code, Name = unit.Name };
}
