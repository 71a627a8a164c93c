using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Domain;

/// <summary>Contact and head-of-unit details, edited in place (they carry no history).</summary>
public sealed record UnitDetails(
    string? AreaCode,
    string? Address,
    string? HeadName,
    string? HeadTitle,
    string? Phone,
    string? Email);

/// <summary>
/// A unit (đơn vị) of the organisation hierarchy, or an outside agency the sector works with. Its name,
/// parent and status have a history of periods, so the hierarchy can be read "as of" any date.
/// </summary>
public sealed class Unit
{
    private readonly List<UnitPeriod> _periods = [];

    private Unit() { }

    public Guid Id { get; private set; }
    /// <summary>Unique, stable code, e.g. <c>SGDDT-HP</c>.</summary>
    public string Code { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public string? ShortName { get; private set; }
    /// <summary>The supervising unit now.</summary>
    public Guid? ParentId { get; private set; }
    public UnitStatus Status { get; private set; }
    public string? AreaCode { get; private set; }
    public string? Address { get; private set; }
    public string? HeadName { get; private set; }
    public string? HeadTitle { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public DateOnly? EffectiveTo { get; private set; }
    /// <summary>Who carries on the unit's work after it was dissolved, merged or split.</summary>
    public Guid? SuccessorId { get; private set; }
    /// <summary>Lower-case, diacritics-free code and names for searching ("ngo quyen" finds "Ngô Quyền").</summary>
    public string SearchText { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }
    public Guid? UpdatedByUnitId { get; private set; }

    public IReadOnlyList<UnitPeriod> Periods => _periods;

    public bool IsActive => Status == UnitStatus.Active;

    public static Unit Register(Guid id, string code, string name, string? shortName, UnitKind kind, Guid? parentId,
        UnitDetails details, DateOnly effectiveFrom, Actor actor)
    {
        var unit = new Unit
        {
            Id = id,
            Code = code,
            Kind = kind,
            Name = name,
            ShortName = shortName,
            ParentId = parentId,
            Status = UnitStatus.Active,
            EffectiveFrom = effectiveFrom,
            CreatedAt = actor.At,
            CreatedBy = actor.UserId,
        };
        unit.ApplyDetails(details);
        unit.Touch(actor);
        unit._periods.Add(UnitPeriod.Open(unit, effectiveFrom));
        return unit;
    }

    public UnitPeriod CurrentPeriod => _periods.Single(p => p.ValidTo is null);

    /// <summary>The period in force on <paramref name="date"/>, or null when the unit did not exist then.</summary>
    public UnitPeriod? PeriodOn(DateOnly date) => _periods.FirstOrDefault(p => p.Covers(date));

    public void UpdateDetails(UnitDetails details, Actor actor)
    {
        ApplyDetails(details);
        Touch(actor);
    }

    /// <summary>
    /// Corrects the current record in place (đính chính): a wrong name or parent loaded from a file is
    /// fixed, not turned into history. Returns the events describing what changed.
    /// </summary>
    public List<object> Correct(string name, string? shortName, Guid? parentId, UnitDetails details, Actor actor)
    {
        var events = new List<object>();
        var period = CurrentPeriod;
        if (parentId != ParentId)
        {
            events.Add(new UnitMoved { UnitId = Id, PreviousParentId = ParentId, NewParentId = parentId, EffectiveDate = period.ValidFrom, OccurredAt = actor.At });
            ParentId = parentId;
        }
        var renamed = name != Name || shortName != ShortName;
        var detailsChanged = details != new UnitDetails(AreaCode, Address, HeadName, HeadTitle, Phone, Email);
        Name = name;
        ShortName = shortName;
        period.Correct(name, shortName, parentId);
        ApplyDetails(details);
        if (renamed || detailsChanged)
        {
            events.Insert(0, ToUpdatedEvent(period.ValidFrom, actor.At));
        }
        if (events.Count > 0)
        {
            Touch(actor);
        }
        return events;
    }

    public UnitUpdated Rename(string name, string? shortName, DateOnly effectiveDate, Actor actor)
    {
        EnsureChangeable(effectiveDate);
        Name = name;
        ShortName = shortName;
        StartPeriod(effectiveDate);
        Touch(actor);
        return ToUpdatedEvent(effectiveDate, actor.At);
    }

    public UnitMoved MoveTo(Guid? newParentId, DateOnly effectiveDate, Actor actor)
    {
        EnsureChangeable(effectiveDate);
        if (newParentId == Id)
        {
            throw new DomainException("Một đơn vị không thể trực thuộc chính nó.", "A unit cannot be its own parent.");
        }
        var previous = ParentId;
        ParentId = newParentId;
        StartPeriod(effectiveDate);
        Touch(actor);
        return new UnitMoved { UnitId = Id, PreviousParentId = previous, NewParentId = newParentId, EffectiveDate = effectiveDate, OccurredAt = actor.At };
    }

    public UnitDissolved Dissolve(Guid? successorId, DissolutionReason reason, DateOnly effectiveDate, Actor actor)
    {
        EnsureChangeable(effectiveDate);
        if (successorId == Id)
        {
            throw new DomainException("Đơn vị kế thừa phải là một đơn vị khác.", "The successor must be another unit.");
        }
        Status = UnitStatus.Dissolved;
        SuccessorId = successorId;
        EffectiveTo = effectiveDate;
        CurrentPeriod.Close(effectiveDate);
        Touch(actor);
        return new UnitDissolved
        {
            UnitId = Id,
            SuccessorUnitId = successorId,
            Reason = reason.ToString(),
            EffectiveDate = effectiveDate,
            OccurredAt = actor.At,
        };
    }

    public UnitRegistered ToRegisteredEvent() => new()
    {
        UnitId = Id,
        Code = Code,
        Name = Name,
        ShortName = ShortName,
        Kind = Kind.ToString(),
        ParentId = ParentId,
        AreaCode = AreaCode,
        EffectiveFrom = EffectiveFrom,
        OccurredAt = UpdatedAt,
    };

    public UnitUpdated ToUpdatedEvent(DateOnly effectiveDate, DateTimeOffset at) => new()
    {
        UnitId = Id,
        Code = Code,
        Name = Name,
        ShortName = ShortName,
        Kind = Kind.ToString(),
        AreaCode = AreaCode,
        EffectiveDate = effectiveDate,
        OccurredAt = at,
    };

    private void EnsureChangeable(DateOnly effectiveDate)
    {
        if (!IsActive)
        {
            throw new DomainException($"Đơn vị {Code} đã giải thể; không thể thay đổi.", $"Unit {Code} has been dissolved and cannot change.");
        }
        if (effectiveDate <= CurrentPeriod.ValidFrom)
        {
            throw new DomainException(
                $"Ngày hiệu lực phải sau {VietnamTimeText(CurrentPeriod.ValidFrom)}, ngày bắt đầu của trạng thái hiện tại của {Code}.",
                $"The effective date must be after {VietnamTimeText(CurrentPeriod.ValidFrom)}, when the current state of {Code} began.");
        }
    }

    private static string VietnamTimeText(DateOnly date) => date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private void StartPeriod(DateOnly effectiveDate)
    {
        CurrentPeriod.Close(effectiveDate);
        _periods.Add(UnitPeriod.Open(this, effectiveDate));
        RefreshSearchText();
    }

    /// <summary>Former names stay searchable: people still use them long after a rename.</summary>
    private void RefreshSearchText() =>
        SearchText = VietnameseText.Fold(string.Join(' ', _periods.Select(p => p.Name).Prepend(Code).Append(Name).Append(ShortName).Distinct()));

    private void ApplyDetails(UnitDetails details)
    {
        AreaCode = details.AreaCode;
        Address = details.Address;
        HeadName = details.HeadName;
        HeadTitle = details.HeadTitle;
        Phone = details.Phone;
        Email = details.Email;
        RefreshSearchText();
    }

    private void Touch(Actor actor)
    {
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
        UpdatedByUnitId = actor.UnitId;
    }
}

/// <summary>A stretch of time in which a unit had one name, one parent and one status: [ValidFrom, ValidTo).</summary>
public sealed class UnitPeriod
{
    private UnitPeriod() { }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public DateOnly ValidFrom { get; private set; }
    public DateOnly? ValidTo { get; private set; }
    public string Name { get; private set; } = "";
    public string? ShortName { get; private set; }
    public Guid? ParentId { get; private set; }

    internal static UnitPeriod Open(Unit unit, DateOnly from) => new()
    {
        Id = Guid.CreateVersion7(),
        UnitId = unit.Id,
        ValidFrom = from,
        Name = unit.Name,
        ShortName = unit.ShortName,
        ParentId = unit.ParentId,
    };

    internal void Close(DateOnly to) => ValidTo = to;

    internal void Correct(string name, string? shortName, Guid? parentId)
    {
        Name = name;
        ShortName = shortName;
        ParentId = parentId;
    }

    public bool Covers(DateOnly date) => ValidFrom <= date && (ValidTo is null || date < ValidTo);
}

/// <summary>Who acted, from which unit, and when; recorded on every write.</summary>
public sealed record Actor(string? UserId, Guid? UnitId, DateTimeOffset At);

public enum DissolutionReason
{
    Dissolved,
    Merged,
    Split,
}

/// <summary>A rule of the domain was broken; the message is for the user, in Vietnamese and English.</summary>
public sealed class DomainException(string vietnamese, string english) : Exception(english)
{
    public string Vietnamese { get; } = vietnamese;
    public string English { get; } = english;
}
