using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Messaging;
using Platform.Units.Domain;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

public sealed record CreateUnitRequest(
    string? Code,
    string? Name,
    string? ShortName,
    string? Kind,
    Guid? ParentId,
    string? AreaCode,
    DateOnly? EffectiveFrom);

public sealed record UnitResponse(
    Guid Id,
    string Code,
    string Name,
    string? ShortName,
    string Kind,
    Guid? ParentId,
    string? AreaCode,
    string Status,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo)
{
    public static UnitResponse From(Unit u) => new(u.Id, u.Code, u.Name, u.ShortName, u.Kind.ToString(), u.ParentId,
        u.AreaCode, u.Status.ToString(), u.EffectiveFrom, u.EffectiveTo);
}

public sealed class UnitListQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    /// <summary>Name or code, with or without diacritics.</summary>
    public string? Q { get; init; }
    public string? Kind { get; init; }
    public Guid? ParentId { get; init; }
    /// <summary><c>code</c> (default), <c>name</c>, <c>-code</c>, <c>-name</c>.</summary>
    public string? Sort { get; init; }
}

/// <summary>What the units handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record UnitsApiServices(UnitsDbContext Db, TimeProvider Clock, ILogger<UnitsApiServices> Logger);

public static partial class UnitsApi
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
    private static partial Regex CodePattern();

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units");
        group.MapGet("/", ListUnits);
        group.MapGet("/{id:guid}", GetUnit);
        group.MapPost("/", CreateUnit);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<UnitResponse>>, ValidationProblem>> ListUnits(
        [AsParameters] UnitListQuery query, UnitsDbContext db, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var kind = validator.Enum<UnitKind>("kind", query.Kind, required: false);
        if (query.Sort is not (null or "code" or "-code" or "name" or "-name"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo code, -code, name hoặc -name.", "sort must be code, -code, name or -name.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var units = db.Units.AsNoTracking();
        if (kind is { } k) units = units.Where(u => u.Kind == k);
        if (query.ParentId is { } parent) units = units.Where(u => u.ParentId == parent);
        if (VietnameseText.Fold(query.Q) is { Length: > 0 } folded) units = units.Where(u => u.SearchText.Contains(folded));

        units = query.Sort switch
        {
            "name" => units.OrderBy(u => u.Name).ThenBy(u => u.Code),
            "-name" => units.OrderByDescending(u => u.Name).ThenBy(u => u.Code),
            "-code" => units.OrderByDescending(u => u.Code),
            _ => units.OrderBy(u => u.Code),
        };
        var total = await units.LongCountAsync(ct);
        var items = await units.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<UnitResponse>(items.Select(UnitResponse.From).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> GetUnit(Guid id, UnitsDbContext db, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return unit is null
            ? Problems.NotFound($"Không có đơn vị với mã định danh {id}.", $"There is no unit with id {id}.")
            : TypedResults.Ok(UnitResponse.From(unit));
    }

    public static async Task<Results<Created<UnitResponse>, ValidationProblem, ProblemHttpResult>> CreateUnit(
        CreateUnitRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (request is null)
        {
            validator.Add("body", "Thiếu nội dung yêu cầu.", "The request body is missing.");
            return validator.ToProblem();
        }

        var code = validator.Required("code", request.Code, UnitLimits.Code);
        validator.Matches("code", code, CodePattern(), "chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'", "only ASCII letters, digits, '.', '-' and '_'");
        var name = validator.Required("name", request.Name, UnitLimits.Name);
        var shortName = validator.Optional("shortName", request.ShortName, UnitLimits.ShortName);
        var areaCode = validator.Optional("areaCode", request.AreaCode, UnitLimits.AreaCode);
        var kind = validator.Enum<UnitKind>("kind", request.Kind, required: true);

        var db = services.Db;
        if (request.ParentId is { } parentId
            && !await db.Units.AnyAsync(u => u.Id == parentId && u.Status == UnitStatus.Active, ct))
        {
            validator.Add("parentId", $"Đơn vị cấp trên {parentId} không tồn tại hoặc đã giải thể.",
                $"The parent unit {parentId} does not exist or has been dissolved.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var now = services.Clock.GetUtcNow();
        var unit = Unit.Register(code, name, shortName, kind!.Value, request.ParentId, areaCode,
            request.EffectiveFrom ?? VietnamTime.Today(services.Clock), now, actor: null);
        db.Units.Add(unit);
        db.AddIntegrationEvent(unit.ToRegisteredEvent(now));

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Mã đơn vị '{code}' đã được dùng.", $"The unit code '{code}' is already in use.");
        }

        services.Logger.LogInformation("Registered unit {UnitId} ({Code}, {Kind})", unit.Id, unit.Code, unit.Kind);
        return TypedResults.Created($"/api/units/{unit.Id}", UnitResponse.From(unit));
    }
}
