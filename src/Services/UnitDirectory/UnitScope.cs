using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;

namespace Platform.UnitDirectory;

/// <summary>
/// Decides by the service's own unit replica whether an object owned by a unit lies within the caller's
/// scope: province-wide roles cover every unit; everyone else covers their unit's subtree. Ids in a
/// request are never trusted for this: only the token's unit and the replica count.
/// </summary>
public sealed class UnitScope<TContext>(TContext db, PlatformUser user) where TContext : DbContext
{
    private HashSet<Guid>? _subtree;

    public PlatformUser User => user;

    /// <summary>The units the caller covers, or null when they cover every unit.</summary>
    public async Task<HashSet<Guid>?> CoveredUnitIdsAsync(CancellationToken ct)
    {
        if (user.IsProvinceWide)
        {
            return null;
        }
        return _subtree ??= await SubtreeAsync(user.UnitId, ct);
    }

    public async Task<bool> CoversAsync(Guid unitId, CancellationToken ct) =>
        await CoveredUnitIdsAsync(ct) is not { } ids || ids.Contains(unitId);

    /// <summary>The caller's own unit and those above it: visible for context even though not covered.</summary>
    public async Task<HashSet<Guid>> OwnLineAsync(CancellationToken ct) =>
        [.. await AncestorsAsync(user.UnitId, ct), user.UnitId];

    public Task<HashSet<Guid>> SubtreeAsync(Guid root, CancellationToken ct) => db.ReplicaSubtreeAsync(root, ct);

    /// <summary>Supervising units, nearest first.</summary>
    public Task<List<Guid>> AncestorsAsync(Guid id, CancellationToken ct) => db.ReplicaAncestorsAsync(id, ct);
}

/// <summary>Hierarchy queries over <c>unit_replicas</c>, for any service that holds the replica.</summary>
public static class UnitReplicaQueries
{
    /// <summary>The unit and every unit under it, as the replica knows them now.</summary>
    public static async Task<HashSet<Guid>> ReplicaSubtreeAsync(this DbContext db, Guid root, CancellationToken ct) =>
        (await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE tree AS (
                SELECT id FROM unit_replicas WHERE id = {root}
                UNION
                SELECT r.id FROM unit_replicas r JOIN tree t ON r.parent_id = t.id
            )
            SELECT id AS "Value" FROM tree
            """).ToListAsync(ct)).ToHashSet();

    /// <summary>Supervising units, nearest first.</summary>
    public static async Task<List<Guid>> ReplicaAncestorsAsync(this DbContext db, Guid id, CancellationToken ct) =>
        await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE up AS (
                SELECT parent_id, 1 AS depth FROM unit_replicas WHERE id = {id}
                UNION
                SELECT r.parent_id, up.depth + 1 FROM unit_replicas r JOIN up ON r.id = up.parent_id WHERE up.depth < 64
            )
            SELECT parent_id AS "Value" FROM up WHERE parent_id IS NOT NULL ORDER BY depth
            """).ToListAsync(ct);
}
