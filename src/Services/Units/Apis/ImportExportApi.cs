using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Units.Domain;
using Platform.Units.Infrastructure;

namespace Platform.Units.Apis;

public sealed record ImportResponse(bool DryRun, int Created, int Updated, int Unchanged);

/// <summary>Bulk load and download of units as CSV or XLSX, in the columns of <see cref="UnitImporter.Columns"/>.</summary>
public static class ImportExportApi
{
    public const long MaxImportBytes = 20 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportExportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units").WithTags("Import and export");
        group.MapPost("/import", Import).DisableAntiforgery();
        group.MapGet("/export", Export);
        return app;
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> Import(
        IFormFile? file, [FromQuery] bool? dryRun, [AsParameters] UnitsApiServices services, UnitImporter importer, CancellationToken ct)
    {
        if (!services.Access.MayImport)
        {
            return UnitsApi.Forbidden("Chỉ quản trị hệ thống được nhập đơn vị từ tệp.", "Only system administrators may import units.");
        }
        var errors = new List<ImportError>();
        var (records, refused) = await ReadTableAsync(file, UnitImporter.Columns, null, errors, ct);
        if (refused is not null)
        {
            return refused;
        }

        ImportResult result;
        try
        {
            result = await importer.ImportAsync(records, errors, services.Access.Actor(services.Clock), dryRun ?? false, idForNewCode: null, ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another import or edit wrote some of the same units between our read and our commit;
            // nothing of this file was written (one transaction), and sending it again applies it.
            services.Logger.LogWarning("Import by {UserId} collided with a concurrent change: {Reason}", services.Access.User.Id, ex.InnerException?.Message ?? ex.Message);
            return Problems.Conflict(
                "Một số đơn vị trong tệp vừa được người khác thay đổi; không có gì được ghi. Hãy gửi lại tệp.",
                "Some units in the file were changed by someone else meanwhile; nothing was written. Send the file again.");
        }
        if (!result.Succeeded)
        {
            var problem = TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: Text.Pick("Tệp có lỗi; không có gì được ghi.", "The file has errors; nothing was written."),
                detail: Text.Pick($"{result.Errors.Count} lỗi ở {result.Errors.Select(e => e.Line).Distinct().Count()} dòng.",
                    $"{result.Errors.Count} errors on {result.Errors.Select(e => e.Line).Distinct().Count()} lines."),
                extensions: new Dictionary<string, object?> { ["importErrors"] = result.Errors });
            return problem;
        }
        services.Logger.LogInformation("Import by {UserId}: {Created} created, {Updated} updated, {Unchanged} unchanged (dry run {DryRun})",
            services.Access.User.Id, result.Created, result.Updated, result.Unchanged, dryRun ?? false);
        return TypedResults.Ok(new ImportResponse(dryRun ?? false, result.Created, result.Updated, result.Unchanged));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        string? format, [AsParameters] UnitsApiServices services, CancellationToken ct)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "xlsx"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Text.Pick("Dữ liệu không hợp lệ.", "Invalid request."),
                detail: Text.Pick("Tham số 'format' phải là csv hoặc xlsx.", "The parameter 'format' must be csv or xlsx."));
        }
        var readable = await services.Access.ReadableIdsAsync(ct);
        var query = services.Db.Units.AsNoTracking().Where(u => u.Status == UnitStatus.Active);
        if (readable is not null) query = query.Where(u => readable.Contains(u.Id));
        var units = await query.OrderBy(u => u.Code).ToListAsync(ct);
        var codes = await services.Db.Units.AsNoTracking().Select(u => new { u.Id, u.Code }).ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var rows = units.Select(u => (u, u.ParentId is { } p ? codes.GetValueOrDefault(p) : null));

        using var output = new MemoryStream();
        var stamp = VietnamTime.Today(services.Clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        if (format == "csv")
        {
            await UnitImporter.WriteCsvAsync(rows, output, ct);
            return TypedResults.File(output.ToArray(), "text/csv; charset=utf-8", $"don-vi-{stamp}.csv");
        }
        await UnitImporter.WriteXlsxAsync(rows, output, ct);
        return TypedResults.File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"don-vi-{stamp}.xlsx");
    }

    /// <summary>
    /// The rows of an uploaded CSV or XLSX with a header row (problems with the rows go to
    /// <paramref name="errors"/>), or the problem to answer when there is no usable file at all.
    /// </summary>
    internal static async Task<(IReadOnlyList<(int Line, Dictionary<string, string> Fields)> Records, ProblemHttpResult? Refused)> ReadTableAsync(
        IFormFile? file, string[] columns, string[]? requiredColumns, List<ImportError> errors, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return ([], BadFile(Text.Pick("Gửi tệp CSV hoặc XLSX trong trường 'file' (multipart/form-data).", "Send a CSV or XLSX file in the form field 'file' (multipart/form-data).")));
        }
        if (file.Length > MaxImportBytes)
        {
            return ([], TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Text.Pick("Tệp quá lớn.", "The file is too large."),
                detail: Text.Pick($"Tệp nhập tối đa {MaxImportBytes / 1024 / 1024} MB.", $"Import files are limited to {MaxImportBytes / 1024 / 1024} MB.")));
        }
        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        await using var stream = file.OpenReadStream();
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var records = extension switch
        {
            ".csv" => UnitImporter.ParseCsv(buffer, errors, columns, requiredColumns),
            ".xlsx" => UnitImporter.ParseXlsx(buffer, errors, columns, requiredColumns),
            _ => null,
        };
        return records is null
            ? ([], BadFile(Text.Pick($"Không hỗ trợ định dạng '{extension}'; dùng .csv hoặc .xlsx.", $"The format '{extension}' is not supported; use .csv or .xlsx.")))
            : (records, null);
    }

    private static ProblemHttpResult BadFile(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Text.Pick("Dữ liệu không hợp lệ.", "Invalid request."), detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [detail] } });
}
