namespace Platform.ServiceDefaults;

/// <summary>
/// The local level that supervises preschools, primary and lower-secondary schools, whichever existed on a date:
/// a district education office (Phòng GDĐT) until 30/06/2025, a commune's Culture–Society division (Phòng Văn hóa –
/// Xã hội) since 01/07/2025. Views that group "by area" group by these units, as the work of the date records them.
/// </summary>
public static class LocalEducationAuthority
{
    public const string DistrictEducationOffice = "DistrictEducationOffice";
    public const string CommuneDivision = "CommuneDivision";

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { DistrictEducationOffice, CommuneDivision };

    public static bool Is(string? kind) => kind is not null && Kinds.Contains(kind);
}
