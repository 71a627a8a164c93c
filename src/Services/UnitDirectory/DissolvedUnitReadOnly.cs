using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;

namespace Platform.UnitDirectory;

/// <summary>
/// People whose unit has been dissolved (a district education office after 01/07/2025) keep reading the work of
/// the period when their unit existed, but change nothing: any write to the service's API is refused with 403
/// and a problem that says the unit has ceased and who carries on its work. Province-wide roles are not tied to
/// a unit's life and pass. The decision is the service's own replica, never the request.
/// </summary>
public sealed class DissolvedUnitReadOnlyMiddleware<TContext>(RequestDelegate next) where TContext : DbContext
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method)
            || !context.Request.Path.StartsWithSegments("/api")
            || PlatformUser.From(context.User) is not { IsProvinceWide: false } user)
        {
            await next(context);
            return;
        }

        var db = context.RequestServices.GetRequiredService<TContext>();
        var units = db.Set<UnitReplica>().AsNoTracking();
        var unit = await units.FirstOrDefaultAsync(u => u.Id == user.UnitId, context.RequestAborted);
        if (unit is null || unit.IsActive)
        {
            await next(context);
            return;
        }

        var successor = unit.SuccessorId is { } successorId
            ? await units.Where(u => u.Id == successorId).Select(u => u.Name).FirstOrDefaultAsync(context.RequestAborted)
            : null;
        var vietnamese = $"{unit.Name} đã kết thúc hoạt động (giải thể, sáp nhập hoặc chia tách). Tài khoản của đơn vị này chỉ còn xem được công việc của thời kỳ đơn vị còn hoạt động"
                         + (successor is null ? "." : $"; công việc tiếp theo do {successor} thực hiện.");
        var english = $"{unit.Name} has ceased (dissolved, merged or split). Accounts of this unit can only read the work of the period when it existed"
                      + (successor is null ? "." : $"; its work is carried on by {successor}.");
        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: Text.Pick("Đơn vị đã kết thúc hoạt động.", "The unit has ceased."),
                detail: Text.Pick(vietnamese, english),
                extensions: new Dictionary<string, object?> { ["successorUnitId"] = unit.SuccessorId })
            .ExecuteAsync(context);
    }
}

public static class DissolvedUnitReadOnly
{
    /// <summary>After authentication: writes by people of a dissolved unit are refused (see <see cref="DissolvedUnitReadOnlyMiddleware{TContext}"/>).</summary>
    public static IApplicationBuilder UseDissolvedUnitsReadOnly<TContext>(this IApplicationBuilder app) where TContext : DbContext =>
        app.UseMiddleware<DissolvedUnitReadOnlyMiddleware<TContext>>();
}
