namespace Platform.Coordination.Domain;

/// <summary>
/// A unit moved under another supervising unit on a date (from <c>UnitMoved</c>). The shared unit replica keeps
/// only today's parent; coordination keeps the moves so coverage of a past date follows that date's organisation.
/// </summary>
public sealed class UnitParentChange
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public Guid? PreviousParentId { get; set; }
    public Guid? NewParentId { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A unit stopped existing on a date (from <c>UnitDissolved</c>), and who carries on its work.</summary>
public sealed class UnitDissolution
{
    public Guid UnitId { get; set; }
    public Guid? SuccessorUnitId { get; set; }
    /// <summary><c>Dissolved</c>, <c>Merged</c> or <c>Split</c>.</summary>
    public required string Reason { get; set; }
    public DateOnly EffectiveDate { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A unit as the organisation of a date needs it.</summary>
public sealed record OrgUnit(Guid Id, string Code, string Name, string Kind, Guid? ParentId, string? AreaCode, bool IsActive, Guid? SuccessorId, DateOnly EffectiveFrom = default);

/// <summary>The People's Committee and police a school should sign with, found from the organisation (not from an area code's shape).</summary>
public sealed record LocalCounterparts(IReadOnlySet<Guid> Authorities, IReadOnlySet<Guid> Police);

/// <summary>
/// The organisation as it stood on one date, rebuilt from today's replica, the recorded moves and the recorded
/// dissolutions: a unit's parent on the date is the parent before the first move after the date; a unit dissolved
/// on or before the date no longer exists. A replica that never saw the reform (2024 only) is its own answer.
/// </summary>
public sealed class OrganisationOnDate
{
    /// <summary>When the replica shows a unit dissolved but no dissolution was recorded (a replica loaded without events), the reform's date is assumed.</summary>
    public static readonly DateOnly AssumedDissolutionDate = new(2025, 7, 1);

    private readonly Dictionary<Guid, OrgUnit> _units;
    private readonly Dictionary<Guid, Guid?> _parentOnDate = [];
    private readonly Dictionary<Guid, DateOnly> _dissolvedOn;
    private readonly ILookup<Guid, OrgUnit> _children;

    public DateOnly Date { get; }

    public OrganisationOnDate(DateOnly date, IEnumerable<OrgUnit> units, IEnumerable<UnitParentChange> moves, IEnumerable<UnitDissolution> dissolutions)
    {
        Date = date;
        _units = units.ToDictionary(u => u.Id);
        _dissolvedOn = dissolutions.ToDictionary(d => d.UnitId, d => d.EffectiveDate);
        foreach (var u in _units.Values.Where(u => !u.IsActive && !_dissolvedOn.ContainsKey(u.Id))) _dissolvedOn[u.Id] = AssumedDissolutionDate;
        foreach (var u in _units.Values) _parentOnDate[u.Id] = u.ParentId;
        foreach (var g in moves.Where(m => m.EffectiveDate > date).GroupBy(m => m.UnitId))
        {
            _parentOnDate[g.Key] = g.OrderBy(m => m.EffectiveDate).ThenBy(m => m.OccurredAt).First().PreviousParentId;
        }
        _children = _units.Values.Where(Exists).ToLookup(u => ParentOf(u.Id) ?? Guid.Empty);
    }

    public OrgUnit? Unit(Guid id) => _units.GetValueOrDefault(id);

    /// <summary>Existed on the date: in effect by then and not yet dissolved.</summary>
    public bool Exists(OrgUnit unit) => unit.EffectiveFrom <= Date && (!_dissolvedOn.TryGetValue(unit.Id, out var on) || Date < on);

    public IEnumerable<OrgUnit> Units => _units.Values.Where(Exists);

    public Guid? ParentOf(Guid id) => _parentOnDate.GetValueOrDefault(id);

    /// <summary>The unit that supervised <paramref name="id"/> on the date (a district office in 2024, a commune division today, the Department…).</summary>
    public OrgUnit? SupervisorOf(Guid id) => ParentOf(id) is { } p ? Unit(p) : null;

    public IEnumerable<OrgUnit> ChildrenOf(Guid id) => _children[id];

    /// <summary>The unit and every unit under it on the date.</summary>
    public HashSet<Guid> SubtreeOf(Guid root)
    {
        var result = new HashSet<Guid> { root };
        var queue = new Queue<Guid>([root]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var child in _children[id])
            {
                if (result.Add(child.Id)) queue.Enqueue(child.Id);
            }
        }
        return result;
    }

    /// <summary>Follows successors from a unit that no longer existed on the date to the one that did.</summary>
    public OrgUnit? InForce(OrgUnit? unit)
    {
        for (var hops = 0; unit is not null && hops < 16; hops++)
        {
            if (Exists(unit)) return unit;
            unit = unit.SuccessorId is { } s ? Unit(s) : null;
        }
        return null;
    }

    /// <summary>
    /// The school's own People's Committee and police on the date. Under a commune division (Phòng Văn hóa – Xã hội)
    /// the committee is the division's parent and the police is the commune police of that committee; otherwise
    /// (a district office's school, or one kept by the Department) the ward committee and ward police registered for
    /// the school's own place, followed to their successors when they no longer existed, and the police above the
    /// ward police (a district police, while it existed).
    /// </summary>
    public LocalCounterparts CounterpartsOf(OrgUnit school)
    {
        var authorities = new HashSet<Guid>();
        var police = new HashSet<Guid>();
        if (SupervisorOf(school.Id) is { Kind: UnitKinds.CommuneDivision } division && ParentOf(division.Id) is { } committeeId && Unit(committeeId) is { } committee)
        {
            authorities.Add(committee.Id);
            foreach (var p in CommunePolice(committee)) police.Add(p.Id);
            return new LocalCounterparts(authorities, police);
        }
        if (!string.IsNullOrEmpty(school.AreaCode))
        {
            foreach (var ward in _units.Values.Where(u => u.Kind == UnitKinds.WardPeoplesCommittee && u.AreaCode == school.AreaCode))
            {
                if (InForce(ward) is { } c) authorities.Add(c.Id);
            }
            foreach (var wardPolice in _units.Values.Where(u => u.Kind == UnitKinds.WardPolice && u.AreaCode == school.AreaCode))
            {
                if (InForce(wardPolice) is not { } p) continue;
                police.Add(p.Id);
                if (SupervisorOf(p.Id) is { Kind: UnitKinds.DistrictPolice } district && Exists(district)) police.Add(district.Id);
            }
            // A commune committee reached as a successor brings its commune police.
            foreach (var c in authorities.Select(Unit).OfType<OrgUnit>().ToList())
            {
                if (_units.Values.Any(d => d.Kind == UnitKinds.CommuneDivision && ParentOf(d.Id) == c.Id && Exists(d)))
                {
                    foreach (var p in CommunePolice(c)) police.Add(p.Id);
                }
            }
        }
        return new LocalCounterparts(authorities, police);
    }

    /// <summary>
    /// The police of a commune committee: the ward police registered for the committee's place, else the one the
    /// units service named after it (<c>UBND-P-LECHAN</c> → <c>CA-P-LECHAN</c>).
    /// </summary>
    public IEnumerable<OrgUnit> CommunePolice(OrgUnit committee)
    {
        var existing = Units.Where(u => u.Kind == UnitKinds.WardPolice).ToList();
        var byArea = string.IsNullOrEmpty(committee.AreaCode) ? [] : existing.Where(u => u.AreaCode == committee.AreaCode).ToList();
        if (byArea.Count > 0) return byArea;
        const string prefix = "UBND-";
        if (!committee.Code.StartsWith(prefix, StringComparison.Ordinal)) return [];
        var code = "CA-" + committee.Code[prefix.Length..];
        return existing.Where(u => string.Equals(u.Code, code, StringComparison.OrdinalIgnoreCase));
    }
}
