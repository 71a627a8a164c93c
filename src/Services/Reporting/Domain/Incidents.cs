using System.Security.Cryptography;
using Platform.Contracts.Reporting;

namespace Platform.Reporting.Domain;

public enum IncidentCategory
{
    /// <summary>Bạo lực học đường.</summary>
    SchoolViolence,
    /// <summary>Sử dụng, mua bán ma túy gần trường.</summary>
    Drugs,
    /// <summary>Xâm hại trẻ em.</summary>
    ChildAbuse,
    /// <summary>Tai nạn giao thông.</summary>
    TrafficAccident,
    /// <summary>Tệ nạn xã hội khác.</summary>
    OtherSocialEvil,
}

public enum InvolvementRole
{
    Victim,
    Perpetrator,
    Witness,
    Other,
}

/// <summary>
/// An incident a school reports at once (báo cáo vụ việc). People involved are kept without names here;
/// names and identifiers of pupils, who are minors, sit in <see cref="IncidentIdentity"/>, a separate
/// table only the reporting school's managers (and the Department's leaders for life-safety cases) read.
/// </summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public Guid ReportingUnitId { get; set; }
    /// <summary>The reporting unit's supervising units when reported, nearest first: who may read it.</summary>
    public List<Guid> Chain { get; set; } = [];
    public IncidentCategory Category { get; set; }
    public bool IsLifeSafety { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The local date of <see cref="OccurredAt"/>, for period counts.</summary>
    public DateOnly OccurredOn { get; set; }
    public required string Place { get; set; }
    public required string Description { get; set; }
    public string? ActionsTaken { get; set; }
    public int PupilsInvolved { get; set; }
    public int OthersInvolved { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public List<IncidentPerson> People { get; set; } = [];

    public IncidentReported ToEvent() => new()
    {
        IncidentId = Id,
        ReportingUnitId = ReportingUnitId,
        SupervisingUnitIds = Chain,
        Category = Category.ToString(),
        IsLifeSafety = IsLifeSafety,
        OccurredAt = OccurredAt,
        Place = Place,
        // Description and ActionsTaken stay here: the school's narrative never crosses the bus.
        PupilsInvolved = PupilsInvolved,
        OthersInvolved = OthersInvolved,
        People = People.OrderBy(p => p.Ordinal).Select(p => new Contracts.Reporting.IncidentPerson
        {
            PseudonymousId = p.PseudonymousId,
            Role = p.Role.ToString(),
            IsPupil = p.IsPupil,
            AgeBand = p.AgeBand,
        }).ToList(),
        ReportedAt = ReportedAt,
    };

    /// <summary>Age bands used instead of ages or birth dates.</summary>
    public static string AgeBandOf(int? age) => age switch
    {
        null => "unknown",
        < 6 => "under-6",
        <= 10 => "6-10",
        <= 14 => "11-14",
        <= 17 => "15-17",
        _ => "18+",
    };

    /// <summary>A random pseudonym (not derived from any identifier, so it cannot be reversed).</summary>
    public static string NewPseudonym(bool isPupil) =>
        $"{(isPupil ? "HS" : "NL")}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
}

/// <summary>A person involved, as the rest of the platform may see them.</summary>
public sealed class IncidentPerson
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public int Ordinal { get; set; }
    public required string PseudonymousId { get; set; }
    public InvolvementRole Role { get; set; }
    public bool IsPupil { get; set; }
    public required string AgeBand { get; set; }
}

/// <summary>Who a person is: stored apart, read only by those <c>IncidentPrivacy</c> allows, every read recorded.</summary>
public sealed class IncidentIdentity
{
    public Guid PersonId { get; set; }
    public Guid IncidentId { get; set; }
    public required string FullName { get; set; }
    /// <summary>Mã học sinh (pupil code) or another identifier.</summary>
    public string? Identifier { get; set; }
    public string? ClassName { get; set; }
}

/// <summary>A read of pupils' names, for accountability.</summary>
public sealed class IdentityDisclosure
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public required string UserId { get; set; }
    public Guid UnitId { get; set; }
    public required string Roles { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// An incident shared with a police unit through a referral (coordination's <c>IncidentReferredToPolice</c>): the
/// liaisons of that unit, and of the police units above it, may read what the referral shared — category, severity,
/// time, place, school, pseudonymous people and age bands — never the school's narrative or the names.
/// </summary>
public sealed class IncidentPoliceShare
{
    public Guid ReferralId { get; set; }
    public Guid IncidentId { get; set; }
    public Guid PoliceUnitId { get; set; }
    public DateTimeOffset SharedAt { get; set; }
}
