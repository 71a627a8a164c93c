using Platform.Contracts.Units;

namespace Platform.Units.Domain;

/// <summary>
/// Reorganisations that touch several units at once (sáp nhập, chia tách, giải thể). Each returns the
/// integration events to publish, in the order consumers should apply them: children move first, then
/// the old units are dissolved with their successor.
/// </summary>
public static class Restructuring
{
    /// <summary>Merges <paramref name="sources"/> into <paramref name="successor"/>; their children move to the successor.</summary>
    public static List<object> Merge(IReadOnlyList<Unit> sources, Unit successor, IReadOnlyList<Unit> childrenOfSources, DateOnly date, Actor actor)
    {
        if (sources.Count == 0)
        {
            throw new DomainException("Cần ít nhất một đơn vị để sáp nhập.", "At least one unit must be merged.");
        }
        if (sources.Any(s => s.Id == successor.Id))
        {
            throw new DomainException("Đơn vị kế thừa không thể là một trong các đơn vị bị sáp nhập.", "The successor cannot be one of the merged units.");
        }
        if (!successor.IsActive)
        {
            throw new DomainException($"Đơn vị kế thừa {successor.Code} đã giải thể.", $"The successor {successor.Code} has been dissolved.");
        }
        EnsureExistsOn(successor, date);

        var events = new List<object>();
        var sourceIds = sources.Select(s => s.Id).ToHashSet();
        // A source that is itself a child of another source is dissolved with the rest, not moved.
        foreach (var child in childrenOfSources.Where(c => c.IsActive && c.ParentId is { } p && sourceIds.Contains(p) && !sourceIds.Contains(c.Id)))
        {
            events.Add(child.MoveTo(successor.Id, date, actor));
        }
        foreach (var source in sources)
        {
            events.Add(source.Dissolve(successor.Id, DissolutionReason.Merged, date, actor));
        }
        events.Add(new UnitsMerged { SourceUnitIds = [.. sourceIds], SuccessorUnitId = successor.Id, EffectiveDate = date, OccurredAt = actor.At });
        return events;
    }

    /// <summary>
    /// Splits <paramref name="source"/> into new units; every active child of the source must be given to
    /// one of them. The source's open work passes to <paramref name="primarySuccessor"/>.
    /// </summary>
    public static List<object> Split(Unit source, IReadOnlyList<SplitPart> parts, Unit primarySuccessor, IReadOnlyList<Unit> childrenOfSource, DateOnly date, Actor actor)
    {
        if (parts.Count < 2)
        {
            throw new DomainException("Chia tách cần ít nhất hai đơn vị mới.", "A split needs at least two new units.");
        }
        if (!parts.Any(p => p.NewUnit.Id == primarySuccessor.Id))
        {
            throw new DomainException("Đơn vị kế thừa chính phải là một trong các đơn vị mới.", "The primary successor must be one of the new units.");
        }

        var allocated = parts.SelectMany(p => p.Children).Select(c => c.Id).ToList();
        if (allocated.Count != allocated.Distinct().Count())
        {
            throw new DomainException("Một đơn vị cấp dưới được giao cho nhiều đơn vị mới.", "A child unit is given to more than one new unit.");
        }
        var activeChildren = childrenOfSource.Where(c => c.IsActive && c.ParentId == source.Id).ToList();
        var missing = activeChildren.Where(c => !allocated.Contains(c.Id)).Select(c => c.Code).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException($"Chưa phân bổ các đơn vị cấp dưới: {string.Join(", ", missing)}.",
                $"These child units are not given to any new unit: {string.Join(", ", missing)}.");
        }
        var strangers = parts.SelectMany(p => p.Children).Where(c => c.ParentId != source.Id).Select(c => c.Code).ToList();
        if (strangers.Count > 0)
        {
            throw new DomainException($"Không phải đơn vị cấp dưới của {source.Code}: {string.Join(", ", strangers)}.",
                $"Not children of {source.Code}: {string.Join(", ", strangers)}.");
        }

        var events = new List<object>();
        events.AddRange(parts.Select(p => p.NewUnit.ToRegisteredEvent()));
        foreach (var part in parts)
        {
            foreach (var child in part.Children)
            {
                events.Add(child.MoveTo(part.NewUnit.Id, date, actor));
            }
        }
        events.Add(source.Dissolve(primarySuccessor.Id, DissolutionReason.Split, date, actor));
        return events;
    }

    /// <summary>Dissolves a unit; its children move to the successor, which is required when it has any.</summary>
    public static List<object> Dissolve(Unit unit, Unit? successor, IReadOnlyList<Unit> childrenOfUnit, DateOnly date, Actor actor)
    {
        var activeChildren = childrenOfUnit.Where(c => c.IsActive && c.ParentId == unit.Id).ToList();
        if (successor is null && activeChildren.Count > 0)
        {
            throw new DomainException(
                $"{unit.Code} còn {activeChildren.Count} đơn vị cấp dưới: cần chỉ định đơn vị kế thừa.",
                $"{unit.Code} still has {activeChildren.Count} child units: a successor is required.");
        }
        if (successor is { IsActive: false })
        {
            throw new DomainException($"Đơn vị kế thừa {successor.Code} đã giải thể.", $"The successor {successor.Code} has been dissolved.");
        }
        if (successor is not null)
        {
            EnsureExistsOn(successor, date);
        }

        var events = new List<object>();
        foreach (var child in activeChildren)
        {
            events.Add(child.MoveTo(successor!.Id, date, actor));
        }
        events.Add(unit.Dissolve(successor?.Id, DissolutionReason.Dissolved, date, actor));
        return events;
    }

    /// <summary>
    /// Units handed over on <paramref name="date"/> need somewhere to go on that date: a successor that
    /// only begins later would leave them under nothing in the tree "as of" the days in between.
    /// </summary>
    public static void EnsureExistsOn(Unit successor, DateOnly date)
    {
        if (successor.PeriodOn(date) is null)
        {
            throw new DomainException(
                $"Đơn vị {successor.Code} chưa tồn tại vào ngày {date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}.",
                $"Unit {successor.Code} did not exist yet on {date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }
}

/// <summary>One new unit of a split, with the children it takes over.</summary>
public sealed record SplitPart(Unit NewUnit, IReadOnlyList<Unit> Children);

/// <summary>The tree as it stood on a date, computed from the units' periods.</summary>
public static class HierarchyAsOf
{
    /// <summary>Unit id → parent id for every unit that existed on <paramref name="date"/>.</summary>
    public static IReadOnlyDictionary<Guid, Guid?> Parents(IEnumerable<Unit> units, DateOnly date) =>
        units.Select(u => (u.Id, Period: u.PeriodOn(date)))
            .Where(x => x.Period is not null)
            .ToDictionary(x => x.Id, x => x.Period!.ParentId);

    public static IReadOnlyList<Guid> Children(IEnumerable<Unit> units, Guid parentId, DateOnly date) =>
        Parents(units, date).Where(p => p.Value == parentId).Select(p => p.Key).ToList();
}
