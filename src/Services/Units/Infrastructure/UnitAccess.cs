using Platform.ServiceDefaults;

namespace Platform.Units.Infrastructure;

/// <summary>
/// Who may see and change which units. Reading: province-wide roles see every unit; everyone else sees
/// their own unit's subtree and the units above it. Changing: SystemAdmin and DepartmentOfficer anywhere;
/// a DistrictOfficer registers and edits units under their own office; no one else.
/// </summary>
public sealed class UnitAccess(PlatformUser user, UnitHierarchy hierarchy)
{
    private HashSet<Guid>? _readable;

    public PlatformUser User => user;

    public bool MayRestructure => user.IsInAnyRole(PlatformRoles.SystemAdmin, PlatformRoles.DepartmentOfficer);

    public bool MayManageGroups => MayRestructure;

    public bool MayImport => user.IsInRole(PlatformRoles.SystemAdmin);

    /// <summary>The ids the caller may read, or null when they may read every unit.</summary>
    public async Task<HashSet<Guid>?> ReadableIdsAsync(CancellationToken ct)
    {
        if (user.IsProvinceWide)
        {
            return null;
        }
        if (_readable is null)
        {
            _readable = await hierarchy.SubtreeIdsAsync(user.UnitId, ct);
            _readable.UnionWith(await hierarchy.AncestorIdsAsync(user.UnitId, ct));
        }
        return _readable;
    }

    public async Task<bool> CanReadAsync(Guid unitId, CancellationToken ct) =>
        await ReadableIdsAsync(ct) is not { } ids || ids.Contains(unitId);

    /// <summary>May the caller register a unit under <paramref name="parentId"/>, or edit a unit whose parent it is?</summary>
    public async Task<bool> CanManageUnderAsync(Guid? parentId, CancellationToken ct)
    {
        if (MayRestructure)
        {
            return true;
        }
        if (!user.IsInRole(PlatformRoles.DistrictOfficer) || parentId is null)
        {
            return false;
        }
        return (await hierarchy.SubtreeIdsAsync(user.UnitId, ct)).Contains(parentId.Value);
    }

    public Domain.Actor Actor(TimeProvider clock) => new(user.Id, user.UnitId, clock.GetUtcNow());
}
