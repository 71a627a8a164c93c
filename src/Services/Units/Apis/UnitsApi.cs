using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Units.Domain;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

/// <summary>What the units handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record UnitsApiServices(
    UnitsDbContext Db,
    UnitAccess Access,
    UnitHierarchy Hierarchy,
    TimeProvider Clock,
    ILogger<UnitsApiServices> Logger);

public static partial class UnitsApi
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
    internal static partial Regex CodePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    internal static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9+()\-. ]+$")]
    internal static partial Regex PhonePattern();

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Units");
        group.MapGet("/", ListUnits);
        group.MapGet("/{id:guid}", GetUnit);
        group.MapGet("/{id:guid}/children", GetChildren);
        group.MapGet("/{id:guid}/ancestors", GetAncestors);
        group.MapGet("/{id:guid}/history", GetHistory);
        group.MapPost("/", CreateUnit);
        group.MapPut("/{id:guid}", UpdateDetails);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<UnitResponse>>, ValidationProblem>> ListUnits(
        [AsParameters] UnitListQuery query, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var kind = validator.Enum<UnitKind>("kind", query.Kind, required: false);
        if (query.Sort is not (null or "code" or "-code" or "name" or "-name"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo code, -code, name hoặc -name.", "sort must be code, -code, name or -name.");
        }
        if (query.Status is not (null or "active" or "dissolved" or "all"))
        {
            validator.Add("status", "Trạng thái phải là active, dissolved hoặc all.", "status must be active, dissolved or all.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var readable = await services.Access.ReadableIdsAsync(ct);
        var folded = VietnameseText.Fold(query.Q);
        HashSet<Guid>? subtree = query.SubtreeOf is { } root ? await services.Hierarchy.SubtreeIdsAsync(root, ct) : null;

        if (query.AsOf is { } asOf)
        {
            // The tree of a past date comes from the periods; it is small enough to filter in memory.
            var snapshot = await services.Hierarchy.SnapshotAsync(asOf, ct);
            var ids = snapshot.Units.Values
                .Where(u => readable is null || readable.Contains(u.Id))
                .Where(u => kind is null || u.Kind == kind)
                .Where(u => query.ParentId is null || u.ParentId == query.ParentId)
                .Where(u => query.Area is null || (u.AreaCode ?? "").StartsWith(query.Area, StringComparison.OrdinalIgnoreCase))
                .Where(u => query.SubtreeOf is null || u.Id == query.SubtreeOf || snapshot.Ancestors(u.Id).Contains(query.SubtreeOf.Value))
                .Where(u => folded.Length == 0 || VietnameseText.Fold($"{u.Code} {u.Name}").Contains(folded, StringComparison.Ordinal))
                .Select(u => u.Id).ToHashSet();
            var units = await services.Db.Units.AsNoTracking().Include(u => u.Periods).Where(u => ids.Contains(u.Id)).ToListAsync(ct);
            var asOfItems = units.Select(u => UnitResponse.AsOf(u, u.PeriodOn(asOf)!));
            asOfItems = query.Sort switch
            {
                "name" => asOfItems.OrderBy(u => u.Name, VietnameseComparer.Instance).ThenBy(u => u.Code),
                "-name" => asOfItems.OrderByDescending(u => u.Name, VietnameseComparer.Instance).ThenBy(u => u.Code),
                "-code" => asOfItems.OrderByDescending(u => u.Code, StringComparer.Ordinal),
                _ => asOfItems.OrderBy(u => u.Code, StringComparer.Ordinal),
            };
            var list = asOfItems.ToList();
            return TypedResults.Ok(new PagedResult<UnitResponse>(list.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, list.Count));
        }

        var q = services.Db.Units.AsNoTracking();
        q = query.Status switch
        {
            "all" => q,
            "dissolved" => q.Where(u => u.Status == UnitStatus.Dissolved),
            _ => q.Where(u => u.Status == UnitStatus.Active),
        };
        if (readable is not null) q = q.Where(u => readable.Contains(u.Id));
        if (subtree is not null) q = q.Where(u => subtree.Contains(u.Id));
        if (kind is { } k) q = q.Where(u => u.Kind == k);
        if (query.ParentId is { } parent) q = q.Where(u => u.ParentId == parent);
        if (query.Area is { Length: > 0 } area) q = q.Where(u => u.AreaCode != null && u.AreaCode.StartsWith(area));
        if (folded.Length > 0) q = q.Where(u => u.SearchText.Contains(folded));

        q = query.Sort switch
        {
            "name" => q.OrderBy(u => u.Name).ThenBy(u => u.Code),
            "-name" => q.OrderByDescending(u => u.Name).ThenBy(u => u.Code),
            "-code" => q.OrderByDescending(u => u.Code),
            _ => q.OrderBy(u => u.Code),
        };
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<UnitResponse>(items.Select(UnitResponse.From).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> GetUnit(
        Guid id, DateOnly? asOf, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var unit = await FindReadableAsync(services, id, ct);
        if (unit is null)
        {
            return UnitNotFound(id);
        }
        if (asOf is { } date)
        {
            return unit.PeriodOn(date) is { } period
                ? TypedResults.Ok(UnitResponse.AsOf(unit, period))
                : Problems.NotFound($"Đơn vị {unit.Code} chưa tồn tại hoặc đã giải thể vào ngày {VietnamTime.Format(date)}.",
                    $"Unit {unit.Code} did not exist on {VietnamTime.Format(date)}.");
        }
        return TypedResults.Ok(UnitResponse.From(unit));
    }

    public static async Task<Results<Ok<IReadOnlyList<UnitResponse>>, ProblemHttpResult>> GetChildren(
        Guid id, DateOnly? asOf, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        if (await FindReadableAsync(services, id, ct) is null)
        {
            return UnitNotFound(id);
        }
        var readable = await services.Access.ReadableIdsAsync(ct);
        List<UnitResponse> children;
        if (asOf is { } date)
        {
            var snapshot = await services.Hierarchy.SnapshotAsync(date, ct);
            var ids = snapshot.Children(id).Select(c => c.Id).ToHashSet();
            var units = await services.Db.Units.AsNoTracking().Include(u => u.Periods).Where(u => ids.Contains(u.Id)).ToListAsync(ct);
            children = units.Select(u => UnitResponse.AsOf(u, u.PeriodOn(date)!)).ToList();
        }
        else
        {
            children = (await services.Db.Units.AsNoTracking().Where(u => u.ParentId == id && u.Status == UnitStatus.Active).ToListAsync(ct))
                .Select(UnitResponse.From).ToList();
        }
        return TypedResults.Ok<IReadOnlyList<UnitResponse>>(children
            .Where(c => readable is null || readable.Contains(c.Id))
            .OrderBy(c => c.Code, StringComparer.Ordinal).ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<UnitResponse>>, ProblemHttpResult>> GetAncestors(
        Guid id, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        if (await FindReadableAsync(services, id, ct) is null)
        {
            return UnitNotFound(id);
        }
        var ids = await services.Hierarchy.AncestorIdsAsync(id, ct);
        var units = await services.Db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        return TypedResults.Ok<IReadOnlyList<UnitResponse>>(ids.Where(units.ContainsKey).Select(i => UnitResponse.From(units[i])).ToList());
    }

    public static async Task<Results<Ok<UnitHistoryResponse>, ProblemHttpResult>> GetHistory(
        Guid id, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var unit = await FindReadableAsync(services, id, ct);
        if (unit is null)
        {
            return UnitNotFound(id);
        }
        var changes = await services.Db.UnitChanges.AsNoTracking()
            .Where(c => c.UnitId == id).OrderBy(c => c.RecordedAt).ToListAsync(ct);

        // A unit's end is its Dissolved/Merged/Split entry dated when it ended; the units that entry names took over.
        var endings = await services.Db.UnitChanges.AsNoTracking()
            .Where(c => Endings.Contains(c.Kind) && (c.UnitId == id || c.RelatedUnitIds.Contains(id)))
            .Join(services.Db.Units.AsNoTracking().Where(u => u.Status == UnitStatus.Dissolved), c => c.UnitId, u => u.Id, (c, u) => new { Change = c, u.EffectiveTo })
            .Where(x => x.Change.EffectiveDate == x.EffectiveTo)
            .Select(x => x.Change).ToListAsync(ct);
        var successors = endings.Where(c => c.UnitId == id).SelectMany(c => c.RelatedUnitIds.Select(r => (Id: r, c.Kind, c.EffectiveDate))).ToList();
        if (unit.SuccessorId is { } successorId && successors.All(s => s.Id != successorId))
        {
            successors.Insert(0, (successorId, UnitChangeKind.Dissolved, unit.EffectiveTo ?? default));
        }
        var predecessors = endings.Where(c => c.UnitId != id).Select(c => (Id: c.UnitId, c.Kind, c.EffectiveDate)).ToList();
        var parentIds = unit.Periods.Select(p => p.ParentId).OfType<Guid>();
        var linkedIds = successors.Select(s => s.Id).Concat(predecessors.Select(p => p.Id)).Concat(parentIds).ToHashSet();
        var readable = await services.Access.ReadableIdsAsync(ct);
        var linked = await services.Db.Units.AsNoTracking().Where(u => linkedIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        List<UnitLinkResponse> Links(IEnumerable<(Guid Id, UnitChangeKind Kind, DateOnly Date)> links) => links
            .Where(l => linked.ContainsKey(l.Id) && (readable is null || readable.Contains(l.Id)))
            .DistinctBy(l => l.Id)
            .Select(l => new UnitLinkResponse(l.Id, linked[l.Id].Code, linked[l.Id].Name, l.Kind.ToString(), l.Date))
            .OrderBy(l => l.EffectiveDate).ThenBy(l => l.Code, StringComparer.Ordinal).ToList();

        return TypedResults.Ok(new UnitHistoryResponse(
            UnitResponse.From(unit),
            unit.Periods.OrderBy(p => p.ValidFrom).Select(p => new UnitPeriodResponse(p.ValidFrom, p.ValidTo, p.Name, p.ShortName, p.ParentId,
                p.ParentId is { } parent && linked.TryGetValue(parent, out var pu) && (readable is null || readable.Contains(parent)) ? pu.Code : null)).ToList(),
            changes.Select(c => new UnitChangeResponse(c.Id, c.Kind.ToString(), c.EffectiveDate, c.Summary, c.RelatedUnitIds, c.ActorUserId, c.ActorUnitId, c.RecordedAt)).ToList(),
            Links(predecessors.Select(p => (p.Id, p.Kind, p.EffectiveDate))),
            Links(successors.Select(s => (s.Id, s.Kind, s.EffectiveDate)))));
    }

    private static readonly UnitChangeKind[] Endings = [UnitChangeKind.Dissolved, UnitChangeKind.Merged, UnitChangeKind.Split];

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
        var kind = validator.Enum<UnitKind>("kind", request.Kind, required: true);
        var details = ValidateDetails(validator, request.AreaCode, request.Address, request.HeadName, request.HeadTitle, request.Phone, request.Email);

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
        if (!await services.Access.CanManageUnderAsync(request.ParentId, ct))
        {
            return Forbidden("Bạn không được đăng ký đơn vị ở vị trí này trong cây tổ chức.", "You may not register a unit at this place in the hierarchy.");
        }

        var actor = services.Access.Actor(services.Clock);
        var unit = Unit.Register(Guid.CreateVersion7(actor.At), code, name, shortName, kind!.Value, request.ParentId, details,
            request.EffectiveFrom ?? VietnamTime.Today(services.Clock), actor);
        db.Units.Add(unit);
        db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Registered, unit.EffectiveFrom, $"Đăng ký đơn vị {unit.Name}", actor, unit.ParentId));
        db.AddIntegrationEvent(unit.ToRegisteredEvent());

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Mã đơn vị '{code}' đã được dùng.", $"The unit code '{code}' is already in use.");
        }

        services.Logger.LogInformation("Registered unit {UnitId} ({Code}, {Kind}) by {UserId}", unit.Id, unit.Code, unit.Kind, actor.UserId);
        return TypedResults.Created($"/api/units/{unit.Id}", UnitResponse.From(unit));
    }

    public static async Task<Results<Ok<UnitResponse>, ValidationProblem, ProblemHttpResult>> UpdateDetails(
        Guid id, UpdateUnitDetailsRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (request is null)
        {
            validator.Add("body", "Thiếu nội dung yêu cầu.", "The request body is missing.");
            return validator.ToProblem();
        }
        var details = ValidateDetails(validator, request.AreaCode, request.Address, request.HeadName, request.HeadTitle, request.Phone, request.Email);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var unit = await FindReadableAsync(services, id, ct);
        if (unit is null)
        {
            return UnitNotFound(id);
        }
        if (!await services.Access.CanManageUnderAsync(unit.ParentId, ct))
        {
            return Forbidden("Bạn không được sửa thông tin đơn vị này.", "You may not edit this unit.");
        }
        if (!unit.IsActive)
        {
            return Problems.Conflict($"Đơn vị {unit.Code} đã giải thể.", $"Unit {unit.Code} has been dissolved.");
        }

        var actor = services.Access.Actor(services.Clock);
        unit.UpdateDetails(details, actor);
        var today = VietnamTime.Today(services.Clock);
        services.Db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.DetailsUpdated, today, "Cập nhật thông tin liên hệ", actor));
        services.Db.AddIntegrationEvent(unit.ToUpdatedEvent(today, actor.At));
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(UnitResponse.From(unit));
    }

    internal static UnitDetails ValidateDetails(RequestValidator validator, string? areaCode, string? address, string? headName,
        string? headTitle, string? phone, string? email)
    {
        var details = new UnitDetails(
            validator.Optional("areaCode", areaCode, UnitLimits.AreaCode),
            validator.Optional("address", address, UnitLimits.Address),
            validator.Optional("headName", headName, UnitLimits.PersonName),
            validator.Optional("headTitle", headTitle, UnitLimits.PersonName),
            validator.Optional("phone", phone, UnitLimits.Phone),
            validator.Optional("email", email, UnitLimits.Email));
        validator.Matches("phone", details.Phone, PhonePattern(), "chỉ gồm chữ số, dấu cách, '+', '-', '(', ')', '.'", "only digits, spaces and + - ( ) .");
        validator.Matches("email", details.Email, EmailPattern(), "phải có dạng ten@mien.vn", "must look like name@domain.vn");
        return details;
    }

    /// <summary>The unit with its periods, or null when it does not exist or lies outside the caller's scope (not told apart).</summary>
    internal static async Task<Unit?> FindReadableAsync(UnitsApiServices services, Guid id, CancellationToken ct) =>
        await services.Access.CanReadAsync(id, ct)
            ? await services.Db.Units.Include(u => u.Periods).FirstOrDefaultAsync(u => u.Id == id, ct)
            : null;

    internal static ProblemHttpResult UnitNotFound(Guid id) =>
        Problems.NotFound($"Không có đơn vị {id} trong phạm vi của bạn.", $"There is no unit {id} within your scope.");

    internal static ProblemHttpResult Forbidden(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
            detail: Text.Pick(vietnamese, english));
}
