using Microsoft.EntityFrameworkCore;
using Platform.Coordination.Domain;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

/// <summary>
/// Who may see and change what. Reading follows the unit replica: province-wide roles see everything;
/// education roles see what their unit's subtree owns or takes part in; a police liaison sees only what
/// was shared with the police (signed programmes with a police party, meetings the police were invited
/// to, referrals to a police unit) within their police unit's subtree. Auditors and police liaisons never
/// change anything. Everything else out of scope is a 404.
/// </summary>
public sealed class CoordinationAccess(UnitScope<CoordinationDbContext> scope, CoordinationDbContext db)
{
    private static readonly string[] ProvinceWideWriters = [PlatformRoles.SystemAdmin, PlatformRoles.DepartmentLeader, PlatformRoles.DepartmentOfficer];
    private HashSet<Guid>? _ownSubtree;

    public PlatformUser User => scope.User;

    /// <summary>A police liaison without a province-wide role: sees only what was shared with police.</summary>
    public bool IsPolice => User.IsInRole(PlatformRoles.PoliceLiaison) && !User.IsProvinceWide;

    public Actor Actor(TimeProvider clock) => new(User.Id, User.UnitId, clock.GetUtcNow());

    /// <summary>Units whose objects the caller reads, or null for all.</summary>
    public Task<HashSet<Guid>?> ReadableUnitsAsync(CancellationToken ct) => scope.CoveredUnitIdsAsync(ct);

    // ---- reading ----

    public async Task<bool> CanReadAsync(Programme p, CancellationToken ct)
    {
        var units = await ReadableUnitsAsync(ct);
        if (units is null) return true;
        if (IsPolice)
        {
            return p.Status != ProgrammeStatus.Draft && p.Parties.Any(x => x.UnitId is { } u && units.Contains(u) && UnitKinds.IsPolice(x.Kind));
        }
        return units.Contains(p.OwnerUnitId) || p.Parties.Any(x => x.UnitId is { } u && units.Contains(u));
    }

    public async Task<bool> CanReadAsync(BriefingMeeting m, CancellationToken ct)
    {
        var units = await ReadableUnitsAsync(ct);
        if (units is null) return true;
        if (IsPolice)
        {
            return m.Participants.Any(x => x.IsPolice && x.UnitId is { } u && units.Contains(u));
        }
        return units.Contains(m.OrganiserUnitId) || m.Participants.Any(x => x.UnitId is { } u && units.Contains(u));
    }

    public async Task<bool> CanReadAsync(Referral r, CancellationToken ct)
    {
        var units = await ReadableUnitsAsync(ct);
        if (units is null) return true;
        return IsPolice ? r.PoliceUnitId is { } p && units.Contains(p) : units.Contains(r.ReportingUnitId);
    }

    /// <summary>Cadences are internal to education: the units it covers and the units above them see it.</summary>
    public async Task<bool> CanReadAsync(BriefingCadence c, CancellationToken ct)
    {
        if (User.IsProvinceWide) return true;
        if (IsPolice) return false;
        var units = await ReadableUnitsAsync(ct);
        return units!.Contains(c.UnitId) || (await scope.OwnLineAsync(ct)).Contains(c.UnitId);
    }

    // ---- changing ----

    /// <summary>Programmes, referrals: heads of school, district officers in their subtree; Department staff anywhere.</summary>
    public Task<bool> CanManageAsync(Guid ownerUnitId, CancellationToken ct) =>
        CanActAsync(ownerUnitId, [PlatformRoles.DistrictOfficer, PlatformRoles.SchoolManager], ct);

    /// <summary>Meetings: like programmes, and school staff (the school secretary keeps the minutes).</summary>
    public Task<bool> CanManageMeetingAsync(Guid organiserUnitId, CancellationToken ct) =>
        CanActAsync(organiserUnitId, [PlatformRoles.DistrictOfficer, PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff], ct);

    /// <summary>Cadences are set by district offices for their units and by the Department for anyone.</summary>
    public Task<bool> CanManageCadenceAsync(Guid unitId, CancellationToken ct) =>
        CanActAsync(unitId, [PlatformRoles.DistrictOfficer], ct);

    public bool MayWriteAnything => User.IsInAnyRole([.. ProvinceWideWriters, PlatformRoles.DistrictOfficer, PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff]);

    private async Task<bool> CanActAsync(Guid unitId, string[] localWriters, CancellationToken ct)
    {
        if (User.IsInAnyRole(ProvinceWideWriters)) return true;
        if (!User.IsInAnyRole(localWriters)) return false;
        _ownSubtree ??= await scope.SubtreeAsync(User.UnitId, ct);
        return _ownSubtree.Contains(unitId);
    }

    public async Task<Dictionary<Guid, UnitReplica>> UnitsAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Units.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
    }
}
