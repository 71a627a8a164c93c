using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Audit;
using Platform.Reporting.Domain;

namespace Platform.Reporting.Apis;

/// <summary>One line of reporting's audit trail as the data-protection officer reviews it.</summary>
public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string ActorId, string? ActorUnitCode, string? ActorUnitName, string ActorRoles,
    string Action, string SubjectType, string SubjectId, string? Detail, string Hash);

public sealed record AuditVerificationResponse(long Lines, string? LastHash, bool Intact, IReadOnlyList<AuditProblem> Problems, DateTimeOffset VerifiedAt);

/// <summary>The filters of the review and its export.</summary>
public sealed record AuditQuery(DateOnly? From, DateOnly? To, string? Action, string? ActorId, string? SubjectId);

/// <summary>
/// <c>/api/reports/audit</c>: the data-protection officer reviews who read which incident (with or without names), what
/// was exported, and verifies that no line was changed or removed. Nobody else reads it (403). Each export and
/// verification is itself written on the trail.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/audit").WithTags("Audit");
        group.MapGet("/", List);
        group.MapGet("/export", Export);
        group.MapGet("/verification", Verify);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<AuditEntryResponse>>, ValidationProblem, ProblemHttpResult>> List(
        [AsParameters] AuditQuery query, int? page, int? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var filtered = Filter(query, services, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var total = await filtered.LongCountAsync(ct);
        var items = await filtered.OrderByDescending(e => e.Sequence).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AuditEntryResponse>(await ResponsesAsync(services, items, ct), p, size, total));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] AuditQuery query, string? format, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var validator = new RequestValidator();
        format = (format ?? "xlsx").ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        var filtered = Filter(query, services, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var items = await filtered.OrderBy(e => e.Sequence).Take(100_000).ToListAsync(ct);
        var rows = (await ResponsesAsync(services, items, ct)).Select(e => new Dictionary<string, object?>
        {
            ["Số thứ tự"] = e.Sequence,
            ["Thời điểm (giờ Việt Nam)"] = TimeZoneInfo.ConvertTime(e.At, VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["Người thực hiện"] = e.ActorId,
            ["Đơn vị"] = e.ActorUnitName ?? "",
            ["Vai trò"] = e.ActorRoles,
            ["Thao tác"] = e.Action,
            ["Đối tượng"] = $"{e.SubjectType} {e.SubjectId}",
            ["Chi tiết"] = e.Detail ?? "",
            ["Mã băm"] = e.Hash,
        }).ToList();
        var bytes = await Spreadsheets.WriteAsync(rows, format, "Nhat ky truy cap", ct);
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.AuditExported, "audit", "reporting",
            $"{items.Count} lines; {Describe(query)}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return Spreadsheets.File(bytes, format, "nhat-ky-truy-cap-bao-cao");
    }

    public static async Task<Results<Ok<AuditVerificationResponse>, ProblemHttpResult>> Verify([AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var result = await AuditVerifier.VerifyAsync(services.Db, ct);
        var now = services.Clock.GetUtcNow();
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.AuditVerified, "audit", "reporting",
            $"{result.Lines} lines; {(result.Intact ? "intact" : $"{result.Problems.Count} problems")}; last hash {result.LastHash}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        if (!result.Intact)
        {
            services.Logger.LogError("Reporting's audit trail failed verification: {Problems}", string.Join("; ", result.Problems.Select(p => p.Problem)));
        }
        return TypedResults.Ok(new AuditVerificationResponse(result.Lines, result.LastHash, result.Intact, result.Problems, now));
    }

    private static IQueryable<AuditEntry> Filter(AuditQuery query, ReportingApiServices services, RequestValidator validator)
    {
        if (query.From > query.To) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        var action = validator.Optional("action", query.Action, AuditEntry.ActionMax);
        if (action is not null && !AuditActions.All.Contains(action))
        {
            validator.Add("action", $"Thao tác không hợp lệ; các thao tác: {string.Join(", ", AuditActions.All)}.",
                $"Unknown action; actions are: {string.Join(", ", AuditActions.All)}.");
        }
        var actor = validator.Optional("actorId", query.ActorId, AuditEntry.ActorIdMax);
        var subject = validator.Optional("subjectId", query.SubjectId, AuditEntry.SubjectIdMax);
        var entries = services.Db.AuditEntries.AsNoTracking();
        if (query.From is { } from) entries = entries.Where(e => e.At >= Start(from));
        if (query.To is { } to) entries = entries.Where(e => e.At < Start(to.AddDays(1)));
        if (action is not null) entries = entries.Where(e => e.Action == action);
        if (actor is not null) entries = entries.Where(e => e.ActorId == actor);
        if (subject is not null) entries = entries.Where(e => e.SubjectId == subject || (e.Detail != null && e.Detail.Contains(subject)));
        return entries;
    }

    private static DateTimeOffset Start(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();

    private static async Task<IReadOnlyList<AuditEntryResponse>> ResponsesAsync(ReportingApiServices services, List<AuditEntry> items, CancellationToken ct)
    {
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, items.Where(e => e.ActorUnitId is not null).Select(e => e.ActorUnitId!.Value), ct);
        return items.Select(e =>
        {
            var unit = e.ActorUnitId is { } id ? labels.GetValueOrDefault(id) : null;
            return new AuditEntryResponse(e.Sequence, e.At, e.ActorId, unit?.Code, unit?.Name, e.ActorRoles, e.Action, e.SubjectType, e.SubjectId, e.Detail,
                Convert.ToHexStringLower(e.Hash));
        }).ToList();
    }

    private static string Describe(AuditQuery q) =>
        $"from {q.From?.ToString("dd/MM/yyyy") ?? "-"} to {q.To?.ToString("dd/MM/yyyy") ?? "-"}, action {q.Action ?? "-"}, actor {q.ActorId ?? "-"}, subject {q.SubjectId ?? "-"}";

    private static ProblemHttpResult Forbidden() => ApiSupport.Forbidden(
        "Chỉ cán bộ bảo vệ dữ liệu cá nhân của Sở được xem nhật ký truy cập.", "Only the Department's data-protection officer reviews the audit trail.");
}
