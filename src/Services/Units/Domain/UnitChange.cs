namespace Platform.Units.Domain;

public enum UnitChangeKind
{
    Registered,
    DetailsUpdated,
    Renamed,
    Moved,
    Merged,
    Split,
    Dissolved,
    Imported,
}

/// <summary>One entry of a unit's history: what changed, from when, who recorded it.</summary>
public sealed class UnitChange
{
    private UnitChange() { }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public UnitChangeKind Kind { get; private set; }
    public DateOnly EffectiveDate { get; private set; }
    /// <summary>Other units involved: the new parent, the successor, the merged sources…</summary>
    public List<Guid> RelatedUnitIds { get; private set; } = [];
    public string Summary { get; private set; } = "";
    public string? ActorUserId { get; private set; }
    public Guid? ActorUnitId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static UnitChange Record(Unit unit, UnitChangeKind kind, DateOnly effectiveDate, string summary, Actor actor, params Guid?[] related) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        UnitId = unit.Id,
        Kind = kind,
        EffectiveDate = effectiveDate,
        Summary = summary,
        RelatedUnitIds = related.Where(r => r is not null).Select(r => r!.Value).Distinct().ToList(),
        ActorUserId = actor.UserId,
        ActorUnitId = actor.UnitId,
        RecordedAt = actor.At,
    };
}
