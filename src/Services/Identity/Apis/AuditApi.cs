using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Identity.Domain;
using Platform.Identity.Extensions;
using Platform.Identity.Infrastructure;
using Platform.Messaging.Audit;
using Platform.ServiceDefaults;

namespace Platform.Identity.Apis;

/// <summary>One line of identity's audit trail as the data-protection officer reviews it (the same shape as reporting's).</summary>
public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string ActorId, string? ActorUnitCode, string? ActorUnitName, string ActorRoles,
    string Action, string SubjectType, string SubjectId, string? Detail, string Hash);

/// <summary>What a verification of identity's audit trail found (the same shape as reporting's).</summary>
public sealed record AuditVerificationResponse(long Lines, string? LastHash, bool Intact, IReadOnlyList<AuditProblem> Problems, DateTimeOffset VerifiedAt);

/// <summary>
/// The filters of the review and its export. <c>from</c>/<c>to</c> are Vietnamese local days (<c>yyyy-MM-dd</c>), both
/// included; they are read as text so that a bad value is a 400 naming the field.
/// </summary>
public sealed record IdentityAuditQuery(string? From, string? To, string? Action, string? ActorId, string? SubjectId);

/// <summary>What the audit handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record IdentityAuditServices(IdentityDbContext Db, TimeProvider Clock, ILogger<IdentityAuditServices> Logger);

