namespace Platform.Tasks.Domain;

/// <summary>Where an assignment is in its lifecycle.</summary>
public enum AssignmentStatus
{
    Assigned,
    /// <summary>Received and read (đã tiếp nhận).</summary>
    Acknowledged,
    InProgress,
    Completed,
    /// <summary>
    /// Closed without being completed (kết thúc, không hoàn thành): its unit was dissolved with no successor to carry
    /// the work on, or the work was closed as history (e.g. at the end of a school year); <see cref="Assignment.ClosedReason"/> says why.
    /// </summary>
    Cancelled,
}

/// <summary>The status set Vietnamese government task tracking reports by (domain README §4).</summary>
public enum TrackingStatus
{
    /// <summary>Hoàn thành đúng hạn.</summary>
    CompletedOnTime,
    /// <summary>Hoàn thành quá hạn.</summary>
    CompletedLate,
    /// <summary>Đang thực hiện trong hạn.</summary>
    InProgressWithinDeadline,
    /// <summary>Quá hạn (chưa hoàn thành).</summary>
    Overdue,
}

/// <summary>How a delegating unit's assignment follows its children.</summary>
public enum CompletionRule
{
    /// <summary>The unit completes it itself; the children are its own follow-up.</summary>
    Manual,
    /// <summary>Completed when every child is.</summary>
    AllChildren,
    /// <summary>Completed when at least a percentage of the children are.</summary>
    Threshold,
}

