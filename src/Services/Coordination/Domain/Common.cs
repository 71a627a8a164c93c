namespace Platform.Coordination.Domain;

/// <summary>A rule of the domain refused the change; the handler answers 422 with the message in the caller's language.</summary>
public sealed class DomainException(string vietnamese, string english) : Exception(english)
{
    public string Vietnamese { get; } = vietnamese;
    public string English { get; } = english;
}

/// <summary>Who did something, from which unit, and when.</summary>
public sealed record Actor(string UserId, Guid UnitId, DateTimeOffset At)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(At, VietnamTime.Zone).DateTime);
}

/// <summary>Unit kinds (as the units service names them) that matter to coordination.</summary>
public static class UnitKinds
{
    public const string Department = "Department";
    public const string DistrictEducationOffice = "DistrictEducationOffice";
    public const string CityPolice = "CityPolice";
    public const string DistrictPolice = "DistrictPolice";
    public const string WardPolice = "WardPolice";
    public const string DistrictPeoplesCommittee = "DistrictPeoplesCommittee";
    public const string WardPeoplesCommittee = "WardPeoplesCommittee";
    /// <summary>Phòng Văn hóa – Xã hội of a commune-level People's Committee: supervises the commune's schools since 01/07/2025.</summary>
    public const string CommuneDivision = "CommuneDivision";
    public const string OtherAgency = "OtherAgency";

    public static readonly IReadOnlyList<string> Police = [CityPolice, DistrictPolice, WardPolice];
    public static readonly IReadOnlyList<string> LocalAuthorities = [DistrictPeoplesCommittee, WardPeoplesCommittee];

    /// <summary>Kinds an outside agency (a party not in the directory) may be declared as.</summary>
    public static readonly IReadOnlyList<string> OutsideAgencyKinds = [.. Police, .. LocalAuthorities, OtherAgency];

    /// <summary>Educational institutions (cơ sở giáo dục) that seed task 3 asks to sign with their local authority.</summary>
    public static readonly IReadOnlyList<string> Schools =
        ["Preschool", "PrimarySchool", "LowerSecondarySchool", "UpperSecondarySchool", "MultiLevelSchool", "ContinuingEducationCentre"];

    public static bool IsPolice(string? kind) => kind is CityPolice or DistrictPolice or WardPolice;

    public static bool IsLocalAuthority(string? kind) => kind is DistrictPeoplesCommittee or WardPeoplesCommittee;
}

/// <summary>Area codes are hierarchical: <c>HP</c> (city) → <c>HP-LECHAN</c> (district) → <c>HP-LECHAN-LAMSON</c> (ward).</summary>
public static class AreaCodes
{
    /// <summary>The district part of an area code (<c>HP-LECHAN</c>), or null above district level.</summary>
    public static string? District(string? areaCode)
    {
        if (string.IsNullOrEmpty(areaCode)) return null;
        var parts = areaCode.Split('-');
        return parts.Length >= 2 ? $"{parts[0]}-{parts[1]}" : null;
    }

    /// <summary>Does <paramref name="outer"/> contain <paramref name="inner"/> (equal, or a prefix at a segment boundary)?</summary>
    public static bool Contains(string? outer, string? inner) =>
        !string.IsNullOrEmpty(outer) && !string.IsNullOrEmpty(inner)
        && (string.Equals(outer, inner, StringComparison.OrdinalIgnoreCase)
            || inner.StartsWith(outer + "-", StringComparison.OrdinalIgnoreCase));
}
