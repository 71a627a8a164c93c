using Microsoft.EntityFrameworkCore;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

/// <summary>A unit as it stood on a date: its parent then, and what groups are resolved by.</summary>
public sealed record UnitOnDate(Guid Id, string Code, string Name, UnitKind Kind, Guid? ParentId, string? AreaCode);

/// <summary>The whole tree as of one date, for group resolution and "as of" queries.</summary>
public sealed class HierarchySnapshot(DateOnly date, IReadOnlyDictionary<Guid, UnitOnDate> units)
{
    public DateOnly Date { get; } = date;
    public IReadOnlyDictionary<Guid, UnitOnDate> Units { get; } = units;

    /// <summary>Ancestors on the date, nearest first. Stops on a cycle rather than looping.</summary>
    public IReadOnlyList<Guid> Ancestors(Guid id)
    {
        var result = new List<Guid>();
        var current = Units.GetValueOrDefault(id)?.ParentId;
        while (current is { } parent && !result.Contains(parent) && result.Count < 64)
        {
            result.Add(parent);
            current = Units.GetValueOrDefault(parent)?.ParentId;
        }
        return result;
    }

    public IEnumerable<UnitOnDate> Children(Guid id) => Units.Values.Where(u => u.ParentId == id);

    public IEnumerable<UnitOnDate> Subtree(Guid root) =>
        Units.Values.Where(u => u.Id == root || Ancestors(u.Id).Contains(root));

    public IEnumerable<UnitOnDate> Resolve(RecipientGroup group) =>
        Units.Values.Where(u => group.Includes(u.Id, u.Kind, u.AreaCode, Ancestors(u.Id)));
}

/// <summary>Hierarchy queries over the units table: the current tree by recursive SQL, past trees from periods.</summary>
public sealed class UnitHierarchy(UnitsDbContext db)
{
    /// <summary>The unit and everything under it now.</summary>
    public async Task<HashSet<Guid>> SubtreeIdsAsync(Guid root, CancellationToken ct) =>
        (await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE tree AS (
                SELECT id FROM units WHERE id = {root}
                UNION
                SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id
            )
            SELECT id AS "Value" FROM tree
            """).ToListAsync(ct)).ToHashSet();

    /// <summary>The unit's supervising units now, nearest first.</summary>
    public async Task<List<Guid>> AncestorIdsAsync(Guid id, CancellationToken ct) =>
        await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE up AS (
                SELECT parent_id, 1 AS depth FROM units WHERE id = {id}
                UNION
                SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 64
            )
            SELECT parent_id AS "Value" FROM up WHERE parent_id IS NOT NULL ORDER BY depth
            """).ToListAsync(ct);

    public async Task<HierarchySnapshot> SnapshotAsync(DateOnly date, CancellationToken ct)
    {
        var rows = await (
            from p in db.UnitPeriods.AsNoTracking()
            join u in db.Units.AsNoTracking() on p.UnitId equals u.Id
            where p.ValidFrom <= date && (p.ValidTo == null || date < p.ValidTo)
            select new UnitOnDate(u.Id, u.Code, p.Name, u.Kind, p.ParentId, u.AreaCode)).ToListAsync(ct);
        return new HierarchySnapshot(date, rows.ToDictionary(r => r.Id));
    }
}