/// <summary>One task of one document given to one unit (for one period when the task recurs).</summary>
public sealed class Assignment
{
    private Assignment() { }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public Guid TaskId { get; private set; }
    public int TaskNumber { get; private set; }
    public int Occurrence { get; private set; }
    public string? Period { get; private set; }
    /// <summary>The unit that holds it now (successor after a merger).</summary>
    public Guid UnitId { get; private set; }
    /// <summary>The unit it was first given to.</summary>
    public Guid OriginalUnitId { get; private set; }
    /// <summary>The supervising unit's assignment this one was delegated from.</summary>
    public Guid? ParentAssignmentId { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public DateTimeOffset AssignedAt { get; private set; }
    public string AssignedBy { get; private set; } = "";
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public string? CompletedBy { get; private set; }
    public bool? CompletedOnTime { get; private set; }
    public bool CompletedByChildren { get; private set; }
    public int ProgressPercent { get; private set; }
    public bool HasChildren { get; private set; }
    public CompletionRule CompletionRule { get; private set; } = CompletionRule.Manual;
    public int? ThresholdPercent { get; private set; }
    /// <summary>The day it was closed without being completed (<see cref="AssignmentStatus.Cancelled"/>).</summary>
    public DateOnly? ClosedOn { get; private set; }
    /// <summary>Why it was closed without being completed, as shown to users, e.g. "Đơn vị giải thể, không có đơn vị kế thừa".</summary>
    public string? ClosedReason { get; private set; }
    public DateTimeOffset? OverdueAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public Guid? EscalatedToUnitId { get; private set; }
    /// <summary>Optimistic concurrency (PostgreSQL xmin): two acknowledgements racing cannot both win.</summary>
    public uint Version { get; private set; }

    public bool IsOpen => Status is AssignmentStatus.Assigned or AssignmentStatus.Acknowledged or AssignmentStatus.InProgress;

    public static Assignment Create(Guid id, Guid documentId, DocumentTask task, Occurrence occurrence, Guid unitId, Guid? parentId, Actor actor) => new()
    {
        Id = id,
        DocumentId = documentId,
        TaskId = task.Id,
        TaskNumber = task.Number,
        Occurrence = occurrence.Ordinal,
        Period = occurrence.Period,
        UnitId = unitId,
        OriginalUnitId = unitId,
        ParentAssignmentId = parentId,
        DueDate = occurrence.DueDate,
        Status = AssignmentStatus.Assigned,
        AssignedAt = actor.At,
        AssignedBy = actor.UserId,
    };

    /// <summary>A child assignment for one of the units this one is delegated to.</summary>
    public Assignment DelegateTo(Guid id, Guid childUnitId, DateOnly? dueDate, Actor actor) => new()
    {
        Id = id,
        DocumentId = DocumentId,
        TaskId = TaskId,
        TaskNumber = TaskNumber,
        Occurrence = Occurrence,
        Period = Period,
        UnitId = childUnitId,
        OriginalUnitId = childUnitId,
        ParentAssignmentId = Id,
        DueDate = dueDate ?? DueDate,
        Status = AssignmentStatus.Assigned,
        AssignedAt = actor.At,
        AssignedBy = actor.UserId,
    };

    /// <summary>The government status on <paramref name="today"/>; null for a cancelled assignment.</summary>
    public TrackingStatus? Tracking(DateOnly today) => TrackingRules.Status(Status, DueDate, CompletedOnTime, today);

    public void Acknowledge(Actor actor)
    {
        EnsureNotClosed();
        if (Status != AssignmentStatus.Assigned)
        {
            throw new DomainException(
                $"Nhiệm vụ đã được tiếp nhận lúc {AcknowledgedAt:dd/MM/yyyy HH:mm} (UTC); không tiếp nhận lần hai.",
                $"The assignment was already acknowledged at {AcknowledgedAt:yyyy-MM-dd HH:mm} UTC; it cannot be acknowledged twice.");
        }
        Status = AssignmentStatus.Acknowledged;
        AcknowledgedAt = actor.At;
        AcknowledgedBy = actor.UserId;
    }

    public void Start(Actor actor)
    {
        EnsureNotClosed();
        EnsureAcknowledged();
        if (Status == AssignmentStatus.InProgress)
        {
            throw new DomainException("Nhiệm vụ đang được thực hiện.", "The assignment is already in progress.");
        }
        Status = AssignmentStatus.InProgress;
        StartedAt = actor.At;
    }

    public void ReportProgress(int percent, Actor actor)
    {
        EnsureNotClosed();
        EnsureAcknowledged();
        if (percent is < 0 or > 100)
        {
            throw new DomainException("Tỷ lệ hoàn thành phải từ 0 đến 100.", "The percentage must be between 0 and 100.");
        }
        if (Status == AssignmentStatus.Acknowledged)
        {
            Status = AssignmentStatus.InProgress;
            StartedAt = actor.At;
        }
        ProgressPercent = percent;
    }

    public void Complete(DateOnly today, Actor actor)
    {
        EnsureNotClosed();
        EnsureAcknowledged();
        if (HasChildren && CompletionRule != CompletionRule.Manual)
        {
            throw new DomainException(
                "Nhiệm vụ đã giao tiếp cho các đơn vị cấp dưới: trạng thái hoàn thành được tính từ các đơn vị đó.",
                "This assignment was delegated: its completion derives from the units it was delegated to.");
        }
        MarkCompleted(today, actor.At, actor.UserId, byChildren: false);
    }

    /// <summary>Hands the assignment to the units below; its status may follow theirs from now on.</summary>
    public void MarkDelegated(CompletionRule rule, int? thresholdPercent)
    {
        EnsureNotClosed();
        if (rule == CompletionRule.Threshold && thresholdPercent is not (>= 1 and <= 100))
        {
            throw new DomainException("Ngưỡng hoàn thành phải từ 1 đến 100%.", "The completion threshold must be between 1 and 100%.");
        }
        HasChildren = true;
        CompletionRule = rule;
        ThresholdPercent = rule == CompletionRule.Threshold ? thresholdPercent : null;
        if (Status == AssignmentStatus.Acknowledged)
        {
            Status = AssignmentStatus.InProgress;
        }
    }

    /// <summary>
    /// Re-derives progress and completion from the children; returns true when this call completed it.
    /// </summary>
    public bool DeriveFromChildren(IReadOnlyCollection<Assignment> children, DateOnly today, DateTimeOffset now)
    {
        if (!HasChildren || !IsOpen)
        {
            return false;
        }
        var counted = children.Where(c => c.Status != AssignmentStatus.Cancelled).ToList();
        var done = counted.Count(c => c.Status == AssignmentStatus.Completed);
        if (CompletionRule != CompletionRule.Manual)
        {
            ProgressPercent = counted.Count == 0 ? 0 : done * 100 / counted.Count;
        }
        if (!CascadeRules.IsSatisfied(CompletionRule, ThresholdPercent, counted.Count, done))
        {
            return false;
        }
        AcknowledgedAt ??= now;
        MarkCompleted(today, now, null, byChildren: true);
        return true;
    }

    /// <summary>Passes the open assignment to the successor of its dissolved unit.</summary>
    public void TransferTo(Guid successorUnitId)
    {
        EnsureNotClosed();
        UnitId = successorUnitId;
    }

    /// <summary>
    /// Closes the open assignment without completing it, on <paramref name="on"/>, for <paramref name="reason"/>
    /// (shown on it and counted apart on the dashboards); it is no longer tracked, so never overdue.
    /// </summary>
    public void Close(DateOnly on, string reason)
    {
        EnsureNotClosed();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Cần nêu lý do kết thúc nhiệm vụ.", "A reason is required to close the assignment.");
        }
        if (on < DateOnly.FromDateTime(AssignedAt.UtcDateTime).AddDays(-1))
        {
            throw new DomainException($"Ngày kết thúc ({on:dd/MM/yyyy}) không được trước ngày giao ({AssignedAt:dd/MM/yyyy}).",
                $"The closing date ({on:yyyy-MM-dd}) cannot be before the assignment was given ({AssignedAt:yyyy-MM-dd}).");
        }
        Status = AssignmentStatus.Cancelled;
        ClosedOn = on;
        ClosedReason = reason.Trim();
    }

