namespace Platform.Contracts.Coordination;

/// <summary>
/// A coordination programme (chương trình phối hợp) was signed by its parties. The reporting service
/// counts it for the pre-filled "programmes signed" indicator of <see cref="OwnerUnitId"/> and of every
/// party unit.
/// </summary>
public sealed record ProgrammeSigned
{
    public required Guid ProgrammeId { get; init; }
    /// <summary>The education-side unit that manages the programme.</summary>
    public required Guid OwnerUnitId { get; init; }
    public required string Title { get; init; }
    /// <summary>Parties that are units of the directory (outside agencies not in the directory are left out).</summary>
    public required IReadOnlyList<Guid> PartyUnitIds { get; init; }
    /// <summary>e.g. <c>DrugLegalEducation</c>, <c>TrafficSafety</c>, <c>SchoolSecurityAndOrder</c>, <c>DrugUseNearSchools</c>, <c>ViolenceAndAbuseAgainstChildren</c>.</summary>
    public required IReadOnlyList<string> ScopeAreas { get; init; }
    /// <summary>The tasks service's document that established it (e.g. Plan 1002/KHPH-CATP-SGDĐT), when known.</summary>
    public Guid? EstablishingDocumentId { get; init; }
    public string? EstablishingDocumentNumber { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required DateOnly ValidFrom { get; init; }
    /// <summary>Null for a programme without an end date.</summary>
    public DateOnly? ValidTo { get; init; }
    public required string SignedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A signed programme was ended before its validity ran out (chấm dứt).</summary>
public sealed record ProgrammeTerminated
{
    public required Guid ProgrammeId { get; init; }
    public required Guid OwnerUnitId { get; init; }
    public required DateOnly TerminatedOn { get; init; }
    public required string Reason { get; init; }
    public required string TerminatedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// An occurrence of a programme's recurring obligation (e.g. "quarterly legal-education session on drugs")
/// falls due soon. Sent once per obligation and due date. The tasks service may turn it into an assignment
/// for <see cref="ResponsibleUnitId"/> due on <see cref="DueDate"/>; <see cref="OccurrenceKey"/> is unique.
/// </summary>
public sealed record ProgrammeObligationDue
{
    public required Guid ProgrammeId { get; init; }
    public required Guid ObligationId { get; init; }
    /// <summary><c>{ObligationId}:{DueDate:yyyy-MM-dd}</c>; the same occurrence never has two keys.</summary>
    public required string OccurrenceKey { get; init; }
    public required string ProgrammeTitle { get; init; }
    public required string Title { get; init; }
    public required Guid ResponsibleUnitId { get; init; }
    /// <summary>Local date (Asia/Ho_Chi_Minh).</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary><c>Once</c>, <c>Monthly</c>, <c>Quarterly</c>, <c>Semiannual</c> or <c>Yearly</c>.</summary>
    public required string Recurrence { get; init; }
    public Guid? EstablishingDocumentId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A briefing meeting (giao ban an ninh, trật tự trường học) was held and minuted. Counts for the
/// organiser's and every participant unit's briefing cadence and for the reporting pre-fill.
/// </summary>
public sealed record BriefingMeetingHeld
{
    public required Guid MeetingId { get; init; }
    public required Guid OrganiserUnitId { get; init; }
    public required IReadOnlyList<Guid> ParticipantUnitIds { get; init; }
    /// <summary>Local date of the meeting.</summary>
    public required DateOnly HeldOn { get; init; }
    /// <summary>Someone from the police took part.</summary>
    public required bool PoliceAttended { get; init; }
    /// <summary>Someone from a People's Committee (local authority) took part.</summary>
    public required bool LocalAuthorityAttended { get; init; }
    public required int DecisionCount { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A unit held no briefing meeting within a period its cadence required one (chế độ giao ban).</summary>
public sealed record BriefingCadenceMissed
{
    public required Guid CadenceId { get; init; }
    public required Guid UnitId { get; init; }
    /// <summary>The unit's supervising units, nearest first, so a district office or the Department can follow up.</summary>
    public required IReadOnlyList<Guid> SupervisingUnitIds { get; init; }
    /// <summary><c>Weekly</c>, <c>Monthly</c> or <c>Quarterly</c>.</summary>
    public required string Interval { get; init; }
    /// <summary>First local date of the period.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>Last local date of the period.</summary>
    public required DateOnly PeriodEnd { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A briefing meeting decided something that a unit must do by a deadline. The tasks service turns it into
/// an assignment for <see cref="OwnerUnitId"/> due on <see cref="DueDate"/>, with <see cref="DecisionId"/> as
/// its idempotency key.
/// </summary>
public sealed record MeetingDecisionRecorded
{
    public required Guid DecisionId { get; init; }
    public required Guid MeetingId { get; init; }
    /// <summary>1-based number of the decision within its meeting (Kết luận số …).</summary>
    public required int Number { get; init; }
    public required string MeetingTitle { get; init; }
    public required DateOnly MeetingHeldOn { get; init; }
    /// <summary>The unit that organised the meeting: it issues the resulting task.</summary>
    public required Guid OrganiserUnitId { get; init; }
    /// <summary>The unit that must carry the decision out.</summary>
    public required Guid OwnerUnitId { get; init; }
    public required string Text { get; init; }
    /// <summary>Local date (Asia/Ho_Chi_Minh).</summary>
    public required DateOnly DueDate { get; init; }
    public required string RecordedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An incident was referred to the police (automatically by the rules, or by a school's or district's choice).</summary>
public sealed record IncidentReferredToPolice
{
    public required Guid ReferralId { get; init; }
    public required Guid IncidentId { get; init; }
    public required Guid ReportingUnitId { get; init; }
    /// <summary>
    /// The police unit the referral went to (the school's ward police, else its district's, else the City Police);
    /// null when the replica knew no police unit. Reporting lets that unit's liaisons read what the referral shared.
    /// </summary>
    public Guid? PoliceUnitId { get; init; }
    /// <summary><c>LifeSafety</c>, <c>Urgent</c> or <c>Routine</c>.</summary>
    public required string Severity { get; init; }
    /// <summary><c>Automatic</c> or <c>Manual</c>.</summary>
    public required string Trigger { get; init; }
    public required DateTimeOffset AcknowledgeBy { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A referral moved on in its lifecycle: Sent, Acknowledged, Accepted, Declined, OutcomeRecorded, Closed.</summary>
public sealed record ReferralStatusChanged
{
    public required Guid ReferralId { get; init; }
    public required Guid IncidentId { get; init; }
    public required Guid ReportingUnitId { get; init; }
    public required string PreviousStatus { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// The police did not acknowledge a referral within its SLA: it was sent again and escalated to a
/// supervising unit (the district office first, then the Department).
/// </summary>
public sealed record ReferralEscalated
{
    public required Guid ReferralId { get; init; }
    public required Guid IncidentId { get; init; }
    public required Guid ReportingUnitId { get; init; }
    public required string Severity { get; init; }
    /// <summary>1 for the first escalation.</summary>
    public required int Level { get; init; }
    public required Guid EscalatedToUnitId { get; init; }
    /// <summary>The acknowledgement deadline that was missed.</summary>
    public required DateTimeOffset MissedDeadline { get; init; }
    /// <summary>How many times the referral has now been sent to the police.</summary>
    public required int SendAttempts { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
