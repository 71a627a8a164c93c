namespace Platform.Tasks.Domain;

/// <summary>One line of an assignment's history: what happened, who did it, and any unit it moved between.</summary>
public sealed class AssignmentHistoryEntry
{
    public Guid Id { get; set; }
    public Guid AssignmentId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary><c>Assigned</c>, <c>Acknowledged</c>, <c>Started</c>, <c>Progress</c>, <c>Completed</c>, <c>Delegated</c>, <c>Transferred</c>, <c>Cancelled</c>, <c>Overdue</c>, <c>Escalated</c>, <c>DueSoon</c>.</summary>
    public required string Kind { get; set; }
    public string? UserId { get; set; }
    public Guid? UnitId { get; set; }
    public Guid? FromUnitId { get; set; }
    public Guid? ToUnitId { get; set; }
    public string? Note { get; set; }

    public static AssignmentHistoryEntry Of(Guid assignmentId, string kind, Actor? actor, DateTimeOffset at, string? note = null,
        Guid? from = null, Guid? to = null) => new()
    {
        Id = Guid.CreateVersion7(at),
        AssignmentId = assignmentId,
        At = at,
        Kind = kind,
        UserId = actor?.UserId,
        UnitId = actor?.UnitId,
        Note = note,
        FromUnitId = from,
        ToUnitId = to,
    };
}

/// <summary>A progress report: text, percentage, evidence files and links (to reports, meetings…).</summary>
public sealed class ProgressUpdate
{
    public Guid Id { get; set; }
    public Guid AssignmentId { get; set; }
    public Guid UnitId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserId { get; set; }
    public required string Text { get; set; }
    public int Percent { get; set; }
    public List<string> Links { get; set; } = [];
    public List<Guid> EvidenceIds { get; set; } = [];
}

public enum QuestionStatus
{
    Open,
    Answered,
}

/// <summary>A unit's question to the Department Office about an assignment (khó khăn, vướng mắc), with its thread.</summary>
public sealed class Question
{
    public Guid Id { get; set; }
    public Guid AssignmentId { get; set; }
    public Guid UnitId { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public required string AskedBy { get; set; }
    public QuestionStatus Status { get; set; }
    public List<QuestionMessage> Messages { get; set; } = [];
}

public sealed class QuestionMessage
{
    public Guid Id { get; set; }
    public Guid QuestionId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserId { get; set; }
    public Guid UnitId { get; set; }
    /// <summary>Written by Department Office staff (an answer) rather than by the asking unit.</summary>
    public bool FromDepartment { get; set; }
    public required string Text { get; set; }
}

/// <summary>The issuer's running number for a year (số văn bản đi), taken row-locked in the issuing transaction.</summary>
public sealed class DocumentNumberCounter
{
    public Guid IssuerUnitId { get; set; }
    public int Year { get; set; }
    public int LastNumber { get; set; }
}

public enum NoticeKind
{
    DueSoon,
    Overdue,
    Escalated,
}

/// <summary>
/// What the follow-up scheduler has sent: one row per assignment, kind and deadline, written in the same
/// transaction as the event, so restarts and replicas never send twice.
/// </summary>
public sealed class FollowUpNotice
{
    public Guid Id { get; set; }
    public Guid AssignmentId { get; set; }
    public NoticeKind Kind { get; set; }
    public DateOnly DueDate { get; set; }
    public Guid? TargetUnitId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
