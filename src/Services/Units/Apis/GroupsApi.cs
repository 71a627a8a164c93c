using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults;
using Platform.Units.Domain;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

public sealed record CreateGroupRequest(
    string? Code,
    string? Name,
    string? Description,
    string? Kind,
    IReadOnlyList<string>? UnitKinds,
    string? AreaCodePrefix,
    Guid? ParentId,
    bool? IncludeSubtree,
    IReadOnlyList<Guid>? MemberIds);

public sealed record GroupResponse(Guid Id, string Code, string Name, string? Description, string Kind,
    IReadOnlyList<string> UnitKinds, string? AreaCodePrefix, Guid? ParentId, bool IncludeSubtree, IReadOnlyList<Guid> MemberIds)
{
    /// <summary>The group as the caller may see it: hand-picked members outside their scope are left out.</summary>
    public static GroupResponse From(RecipientGroup g, IReadOnlySet<Guid>? readable) => new(g.Id, g.Code, g.Name, g.Description, g.Kind.ToString(),
        g.UnitKinds.Select(k => k.ToString()).ToList(), g.AreaCodePrefix, g.ParentId, g.IncludeSubtree,
        g.MemberIds.Where(m => readable is null || readable.Contains(m)).ToList());
}

public sealed record GroupMembersResponse(GroupResponse Group, DateOnly AsOf, IReadOnlyList<UnitOnDate> Members);

/// <summary>Recipient groups (nơi nhận): who a document is addressed to, resolved to units on a date.</summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/groups").WithTags("Recipient groups");
        group.MapGet("/", ListGroups);
        group.MapGet("/{id:guid}", GetGroup);
        group.MapGet("/{id:guid}/members", GetMembers);
        group.MapPost("/", CreateGroup);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<GroupResponse>>> ListGroups(string? q, UnitsDbContext db, UnitAccess access, CancellationToken ct)
    {
        var groups = await db.RecipientGroups.AsNoTracking().OrderBy(g => g.Code).ToListAsync(ct);
        var folded = VietnameseText.Fold(q);
        var readable = await access.ReadableIdsAsync(ct);
        return TypedResults.Ok<IReadOnlyList<GroupResponse>>(groups
            .Where(g => folded.Length == 0 || VietnameseText.Fold($"{g.Code} {g.Name}").Contains(folded, StringComparison.Ordinal))
            .Select(g => GroupResponse.From(g, readable)).ToList());
    }

    public static async Task<Results<Ok<GroupResponse>, ProblemHttpResult>> GetGroup(Guid id, UnitsDbContext db, UnitAccess access, CancellationToken ct) =>
        await db.RecipientGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) is { } g
            ? TypedResults.Ok(GroupResponse.From(g, await access.ReadableIdsAsync(ct)))
            : GroupNotFound(id);

    /// <summary>The units the group reaches on <paramref name="asOf"/> (today by default), within the caller's scope.</summary>
    public static async Task<Results<Ok<GroupMembersResponse>, ProblemHttpResult>> GetMembers(
        Guid id, DateOnly? asOf, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var group = await services.Db.RecipientGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null)
        {
            return GroupNotFound(id);
        }
        var date = asOf ?? VietnamTime.Today(services.Clock);
        var snapshot = await services.Hierarchy.SnapshotAsync(date, ct);
        var readable = await services.Access.ReadableIdsAsync(ct);
        var members = snapshot.Resolve(group)
            .Where(u => readable is null || readable.Contains(u.Id))
            .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new GroupMembersResponse(GroupResponse.From(group, readable), date, members));
    }

    public static async Task<Results<Created<GroupResponse>, ValidationProblem, ProblemHttpResult>> CreateGroup(
        CreateGroupRequest? request, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var code = validator.Required("code", request?.Code, UnitLimits.Code);
        validator.Matches("code", code, UnitsApi.CodePattern(), "chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'", "only ASCII letters, digits, '.', '-' and '_'");
        var name = validator.Required("name", request?.Name, UnitLimits.Name);
        var description = validator.Optional("description", request?.Description, 1000);
        var kind = validator.Enum<RecipientGroupKind>("kind", request?.Kind, required: true);
        var unitKinds = new List<UnitKind>();
        foreach (var (k, i) in (request?.UnitKinds ?? []).Select((k, i) => (k, i)))
        {
            if (validator.Enum<UnitKind>($"unitKinds[{i}]", k, required: true) is { } parsed) unitKinds.Add(parsed);
        }
        var area = validator.Optional("areaCodePrefix", request?.AreaCodePrefix, UnitLimits.AreaCode);
        var members = request?.MemberIds?.Distinct().ToList() ?? [];
        if (kind == RecipientGroupKind.Static && members.Count == 0)
        {
            validator.Add("memberIds", "Nhóm cố định cần ít nhất một đơn vị.", "A static group needs at least one member.");
        }
        if (kind == RecipientGroupKind.Dynamic && members.Count > 0)
        {
            validator.Add("memberIds", "Nhóm động không có danh sách thành viên cố định.", "A dynamic group has no hand-picked members.");
        }
        if (members.Count > 0)
        {
            var known = await services.Db.Units.Where(u => members.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            if (members.Except(known).ToList() is { Count: > 0 } unknown)
            {
                validator.Add("memberIds", $"Không có các đơn vị: {string.Join(", ", unknown)}.", $"These units do not exist: {string.Join(", ", unknown)}.");
            }
        }
        if (request?.ParentId is { } parentId && !await services.Db.Units.AnyAsync(u => u.Id == parentId, ct))
        {
            validator.Add("parentId", $"Không có đơn vị {parentId}.", $"There is no unit {parentId}.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayManageGroups)
        {
            return UnitsApi.Forbidden("Chỉ quản trị hệ thống và chuyên viên Văn phòng Sở được tạo nhóm nơi nhận.",
                "Only system administrators and Department officers may create recipient groups.");
        }

        var actor = services.Access.Actor(services.Clock);
        var group = kind == RecipientGroupKind.Static
            ? RecipientGroup.CreateStatic(Guid.CreateVersion7(actor.At), code, name, description, members, actor)
            : RecipientGroup.CreateDynamic(Guid.CreateVersion7(actor.At), code, name, description, unitKinds, area, request!.ParentId, request.IncludeSubtree ?? false, actor);
        services.Db.RecipientGroups.Add(group);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Mã nhóm '{code}' đã được dùng.", $"The group code '{code}' is already in use.");
        }
        return TypedResults.Created($"/api/units/groups/{group.Id}", GroupResponse.From(group, readable: null));
    }

    private static ProblemHttpResult GroupNotFound(Guid id) =>
        Problems.NotFound($"Không có nhóm nơi nhận {id}.", $"There is no recipient group {id}.");
}
