namespace Platform.Coordination.Domain;

/// <summary>Stored status; <see cref="ProgrammeStatus.Expired"/> is derived from the validity period on read.</summary>
public enum ProgrammeStatus
{
    Draft,
    Signed,
    /// <summary>Signed, but its validity period has ended (never stored).</summary>
    Expired,
    Terminated,
}

/// <summary>What a programme covers (nội dung phối hợp), after seed task 3 and the City Police plans.</summary>
public enum ScopeArea
{
    /// <summary>Tuyên truyền, giáo dục pháp luật phòng, chống ma túy.</summary>
    DrugLegalEducation,
    /// <summary>Trật tự, an toàn giao thông cho học sinh.</summary>
    TrafficSafety,
    /// <summary>Bảo đảm an ninh, an toàn, trật tự trường học.</summary>
    SchoolSecurityAndOrder,
    /// <summary>Phát hiện, đấu tranh, xử lý sử dụng trái phép chất ma túy tại khu vực trường học.</summary>
    DrugUseNearSchools,
    /// <summary>Phòng, chống ngược đãi, bạo lực, xâm hại trẻ em, học sinh.</summary>
    ViolenceAndAbuseAgainstChildren,
}

public enum Recurrence
{
    Once,
    Monthly,
    Quarterly,
    Semiannual,
    Yearly,
}

/// <summary>A coordination programme (chương trình phối hợp) between education units, local authorities and police.</summary>
public sealed class Programme
{
    public const int TitleMax = 500;

    public Guid Id { get; set; }
    public required string Title { get; set; }
    /// <summary>The programme's own number, when it has one (e.g. "15/CTPH-THCSLC-UBND").</summary>
    public string? Reference { get; set; }
    /// <summary>The education-side unit that manages the programme on the platform.</summary>
    public Guid OwnerUnitId { get; set; }
    /// <summary>The tasks service's document that established it (Plan 1002/KHPH-CATP-SGDĐT …).</summary>
    public Guid? EstablishingDocumentId { get; set; }
    public string? EstablishingDocumentNumber { get; set; }
    public DateOnly? EstablishingDocumentDate { get; set; }
    public List<string> ScopeAreas { get; set; } = [];
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public ProgrammeStatus Status { get; set; } = ProgrammeStatus.Draft;
    public DateOnly? SignedOn { get; set; }
    public string? SignedBy { get; set; }
    public DateOnly? TerminatedOn { get; set; }
    public string? TerminationReason { get; set; }
    public List<ProgrammeParty> Parties { get; set; } = [];
    public List<ProgrammeObligation> Obligations { get; set; } = [];
    public ProgrammeSignedCopy? SignedCopy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public Guid CreatedByUnitId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>The status a reader sees on <paramref name="today"/>: a signed programme past its end date is expired.</summary>
    public ProgrammeStatus StatusOn(DateOnly today) =>
        Status == ProgrammeStatus.Signed && ValidTo is { } to && to < today ? ProgrammeStatus.Expired : Status;

    /// <summary>Signed, not terminated, and <paramref name="date"/> within its validity.</summary>
    public bool IsInForceOn(DateOnly date) =>
        Status == ProgrammeStatus.Signed && ValidFrom <= date && (ValidTo is null || date <= ValidTo);

    /// <summary>
    /// In force on <paramref name="date"/> as history tells it: signed, within its validity, and not yet terminated
    /// (a programme terminated later still counts for the dates before its termination).
    /// </summary>
    public bool WasInForceOn(DateOnly date) =>
        Status is ProgrammeStatus.Signed or ProgrammeStatus.Terminated && SignedOn is not null && ValidFrom <= date && (ValidTo is null || date <= ValidTo)
        && (TerminatedOn is null || date < TerminatedOn);

    public bool HasPoliceParty => Parties.Any(p => UnitKinds.IsPolice(p.Kind));

    public void EnsureDraft()
    {
        if (Status != ProgrammeStatus.Draft)
        {
            throw new DomainException(
                $"Chương trình đã ở trạng thái {Status}; chỉ sửa được chương trình còn là dự thảo.",
                $"The programme is {Status}; only a draft can be edited.");
        }
    }

    public void Sign(DateOnly signedOn, Actor actor)
    {
        if (Status != ProgrammeStatus.Draft)
        {
            throw new DomainException($"Chương trình đã ở trạng thái {Status}, không ký lại được.", $"The programme is {Status} and cannot be signed again.");
        }
        if (Parties.Count < 2)
        {
            throw new DomainException("Chương trình phối hợp cần ít nhất hai bên tham gia.", "A coordination programme needs at least two parties.");
        }
        if (signedOn > actor.Today)
        {
            throw new DomainException("Ngày ký không được sau ngày hôm nay.", "The signing date cannot be in the future.");
        }
        if (ValidTo is { } to && to < signedOn)
        {
            throw new DomainException("Chương trình đã hết hiệu lực trước ngày ký.", "The programme's validity ends before the signing date.");
        }
        Status = ProgrammeStatus.Signed;
        SignedOn = signedOn;
        SignedBy = actor.UserId;
        Touch(actor);
    }

