namespace Platform.Contracts.Police.V1;

// The published contract between the platform and the police coordination system, version 1.
// docs/asyncapi.yaml describes these messages for clients in any language; a test keeps the two equal.
// Only the minimum needed for police work crosses: no names, no identifiers of people, no free-text
// description written by the school.

// ---- Platform → police ----

/// <summary>The platform asks the police to take up an incident at a school.</summary>
public sealed record PoliceReferralRequested
{
    /// <summary>The referral; every reply names it. Re-sends keep it.</summary>
    public required Guid ReferralId { get; init; }
    /// <summary>Opaque id of the incident on the platform; means nothing outside it.</summary>
    public required Guid IncidentId { get; init; }
    /// <summary><c>SchoolViolence</c>, <c>Drugs</c>, <c>ChildAbuse</c>, <c>TrafficAccident</c> or <c>OtherSocialEvil</c>.</summary>
    public required string Category { get; init; }
    /// <summary><c>LifeSafety</c>, <c>Urgent</c> or <c>Routine</c>.</summary>
    public required string Severity { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>Where it happened, as the school described the place (e.g. "Cổng trường").</summary>
    public required string Place { get; init; }
    public required PoliceSchool School { get; init; }
    /// <summary>The police unit the platform thinks is competent (ward, district or city police), when it knows one.</summary>
    public PoliceUnitRef? PoliceUnit { get; init; }
    public required int PupilsInvolved { get; init; }
    public required int OthersInvolved { get; init; }
    public required IReadOnlyList<PolicePerson> People { get; init; }
    /// <summary>1 for the first send; a re-send after a missed acknowledgement deadline counts up.</summary>
    public required int SendAttempt { get; init; }
    /// <summary>The platform expects a <see cref="PoliceReferralAcknowledged"/> by then.</summary>
    public required DateTimeOffset AcknowledgeBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>The school where an incident happened, or that organises a meeting.</summary>
public sealed record PoliceSchool
{
    public required Guid UnitId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>Administrative area code, e.g. <c>HP-LECHAN-LAMSON</c> (city-district-ward).</summary>
    public string? AreaCode { get; init; }
}

/// <summary>A unit of the police (Công an thành phố / quận, huyện / phường, xã).</summary>
public sealed record PoliceUnitRef
{
    public required Guid UnitId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
}

/// <summary>A person involved in an incident: never a name or an identifier.</summary>
public sealed record PolicePerson
{
    /// <summary>Random per person and incident, e.g. <c>HS-7F3A2C91</c>.</summary>
    public required string PseudonymousId { get; init; }
    /// <summary><c>Victim</c>, <c>Perpetrator</c>, <c>Witness</c> or <c>Other</c>.</summary>
    public required string Role { get; init; }
    public required bool IsPupil { get; init; }
    /// <summary><c>under-6</c>, <c>6-10</c>, <c>11-14</c>, <c>15-17</c>, <c>18+</c> or <c>unknown</c>.</summary>
    public required string AgeBand { get; init; }
}

/// <summary>A briefing meeting with police participants was scheduled or changed (invitation).</summary>
public sealed record BriefingMeetingScheduled
{
    public required Guid MeetingId { get; init; }
    public required string Title { get; init; }
    public required PoliceSchool Organiser { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string Location { get; init; }
    public string? Agenda { get; init; }
    /// <summary>The police units invited.</summary>
    public required IReadOnlyList<PoliceUnitRef> PoliceParticipants { get; init; }
    /// <summary>Counts up with every change, like the iCalendar SEQUENCE; keep the highest.</summary>
    public required int Sequence { get; init; }
    public required DateTimeOffset ScheduledAt { get; init; }
}

/// <summary>A briefing meeting the police were invited to was called off.</summary>
public sealed record BriefingMeetingCancelled
{
    public required Guid MeetingId { get; init; }
    public required string Reason { get; init; }
    public required int Sequence { get; init; }
    public required DateTimeOffset CancelledAt { get; init; }
}

/// <summary>A coordination programme with a police party was signed.</summary>
public sealed record CoordinationProgrammeSigned
{
    public required Guid ProgrammeId { get; init; }
    public required string Title { get; init; }
    /// <summary>Number and symbol of the establishing document, e.g. <c>1002/KHPH-CATP-SGDĐT</c>.</summary>
    public string? EstablishingDocumentNumber { get; init; }
    public required IReadOnlyList<string> ScopeAreas { get; init; }
    public required IReadOnlyList<PoliceProgrammeParty> Parties { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}

/// <summary>A party to a programme: a unit of the directory or an outside agency.</summary>
public sealed record PoliceProgrammeParty
{
    public Guid? UnitId { get; init; }
    public required string Name { get; init; }
    /// <summary>Unit kind, e.g. <c>LowerSecondarySchool</c>, <c>WardPeoplesCommittee</c>, <c>WardPolice</c>.</summary>
    public required string Kind { get; init; }
}

// ---- Police → platform ----

/// <summary>The police received the referral and someone will look at it.</summary>
public sealed record PoliceReferralAcknowledged
{
    public required Guid ReferralId { get; init; }
    public required DateTimeOffset AcknowledgedAt { get; init; }
    /// <summary>The police unit handling it, in the police system's words.</summary>
    public string? HandlingUnit { get; init; }
}

/// <summary>The police take the case on.</summary>
public sealed record PoliceReferralAccepted
{
    public required Guid ReferralId { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>The police system's own case reference.</summary>
    public required string PoliceCaseReference { get; init; }
    public string? HandlingUnit { get; init; }
}

/// <summary>The police will not take the case on (e.g. not a police matter).</summary>
public sealed record PoliceReferralDeclined
{
    public required Guid ReferralId { get; init; }
    public required DateTimeOffset DeclinedAt { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The police recorded what came of the case.</summary>
public sealed record PoliceReferralOutcomeRecorded
{
    public required Guid ReferralId { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    /// <summary><c>Resolved</c>, <c>AdministrativeSanction</c>, <c>CriminalProceedings</c>, <c>TransferredToOtherAgency</c> or <c>NoViolationFound</c>.</summary>
    public required string Outcome { get; init; }
    /// <summary>A short summary without the names of minors.</summary>
    public string? Summary { get; init; }
}
