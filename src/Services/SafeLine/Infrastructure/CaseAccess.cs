using Microsoft.EntityFrameworkCore;
using Platform.SafeLine.Domain;
using Platform.ServiceDefaults;

namespace Platform.SafeLine.Infrastructure;

/// <summary>
/// Who handles which cases. A school's cases are handled by its managers (SchoolManager of the school) and by the
/// staff the principal named; a case escalated to a supervising unit or the Department is handled there too, by its
/// officers and leaders. Nobody else learns that a case exists: outside that scope a case is "not found".
/// </summary>
public sealed class CaseAccess(SafeLineDbContext db, PlatformUser user)
{
    private static readonly string[] SupervisingRoles =
        [PlatformRoles.DistrictOfficer, PlatformRoles.DepartmentOfficer, PlatformRoles.DepartmentLeader];

    private HashSet<Guid>? _schools;

    public PlatformUser User => user;

    public bool IsManagerOf(Guid schoolId) => user.IsInRole(PlatformRoles.SchoolManager) && user.UnitId == schoolId;

    /// <summary>The schools whose safe line the caller handles.</summary>
    public async Task<HashSet<Guid>> SchoolsAsync(CancellationToken ct)
    {
        if (_schools is not null) return _schools;
        var named = await db.Handlers.AsNoTracking().Where(h => h.UserId == user.Id).Select(h => h.SchoolId).ToListAsync(ct);
        _schools = [.. named];
        if (user.IsInRole(PlatformRoles.SchoolManager)) _schools.Add(user.UnitId);
        return _schools;
    }

    /// <summary>The unit a case escalated to, when the caller acts for it.</summary>
    public Guid? EscalationUnit => user.IsInAnyRole(SupervisingRoles) ? user.UnitId : null;

    public async Task<IQueryable<SafeCase>> VisibleAsync(CancellationToken ct)
    {
        var schools = await SchoolsAsync(ct);
        var unit = EscalationUnit;
        return db.Cases.Where(c => schools.Contains(c.SchoolId) || (unit != null && c.EscalatedToUnitId == unit));
    }

    public async Task<bool> MayHandleAsync(SafeCase c, CancellationToken ct) =>
        (await SchoolsAsync(ct)).Contains(c.SchoolId) || (EscalationUnit is { } unit && c.EscalatedToUnitId == unit);
}
