using Platform.Contracts.Units;

namespace Platform.Units.Domain;

/// <summary>A unit (đơn vị) of the organisation hierarchy, or an outside agency the sector works with.</summary>
public sealed class Unit
{
    private Unit() { }

    public Guid Id { get; private set; }
    /// <summary>Unique, stable code, e.g. <c>SGDDT-HP</c>.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? ShortName { get; private set; }
    public UnitKind Kind { get; private set; }
    /// <summary>The supervising unit.</summary>
    public Guid? ParentId { get; private set; }
    public string? AreaCode { get; private set; }
    public UnitStatus Status { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public DateOnly? EffectiveTo { get; private set; }
    /// <summary>Lower-case, diacritics-free name and code for searching ("ngo quyen" finds "Ngô Quyền").</summary>
    public string SearchText { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    public static Unit Register(string code, string name, string? shortName, UnitKind kind, Guid? parentId,
        string? areaCode, DateOnly effectiveFrom, DateTimeOffset now, string? actor) => new()
    {
        Id = Guid.CreateVersion7(now),
        Code = code,
        Name = name,
        ShortName = shortName,
        Kind = kind,
        ParentId = parentId,
        AreaCode = areaCode,
        Status = UnitStatus.Active,
        EffectiveFrom = effectiveFrom,
        SearchText = VietnameseText.Fold($"{code} {name} {shortName}"),
        CreatedAt = now,
        CreatedBy = actor,
    };

    public UnitRegistered ToRegisteredEvent(DateTimeOffset now) => new()
    {
        UnitId = Id,
        Code = Code,
        Name = Name,
        ShortName = ShortName,
        Kind = Kind.ToString(),
        ParentId = ParentId,
        AreaCode = AreaCode,
        EffectiveFrom = EffectiveFrom,
        OccurredAt = now,
    };
}
