namespace Platform.Contracts.Units;

/// <summary>A unit (đơn vị) entered the organisation hierarchy.</summary>
public sealed record UnitRegistered
{
    public required Guid UnitId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ShortName { get; init; }
    /// <summary>Unit kind name, e.g. <c>UpperSecondarySchool</c>, <c>DistrictEducationOffice</c>, <c>WardPolice</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The supervising unit; null for the top of a hierarchy.</summary>
    public Guid? ParentId { get; init; }
    public string? AreaCode { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A unit's name, short name, area or contact details changed (not its place in the hierarchy).</summary>
public sealed record UnitUpdated
{
    public required Guid UnitId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ShortName { get; init; }
    public required string Kind { get; init; }
    public string? AreaCode { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A unit moved under another supervising unit.</summary>
public sealed record UnitMoved
{
    public required Guid UnitId { get; init; }
    public Guid? PreviousParentId { get; init; }
    public Guid? NewParentId { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// Several units were merged into one (sáp nhập). The sources are dissolved with the successor as
/// their heir: open work of a source passes to the successor. Children of the sources are moved to the
/// successor (each with its own <see cref="UnitMoved"/>).
/// </summary>
public sealed record UnitsMerged
{
    public required IReadOnlyList<Guid> SourceUnitIds { get; init; }
    public required Guid SuccessorUnitId { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// A unit stopped existing (giải thể), by itself, by a merge or by a split. Open work passes to
/// <see cref="SuccessorUnitId"/> when there is one.
/// </summary>
public sealed record UnitDissolved
{
    public required Guid UnitId { get; init; }
    public Guid? SuccessorUnitId { get; init; }
    /// <summary><c>Dissolved</c>, <c>Merged</c> or <c>Split</c>.</summary>
    public required string Reason { get; init; }
    public required DateOnly EffectiveDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
