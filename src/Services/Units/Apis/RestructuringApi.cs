using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Units.Domain;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

public sealed record RenameUnitRequest(string? Name, string? ShortName, DateOnly? EffectiveDate);

public sealed record MoveUnitRequest(Guid? ParentId, DateOnly? EffectiveDate);

public sealed record DissolveUnitRequest(Guid? SuccessorId, DateOnly? EffectiveDate);

public sealed record MergeUnitsRequest(IReadOnlyList<Guid>? SourceIds, Guid? SuccessorId, DateOnly? EffectiveDate);

public sealed record SplitPartRequest(string? Code, string? Name, string? ShortName, string? Kind, string? AreaCode, IReadOnlyList<Guid>? ChildIds);

public sealed record SplitUnitRequest(IReadOnlyList<SplitPartRequest>? Parts, string? PrimarySuccessorCode, DateOnly? EffectiveDate);

public sealed record RestructuringResponse(IReadOnlyList<UnitResponse> Units, int EventsPublished);

/// <summary>
/// Reorganisations with effective dates: rename, move, dissolve, merge, split. Each writes the new
/// state, the history entries and the events in one transaction; other services' replicas follow the events.
/// </summary>
public static class RestructuringApi
{
    public static IEndpointRouteBuilder MapRestructuringApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Restructuring");
        group.MapPost("/{id:guid}/rename", Rename);
        group.MapPost("/{id:guid}/move", Move);
        group.MapPost("/{id:guid}/dissolve", Dissolve);
        group.MapPost("/merge", Merge);
        group.MapPost("/{id:guid}/split", Split);
        return app;
    }

    private static ProblemHttpResult NotAllowed() => UnitsApi.Forbidden(
        "Chỉ quản trị hệ thống và chuyên viên Văn phòng Sở được sắp xếp lại đơn vị.",
        "Only system administrators and Department officers may restructure units.");

    private static DateOnly RequireDate(RequestValidator validator, DateOnly? date)
    {
        if (date is null)
        {
            validator.Add("effectiveDate", "Trường 'effectiveDate' là bắt buộc.", "The field 'effectiveDate' is required.");
        }
        return date ?? default;
    }

    public static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> Rename(
        Guid id, RenameUnitRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var name = validator.Required("name", request?.Name, Infrastructure.UnitLimits.Name);
        var shortName = validator.Optional("shortName", request?.ShortName, Infrastructure.UnitLimits.ShortName);
        var date = RequireDate(validator, request?.EffectiveDate);
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRestructure) return NotAllowed();

        var unit = await UnitsApi.FindReadableAsync(services, id, ct);
        if (unit is null) return UnitsApi.UnitNotFound(id);

        return await ApplyAsync(services, [unit], ct, actor => RestructuringSteps.Rename(services.Db, unit, name, shortName, date, actor));
    }

    public static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> Move(
        Guid id, MoveUnitRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var date = RequireDate(validator, request?.EffectiveDate);
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRestructure) return NotAllowed();

        var unit = await UnitsApi.FindReadableAsync(services, id, ct);
        if (unit is null) return UnitsApi.UnitNotFound(id);
        if (request!.ParentId is { } parentId)
        {
            var parent = await services.Db.Units.Include(u => u.Periods).FirstOrDefaultAsync(u => u.Id == parentId, ct);
            if (parent is not { IsActive: true })
            {
                validator.Add("parentId", $"Đơn vị cấp trên {parentId} không tồn tại hoặc đã giải thể.", $"The parent unit {parentId} does not exist or has been dissolved.");
            }
            else if (parent.PeriodOn(date) is null)
            {
                validator.Add("parentId", $"Đơn vị cấp trên {parent.Code} chưa tồn tại vào ngày {VietnamTime.Format(date)}.",
                    $"The parent unit {parent.Code} did not exist yet on {VietnamTime.Format(date)}.");
            }
            else if ((await services.Hierarchy.SubtreeIdsAsync(id, ct)).Contains(parentId))
            {
                validator.Add("parentId", "Không thể chuyển một đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó.",
                    "A unit cannot move under itself or one of its own descendants.");
            }
            if (!validator.IsValid) return validator.ToProblem();
        }

        return await ApplyAsync(services, [unit], ct, actor => RestructuringSteps.Move(services.Db, unit, request.ParentId, date, actor));
    }

    public static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> Dissolve(
        Guid id, DissolveUnitRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var date = RequireDate(validator, request?.EffectiveDate);
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRestructure) return NotAllowed();

        var unit = await UnitsApi.FindReadableAsync(services, id, ct);
        if (unit is null) return UnitsApi.UnitNotFound(id);
        Unit? successor = null;
        if (request!.SuccessorId is { } successorId)
        {
            successor = await UnitsApi.FindReadableAsync(services, successorId, ct);
            if (successor is null)
            {
                validator.Add("successorId", $"Không có đơn vị kế thừa {successorId}.", $"There is no successor unit {successorId}.");
                return validator.ToProblem();
            }
            // The children would move under one of their own descendants: a cycle.
            if ((await services.Hierarchy.SubtreeIdsAsync(id, ct)).Contains(successorId))
            {
                validator.Add("successorId", "Đơn vị kế thừa không thể là chính đơn vị bị giải thể hoặc đơn vị cấp dưới của nó.",
                    "The successor cannot be the dissolved unit itself or one of its descendants.");
                return validator.ToProblem();
            }
        }
        var children = await services.Db.Units.Include(u => u.Periods).Where(u => u.ParentId == id).ToListAsync(ct);

        return await ApplyAsync(services, [unit, .. children, .. successor is null ? Array.Empty<Unit>() : [successor]], ct,
            actor => RestructuringSteps.Dissolve(services.Db, unit, successor, children, date, actor));
    }

    public static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> Merge(
        MergeUnitsRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var date = RequireDate(validator, request?.EffectiveDate);
        if (request?.SourceIds is not { Count: > 0 })
        {
            validator.Add("sourceIds", "Cần ít nhất một đơn vị bị sáp nhập.", "At least one unit to merge is required.");
        }
        if (request?.SuccessorId is null)
        {
            validator.Add("successorId", "Trường 'successorId' là bắt buộc.", "The field 'successorId' is required.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRestructure) return NotAllowed();

        var ids = request!.SourceIds!.Distinct().ToList();
        var sources = await services.Db.Units.Include(u => u.Periods).Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        var missing = ids.Except(sources.Select(s => s.Id)).ToList();
        if (missing.Count > 0)
        {
            validator.Add("sourceIds", $"Không có các đơn vị: {string.Join(", ", missing)}.", $"These units do not exist: {string.Join(", ", missing)}.");
        }
        var successor = await services.Db.Units.Include(u => u.Periods).FirstOrDefaultAsync(u => u.Id == request.SuccessorId, ct);
        if (successor is null)
        {
            validator.Add("successorId", $"Không có đơn vị kế thừa {request.SuccessorId}.", $"There is no successor unit {request.SuccessorId}.");
        }
        else if (!ids.Contains(successor.Id))
        {
            // The sources' children would move under one of their own descendants: a cycle.
            foreach (var sourceId in ids)
            {
                if ((await services.Hierarchy.SubtreeIdsAsync(sourceId, ct)).Contains(successor.Id))
                {
                    validator.Add("successorId", "Đơn vị kế thừa không thể là đơn vị cấp dưới của một đơn vị bị sáp nhập.",
                        "The successor cannot be a descendant of one of the merged units.");
                    break;
                }
            }
        }
        if (!validator.IsValid) return validator.ToProblem();

        var children = await services.Db.Units.Include(u => u.Periods)
            .Where(u => u.ParentId != null && ids.Contains(u.ParentId.Value)).ToListAsync(ct);

        return await ApplyAsync(services, [.. sources, successor!, .. children], ct,
            actor => RestructuringSteps.Merge(services.Db, sources, successor!, children, date, actor));
    }

    public static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> Split(
        Guid id, SplitUnitRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var date = RequireDate(validator, request?.EffectiveDate);
        var parts = request?.Parts ?? [];
        if (parts.Count < 2)
        {
            validator.Add("parts", "Chia tách cần ít nhất hai đơn vị mới.", "A split needs at least two new units.");
        }
        var newUnits = new List<(string Code, string Name, string? ShortName, UnitKind? Kind, string? Area, IReadOnlyList<Guid> ChildIds)>();
        for (var i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            var code = validator.Required($"parts[{i}].code", p.Code, Infrastructure.UnitLimits.Code);
            validator.Matches($"parts[{i}].code", code, UnitsApi.CodePattern(), "chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'", "only ASCII letters, digits, '.', '-' and '_'");
            newUnits.Add((code,
                validator.Required($"parts[{i}].name", p.Name, Infrastructure.UnitLimits.Name),
                validator.Optional($"parts[{i}].shortName", p.ShortName, Infrastructure.UnitLimits.ShortName),
                validator.Enum<UnitKind>($"parts[{i}].kind", p.Kind, required: false),
                validator.Optional($"parts[{i}].areaCode", p.AreaCode, Infrastructure.UnitLimits.AreaCode),
                p.ChildIds ?? []));
        }
        for (var i = 0; i < newUnits.Count; i++)
        {
            if (newUnits[i].Code.Length > 0 && newUnits.FindIndex(n => string.Equals(n.Code, newUnits[i].Code, StringComparison.Ordinal)) is var first && first < i)
            {
                validator.Add($"parts[{i}].code", $"Mã '{newUnits[i].Code}' trùng với parts[{first}].", $"The code '{newUnits[i].Code}' repeats parts[{first}].");
            }
        }
        var primaryCode = validator.Required("primarySuccessorCode", request?.PrimarySuccessorCode, Infrastructure.UnitLimits.Code);
        if (primaryCode.Length > 0 && newUnits.All(n => n.Code != primaryCode))
        {
            validator.Add("primarySuccessorCode", "Phải là mã của một trong các đơn vị mới.", "Must be the code of one of the new units.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRestructure) return NotAllowed();

        var source = await UnitsApi.FindReadableAsync(services, id, ct);
        if (source is null) return UnitsApi.UnitNotFound(id);
        var children = await services.Db.Units.Include(u => u.Periods).Where(u => u.ParentId == id).ToListAsync(ct);
        var childrenById = children.ToDictionary(c => c.Id);
        var unknownChildren = newUnits.SelectMany(n => n.ChildIds).Where(c => !childrenById.ContainsKey(c)).ToList();
        if (unknownChildren.Count > 0)
        {
            validator.Add("parts", $"Không phải đơn vị cấp dưới của {source.Code}: {string.Join(", ", unknownChildren)}.",
                $"Not children of {source.Code}: {string.Join(", ", unknownChildren)}.");
            return validator.ToProblem();
        }

        return await ApplyAsync(services, [source, .. children], ct, actor =>
        {
            var splitParts = newUnits.Select(n => new SplitPart(
                Unit.Register(Guid.CreateVersion7(actor.At), n.Code, n.Name, n.ShortName, n.Kind ?? source.Kind, source.ParentId,
                    new UnitDetails(n.Area ?? source.AreaCode, null, null, null, null, null), date, actor),
                n.ChildIds.Select(c => childrenById[c]).ToList())).ToList();
            var primary = splitParts.Single(p => p.NewUnit.Code == primaryCode).NewUnit;
            return RestructuringSteps.Split(services.Db, source, splitParts, primary, children, date, actor);
        });
    }

    /// <summary>Runs a domain operation; its state, history and events commit together or not at all.</summary>
    private static async Task<Results<Ok<RestructuringResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        UnitsApiServices services, IReadOnlyList<Unit> touched, CancellationToken ct, Func<Actor, List<object>> operation)
    {
        var actor = services.Access.Actor(services.Clock);
        List<object> events;
        try
        {
            events = operation(actor);
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: Text.Pick("Không thể thực hiện.", "The change cannot be made."), detail: Text.Pick(ex.Vietnamese, ex.English));
        }
        foreach (var evt in events)
        {
            services.Db.AddIntegrationEvent(evt);
        }
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Mã đơn vị mới đã được dùng.", "A new unit's code is already in use.");
        }
        services.Logger.LogInformation("Restructuring by {UserId} changed {Count} units and published {Events} events",
            actor.UserId, touched.Count, events.Count);
        var touchedIds = touched.Select(t => t.Id).Concat(events.OfType<UnitRegistered>().Select(r => r.UnitId)).ToHashSet();
        var units = await services.Db.Units.AsNoTracking().Where(u => touchedIds.Contains(u.Id)).OrderBy(u => u.Code).ToListAsync(ct);
        return TypedResults.Ok(new RestructuringResponse(units.Select(UnitResponse.From).ToList(), events.Count));
    }
}
