namespace Platform.Contracts.Tasks;

/// <summary>
/// A directive document (văn bản chỉ đạo) was issued: numbered, and its tasks assigned to the units its
/// addressees resolved to on the issue date.
/// </summary>
public sealed record DocumentIssued
{
    public required Guid DocumentId { get; init; }
    /// <summary><c>Directive</c>, <c>Plan</c>, <c>CoordinationPlan</c>, <c>Dispatch</c>, <c>Decision</c> or <c>Report</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>Số và ký hiệu, e.g. <c>257/SGDĐT-VP</c>.</summary>
    public required string NumberAndSymbol { get; init; }
    public required DateOnly IssueDate { get; init; }
    public Guid? IssuerUnitId { get; init; }
    /// <summary>Trích yếu, e.g. "V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg …".</summary>
    public required string Subject { get; init; }
    public required int TaskCount { get; init; }
    public required IReadOnlyList<Guid> AddresseeUnitIds { get; init; }
    public required string IssuedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A numbered task of a document was assigned to a unit: at issue, by delegation from a supervising
/// unit's assignment (cascading), or by transfer to the successor of a dissolved unit.
/// </summary>
public sealed record TaskAssigned
{
    public required Guid AssignmentId { get; init; }
    public required Guid DocumentId { get; init; }
    public required Guid TaskId { get; init; }
    public required int TaskNumber { get; init; }
    /// <summary>1 for one-off and standing tasks; the period's ordinal for recurring ones.</summary>
    public required int Occurrence { get; init; }
    public required Guid UnitId { get; init; }
    /// <summary>Local date (Asia/Ho_Chi_Minh); null for a standing task.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>Set when a supervising unit delegated its own assignment.</summary>
    public Guid? ParentAssignmentId { get; init; }
    /// <summary>Set when the assignment passed from a dissolved or merged unit to its successor.</summary>
    public Guid? TransferredFromUnitId { get; init; }
    public required string AssignedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The unit confirmed it received and read its assignment.</summary>
public sealed record AssignmentAcknowledged
{
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required string AcknowledgedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The unit reported progress (text, percentage, evidence, links).</summary>
public sealed record AssignmentProgressReported
{
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required Guid ProgressUpdateId { get; init; }
    public required int Percent { get; init; }
    public required int EvidenceCount { get; init; }
    public required string ReportedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An assignment was completed, on time or late; a cascaded one may complete by its children.</summary>
public sealed record AssignmentCompleted
{
    public required Guid AssignmentId { get; init; }
    public required Guid DocumentId { get; init; }
    public required Guid TaskId { get; init; }
    public required Guid UnitId { get; init; }
    public required DateOnly CompletedOn { get; init; }
    public DateOnly? DueDate { get; init; }
    public required bool OnTime { get; init; }
    /// <summary>True when the status derived from the delegated children (all done, or a threshold).</summary>
    public required bool DerivedFromChildren { get; init; }
    /// <summary>Null when derived from children.</summary>
    public string? CompletedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// An open assignment was closed without being completed (kết thúc): its unit was dissolved with no successor to
/// carry it on, or its work was closed as history. It is no longer tracked and never becomes overdue.
/// </summary>
public sealed record AssignmentClosed
{
    public required Guid AssignmentId { get; init; }
    public required Guid DocumentId { get; init; }
    public required Guid TaskId { get; init; }
    public required Guid UnitId { get; init; }
    public required DateOnly ClosedOn { get; init; }
    public DateOnly? DueDate { get; init; }
    /// <summary>Why, as shown to users.</summary>
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An open assignment's deadline is near (reminder, sent once per deadline).</summary>
public sealed record AssignmentDueSoon
{
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required DateOnly DueDate { get; init; }
    public required int WorkingDaysLeft { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An assignment passed its deadline without being completed (quá hạn).</summary>
public sealed record AssignmentOverdue
{
    public required Guid AssignmentId { get; init; }
    public required Guid DocumentId { get; init; }
    public required Guid TaskId { get; init; }
    public required Guid UnitId { get; init; }
    public required DateOnly DueDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An overdue assignment was escalated to the unit that supervises the one holding it.</summary>
public sealed record AssignmentEscalated
{
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required Guid SupervisingUnitId { get; init; }
    public required DateOnly DueDate { get; init; }
    public required int WorkingDaysOverdue { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A unit asked the Department Office about an assignment (khó khăn, vướng mắc).</summary>
public sealed record QuestionAsked
{
    public required Guid QuestionId { get; init; }
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required string AskedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Department Office staff answered a unit's question.</summary>
public sealed record QuestionAnswered
{
    public required Guid QuestionId { get; init; }
    public required Guid AssignmentId { get; init; }
    public required Guid UnitId { get; init; }
    public required string AnsweredByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