/// <summary>
/// <c>/api/identity/audit</c>: the data-protection officer reviews who created accounts, granted or withdrew roles,
/// locked, unlocked or reset passwords, and which accounts were locked out by wrong passwords; exports the lines and
/// verifies that none was changed or removed. Only <see cref="PlatformRoles.DataProtectionOfficer"/> (403 for everyone
/// else, SystemAdmin included: the administrators are the people the trail watches). Each export and verification is
/// itself a line.
/// </summary>
public static class AuditApi
{
    public const int MaxExportLines = 100_000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/audit").WithTags("Audit")
            .RequireAuthorization(ApplicationServiceExtensions.AuditPolicy);
        group.MapGet("/", List);
        group.MapGet("/export", Export);
        group.MapGet("/verification", Verify);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<AuditEntryResponse>>, ValidationProblem>> List(
        [AsParameters] IdentityAuditQuery query, string? page, string? pageSize, [AsParameters] IdentityAuditServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(Number("page", page, validator), Number("pageSize", pageSize, validator), validator);
        var filtered = Filter(query, services.Db, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var total = await filtered.LongCountAsync(ct);
        var items = await filtered.OrderByDescending(e => e.Sequence).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AuditEntryResponse>(await ResponsesAsync(services.Db, items, ct), p, size, total));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Export(
        [AsParameters] IdentityAuditQuery query, string? format, ClaimsPrincipal principal, [AsParameters] IdentityAuditServices services,
        CancellationToken ct)
    {
        var validator = new RequestValidator();
        format = (format ?? "xlsx").Trim().ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        var filtered = Filter(query, services.Db, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var items = await filtered.OrderBy(e => e.Sequence).Take(MaxExportLines).ToListAsync(ct);
        var rows = (await ResponsesAsync(services.Db, items, ct)).Select(e => new Dictionary<string, object?>
        {
            ["Số thứ tự"] = e.Sequence,
            ["Thời điểm (giờ Việt Nam)"] = TimeZoneInfo.ConvertTime(e.At, VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            ["Người thực hiện"] = e.ActorId,
            ["Đơn vị"] = e.ActorUnitName ?? "",
            ["Vai trò"] = e.ActorRoles,
            ["Thao tác"] = e.Action,
            ["Đối tượng"] = $"{e.SubjectType} {e.SubjectId}",
            ["Chi tiết"] = e.Detail ?? "",
            ["Mã băm"] = e.Hash,
        }).ToList();
        var bytes = await WriteAsync(rows, format, ct);
        services.Db.AuditEntries.Add(Line(principal, IdentityAuditActions.AuditExported,
            $"{items.Count} lines; {Describe(query)}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return format == "csv"
            ? TypedResults.File(bytes, "text/csv; charset=utf-8", "nhat-ky-tai-khoan.csv")
            : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nhat-ky-tai-khoan.xlsx");
    }

    public static async Task<Ok<AuditVerificationResponse>> Verify(ClaimsPrincipal principal, [AsParameters] IdentityAuditServices services, CancellationToken ct)
    {
        var result = await AuditVerifier.VerifyAsync(services.Db, ct);
        var now = services.Clock.GetUtcNow();
        services.Db.AuditEntries.Add(Line(principal, IdentityAuditActions.AuditVerified,
            $"{result.Lines} lines; {(result.Intact ? "intact" : $"{result.Problems.Count} problems")}; last hash {result.LastHash}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        if (!result.Intact)
        {
            services.Logger.LogError("Identity's audit trail failed verification: {Problems}", string.Join("; ", result.Problems.Select(p => p.Problem)));
        }
        return TypedResults.Ok(new AuditVerificationResponse(result.Lines, result.LastHash, result.Intact, result.Problems, now));
    }

    private static AuditEntry Line(ClaimsPrincipal principal, string action, string detail, TimeProvider clock)
    {
        var user = PlatformUser.From(principal) ?? throw new InvalidOperationException("The audit policy let through a token without sub or unit_id.");
        return AuditEntry.Create(user.Id, user.UnitId, user.Roles, action, IdentityAuditActions.SubjectAudit, "identity", detail, clock.GetUtcNow());
    }

    private static IQueryable<AuditEntry> Filter(IdentityAuditQuery query, IdentityDbContext db, RequestValidator validator)
    {
        var from = Day("from", query.From, validator);
        var to = Day("to", query.To, validator);
        if (from > to) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        var action = validator.Optional("action", query.Action, AuditEntry.ActionMax);
        if (action is not null && !IdentityAuditActions.All.Contains(action))
        {
            validator.Add("action", $"Thao tác không hợp lệ; các thao tác: {string.Join(", ", IdentityAuditActions.All)}.",
                $"Unknown action; actions are: {string.Join(", ", IdentityAuditActions.All)}.");
        }
        var actor = validator.Optional("actorId", query.ActorId, AuditEntry.ActorIdMax);
        var subject = validator.Optional("subjectId", query.SubjectId, AuditEntry.SubjectIdMax);
        var entries = db.AuditEntries.AsNoTracking();
        if (from is { } f) { var start = Start(f); entries = entries.Where(e => e.At >= start); }
        if (to is { } t) { var end = Start(t.AddDays(1)); entries = entries.Where(e => e.At < end); }
        if (action is not null) entries = entries.Where(e => e.Action == action);
        if (actor is not null) entries = entries.Where(e => e.ActorId == actor);
        if (subject is not null) entries = entries.Where(e => e.SubjectId == subject);
        return entries;
    }

    /// <summary>Paging numbers are read as text too, so <c>page=abc</c> is a 400 naming <c>page</c>.</summary>
    private static int? Number(string field, string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        validator.Add(field, $"'{field}' phải là một số nguyên.", $"'{field}' must be a whole number.");
        return null;
    }

    private static DateOnly? Day(string field, string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        validator.Add(field, $"'{field}' phải là một ngày dạng yyyy-MM-dd.", $"'{field}' must be a date as yyyy-MM-dd.");
        return null;
    }

    /// <summary>Midnight of a Vietnamese day, in UTC.</summary>
    private static DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static async Task<IReadOnlyList<AuditEntryResponse>> ResponsesAsync(IdentityDbContext db, List<AuditEntry> items, CancellationToken ct)
    {
        var ids = items.Where(e => e.ActorUnitId is not null).Select(e => e.ActorUnitId!.Value).ToHashSet();
        var units = await db.UnitReplicas.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.Code, u.Name), ct);
        return items.Select(e =>
        {
            (string Code, string Name)? unit = e.ActorUnitId is { } id && units.TryGetValue(id, out var found) ? found : null;
            return new AuditEntryResponse(e.Sequence, e.At, e.ActorId, unit?.Code, unit?.Name, e.ActorRoles, e.Action, e.SubjectType, e.SubjectId,
                e.Detail, Convert.ToHexStringLower(e.Hash));
        }).ToList();
    }

    /// <summary>XLSX, or CSV with every text cell a spreadsheet would read as a formula guarded.</summary>
    private static async Task<byte[]> WriteAsync(List<Dictionary<string, object?>> rows, string format, CancellationToken ct)
    {
        if (format == "csv")
        {
            rows = rows.Select(row => row.ToDictionary(
                kv => SpreadsheetCells.GuardFormula(kv.Key),
                kv => kv.Value is string text ? SpreadsheetCells.GuardFormula(text) : kv.Value)).ToList();
        }
        using var output = new MemoryStream();
        await output.SaveAsAsync(rows, sheetName: "Nhat ky tai khoan", excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        return output.ToArray();
    }

    private static string Describe(IdentityAuditQuery q) =>
        $"from {q.From ?? "-"} to {q.To ?? "-"}, action {q.Action ?? "-"}, actor {q.ActorId ?? "-"}, subject {q.SubjectId ?? "-"}";
}
