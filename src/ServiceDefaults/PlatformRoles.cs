namespace Platform.ServiceDefaults;

/// <summary>The platform's roles, as carried in the <c>role</c> claims of access tokens.</summary>
public static class PlatformRoles
{
    public const string SystemAdmin = "SystemAdmin";
    /// <summary>Ban Giám đốc Sở: Director, Deputy Directors.</summary>
    public const string DepartmentLeader = "DepartmentLeader";
    /// <summary>Staff of the Department Office (Văn phòng Sở) and divisions.</summary>
    public const string DepartmentOfficer = "DepartmentOfficer";
    /// <summary>
    /// A local education officer: staff of a district education office (Phòng GDĐT) until the district level ended
    /// on 01/07/2025, and since then of a commune's Culture–Society division (Phòng Văn hóa – Xã hội), which manages
    /// the commune's preschools, primary and lower-secondary schools. The role's powers are the same — hand work on
    /// to the schools under the unit, review and approve their reports, consolidate, follow incidents — and its
    /// reach is the unit's subtree, so it follows the organisation. The claim value stays "DistrictOfficer" so that
    /// tokens and stored grants keep their meaning.
    /// </summary>
    public const string DistrictOfficer = "DistrictOfficer";
    /// <summary>Principal or deputy (Hiệu trưởng, Phó Hiệu trưởng).</summary>
    public const string SchoolManager = "SchoolManager";
    public const string SchoolStaff = "SchoolStaff";
    public const string PoliceLiaison = "PoliceLiaison";
    /// <summary>Inspection team (Thanh tra): reads everything in scope, writes nothing.</summary>
    public const string Auditor = "Auditor";
    /// <summary>
    /// The Department's data-protection officer (Law 91/2025/QH15): reviews and verifies the audit trails — who read
    /// which incident, whose names, what was exported, which roles were granted — and reads nothing else.
    /// </summary>
    public const string DataProtectionOfficer = "DataProtectionOfficer";

    public static readonly IReadOnlyList<string> All =
        [SystemAdmin, DepartmentLeader, DepartmentOfficer, DistrictOfficer, SchoolManager, SchoolStaff, PoliceLiaison, Auditor, DataProtectionOfficer];

    /// <summary>Roles whose scope is the whole province, whatever unit the person sits in.</summary>
    public static readonly IReadOnlyList<string> ProvinceWide = [SystemAdmin, DepartmentLeader, DepartmentOfficer, Auditor];
}