    public void Terminate(DateOnly on, string reason, Actor actor)
    {
        if (StatusOn(actor.Today) != ProgrammeStatus.Signed)
        {
            throw new DomainException(
                $"Chỉ chấm dứt được chương trình đã ký và còn hiệu lực (hiện: {StatusOn(actor.Today)}).",
                $"Only a signed programme still in force can be terminated (it is {StatusOn(actor.Today)}).");
        }
        if (on < SignedOn)
        {
            throw new DomainException("Ngày chấm dứt không được trước ngày ký.", "The termination date cannot be before the signing date.");
        }
        Status = ProgrammeStatus.Terminated;
        TerminatedOn = on;
        TerminationReason = reason;
        Touch(actor);
    }

    /// <summary>
    /// A party stopped existing on <paramref name="on"/> (giải thể, sáp nhập): a signed programme still running then
    /// ends that day with the reason shown — its successor signs its own programme; a draft takes the successor in
    /// the party's place (or drops the party when there is none). History stays true: the signed parties are kept.
    /// </summary>
    /// <returns>True when the programme changed.</returns>
    public bool PartyDissolved(Guid unitId, DateOnly on, ProgrammeParty? successor, string reason, Actor actor)
    {
        var party = Parties.FirstOrDefault(p => p.UnitId == unitId);
        if (party is null) return false;
        if (Status == ProgrammeStatus.Draft)
        {
            Parties.Remove(party);
            if (successor is not null && Parties.All(p => p.UnitId != successor.UnitId))
            {
                successor.ProgrammeId = Id;
                Parties.Add(successor);
            }
            Touch(actor);
            return true;
        }
        if (Status != ProgrammeStatus.Signed || ValidTo is { } to && to < on) return false;
        Status = ProgrammeStatus.Terminated;
        TerminatedOn = SignedOn is { } signed && signed > on ? signed : on;
        TerminationReason = reason.Length > 1000 ? reason[..1000] : reason;
        Touch(actor);
        return true;
    }

    public void Touch(Actor actor)
    {
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
    }
}

/// <summary>A party to a programme: a unit of the directory (<see cref="UnitId"/> set) or an outside agency.</summary>
public sealed class ProgrammeParty
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid? UnitId { get; set; }
    /// <summary>The unit's name when added, or the outside agency's name.</summary>
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public string? AreaCode { get; set; }
}

/// <summary>A recurring activity a programme obliges a unit to carry out; each occurrence can become a task.</summary>
public sealed class ProgrammeObligation
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public required string Title { get; set; }
    public Recurrence Recurrence { get; set; }
    public Guid ResponsibleUnitId { get; set; }
    public DateOnly FirstDueDate { get; set; }
    /// <summary>Publish <c>ProgrammeObligationDue</c> ahead of each occurrence, for the tasks service.</summary>
    public bool CreatesTasks { get; set; }

    /// <summary>Due dates from <see cref="FirstDueDate"/> on, stepping by the recurrence, up to <paramref name="until"/>.</summary>
    public IEnumerable<DateOnly> DueDates(DateOnly until)
    {
        var step = Recurrence switch
        {
            Recurrence.Monthly => 1,
            Recurrence.Quarterly => 3,
            Recurrence.Semiannual => 6,
            Recurrence.Yearly => 12,
            _ => 0,
        };
        for (var i = 0; ; i++)
        {
            var due = FirstDueDate.AddMonths(step * i);
            if (due > until) yield break;
            yield return due;
            if (step == 0) yield break;
        }
    }
}

/// <summary>The scanned signed copy of a programme; the bytes are kept apart in <see cref="ProgrammeSignedCopyContent"/>.</summary>
public sealed class ProgrammeSignedCopy
{
    public Guid ProgrammeId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}

public sealed class ProgrammeSignedCopyContent
{
    public Guid ProgrammeId { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>An obligation occurrence already announced; its key makes the announcement happen once.</summary>
public sealed class ObligationOccurrence
{
    public Guid ObligationId { get; set; }
    public DateOnly DueDate { get; set; }
    public Guid ProgrammeId { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>Signed copies are checked by their content (magic bytes), not only their name.</summary>
public static class SignedCopyFiles
{
    public sealed record FileType(string Name, string ContentType, string[] Extensions);

    public static readonly FileType Pdf = new("PDF", "application/pdf", [".pdf"]);
    public static readonly FileType Png = new("PNG", "image/png", [".png"]);
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly IReadOnlyList<FileType> Allowed = [Pdf, Png, Jpeg];

    public static string AllowedList => string.Join(", ", Allowed.Select(a => a.Name));

    public static FileType? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8)) return Pdf;
        if (content.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (content.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return Jpeg;
        return null;
    }
}
