using Platform.Units.Domain;

namespace Platform.Units.Apis;

public sealed record CreateUnitRequest(
    string? Code,
    string? Name,
    string? ShortName,
    string? Kind,
    Guid? ParentId,
    string? AreaCode,
    string? Address,
    string? HeadName,
    string? HeadTitle,
    string? Phone,
    string? Email,
    DateOnly? EffectiveFrom);

public sealed record UpdateUnitDetailsRequest(
    string? AreaCode,
    string? Address,
    string? HeadName,
    string? HeadTitle,
    string? Phone,
    string? Email);

public sealed record UnitResponse(
    Guid Id,
    string Code,
    string Name,
    string? ShortName,
    string Kind,
    Guid? ParentId,
    string Status,
    string? AreaCode,
    string? Address,
    string? HeadName,
    string? HeadTitle,
    string? Phone,
    string? Email,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    Guid? SuccessorId)
{
    public static UnitResponse From(Unit u) => new(u.Id, u.Code, u.Name, u.ShortName, u.Kind.ToString(), u.ParentId,
        u.Status.ToString(), u.AreaCode, u.Address, u.HeadName, u.HeadTitle, u.Phone, u.Email, u.EffectiveFrom, u.EffectiveTo, u.SuccessorId);

    /// <summary>The unit with the name and parent it had on <paramref name="date"/>.</summary>
    public static UnitResponse AsOf(Unit u, UnitPeriod period) => From(u) with
    {
        Name = period.Name,
        ShortName = period.ShortName,
        ParentId = period.ParentId,
        Status = (period.ValidTo is null && !u.IsActive ? UnitStatus.Dissolved : UnitStatus.Active).ToString(),
    };
}

public sealed record UnitPeriodResponse(DateOnly ValidFrom, DateOnly? ValidTo, string Name, string? ShortName, Guid? ParentId, string? ParentCode = null);

/// <summary>
/// A unit that came before or after this one: a predecessor was dissolved, merged or split with this
/// unit taking over its work; a successor took over this unit's. <c>How</c> is Dissolved, Merged or Split.
/// </summary>
public sealed record UnitLinkResponse(Guid Id, string Code, string Name, string How, DateOnly EffectiveDate);

public sealed record UnitChangeResponse(Guid Id, string Kind, DateOnly EffectiveDate, string Summary,
    IReadOnlyList<Guid> RelatedUnitIds, string? ActorUserId, Guid? ActorUnitId, DateTimeOffset RecordedAt);

public sealed record UnitHistoryResponse(UnitResponse Unit, IReadOnlyList<UnitPeriodResponse> Periods, IReadOnlyList<UnitChangeResponse> Changes,
    IReadOnlyList<UnitLinkResponse>? Predecessors = null, IReadOnlyList<UnitLinkResponse>? Successors = null);

public sealed class UnitListQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    /// <summary>Name or code, with or without diacritics.</summary>
    public string? Q { get; init; }
    public string? Kind { get; init; }
    /// <summary>Area code prefix, e.g. <c>HP-LECHAN</c>.</summary>
    public string? Area { get; init; }
    public Guid? ParentId { get; init; }
    /// <summary>Only units in this unit's subtree (itself included).</summary>
    public Guid? SubtreeOf { get; init; }
    /// <summary><c>active</c> (default), <c>dissolved</c> or <c>all</c>.</summary>
    public string? Status { get; init; }
    /// <summary>Read the tree as it stood on this date (names and parents then).</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary><c>code</c> (default), <c>name</c>, <c>-code</c>, <c>-name</c>.</summary>
    public string? Sort { get; init; }
}
