using Platform.Tasks.Domain;

namespace Platform.Tasks.Apis;

public sealed record CreateDocumentRequest(
    string? Kind,
    int? Number,
    string? Symbol,
    DateOnly? IssueDate,
    Guid? IssuerUnitId,
    string? IssuerName,
    string? SignerName,
    string? SignerPosition,
    string? SigningAuthority,
    string? Subject,
    string? Body,
    string? Place,
    IReadOnlyList<TaskRequest>? Tasks,
    IReadOnlyList<AddresseeRequest>? Addressees,
    IReadOnlyList<CopyRecipientRequest>? CopyTo,
    IReadOnlyList<Guid>? LegalBasis);

public sealed record TaskRequest(
    int? Number,
    string? Text,
    string? Kind,
    DateOnly? Deadline,
    int? DeadlineWorkingDays,
    string? Period,
    DateOnly? RepeatUntil,
    int? DueDay,
    string? ExpectedEvidence);

/// <summary>Exactly one of <c>groupId</c> (a recipient group of the units service) and <c>unitId</c>.</summary>
public sealed record AddresseeRequest(Guid? GroupId, Guid? UnitId, string? Label);

public sealed record CopyRecipientRequest(Guid? UnitId, string? Name, string? Purpose);

public sealed record DocumentSummary(Guid Id, string Kind, string Status, string NumberAndSymbol, DateOnly? IssueDate, string IssuerName, string Subject)
{
    public static DocumentSummary From(Document d) =>
        new(d.Id, d.Kind.ToString(), d.Status.ToString(), d.NumberAndSymbol, d.IssueDate, d.IssuerName, d.Subject);
}

public sealed record TaskResponse(Guid Id, int Number, string Text, string Kind, DateOnly? Deadline, int? DeadlineWorkingDays,
    string? Period, DateOnly? RepeatUntil, int? DueDay, string? ExpectedEvidence, DateOnly? DueDate,
    bool DeadlineProvisional, string? DeadlineWarning)
{
    public static TaskResponse From(DocumentTask t) => new(t.Id, t.Number, t.Text, t.Kind.ToString(), t.Deadline, t.DeadlineWorkingDays,
        t.Period?.ToString(), t.RepeatUntil, t.DueDay, t.ExpectedEvidence, t.DueDate,
        t.DeadlineProvisional, t.DeadlineProvisional ? HolidaysApi.ProvisionalDeadlineWarning() : null);
}

public sealed record AddresseeResponse(Guid? GroupId, Guid? UnitId, string? Label, int? ResolvedUnitCount);

public sealed record CopyRecipientResponse(Guid? UnitId, string Name, string? Purpose);

public sealed record AttachmentResponse(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    public static AttachmentResponse From(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt);
}

public sealed record DocumentResponse(
    Guid Id,
    string Kind,
    string Status,
    int? Number,
    string Symbol,
    string NumberAndSymbol,
    DateOnly? IssueDate,
    Guid? IssuerUnitId,
    string IssuerName,
    string? SignerName,
    string? SignerPosition,
    string SigningAuthority,
    string Subject,
    string? Body,
    string? Place,
    IReadOnlyList<TaskResponse> Tasks,
    IReadOnlyList<AddresseeResponse> Addressees,
    IReadOnlyList<CopyRecipientResponse> CopyTo,
    IReadOnlyList<DocumentSummary> LegalBasis,
    IReadOnlyList<AttachmentResponse> Attachments,
    DateTimeOffset CreatedAt,
    DateTimeOffset? IssuedAt,
    int AssignmentCount)
{
    public static DocumentResponse From(Document d, IReadOnlyList<DocumentSummary> legalBasis, IReadOnlyList<Attachment> attachments, int assignmentCount) => new(
        d.Id, d.Kind.ToString(), d.Status.ToString(), d.Number, d.Symbol, d.NumberAndSymbol, d.IssueDate, d.IssuerUnitId, d.IssuerName,
        d.SignerName, d.SignerPosition, d.SigningAuthority.ToString(), d.Subject, d.Body, d.Place,
        d.Tasks.OrderBy(t => t.Number).Select(TaskResponse.From).ToList(),
        d.Addressees.OrderBy(a => a.Position).Select(a => new AddresseeResponse(a.GroupId, a.UnitId, a.Label, a.ResolvedUnitCount)).ToList(),
        d.CopyTo.OrderBy(c => c.Position).Select(c => new CopyRecipientResponse(c.UnitId, c.Name, c.Purpose)).ToList(),
        legalBasis, attachments.Select(AttachmentResponse.From).ToList(), d.CreatedAt, d.IssuedAt, assignmentCount);
}

public sealed record IssueResponse(DocumentResponse Document, int UnitCount, int AssignmentCount, long ElapsedMilliseconds);

