using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;

namespace Platform.Coordination.Apis;

public sealed record CadenceRequest(string? Name, Guid? UnitId, IReadOnlyList<string>? AppliesToKinds, string? Interval, DateOnly? EffectiveFrom);

public sealed record EndCadenceRequest(DateOnly? EndedOn);

public sealed record MissedBriefingResponse(Guid Id, Guid CadenceId, UnitLabel Unit, DateOnly PeriodStart, DateOnly PeriodEnd, DateTimeOffset DetectedAt);

public sealed record CadenceResponse(Guid Id, string Name, UnitLabel Unit, IReadOnlyList<string> AppliesToKinds, string Interval, DateOnly EffectiveFrom,
    DateOnly? EndedOn, string? EndReason, Guid? SucceededFromUnitId, int UnitCount, int MissedCount, IReadOnlyList<MissedBriefingResponse> RecentMisses, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>Required briefing cadences (chế độ giao ban) and the periods units missed.</summary>
public static class CadencesApi
{
    public static IEndpointRouteBuilder MapCadencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coordination/cadences").WithTags("Briefing cadences");
        group.MapGet("/", ListCadences);
        group.MapGet("/missed", ListMissed);
        group.MapGet("/{id:guid}", GetCadence);
        group.MapPost("/", CreateCadence);
        group.MapPost("/{id:guid}/end", EndCadence);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<CadenceResponse>>, ValidationProblem, ProblemHttpResult>> ListCadences(
        Guid? unitId, int? page, int? pageSize, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var all = await services.Db.Cadences.AsNoTracking().Where(c => unitId == null || c.UnitId == unitId).OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        var visible = new List<BriefingCadence>();
        foreach (var c in all)
        {
            if (await services.Access.CanReadAsync(c, ct)) visible.Add(c);
        }
        var items = new List<CadenceResponse>();
        foreach (var c in visible.Skip((p - 1) * size).Take(size)) items.Add(await ResponseAsync(services, c, ct));
        return TypedResults.Ok(new PagedResult<CadenceResponse>(items, p, size, visible.Count));
    }

    public static async Task<Results<Ok<PagedResult<MissedBriefingResponse>>, ValidationProblem, ProblemHttpResult>> ListMissed(
        Guid? unitId, DateOnly? from, int? page, int? pageSize, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var q = services.Db.MissedBriefings.AsNoTracking();
        if (await services.Access.ReadableUnitsAsync(ct) is { } units) q = q.Where(m => units.Contains(m.UnitId));
        if (unitId is { } u) q = q.Where(m => m.UnitId == u);
        if (from is { } f) q = q.Where(m => m.PeriodStart >= f);
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderByDescending(m => m.PeriodStart).ThenBy(m => m.UnitId).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var labels = await services.Access.UnitsAsync(items.Select(m => m.UnitId), ct);
        return TypedResults.Ok(new PagedResult<MissedBriefingResponse>(items.Select(m => new MissedBriefingResponse(m.Id, m.CadenceId, UnitLabel.Of(m.UnitId, labels),
            m.PeriodStart, m.PeriodEnd, m.DetectedAt)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<CadenceResponse>, ProblemHttpResult>> GetCadence(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var cadence = await services.Db.Cadences.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cadence is null || !await services.Access.CanReadAsync(cadence, ct)) return NotFound(id);
        return TypedResults.Ok(await ResponseAsync(services, cadence, ct));
    }

    public static async Task<Results<Created<CadenceResponse>, ValidationProblem, ProblemHttpResult>> CreateCadence(
        CadenceRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var name = validator.Required("name", request.Name, 300);
        var interval = validator.Enum<CadenceInterval>("interval", request.Interval, required: true);
        if (request.UnitId is null) validator.Add("unitId", "Trường 'unitId' là bắt buộc.", "The field 'unitId' is required.");
        if (request.EffectiveFrom is null) validator.Add("effectiveFrom", "Trường 'effectiveFrom' là bắt buộc.", "The field 'effectiveFrom' is required.");
        var kinds = (request.AppliesToKinds ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct().ToList();
        if (kinds.Any(k => k.Length > 64)) validator.Add("appliesToKinds", "Loại đơn vị quá dài.", "A unit kind is too long.");
        if (request.UnitId is { } unitId && !await services.Db.Units.AnyAsync(u => u.Id == unitId, ct))
        {
            validator.Add("unitId", $"Đơn vị {unitId} không có trong danh mục.", $"Unit {unitId} is not in the directory.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!await services.Access.CanManageCadenceAsync(request.UnitId!.Value, ct))
        {
            return ApiResults.Forbidden("Bạn không được đặt chế độ giao ban cho đơn vị này.", "You may not set a briefing cadence for this unit.");
        }
        var actor = services.Actor;
        var cadence = new BriefingCadence
        {
            Id = Guid.CreateVersion7(actor.At), Name = name, UnitId = request.UnitId!.Value, AppliesToKinds = kinds, Interval = interval!.Value,
            EffectiveFrom = request.EffectiveFrom!.Value, CreatedAt = actor.At, CreatedBy = actor.UserId, CreatedByUnitId = actor.UnitId,
        };
        services.Db.Cadences.Add(cadence);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/coordination/cadences/{cadence.Id}", await ResponseAsync(services, cadence, ct));
    }

    public static async Task<Results<Ok<CadenceResponse>, ValidationProblem, ProblemHttpResult>> EndCadence(
        Guid id, EndCadenceRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var cadence = await services.Db.Cadences.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cadence is null || !await services.Access.CanReadAsync(cadence, ct)) return NotFound(id);
        if (!await services.Access.CanManageCadenceAsync(cadence.UnitId, ct)) return ApiResults.ReadOnly();
        var endedOn = request?.EndedOn ?? services.Today;
        if (cadence.EndedOn is not null) return ApiResults.Unprocessable("Chế độ giao ban đã kết thúc.", "The cadence has already ended.");
        if (endedOn < cadence.EffectiveFrom) return ApiResults.Invalid("endedOn", "Ngày kết thúc không được trước ngày áp dụng.", "endedOn must not be before effectiveFrom.");
        cadence.EndedOn = endedOn;
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, cadence, ct));
    }

    private static async Task<CadenceResponse> ResponseAsync(CoordinationApiServices services, BriefingCadence c, CancellationToken ct)
    {
        var unitIds = await CoordinationScheduler.CadenceUnitsAsync(services.Db, c, ct);
        var missed = await services.Db.MissedBriefings.AsNoTracking().Where(m => m.CadenceId == c.Id).OrderByDescending(m => m.PeriodStart).ThenBy(m => m.UnitId).ToListAsync(ct);
        var labels = await services.Access.UnitsAsync(missed.Take(20).Select(m => m.UnitId).Append(c.UnitId), ct);
        return new CadenceResponse(c.Id, c.Name, UnitLabel.Of(c.UnitId, labels), c.AppliesToKinds, c.Interval.ToString(), c.EffectiveFrom, c.EndedOn, c.EndReason, c.SucceededFromUnitId, unitIds.Count,
            missed.Count, missed.Take(20).Select(m => new MissedBriefingResponse(m.Id, m.CadenceId, UnitLabel.Of(m.UnitId, labels), m.PeriodStart, m.PeriodEnd, m.DetectedAt)).ToList(),
            c.CreatedAt, c.CreatedBy);
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiResults.NotFound("chế độ giao ban", "briefing cadence", id);

    private static ProblemHttpResult PoliceMayNot() =>
        ApiResults.Forbidden("Công an chỉ xem được nội dung đã chia sẻ với công an.", "Police liaisons see only what was shared with the police.");
}
