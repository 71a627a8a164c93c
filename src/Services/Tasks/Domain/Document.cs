using System.Globalization;
using Platform.ServiceDefaults;

namespace Platform.Tasks.Domain;

/// <summary>Loại văn bản.</summary>
public enum DocumentKind
{
    /// <summary>Chỉ thị.</summary>
    Directive,
    /// <summary>Kế hoạch.</summary>
    Plan,
    /// <summary>Kế hoạch phối hợp (liên ngành).</summary>
    CoordinationPlan,
    /// <summary>Công văn.</summary>
    Dispatch,
    /// <summary>Quyết định.</summary>
    Decision,
    /// <summary>Báo cáo.</summary>
    Report,
}

/// <summary>
/// How the signer signs (Decree 30/2020/NĐ-CP): <c>KT.</c> for the head (ký thay), <c>TL.</c> by order
/// of (thừa lệnh), <c>TM.</c> on behalf of a collective (thay mặt), or the head signing in person.
/// </summary>
public enum SigningAuthority
{
    None,
    KT,
    TL,
    TM,
}

public enum DocumentStatus
{
    Draft,
    Issued,
}

/// <summary>
/// A directive document (văn bản chỉ đạo): the number and symbol, who issued and signed it, its subject
/// ("V/v …"), body, numbered tasks, addressees (nơi nhận) and the documents it implements (căn cứ).
/// </summary>
public sealed class Document
{
    private Document() { }

