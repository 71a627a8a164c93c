using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.UnitDirectory;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// Who may see and do what in the tasks service. Seeing: province-wide roles see everything; everyone else
/// sees the assignments of their unit's subtree and the issued documents behind them (anything else is
/// 404). Doing: only Department leaders and officers draft, issue and answer questions; a unit acts only
/// on its own assignments; the Auditor reads and never writes; the system administrator maintains the
/// holiday calendar but does not act on assignments.
/// </summary>
public sealed class TaskAccess(TasksDbContext db, PlatformUser user, UnitScope<TasksDbContext> scope)
{
    private static readonly string[] DepartmentRoles = [PlatformRoles.DepartmentLeader, PlatformRoles.DepartmentOfficer];

    private static readonly string[] ActingRoles =
    [
        PlatformRoles.DepartmentLeader, PlatformRoles.DepartmentOfficer, PlatformRoles.DistrictOfficer,
        PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff, PlatformRoles.PoliceLiaison,
    ];

    private static readonly string[] DelegatingRoles =
        [PlatformRoles.DepartmentLeader, PlatformRoles.DepartmentOfficer, PlatformRoles.DistrictOfficer, PlatformRoles.SchoolManager];

    public PlatformUser User => user;

    public UnitScope<TasksDbContext> Scope => scope;

    /// <summary>Drafting and issuing documents, answering questions: Department leaders and officers.</summary>
    public bool IsDepartmentStaff => user.IsInAnyRole(DepartmentRoles) && !IsReadOnly;

    public bool MayMaintainCalendar => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentOfficer) && !IsReadOnly;

    /// <summary>An auditor's token never writes, whatever else it carries.</summary>
    public bool IsReadOnly => user.IsInRole(PlatformRoles.Auditor);

    public Task<HashSet<Guid>?> CoveredUnitIdsAsync(CancellationToken ct) => scope.CoveredUnitIdsAsync(ct);

    public Task<bool> CanSeeAsync(Assignment assignment, CancellationToken ct) => scope.CoversAsync(assignment.UnitId, ct);

    /// <summary>Acknowledge, report progress, upload evidence, complete, ask: the holding unit's own people.</summary>
    public bool CanActOn(Assignment assignment) => CanActFor(assignment.UnitId);

    /// <summary>May the caller act in the name of <paramref name="unitId"/> (their own unit, an acting role)?</summary>
    public bool CanActFor(Guid unitId) => !IsReadOnly && unitId == user.UnitId && user.IsInAnyRole(ActingRoles);

    /// <summary>Delegating to the units below: the holding unit's managers.</summary>
    public bool CanDelegate(Assignment assignment) =>
        !IsReadOnly && assignment.UnitId == user.UnitId && user.IsInAnyRole(DelegatingRoles);

    public async Task<bool> CanSeeAsync(Document document, CancellationToken ct)
    {
        if (user.IsProvinceWide)
        {
            return true;
        }
        if (!document.IsIssued || await CoveredUnitIdsAsync(ct) is not { } covered)
        {
            return false;
        }
        return await db.Assignments.AnyAsync(a => a.DocumentId == document.Id && covered.Contains(a.UnitId), ct);
    }

    public Actor Actor(TimeProvider clock) => new(user.Id, user.UnitId, clock.GetUtcNow());
}
