using Microsoft.EntityFrameworkCore;
using Platform.UnitDirectory;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// A unit's move to another parent as this service heard it (<c>UnitMoved</c>): kept so that a report expected
/// for a period before the move — a 2024 month opened in 2026 — is chained to the units that supervised the school
/// then (its district office), not to today's (its commune's Culture–Society division).
/// </summary>
public sealed class UnitParentChange
{
    public long Id { get; set; }
    public Guid UnitId { get; set; }
    public Guid? PreviousParentId { get; set; }
    public Guid? NewParentId { get; set; }
    /// <summary>The first day under the new parent.</summary>
    public DateOnly EffectiveDate { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>
/// The organisation as of any date, from the unit replica (today's tree) and the parent changes heard since the
/// replica began: a unit's parent on a date is the previous parent of its first move effective after that date,
/// or its parent today when it has not moved since. Fits in memory even nationally (~50,000 units).
/// </summary>
public sealed class Organisation(IReadOnlyDictionary<Guid, UnitReplica> units, IReadOnlyDictionary<Guid, UnitParentChange[]> changes)
{
    /// <summary>Longest chain followed (a guard against a cycle in bad data).</summary>
    private const int MaxDepth = 64;

    public static async Task<Organisation> LoadAsync(ReportingDbContext db, CancellationToken ct)
    {
        var units = await db.UnitReplicas.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var changes = (await db.UnitParentChanges.AsNoTracking().ToListAsync(ct))
            .GroupBy(c => c.UnitId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.EffectiveDate).ThenBy(c => c.Id).ToArray());
        return new Organisation(units, changes);
    }

    public IReadOnlyDictionary<Guid, UnitReplica> Units => units;

    public bool ContainsKey(Guid unitId) => units.ContainsKey(unitId);

    /// <summary>
    /// The unit's parent on <paramref name="date"/>. After its last move, the replica's parent — unless the replica has
    /// not applied that move yet (it arrives on another queue), in which case the move's new parent.
    /// </summary>
    public Guid? ParentOn(Guid unitId, DateOnly date)
    {
        var replica = units.GetValueOrDefault(unitId);
        if (changes.TryGetValue(unitId, out var moves))
        {
            foreach (var move in moves)
            {
                if (move.EffectiveDate > date) return move.PreviousParentId;
            }
            var last = moves[^1];
            if (replica is null || last.OccurredAt > replica.SourceUpdatedAt) return last.NewParentId;
        }
        return replica?.ParentId;
    }

    /// <summary>The units supervising <paramref name="unitId"/> on <paramref name="date"/>, nearest first.</summary>
    public List<Guid> ChainOn(Guid unitId, DateOnly date)
    {
        var chain = new List<Guid>();
        var current = ParentOn(unitId, date);
        while (current is { } id && chain.Count < MaxDepth && !chain.Contains(id))
        {
            chain.Add(id);
            current = ParentOn(id, date);
        }
        return chain;
    }

    /// <summary>Whether the unit had been set up by <paramref name="date"/> (a school created for a new commune in 2025 owes no 2024 report).</summary>
    public bool ExistedOn(Guid unitId, DateOnly date) => units.GetValueOrDefault(unitId) is not { } u || u.EffectiveFrom <= date;
}
