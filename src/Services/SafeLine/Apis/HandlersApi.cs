using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.SafeLine.Domain;
using Platform.ServiceDefaults;

namespace Platform.SafeLine.Apis;

public sealed record HandlerRequest(string? Name);

public sealed record HandlerResponse(string UserId, string Name, string NamedBy, DateTimeOffset NamedAt);

/// <summary>A member of the school's staff who has opened the safe line's page, and whether they handle it.</summary>
public sealed record StaffCandidate(string UserId, string Name, DateOnly LastSeenOn, bool IsHandler);

/// <summary>The principal (SchoolManager) names the staff who handle the school's safe line.</summary>
public static class HandlersApi
{
    public static IEndpointRouteBuilder MapHandlersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safeline/handlers").WithTags("Safe line (handlers)");
        group.MapGet("/", ListHandlers);
        group.MapGet("/candidates", ListCandidates);
        group.MapPut("/{userId}", NameHandler);
        group.MapDelete("/{userId}", RemoveHandler);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<HandlerResponse>>, ProblemHttpResult>> ListHandlers([AsParameters] StaffServices services,
        CancellationToken ct)
    {
        if (ManagedSchool(services) is not { } school) return NotManager();
        var list = await services.Db.Handlers.AsNoTracking().Where(h => h.SchoolId == school).OrderBy(h => h.Name)
            .Select(h => new HandlerResponse(h.UserId, h.Name, h.NamedBy, h.NamedAt)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<HandlerResponse>>(list);
    }

    /// <summary>The school's staff who opened the safe line's page, named handlers first: whom the principal can name.</summary>
    public static async Task<Results<Ok<IReadOnlyList<StaffCandidate>>, ProblemHttpResult>> ListCandidates([AsParameters] StaffServices services,
        CancellationToken ct)
    {
        if (ManagedSchool(services) is not { } school) return NotManager();
        var handlers = await services.Db.Handlers.AsNoTracking().Where(h => h.SchoolId == school).ToDictionaryAsync(h => h.UserId, h => h.Name, ct);
        var staff = await services.Db.Staff.AsNoTracking().Where(s => s.SchoolId == school).ToListAsync(ct);
        var list = staff.Select(s => new StaffCandidate(s.UserId, s.Name, s.LastSeenOn, handlers.ContainsKey(s.UserId)))
            .Concat(handlers.Where(h => staff.All(s => s.UserId != h.Key)).Select(h => new StaffCandidate(h.Key, h.Value, default, true)))
            .OrderByDescending(c => c.IsHandler).ThenBy(c => c.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), true))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<StaffCandidate>>(list);
    }

    public static async Task<Results<Ok<HandlerResponse>, ValidationProblem, ProblemHttpResult>> NameHandler(string userId, HandlerRequest request,
        [AsParameters] StaffServices services, CancellationToken ct)
    {
        if (ManagedSchool(services) is not { } school) return NotManager();
        var validator = new RequestValidator();
        var id = validator.Required("userId", userId, SchoolHandler.UserIdMax);
        var name = validator.Required("name", request.Name, SchoolHandler.NameMax);
        if (!validator.IsValid) return validator.ToProblem();
        var handler = await services.Db.Handlers.FindAsync([school, id], ct);
        if (handler is null)
        {
            handler = new SchoolHandler(school, id, name, services.Access.User.Id, services.Clock.GetUtcNow());
            services.Db.Handlers.Add(handler);
        }
        else handler.Rename(name);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new HandlerResponse(handler.UserId, handler.Name, handler.NamedBy, handler.NamedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveHandler(string userId, [AsParameters] StaffServices services, CancellationToken ct)
    {
        if (ManagedSchool(services) is not { } school) return NotManager();
        var removed = await services.Db.Handlers.Where(h => h.SchoolId == school && h.UserId == userId).ExecuteDeleteAsync(ct);
        return removed == 0
            ? Problems.NotFound("Người này không phải cán bộ tiếp nhận của trường.", "This person does not handle the school's safe line.")
            : TypedResults.NoContent();
    }

    private static Guid? ManagedSchool(StaffServices services) =>
        services.Access.User.IsInRole(PlatformRoles.SchoolManager) ? services.Access.User.UnitId : null;

    private static ProblemHttpResult NotManager() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: Text.Pick("Không có quyền.", "Forbidden."),
        detail: Text.Pick("Chỉ hiệu trưởng (quản lý trường) chỉ định cán bộ tiếp nhận.", "Only the school's manager names the safe line's handlers."));
}
