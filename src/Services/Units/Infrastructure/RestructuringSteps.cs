using Platform.Contracts.Units;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

/// <summary>
/// The restructuring operations of <see cref="Unit"/> and <see cref="Restructuring"/> together with the
/// change-log entries they leave, staged on the context (not saved). The single restructuring endpoints
/// and the restructuring plan both go through here, so a change reads the same in a unit's history
/// whichever way it was made. Each returns the integration events to publish, in order; the caller
/// adds them to the outbox and saves. A <see cref="DomainException"/> leaves nothing staged in the log.
/// </summary>
public static class RestructuringSteps
{
    public static List<object> Register(UnitsDbContext db, Unit unit, string summary, Actor actor, string? note = null)
    {
        db.Units.Add(unit);
        db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Registered, unit.EffectiveFrom, WithNote(summary, note), actor, unit.ParentId));
        return [unit.ToRegisteredEvent()];
    }

    public static List<object> Rename(UnitsDbContext db, Unit unit, string name, string? shortName, DateOnly date, Actor actor, string? note = null)
    {
        var previous = unit.Name;
        var evt = unit.Rename(name, shortName, date, actor);
        db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Renamed, date, WithNote($"Đổi tên từ “{previous}” thành “{name}”", note), actor));
        return [evt];
    }

    public static List<object> Move(UnitsDbContext db, Unit unit, Guid? parentId, DateOnly date, Actor actor, string? note = null)
    {
        var evt = unit.MoveTo(parentId, date, actor);
        db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Moved, date, WithNote("Chuyển đơn vị cấp trên", note), actor, evt.PreviousParentId, evt.NewParentId));
        return [evt];
    }

    /// <summary>
    /// Dissolves <paramref name="unit"/>; its remaining children move to <paramref name="successor"/>.
    /// <paramref name="otherSuccessors"/> also took over part of its work (its schools were moved to them
    /// beforehand): they are named in the history, while the primary successor is the one on the record.
    /// </summary>
    public static List<object> Dissolve(UnitsDbContext db, Unit unit, Unit? successor, IReadOnlyList<Unit> children, DateOnly date, Actor actor,
        IReadOnlyList<Unit>? otherSuccessors = null, string? note = null)
    {
        var events = Restructuring.Dissolve(unit, successor, children, date, actor);
        var all = successor is null ? [] : (otherSuccessors ?? []).Prepend(successor).DistinctBy(s => s.Id).ToList();
        db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Dissolved, date,
            WithNote(all.Count switch
            {
                0 => "Giải thể",
                1 => $"Giải thể; đơn vị kế thừa: {all[0].Name}",
                _ => $"Giải thể; các đơn vị kế thừa: {string.Join(", ", all.Select(s => s.Name))}",
            }, note), actor, [.. all.Select(s => (Guid?)s.Id)]));
        RecordMoves(db, events, date, actor, children);
        return events;
    }

    public static List<object> Merge(UnitsDbContext db, IReadOnlyList<Unit> sources, Unit successor, IReadOnlyList<Unit> children, DateOnly date, Actor actor,
        string? note = null)
    {
        var events = Restructuring.Merge(sources, successor, children, date, actor);
        foreach (var source in sources)
        {
            db.UnitChanges.Add(UnitChange.Record(source, UnitChangeKind.Merged, date, WithNote($"Sáp nhập vào {successor.Name}", note), actor, successor.Id));
        }
        db.UnitChanges.Add(UnitChange.Record(successor, UnitChangeKind.Merged, date,
            WithNote($"Tiếp nhận {sources.Count} đơn vị sáp nhập: {string.Join(", ", sources.Select(s => s.Name))}", note), actor, [.. sources.Select(s => (Guid?)s.Id)]));
        RecordMoves(db, events, date, actor, children);
        return events;
    }

    /// <summary>Splits <paramref name="source"/>; the parts' new units are registered here (added to the context).</summary>
    public static List<object> Split(UnitsDbContext db, Unit source, IReadOnlyList<SplitPart> parts, Unit primary, IReadOnlyList<Unit> children, DateOnly date,
        Actor actor, string? note = null)
    {
        var events = Restructuring.Split(source, parts, primary, children, date, actor);
        foreach (var part in parts)
        {
            db.Units.Add(part.NewUnit);
            db.UnitChanges.Add(UnitChange.Record(part.NewUnit, UnitChangeKind.Registered, date, WithNote($"Thành lập do chia tách {source.Name}", note), actor, source.Id));
        }
        db.UnitChanges.Add(UnitChange.Record(source, UnitChangeKind.Split, date,
            WithNote($"Chia tách thành {string.Join(", ", parts.Select(p => p.NewUnit.Name))}", note), actor, [.. parts.Select(p => (Guid?)p.NewUnit.Id)]));
        RecordMoves(db, events, date, actor, children);
        return events;
    }

    private static void RecordMoves(UnitsDbContext db, IEnumerable<object> events, DateOnly date, Actor actor, IReadOnlyList<Unit> children)
    {
        var byId = children.ToDictionary(c => c.Id);
        foreach (var moved in events.OfType<UnitMoved>())
        {
            if (byId.TryGetValue(moved.UnitId, out var child))
            {
                db.UnitChanges.Add(UnitChange.Record(child, UnitChangeKind.Moved, date, "Chuyển đơn vị cấp trên do sắp xếp lại tổ chức", actor, moved.PreviousParentId, moved.NewParentId));
            }
        }
    }

    private static string WithNote(string summary, string? note)
    {
        var text = string.IsNullOrWhiteSpace(note) ? summary : $"{summary} — {note}";
        return text.Length <= 1000 ? text : string.Concat(text.AsSpan(0, 999), "…");
    }
}