    public Guid Id { get; private set; }
    public DocumentKind Kind { get; private set; }
    public DocumentStatus Status { get; private set; }
    /// <summary>Số; assigned from the issuer's yearly counter at issue unless registered with one.</summary>
    public int? Number { get; private set; }
    /// <summary>Ký hiệu, e.g. <c>KH-SGDĐT</c>, <c>SGDĐT-VP</c>.</summary>
    public string Symbol { get; private set; } = "";
    public DateOnly? IssueDate { get; private set; }
    /// <summary>Null for an issuer outside the platform's organisation (e.g. Thủ tướng Chính phủ).</summary>
    public Guid? IssuerUnitId { get; private set; }
    public string IssuerName { get; private set; } = "";
    public string? SignerName { get; private set; }
    public string? SignerPosition { get; private set; }
    public SigningAuthority SigningAuthority { get; private set; }
    /// <summary>Trích yếu, starting "V/v" for a dispatch.</summary>
    public string Subject { get; private set; } = "";
    public string? Body { get; private set; }
    /// <summary>Where it was issued, e.g. "Hải Phòng".</summary>
    public string? Place { get; private set; }
    public List<DocumentTask> Tasks { get; private set; } = [];
    public List<DocumentAddressee> Addressees { get; private set; } = [];
    public List<DocumentCopyRecipient> CopyTo { get; private set; } = [];
    public List<Guid> LegalBasisIds { get; private set; } = [];
    /// <summary>The words of the kind, number, symbol, year, subject and issuer, folded for search (<see cref="DocumentSearch"/>).</summary>
    public string SearchText { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public Guid CreatedByUnitId { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    public string? IssuedBy { get; private set; }
    /// <summary>
    /// Set on a document recorded from another service's work rather than drafted here, e.g.
    /// <c>meeting:{MeetingId}</c> for a briefing meeting's conclusions; unique.
    /// </summary>
    public string? SourceKey { get; private set; }

    /// <summary>Source key prefix of the recorded conclusions of a briefing meeting (coordination service).</summary>
    public const string MeetingSourcePrefix = "meeting:";
    /// <summary>Source key prefix of the recorded obligations of a coordination programme (coordination service).</summary>
    public const string ProgrammeSourcePrefix = "programme:";

    public bool IsIssued => Status == DocumentStatus.Issued;

    public string NumberAndSymbol => Number is { } n ? $"{n.ToString(CultureInfo.InvariantCulture)}/{Symbol}" : $"…/{Symbol}";

    public static Document Draft(Guid id, DocumentKind kind, int? number, string symbol, DateOnly? issueDate, Guid? issuerUnitId, string issuerName,
        string? signerName, string? signerPosition, SigningAuthority authority, string subject, string? body, string? place,
        IEnumerable<DocumentTask> tasks, IEnumerable<DocumentAddressee> addressees, IEnumerable<DocumentCopyRecipient> copyTo,
        IEnumerable<Guid> legalBasis, Actor actor)
    {
        var document = new Document
        {
            Id = id,
            Kind = kind,
            Status = DocumentStatus.Draft,
            Number = number,
            Symbol = symbol,
            IssueDate = issueDate,
            IssuerUnitId = issuerUnitId,
            IssuerName = issuerName,
            SignerName = signerName,
            SignerPosition = signerPosition,
            SigningAuthority = authority,
            Subject = subject,
            Body = body,
            Place = place,
            LegalBasisIds = legalBasis.Distinct().ToList(),
            CreatedAt = actor.At,
            CreatedBy = actor.UserId,
            CreatedByUnitId = actor.UnitId,
        };
        document.RefreshSearchText();
        foreach (var task in tasks)
        {
            task.DocumentId = id;
            document.Tasks.Add(task);
        }
        foreach (var addressee in addressees)
        {
            addressee.DocumentId = id;
            addressee.Position = document.Addressees.Count + 1;
            document.Addressees.Add(addressee);
        }
        foreach (var copy in copyTo)
        {
            copy.DocumentId = id;
            copy.Position = document.CopyTo.Count + 1;
            document.CopyTo.Add(copy);
        }
        return document;
    }

    /// <summary>Marks the document issued with its number and date; its tasks' deadlines are fixed now.</summary>
    public void Issue(int number, DateOnly issueDate, HolidayCalendar calendar, Actor actor)
    {
        if (IsIssued)
        {
            throw new DomainException($"Văn bản {NumberAndSymbol} đã được ban hành.", $"Document {NumberAndSymbol} has already been issued.");
        }
        foreach (var task in Tasks)
        {
            task.FixSchedule(issueDate, calendar);
        }
        Number = number;
        IssueDate = issueDate;
        Status = DocumentStatus.Issued;
        IssuedAt = actor.At;
        IssuedBy = actor.UserId;
        RefreshSearchText();
    }

    /// <summary>
    /// A document that records work decided elsewhere (a briefing meeting's conclusions, a coordination
    /// programme's obligations): in force from <paramref name="date"/>, without a number of its own (it must not
    /// take a number from the issuer's register of outgoing documents); its tasks arrive one by one.
    /// </summary>
    public static Document Recorded(Guid id, DocumentKind kind, string symbol, DateOnly date, Guid? issuerUnitId, string issuerName,
        string subject, IEnumerable<Guid> legalBasis, string sourceKey, Actor actor)
    {
        var document = Draft(id, kind, null, symbol, date, issuerUnitId, issuerName, null, null, SigningAuthority.None, subject, null, null,
            [], [], [], legalBasis, actor);
        document.SourceKey = sourceKey;
        document.Status = DocumentStatus.Issued;
        document.IssuedAt = actor.At;
        document.IssuedBy = actor.UserId;
        return document;
    }

    /// <summary>
    /// Adds a one-off task to a recorded document, due on <paramref name="dueDate"/>, and the unit to its
    /// addressees; <paramref name="sourceKey"/> names what the task came from (unique).
    /// </summary>
    public DocumentTask AddRecordedTask(Guid taskId, int number, string text, DateOnly dueDate, string sourceKey, Guid unitId, string? unitName,
        out DocumentAddressee? newAddressee)
    {
        if (SourceKey is null)
        {
            throw new DomainException($"Văn bản {NumberAndSymbol} không phải văn bản ghi nhận từ nguồn khác.", $"Document {NumberAndSymbol} is not a recorded document.");
        }
        if (Tasks.Any(t => t.Number == number))
        {
            number = Tasks.Max(t => t.Number) + 1;
        }
        var task = new DocumentTask
        {
            Id = taskId,
            DocumentId = Id,
            Number = number,
            Text = text,
            Kind = TaskKind.OneOff,
            Deadline = dueDate,
            DueDate = dueDate,
            SourceKey = sourceKey,
        };
        Tasks.Add(task);
        newAddressee = null;
        if (!Addressees.Any(a => a.UnitId == unitId))
        {
            newAddressee = new DocumentAddressee
            {
                Id = Guid.CreateVersion7(IssuedAt ?? CreatedAt),
                DocumentId = Id,
                Position = Addressees.Count + 1,
                UnitId = unitId,
                Label = unitName,
                ResolvedUnitCount = 1,
            };
            Addressees.Add(newAddressee);
        }
        return task;
    }

    private void RefreshSearchText() => SearchText = DocumentSearch.Build(Kind, Number, Symbol, IssueDate, Subject, IssuerName);
}

/// <summary>A line of "Kính gửi": a recipient group (resolved on the issue date) or a single unit.</summary>
public sealed class DocumentAddressee
{
    public Guid Id { get; set; }
    public Guid DocumentId { get; set; }
    /// <summary>Order of the line on the document.</summary>
    public int Position { get; set; }
    /// <summary>Exactly one of <see cref="GroupId"/> and <see cref="UnitId"/> is set.</summary>
    public Guid? GroupId { get; set; }
    public Guid? UnitId { get; set; }
    /// <summary>The group's or unit's name when the document was issued, e.g. "Trưởng phòng GDĐT quận, huyện".</summary>
    public string? Label { get; set; }
    /// <summary>How many units the line resolved to at issue.</summary>
    public int? ResolvedUnitCount { get; set; }
}

/// <summary>A line of "Nơi nhận" beyond the addressees: copy for information or coordination.</summary>
public sealed class DocumentCopyRecipient
{
    public Guid Id { get; set; }
    public Guid DocumentId { get; set; }
    /// <summary>Order of the line on the document.</summary>
    public int Position { get; set; }
    public Guid? UnitId { get; set; }
    public required string Name { get; set; }
    /// <summary>e.g. "để p/h" (for coordination), "để b/c" (to report), "Lưu: VT".</summary>
    public string? Purpose { get; set; }
}
