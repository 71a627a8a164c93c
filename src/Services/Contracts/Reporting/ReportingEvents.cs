namespace Platform.Contracts.Reporting;

/// <summary>
/// Units were asked for a report: one period of a periodic schedule was opened, or an ad-hoc request
/// (yêu cầu báo cáo đột xuất) was made. One event per opening, listing every unit now expected to report.
/// </summary>
public sealed record ReportRequested
{
    /// <summary>The schedule or ad-hoc request that asked.</summary>
    public required Guid RequestId { get; init; }
    /// <summary><c>Periodic</c> or <c>AdHoc</c>.</summary>
    public required string Kind { get; init; }
    public required Guid TemplateId { get; init; }
    public required string TemplateCode { get; init; }
    public required string Title { get; init; }
    /// <summary>Period key, e.g. <c>2024-03</c>, <c>2024-Q1</c>, <c>2024-2025</c>; for ad-hoc requests the request's own key.</summary>
    public required string PeriodKey { get; init; }
    public required Guid RequestedByUnitId { get; init; }
    public required IReadOnlyList<Guid> UnitIds { get; init; }
    public required DateTimeOffset DeadlineAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A unit submitted (or resubmitted) its report to the supervising level.</summary>
public sealed record ReportSubmitted
{
    public required Guid SubmissionId { get; init; }
    public required Guid UnitId { get; init; }
    /// <summary>The supervising unit that reviews it, as the hierarchy stood for the period.</summary>
    public Guid? SupervisingUnitId { get; init; }
    public required Guid TemplateId { get; init; }
    public required string PeriodKey { get; init; }
    public required DateTimeOffset DeadlineAt { get; init; }
    /// <summary>The first submission came after the deadline.</summary>
    public required bool IsLate { get; init; }
    public required bool IsResubmission { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The supervising level sent a report back with a comment, or a higher level reopened an approved one.</summary>
public sealed record ReportReturned
{
    public required Guid SubmissionId { get; init; }
    public required Guid UnitId { get; init; }
    public required Guid ReturnedByUnitId { get; init; }
    public required string Comment { get; init; }
    /// <summary>True when an approved (locked) report was reopened by a higher level.</summary>
    public required bool Reopened { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The supervising level approved a report; its data is locked and counts in consolidation.</summary>
public sealed record ReportApproved
{
    public required Guid SubmissionId { get; init; }
    public required Guid UnitId { get; init; }
    public required Guid ApprovedByUnitId { get; init; }
    public required Guid TemplateId { get; init; }
    public required string PeriodKey { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A report that was expected from a unit is still missing after its deadline.</summary>
public sealed record ReportOverdue
{
    public required Guid SubmissionId { get; init; }
    public required Guid UnitId { get; init; }
    public Guid? SupervisingUnitId { get; init; }
    public required Guid TemplateId { get; init; }
    public required string PeriodKey { get; init; }
    public required DateTimeOffset DeadlineAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A school reported an incident (sự việc). Pupils are minors: this event carries no names and no
/// identifiers of pupils, only pseudonymous ids that mean nothing outside the reporting service, age
/// bands and counts. Nor does it carry the school's narrative (description, actions taken): free text
/// may name or identify a child however it was checked, so it stays in the reporting service, which shows
/// it, scope-checked, on the incident page. The coordination service decides on police referral from it.
/// </summary>
/// <remarks>
/// Messages published before the narrative was removed still hold <c>description</c> and <c>actionsTaken</c>;
/// they deserialize into this record (unknown JSON members are skipped) and those fields are dropped.
/// </remarks>
public sealed record IncidentReported
{
    public required Guid IncidentId { get; init; }
    public required Guid ReportingUnitId { get; init; }
    /// <summary>The reporting unit's supervising units when reported, nearest first.</summary>
    public required IReadOnlyList<Guid> SupervisingUnitIds { get; init; }
    /// <summary><c>SchoolViolence</c>, <c>Drugs</c>, <c>ChildAbuse</c>, <c>TrafficAccident</c> or <c>OtherSocialEvil</c>.</summary>
    public required string Category { get; init; }
    /// <summary>Someone's life or safety is at risk: coordination treats it first.</summary>
    public required bool IsLifeSafety { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Place { get; init; }
    public required int PupilsInvolved { get; init; }
    public required int OthersInvolved { get; init; }
    public required IReadOnlyList<IncidentPerson> People { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
}

/// <summary>A person involved in an incident, without name or identifier.</summary>
public sealed record IncidentPerson
{
    /// <summary>Random per person and incident, e.g. <c>HS-7F3A2C91</c>; not derived from any identifier.</summary>
    public required string PseudonymousId { get; init; }
    /// <summary><c>Victim</c>, <c>Perpetrator</c>, <c>Witness</c> or <c>Other</c>.</summary>
    public required string Role { get; init; }
    public required bool IsPupil { get; init; }
    /// <summary><c>under-6</c>, <c>6-10</c>, <c>11-14</c>, <c>15-17</c>, <c>18+</c> or <c>unknown</c>.</summary>
    public required string AgeBand { get; init; }
}

/// <summary>
/// An inspection (thanh tra, kiểm tra) found something at a unit. When it asks for a corrective action,
/// the tasks service turns it into an assignment for the inspected unit.
/// </summary>
public sealed record InspectionFindingRaised
{
    public required Guid FindingId { get; init; }
    public required Guid InspectionId { get; init; }
    public required Guid InspectedUnitId { get; init; }
    public required Guid InspectingUnitId { get; init; }
    public required string Description { get; init; }
    /// <summary><c>Minor</c>, <c>Major</c> or <c>Critical</c>.</summary>
    public required string Severity { get; init; }
    public string? CorrectiveAction { get; init; }
    public DateOnly? CorrectiveActionDueDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
