using System.Security.Claims;
using Platform.ServiceDefaults;

namespace Platform.Web.Auth;

/// <summary>Which parts of the client a role reaches; the APIs check every call again.</summary>
public static class WebRoles
{
    /// <summary>Fill in and submit their unit's reports.</summary>
    public const string ReportFillers = $"{PlatformRoles.SchoolManager},{PlatformRoles.SchoolStaff},{PlatformRoles.DistrictOfficer},{PlatformRoles.DepartmentOfficer}";

    /// <summary>Review (return/approve) the reports of the units they supervise.</summary>
    public const string ReportReviewers = $"{PlatformRoles.DistrictOfficer},{PlatformRoles.DepartmentOfficer},{PlatformRoles.DepartmentLeader},{PlatformRoles.SystemAdmin}";

    /// <summary>See the dashboards, consolidation and completeness of the units below them.</summary>
    public const string Supervisors = $"{PlatformRoles.DistrictOfficer},{PlatformRoles.DepartmentOfficer},{PlatformRoles.DepartmentLeader},{PlatformRoles.SystemAdmin},{PlatformRoles.Auditor}";

    /// <summary>Work with documents and assignments (police liaisons do not).</summary>
    public const string Education = $"{PlatformRoles.SystemAdmin},{PlatformRoles.DepartmentLeader},{PlatformRoles.DepartmentOfficer},{PlatformRoles.DistrictOfficer},{PlatformRoles.SchoolManager},{PlatformRoles.SchoolStaff},{PlatformRoles.Auditor}";

    /// <summary>Report incidents from a school or district.</summary>
    public const string IncidentReporters = $"{PlatformRoles.SchoolManager},{PlatformRoles.SchoolStaff},{PlatformRoles.DistrictOfficer}";

    /// <summary>Review, export and verify the audit trails: the data-protection officer, who reads nothing else.</summary>
    public const string AuditReviewers = PlatformRoles.DataProtectionOfficer;

    /// <summary>
    /// Everyone who works with the platform's content (meetings, programmes, units, notifications, incidents): every role
    /// but the data-protection officer.
    /// </summary>
    public const string ContentUsers = $"{PlatformRoles.SystemAdmin},{PlatformRoles.DepartmentLeader},{PlatformRoles.DepartmentOfficer},{PlatformRoles.DistrictOfficer},{PlatformRoles.SchoolManager},{PlatformRoles.SchoolStaff},{PlatformRoles.PoliceLiaison},{PlatformRoles.Auditor}";

    /// <summary>Handle the safe line's anonymous reports: a school's managers and the staff they name; supervisors once a case escalates.</summary>
    public const string SafeLineHandlers = $"{PlatformRoles.SchoolManager},{PlatformRoles.SchoolStaff},{PlatformRoles.DistrictOfficer},{PlatformRoles.DepartmentOfficer},{PlatformRoles.DepartmentLeader}";

    public static bool IsAny(this ClaimsPrincipal user, string roles) => roles.Split(',').Any(user.IsInRole);

    public static bool IsSchool(this ClaimsPrincipal user) =>
        user.IsInRole(PlatformRoles.SchoolManager) || user.IsInRole(PlatformRoles.SchoolStaff);

    public static bool IsProvinceWide(this ClaimsPrincipal user) => PlatformRoles.ProvinceWide.Any(user.IsInRole);

    public static Guid? UnitId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue("unit_id"), out var id) ? id : null;
}
