using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Audit;
using Platform.Reporting.Domain;
using Platform.UnitDirectory;

namespace Platform.Reporting.Apis;

/// <summary>
/// <c>/api/reports/audit</c>: the data-protection officer reviews who read which incident (with or without names), what
/// was exported, and verifies that no line was changed or removed. Nobody else reads it (403). Each export and
/// verification is itself written on the trail. The review is the same in every service (<see cref="AuditReview"/>).
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
        [AsParameters] AuditQuery query, string? page, string? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(AuditReview.Number("page", page, validator), AuditReview.Number("pageSize", pageSize, validator), validator);
        var filtered = Filter(query, services, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var total = await filtered.LongCountAsync(ct);
        var items = await filtered.OrderByDescending(e => e.Sequence).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AuditEntryResponse>(await AuditReview.ResponsesAsync(services.Db.UnitReplicas, items, ct), p, size, total));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] AuditQuery query, string? format, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var validator = new RequestValidator();
        format = (format ?? "xlsx").Trim().ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        var filtered = Filter(query, services, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var items = await filtered.OrderBy(e => e.Sequence).Take(AuditReview.MaxExportLines).ToListAsync(ct);
        var bytes = await AuditReview.ExportAsync(await AuditReview.ResponsesAsync(services.Db.UnitReplicas, items, ct), format, "Nhat ky truy cap", ct);
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.AuditExported, "audit", "reporting",
            $"{items.Count} lines; {AuditReview.Describe(query)}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return Spreadsheets.File(bytes, format, "nhat-ky-truy-cap-bao-cao");
    }

    public static async Task<Results<Ok<AuditVerificationResponse>, ProblemHttpResult>> Verify([AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (!services.Access.MayReviewAudit) return Forbidden();
        var result = await AuditVerifier.VerifyAsync(services.Db, ct);
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.AuditVerified, "audit", "reporting", AuditReview.Describe(result), services.Clock));
        await services.Db.SaveChangesAsync(ct);
        if (!result.Intact)
        {
            services.Logger.LogError("Reporting's audit trail failed verification: {Problems}", string.Join("; ", result.Problems.Select(p => p.Problem)));
        }
        return TypedResults.Ok(new AuditVerificationResponse(result.Lines, result.LastHash, result.Intact, result.Problems, services.Clock.GetUtcNow()));
    }

    // A list line names the incidents it showed in its detail: looking for one incident finds those too.
    private static IQueryable<AuditEntry> Filter(AuditQuery query, ReportingApiServices services, RequestValidator validator) =>
        AuditReview.Filter(services.Db.AuditEntries, query, AuditActions.All, validator, subjectInDetail: true);

    private static ProblemHttpResult Forbidden() => ApiSupport.Forbidden(
        "Chỉ cán bộ bảo vệ dữ liệu cá nhân của Sở được xem nhật ký truy cập.", "Only the Department's data-protection officer reviews the audit trail.");
}