public sealed class DocumentListQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    /// <summary>
    /// Words of the number, symbol, kind, year, subject or issuer, in any order, with or without diacritics or
    /// leading zeros: "chi thi 02", "2/ct-ttg", "ct-ttg 2024".
    /// </summary>
    public string? Q { get; init; }
    /// <summary>The same as <see cref="Q"/>; both given, both apply.</summary>
    public string? Search { get; init; }
    /// <summary>
    /// Also list the documents recorded from the coordination service (programme obligations, briefing meeting
    /// conclusions); by default the register lists official documents only.
    /// </summary>
    public bool? IncludeCoordination { get; init; }
    public string? Kind { get; init; }
    /// <summary><c>Draft</c> or <c>Issued</c>.</summary>
    public string? Status { get; init; }
    public int? Year { get; init; }
    /// <summary><c>-issueDate</c> (default), <c>issueDate</c>, <c>-createdAt</c>.</summary>
    public string? Sort { get; init; }
}

public sealed record ProgressRequest(string? Text, int? Percent, IReadOnlyList<Guid>? EvidenceIds, IReadOnlyList<string>? Links);

public sealed record CompleteRequest(string? Note);

public sealed record DelegateRequest(IReadOnlyList<Guid>? UnitIds, bool? AllChildren, string? CompletionRule, int? ThresholdPercent, DateOnly? DueDate);

public sealed record QuestionRequest(string? Text);

public sealed record AssignmentSummary(
    Guid Id, Guid DocumentId, string DocumentNumber, Guid TaskId, int TaskNumber, int Occurrence, string? Period,
    Guid UnitId, string? UnitName, Guid? ParentAssignmentId, DateOnly? DueDate, string Status, string? Tracking,
    int ProgressPercent, DateTimeOffset? AcknowledgedAt, DateOnly? CompletedOn, bool HasChildren,
    DateOnly? ClosedOn = null, string? ClosedReason = null);

public sealed record ProgressResponse(Guid Id, DateTimeOffset At, string UserId, string Text, int Percent, IReadOnlyList<string> Links, IReadOnlyList<Guid> EvidenceIds)
{
    public static ProgressResponse From(ProgressUpdate p) => new(p.Id, p.At, p.UserId, p.Text, p.Percent, p.Links, p.EvidenceIds);
}

public sealed record HistoryResponse(DateTimeOffset At, string Kind, string? UserId, Guid? UnitId, Guid? FromUnitId, Guid? ToUnitId, string? Note);

public sealed record AssignmentResponse(
    AssignmentSummary Assignment,
    DocumentSummary Document,
    TaskResponse Task,
    Guid OriginalUnitId,
    string? AcknowledgedBy,
    DateTimeOffset? StartedAt,
    string? CompletedBy,
    bool? CompletedOnTime,
    bool CompletedByChildren,
    string CompletionRule,
    int? ThresholdPercent,
    DateTimeOffset? OverdueAt,
    DateTimeOffset? EscalatedAt,
    Guid? EscalatedToUnitId,
    IReadOnlyList<AssignmentSummary> Children,
    IReadOnlyList<ProgressResponse> Progress,
    IReadOnlyList<AttachmentResponse> Evidence,
    IReadOnlyList<HistoryResponse> History);

public sealed class AssignmentListQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    public Guid? DocumentId { get; init; }
    public int? TaskNumber { get; init; }
    /// <summary>Only this unit's (within scope).</summary>
    public Guid? UnitId { get; init; }
    /// <summary>Only the caller's own unit's.</summary>
    public bool? Mine { get; init; }
    /// <summary><c>Assigned</c>, <c>Acknowledged</c>, <c>InProgress</c>, <c>Completed</c>, <c>Cancelled</c>.</summary>
    public string? Status { get; init; }
    /// <summary><c>CompletedOnTime</c>, <c>CompletedLate</c>, <c>InProgressWithinDeadline</c>, <c>Overdue</c>.</summary>
    public string? Tracking { get; init; }
    /// <summary><c>dueDate</c> (default), <c>-dueDate</c>, <c>assignedAt</c>, <c>-assignedAt</c>.</summary>
    public string? Sort { get; init; }
}

public sealed record QuestionMessageResponse(Guid Id, DateTimeOffset At, string UserId, Guid UnitId, bool FromDepartment, string Text);

public sealed record QuestionResponse(Guid Id, Guid AssignmentId, Guid UnitId, DateTimeOffset AskedAt, string AskedBy, string Status,
    IReadOnlyList<QuestionMessageResponse> Messages)
{
    public static QuestionResponse From(Question q) => new(q.Id, q.AssignmentId, q.UnitId, q.AskedAt, q.AskedBy, q.Status.ToString(),
        q.Messages.OrderBy(m => m.At).Select(m => new QuestionMessageResponse(m.Id, m.At, m.UserId, m.UnitId, m.FromDepartment, m.Text)).ToList());
}
