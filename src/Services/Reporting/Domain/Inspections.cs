using Platform.Contracts.Reporting;

namespace Platform.Reporting.Domain;

public enum InspectionKind
{
    /// <summary>Kiểm tra theo kế hoạch.</summary>
    Planned,
    /// <summary>Kiểm tra đột xuất.</summary>
    Unannounced,
}

public enum InspectionStatus
{
    Planned,
    Completed,
}

public enum ChecklistResult
{
    Met,
    NotMet,
    NotApplicable,
}

public enum FindingSeverity
{
    Minor,
    Major,
    Critical,
}

/// <summary>An inspection visit to a unit with its checklist and findings.</summary>
public sealed class Inspection
{
    public Guid Id { get; set; }
    public Guid InspectedUnitId { get; set; }
    public List<Guid> InspectedChain { get; set; } = [];
    public Guid InspectingUnitId { get; set; }
    public InspectionKind Kind { get; set; }
    public required string Subject { get; set; }
    public DateOnly ScheduledOn { get; set; }
    public InspectionStatus Status { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? Conclusion { get; set; }
    public List<ChecklistItem> Checklist { get; set; } = [];
    public List<InspectionFinding> Findings { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public void RecordChecklist(IReadOnlyList<(int Index, ChecklistResult Result, string? Note)> results)
    {
        EnsureOpen();
        foreach (var (index, result, note) in results)
        {
            if (index < 0 || index >= Checklist.Count)
            {
                throw new DomainException($"Danh mục kiểm tra không có mục số {index}.", $"The checklist has no item {index}.");
            }
            Checklist[index].Result = result;
            Checklist[index].Note = note;
        }
    }

    public InspectionFindingRaised AddFinding(InspectionFinding finding, DateTimeOffset at)
    {
        EnsureOpen();
        finding.InspectionId = Id;
        Findings.Add(finding);
        return new InspectionFindingRaised
        {
            FindingId = finding.Id,
            InspectionId = Id,
            InspectedUnitId = InspectedUnitId,
            InspectingUnitId = InspectingUnitId,
            Description = finding.Description,
            Severity = finding.Severity.ToString(),
            CorrectiveAction = finding.CorrectiveAction,
            CorrectiveActionDueDate = finding.DueDate,
            OccurredAt = at,
        };
    }

    public void Complete(DateOnly on, string? conclusion)
    {
        EnsureOpen();
        if (Checklist.Any(c => c.Result is null))
        {
            throw new DomainException("Còn mục kiểm tra chưa có kết quả.", "Some checklist items have no result yet.");
        }
        Status = InspectionStatus.Completed;
        CompletedOn = on;
        Conclusion = conclusion;
    }

    private void EnsureOpen()
    {
        if (Status == InspectionStatus.Completed)
        {
            throw new ReportStateException("Cuộc kiểm tra đã kết thúc; không sửa được nữa.", "The inspection is completed and can no longer change.");
        }
    }
}

public sealed class ChecklistItem
{
    public required string Text { get; set; }
    public ChecklistResult? Result { get; set; }
    public string? Note { get; set; }
}

public sealed class InspectionFinding
{
    public Guid Id { get; set; }
    public Guid InspectionId { get; set; }
    public required string Description { get; set; }
    public FindingSeverity Severity { get; set; }
    public string? CorrectiveAction { get; set; }
    public DateOnly? DueDate { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
}
