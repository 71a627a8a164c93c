using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Domain;
using Platform.Identity.Extensions;
using Platform.Identity.Infrastructure;
using Platform.Messaging.Audit;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Identity.Apis;

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
        [AsParameters] AuditQuery query, string? page, string? pageSize, [AsParameters] IdentityAuditServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(AuditReview.Number("page", page, validator), AuditReview.Number("pageSize", pageSize, validator), validator);
        var filtered = Filter(query, services.Db, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var total = await filtered.LongCountAsync(ct);
        var items = await filtered.OrderByDescending(e => e.Sequence).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AuditEntryResponse>(await AuditReview.ResponsesAsync(services.Db.UnitReplicas, items, ct), p, size, total));
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Export(
        [AsParameters] AuditQuery query, string? format, ClaimsPrincipal principal, [AsParameters] IdentityAuditServices services,
        CancellationToken ct)
    {
        var validator = new RequestValidator();
        format = (format ?? "xlsx").Trim().ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        var filtered = Filter(query, services.Db, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var items = await filtered.OrderBy(e => e.Sequence).Take(AuditReview.MaxExportLines).ToListAsync(ct);
        var bytes = await AuditReview.ExportAsync(await AuditReview.ResponsesAsync(services.Db.UnitReplicas, items, ct), format, "Nhat ky tai khoan", ct);
        services.Db.AuditEntries.Add(Line(principal, IdentityAuditActions.AuditExported,
            $"{items.Count} lines; {AuditReview.Describe(query)}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return format == "csv"
            ? TypedResults.File(bytes, "text/csv; charset=utf-8", "nhat-ky-tai-khoan.csv")
            : TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nhat-ky-tai-khoan.xlsx");
    }

    public static async Task<Ok<AuditVerificationResponse>> Verify(ClaimsPrincipal principal, [AsParameters] IdentityAuditServices services, CancellationToken ct)
    {
        var result = await AuditVerifier.VerifyAsync(services.Db, ct);
        var now = services.Clock.GetUtcNow();
        services.Db.AuditEntries.Add(Line(principal, IdentityAuditActions.AuditVerified, AuditReview.Describe(result), services.Clock));
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

    private static IQueryable<AuditEntry> Filter(AuditQuery query, IdentityDbContext db, RequestValidator validator) =>
        AuditReview.Filter(db.AuditEntries, query, IdentityAuditActions.All, validator);
}
