using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

/// <summary>What a plan did, or would do: rows read, units created, existing units changed, events published.</summary>
public sealed record RestructuringPlanResponse(bool DryRun, int Rows, int Created, int Changed, int EventsPublished);

/// <summary>
/// A restructuring plan uploaded as CSV or XLSX (<see cref="RestructuringPlanner"/>): <c>check</c> plays
/// it through and writes nothing; <c>apply</c> does the same and, when every row is good, saves it all
/// in one transaction. System administrators only, as for the unit import.
/// </summary>
public static class RestructuringPlanApi
{
    public static IEndpointRouteBuilder MapRestructuringPlanApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/restructuring-plans").WithTags("Restructuring plans");
        group.MapPost("/check", Check).DisableAntiforgery();
        group.MapPost("/apply", Apply).DisableAntiforgery();
        return app;
    }

    public static Task<Results<Ok<RestructuringPlanResponse>, ProblemHttpResult>> Check(
        IFormFile? file, [AsParameters] UnitsApiServices services, RestructuringPlanner planner, CancellationToken ct) =>
        RunAsync(file, apply: false, services, planner, ct);

    public static Task<Results<Ok<RestructuringPlanResponse>, ProblemHttpResult>> Apply(
        IFormFile? file, [AsParameters] UnitsApiServices services, RestructuringPlanner planner, CancellationToken ct) =>
        RunAsync(file, apply: true, services, planner, ct);

    private static async Task<Results<Ok<RestructuringPlanResponse>, ProblemHttpResult>> RunAsync(
        IFormFile? file, bool apply, UnitsApiServices services, RestructuringPlanner planner, CancellationToken ct)
    {
        if (!services.Access.MayImport)
        {
            return UnitsApi.Forbidden("Chỉ quản trị hệ thống được áp dụng kế hoạch sắp xếp đơn vị từ tệp.",
                "Only system administrators may apply a restructuring plan from a file.");
        }
        var errors = new List<ImportError>();
        var (records, refused) = await ImportExportApi.ReadTableAsync(file, RestructuringPlanner.Columns, RestructuringPlanner.RequiredColumns, errors, ct);
        if (refused is not null)
        {
            return refused;
        }

        RestructuringPlanResult result;
        try
        {
            result = await planner.RunAsync(records, errors, services.Access.Actor(services.Clock), apply, ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            services.Logger.LogWarning("Restructuring plan by {UserId} collided with a concurrent change: {Reason}",
                services.Access.User.Id, ex.InnerException?.Message ?? ex.Message);
            return Problems.Conflict(
                "Một số đơn vị trong kế hoạch vừa được người khác thay đổi; không có gì được ghi. Hãy kiểm tra và gửi lại tệp.",
                "Some units in the plan were changed by someone else meanwhile; nothing was written. Check and send the file again.");
        }
        if (!result.Succeeded)
        {
            var lines = result.Errors.Select(e => e.Line).Distinct().Count();
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: Text.Pick("Kế hoạch có lỗi; không có gì được ghi.", "The plan has errors; nothing was written."),
                detail: Text.Pick($"{result.Errors.Count} lỗi ở {lines} dòng: {Lines(result)}.", $"{result.Errors.Count} errors on {lines} lines: {Lines(result)}."),
                extensions: new Dictionary<string, object?> { ["importErrors"] = result.Errors });
        }
        services.Logger.LogInformation("Restructuring plan by {UserId}: {Rows} rows, {Created} units created, {Changed} changed, {Events} events (applied {Applied})",
            services.Access.User.Id, result.Rows, result.Created, result.Changed, result.Events, apply);
        return TypedResults.Ok(new RestructuringPlanResponse(!apply, result.Rows, result.Created, result.Changed, result.Events));
    }

    private static string Lines(RestructuringPlanResult result) =>
        string.Join(", ", result.Errors.Select(e => e.Line).Distinct().Order().Take(50));
}
