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
    /// <summary>The supervising unit; null for the top of the hierarchy.</summary>
    public Guid? ParentId { get; init; }
    public string? AreaCode { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
