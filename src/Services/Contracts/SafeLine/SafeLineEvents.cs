namespace Platform.Contracts.SafeLine;

/// <summary>
/// A high-severity anonymous report reached a school's safe line (đường dây an toàn). It carries ids, the
/// category and the severity only: the case's text never leaves the safe line's database. The school's
/// managers, <see cref="SupervisingUnitId"/> and the Department's duty officers are alerted; someone must
/// acknowledge it by <see cref="AcknowledgeBy"/> or it escalates (<see cref="SafeLineCaseEscalated"/>).
/// </summary>
public sealed record SafeLineCaseRaised
{
    public required Guid CaseId { get; init; }
    public required Guid SchoolId { get; init; }
    /// <summary>The school's parent in the unit directory (commune or district office), when known.</summary>
    public Guid? SupervisingUnitId { get; init; }
    /// <summary>The top of the school's chain (the Department), when known.</summary>
    public Guid? DepartmentUnitId { get; init; }
    /// <summary><c>Bullying</c>, <c>Violence</c>, <c>Drugs</c>, <c>Abuse</c>, <c>SelfHarm</c> or <c>Other</c>.</summary>
    public required string Category { get; init; }
    /// <summary><c>High</c> or <c>Normal</c>.</summary>
    public required string Severity { get; init; }
    public required DateTimeOffset AcknowledgeBy { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A high-severity case was not acknowledged in time and went one level up: <see cref="Level"/> 1 is the
/// supervising unit, 2 the Department. <see cref="EscalatedToUnitId"/> is who must now act.
/// </summary>
public sealed record SafeLineCaseEscalated
{
    public required Guid CaseId { get; init; }
    public required Guid SchoolId { get; init; }
    public required Guid EscalatedToUnitId { get; init; }
    public required int Level { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    public required DateTimeOffset AcknowledgeBy { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A handler acknowledged a case (the reporter now sees "đã được tiếp nhận"); alerts about it can be closed.</summary>
public sealed record SafeLineCaseAcknowledged
{
    public required Guid CaseId { get; init; }
    public required Guid SchoolId { get; init; }
    public required string AcknowledgedByUserId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
