namespace Platform.Units.Domain;

public enum RecipientGroupKind
{
    /// <summary>Members are whichever units match the criteria on the date it is resolved.</summary>
    Dynamic,
    /// <summary>Hand-picked members.</summary>
    Static,
}

/// <summary>
/// A set of addressees (nơi nhận), e.g. "Trưởng phòng GDĐT quận, huyện". A document addressed to the
/// group reaches the units it resolves to on the document's date.
/// </summary>
public sealed class RecipientGroup
{
    private RecipientGroup() { }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public RecipientGroupKind Kind { get; private set; }
    /// <summary>Dynamic: unit kinds to include (any when empty).</summary>
    public List<UnitKind> UnitKinds { get; private set; } = [];
    /// <summary>Dynamic: only units whose area code starts with this.</summary>
    public string? AreaCodePrefix { get; private set; }
    /// <summary>Dynamic: only units under this unit (direct children, or the whole subtree).</summary>
    public Guid? ParentId { get; private set; }
    public bool IncludeSubtree { get; private set; }
    /// <summary>Static: the members.</summary>
    public List<Guid> MemberIds { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }

    public static RecipientGroup CreateDynamic(Guid id, string code, string name, string? description,
        IEnumerable<UnitKind> kinds, string? areaCodePrefix, Guid? parentId, bool includeSubtree, Actor actor) => new()
    {
        Id = id,
        Code = code,
        Name = name,
        Description = description,
        Kind = RecipientGroupKind.Dynamic,
        UnitKinds = kinds.Distinct().ToList(),
        AreaCodePrefix = areaCodePrefix,
        ParentId = parentId,
        IncludeSubtree = includeSubtree,
        CreatedAt = actor.At,
        CreatedBy = actor.UserId,
    };

    public static RecipientGroup CreateStatic(Guid id, string code, string name, string? description, IEnumerable<Guid> members, Actor actor) => new()
    {
        Id = id,
        Code = code,
        Name = name,
        Description = description,
        Kind = RecipientGroupKind.Static,
        MemberIds = members.Distinct().ToList(),
        CreatedAt = actor.At,
        CreatedBy = actor.UserId,
    };

    /// <summary>
    /// Whether a unit that existed on the date, with the given kind, area and ancestry, belongs to the group.
    /// <paramref name="ancestorsOnDate"/> are the unit's ancestors on that date, nearest first.
    /// </summary>
    public bool Includes(Guid unitId, UnitKind kind, string? areaCode, IReadOnlyList<Guid> ancestorsOnDate)
    {
        if (Kind == RecipientGroupKind.Static)
        {
            return MemberIds.Contains(unitId);
        }
        if (UnitKinds.Count > 0 && !UnitKinds.Contains(kind)) return false;
        if (AreaCodePrefix is { Length: > 0 } prefix && !(areaCode ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        if (ParentId is { } parent)
        {
            return IncludeSubtree ? ancestorsOnDate.Contains(parent) : ancestorsOnDate.Count > 0 && ancestorsOnDate[0] == parent;
        }
        return true;
    }
}