    internal void FlagOverdue(DateTimeOffset now) => OverdueAt ??= now;

    internal void FlagEscalated(Guid? supervisingUnitId, DateTimeOffset now)
    {
        EscalatedAt = now;
        EscalatedToUnitId = supervisingUnitId;
    }

    private void MarkCompleted(DateOnly today, DateTimeOffset now, string? userId, bool byChildren)
    {
        Status = AssignmentStatus.Completed;
        CompletedAt = now;
        CompletedOn = today;
        CompletedBy = userId;
        CompletedByChildren = byChildren;
        CompletedOnTime = TrackingRules.IsOnTime(today, DueDate);
        ProgressPercent = 100;
    }

    private void EnsureNotClosed()
    {
        if (Status == AssignmentStatus.Completed)
        {
            throw new DomainException($"Nhiệm vụ đã hoàn thành ngày {CompletedOn:dd/MM/yyyy}.", $"The assignment was completed on {CompletedOn:yyyy-MM-dd}.");
        }
        if (Status == AssignmentStatus.Cancelled)
        {
            throw new DomainException($"Nhiệm vụ đã kết thúc ngày {ClosedOn:dd/MM/yyyy}: {ClosedReason}.",
                $"The assignment was closed on {ClosedOn:yyyy-MM-dd}: {ClosedReason}.");
        }
    }

    private void EnsureAcknowledged()
    {
        if (Status == AssignmentStatus.Assigned)
        {
            throw new DomainException("Cần tiếp nhận nhiệm vụ trước.", "Acknowledge the assignment first.");
        }
    }
}

/// <summary>The government status rules, without I/O.</summary>
public static class TrackingRules
{
    /// <summary>On time when completed on or before the due date (a local date); always on time without one.</summary>
    public static bool IsOnTime(DateOnly completedOn, DateOnly? dueDate) => dueDate is not { } due || completedOn <= due;

    public static TrackingStatus? Status(AssignmentStatus status, DateOnly? dueDate, bool? completedOnTime, DateOnly today) => status switch
    {
        AssignmentStatus.Cancelled => null,
        AssignmentStatus.Completed => completedOnTime == false ? TrackingStatus.CompletedLate : TrackingStatus.CompletedOnTime,
        _ when dueDate is { } due && today > due => TrackingStatus.Overdue,
        _ => TrackingStatus.InProgressWithinDeadline,
    };
}

/// <summary>When a delegating unit's assignment counts as done by its children.</summary>
public static class CascadeRules
{
    public static bool IsSatisfied(CompletionRule rule, int? thresholdPercent, int children, int completed) => rule switch
    {
        CompletionRule.AllChildren => children > 0 && completed == children,
        CompletionRule.Threshold => children > 0 && completed * 100 >= (thresholdPercent ?? 100) * children,
        _ => false,
    };
}
