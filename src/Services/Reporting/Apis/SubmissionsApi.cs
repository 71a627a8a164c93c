using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record SaveValuesRequest(Dictionary<string, JsonElement>? Values);

public sealed record CommentRequest(string? Comment);

public sealed record ReasonRequest(string? Reason);

public sealed record SubmissionSummary(Guid Id, Guid UnitId, string UnitCode, string UnitName, Guid TemplateId, string PeriodKey, string Status,
    DateOnly DeadlineDate, DateTimeOffset DeadlineAt, DateTimeOffset? FirstSubmittedAt, DateTimeOffset? SubmittedAt, bool IsLate,
    DateTimeOffset? ApprovedAt, Guid? SupervisorId, Guid? ScheduleId, Guid? RequestId);

/// <summary>
/// One indicator of a report. <c>Source</c> says where a pre-filled number came from; <c>PrefillMissing</c> says that
/// the platform would know this number but could not ask for it now (the unit types it, or opens the report later).
/// </summary>
public sealed record ValueResponse(string Code, string Section, string Label, string Type, string? UnitOfMeasure, bool Required,
    object? Value, string? Source, bool Prefilled, string? PrefillMissing = null);

public sealed record HistoryResponse(string Action, string? Comment, string UserId, Guid UnitId, DateTimeOffset At);

/// <summary>A report with its values; <c>PrefillWarnings</c> names the pre-fill sources that did not answer (e.g. coordination).</summary>
public sealed record SubmissionResponse(SubmissionSummary Summary, int TemplateVersion, DateOnly DataFrom, DateOnly DataTo, IReadOnlyList<Guid> Chain,
    string? LastComment, IReadOnlyList<ValueResponse> Values, IReadOnlyList<HistoryResponse> History, IReadOnlyList<string> AllowedActions,
    IReadOnlyList<string> PrefillWarnings);

/// <summary>
/// A unit's report for a period: autosaved draft → submitted → returned with a comment / approved by the
/// supervising level (locked) → reopened with a reason by a higher level. Late submissions are accepted and flagged.
/// </summary>
public static class SubmissionsApi
{
    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/submissions").WithTags("Report submissions");
        group.MapGet("/", ListSubmissions);
        group.MapGet("/{id:guid}", GetSubmission);
        group.MapPut("/{id:guid}/values", SaveValues);
        group.MapPost("/{id:guid}/submit", Submit);
        group.MapPost("/{id:guid}/return", Return);
        group.MapPost("/{id:guid}/approve", Approve);
        group.MapPost("/{id:guid}/reopen", Reopen);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<SubmissionSummary>>, ValidationProblem>> ListSubmissions(
        Guid? templateId, string? period, string? status, Guid? unitId, bool? late, int? page, int? pageSize, string? sort,
        [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var parsedStatus = validator.Enum<SubmissionStatus>("status", status, required: false);
        if (sort is not (null or "deadline" or "-deadline" or "unit" or "-submitted"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo deadline, -deadline, unit hoặc -submitted.", "sort must be deadline, -deadline, unit or -submitted.");
        }
        Period? periodRow = null;
        if (period is not null)
        {
            (_, periodRow) = await ApiSupport.PeriodAsync(services.Db, "period", period, validator, ct);
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (period is not null && periodRow is null)
        {
            return TypedResults.Ok(new PagedResult<SubmissionSummary>([], p, size, 0));
        }

        var query = services.Db.Submissions.AsNoTracking();
        var me = services.Access.User.UnitId;
        if (!services.Access.IsProvinceWide) query = query.Where(s => s.UnitId == me || s.Chain.Contains(me));
        if (templateId is { } t) query = query.Where(s => s.TemplateId == t);
        if (periodRow is not null) query = query.Where(s => s.PeriodId == periodRow.Id);
        if (parsedStatus is { } st) query = query.Where(s => s.Status == st);
        if (unitId is { } u) query = query.Where(s => s.UnitId == u);
        if (late is { } l) query = query.Where(s => s.IsLate == l);
        query = sort switch
        {
            "-deadline" => query.OrderByDescending(s => s.DeadlineAt).ThenBy(s => s.Id),
            "unit" => query.OrderBy(s => s.UnitId).ThenBy(s => s.DeadlineAt),
            "-submitted" => query.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id),
            _ => query.OrderBy(s => s.DeadlineAt).ThenBy(s => s.Id),
        };
        var total = await query.LongCountAsync(ct);
        var items = await query.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, items.Select(i => i.UnitId), ct);
        var keys = await PeriodKeysAsync(services.Db, items.Select(i => i.PeriodId), ct);
        return TypedResults.Ok(new PagedResult<SubmissionSummary>(items.Select(s => Summary(s, labels, keys)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> GetSubmission(Guid id, [AsParameters] ReportingApiServices services,
        Prefiller prefiller, CancellationToken ct)
    {
        var submission = await FindAsync(services, id, tracking: false, ct);
        if (submission is null) return NotFound(id);
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> SaveValues(
        Guid id, SaveValuesRequest? request, [AsParameters] ReportingApiServices services, Prefiller prefiller, CancellationToken ct)
    {
        if (request?.Values is null) return ApiSupport.Missing("values");
        var submission = await FindAsync(services, id, tracking: true, ct);
        if (submission is null) return NotFound(id);
        if (!services.Access.MayFill(submission))
        {
            return ApiSupport.Forbidden("Chỉ đơn vị báo cáo được nhập số liệu của báo cáo này.", "Only the reporting unit may fill in this report.");
        }
        var version = await TemplatesApi.LoadVersionAsync(services.Db, submission.TemplateVersionId, ct);
        var byCode = version.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var validator = new RequestValidator();
        var changes = new Dictionary<int, StoredValue?>();
        foreach (var (code, json) in request.Values)
        {
            if (!byCode.TryGetValue(code, out var indicator))
            {
                validator.Add($"values.{code}", $"Mẫu không có chỉ tiêu '{code}'.", $"The template has no indicator '{code}'.");
                continue;
            }
            if (indicator.TryRead(json, out var value, out var error)) changes[indicator.Id] = value;
            else validator.Add($"values.{code}", $"'{indicator.Label}' {error.Vi}.", $"'{code}' {error.En}.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        try
        {
            submission.SaveDraft(changes, services.Access.Actor(services.Clock));
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Concurrency();
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two people typed the first value of the same indicator at once: the other save won.
            return ApiSupport.Concurrency();
        }
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        Guid id, [AsParameters] ReportingApiServices services, Prefiller prefiller, CancellationToken ct)
    {
        var submission = await FindAsync(services, id, tracking: true, ct);
        if (submission is null) return NotFound(id);
        if (!services.Access.MayFill(submission))
        {
            return ApiSupport.Forbidden("Chỉ đơn vị báo cáo được gửi báo cáo này.", "Only the reporting unit may submit this report.");
        }
        var version = await TemplatesApi.LoadVersionAsync(services.Db, submission.TemplateVersionId, ct);
        bool resubmission;
        try
        {
            var prefill = submission.IsEditable ? await prefiller.ForAsync(version, submission, ct) : PrefillResult.Empty;
            resubmission = submission.Submit(version, prefill.Values, services.Access.Actor(services.Clock), out var errors);
            if (errors.Count > 0) return ApiSupport.ToProblem(errors);
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        var key = await PeriodKeyAsync(services.Db, submission.PeriodId, ct);
        services.Db.AddIntegrationEvent(new ReportSubmitted
        {
            SubmissionId = submission.Id, UnitId = submission.UnitId, SupervisingUnitId = submission.SupervisorId, TemplateId = submission.TemplateId,
            PeriodKey = key, DeadlineAt = submission.DeadlineAt, IsLate = submission.IsLate, IsResubmission = resubmission, OccurredAt = submission.UpdatedAt,
        });
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Concurrency();
        }
        ReportingMetrics.Submitted.Add(1);
        services.Logger.LogInformation("Report {SubmissionId} of unit {UnitId} for {Period} submitted (late {Late})", submission.Id, submission.UnitId, key, submission.IsLate);
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Return(
        Guid id, CommentRequest? request, [AsParameters] ReportingApiServices services, Prefiller prefiller, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var comment = validator.Required("comment", request?.Comment, 2000);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await FindAsync(services, id, tracking: true, ct);
        if (submission is null) return NotFound(id);
        if (!await services.Access.MayReviewAsync(submission, ct))
        {
            return ApiSupport.Forbidden("Chỉ cấp quản lý trực tiếp được trả lại báo cáo này.", "Only the supervising level may return this report.");
        }
        try
        {
            submission.Return(comment, services.Access.Actor(services.Clock));
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        services.Db.AddIntegrationEvent(new ReportReturned
        {
            SubmissionId = submission.Id, UnitId = submission.UnitId, ReturnedByUnitId = services.Access.User.UnitId, Comment = comment, Reopened = false,
            OccurredAt = submission.UpdatedAt,
        });
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Concurrency();
        }
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> Approve(
        Guid id, [AsParameters] ReportingApiServices services, Prefiller prefiller, CancellationToken ct)
    {
        var submission = await FindAsync(services, id, tracking: true, ct);
        if (submission is null) return NotFound(id);
        if (!await services.Access.MayReviewAsync(submission, ct))
        {
            return ApiSupport.Forbidden("Chỉ cấp quản lý trực tiếp được phê duyệt báo cáo này.", "Only the supervising level may approve this report.");
        }
        try
        {
            submission.Approve(services.Access.Actor(services.Clock));
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        var key = await PeriodKeyAsync(services.Db, submission.PeriodId, ct);
        services.Db.AddIntegrationEvent(new ReportApproved
        {
            SubmissionId = submission.Id, UnitId = submission.UnitId, ApprovedByUnitId = services.Access.User.UnitId, TemplateId = submission.TemplateId,
            PeriodKey = key, OccurredAt = submission.UpdatedAt,
        });
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Concurrency();
        }
        // Consolidation moves with the approval, in its transaction.
        await Consolidation.AddApprovedAsync(services.Db, submission.Id, ct);
        await transaction.CommitAsync(ct);
        ReportingMetrics.Approved.Add(1);
        services.Logger.LogInformation("Report {SubmissionId} of unit {UnitId} for {Period} approved by unit {ApproverUnitId}",
            submission.Id, submission.UnitId, key, services.Access.User.UnitId);
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    public static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Reopen(
        Guid id, ReasonRequest? request, [AsParameters] ReportingApiServices services, Prefiller prefiller, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var reason = validator.Required("reason", request?.Reason, 2000);
        if (!validator.IsValid) return validator.ToProblem();
        var submission = await FindAsync(services, id, tracking: true, ct);
        if (submission is null) return NotFound(id);
        if (!await services.Access.MayReopenAsync(submission, ct))
        {
            return ApiSupport.Forbidden("Chỉ cấp trên của cấp phê duyệt được mở lại báo cáo đã phê duyệt.", "Only a level above the approving one may reopen an approved report.");
        }
        try
        {
            submission.Reopen(reason, services.Access.Actor(services.Clock));
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        services.Db.AddIntegrationEvent(new ReportReturned
        {
            SubmissionId = submission.Id, UnitId = submission.UnitId, ReturnedByUnitId = services.Access.User.UnitId, Comment = reason, Reopened = true,
            OccurredAt = submission.UpdatedAt,
        });
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiSupport.Concurrency();
        }
        await Consolidation.RebuildAsync(services.Db, submission.TemplateId, submission.PeriodId, submission.Chain, ct);
        await transaction.CommitAsync(ct);
        services.Logger.LogInformation("Report {SubmissionId} reopened by {UserId}", submission.Id, services.Access.User.Id);
        return TypedResults.Ok(await ResponseAsync(services, submission, prefiller, ct));
    }

    private static async Task<Submission?> FindAsync(ReportingApiServices services, Guid id, bool tracking, CancellationToken ct)
    {
        var query = services.Db.Submissions.Include(s => s.Values).Include(s => s.History).AsSplitQuery();
        var submission = await (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, ct);
        return submission is not null && !services.Access.IsPolice && services.Access.CanRead(submission.UnitId, submission.Chain) ? submission : null;
    }

    private static async Task<SubmissionResponse> ResponseAsync(ReportingApiServices services, Submission s, Prefiller prefiller, CancellationToken ct)
    {
        var version = await TemplatesApi.LoadVersionAsync(services.Db, s.TemplateVersionId, ct);
        var prefill = s.IsEditable ? await prefiller.ForAsync(version, s, ct) : PrefillResult.Empty;
        var stored = s.Values.ToDictionary(v => v.IndicatorId);
        var values = version.OrderedIndicators().Select(i =>
        {
            if (stored.TryGetValue(i.Id, out var v))
            {
                return new ValueResponse(i.Code, i.SectionCode, i.Label, i.Type.ToString(), i.UnitOfMeasure, i.Required, i.ToJson(v.NumericValue, v.TextValue), v.Source, false);
            }
            if (prefill.Values.TryGetValue(i.Id, out var p))
            {
                return new ValueResponse(i.Code, i.SectionCode, i.Label, i.Type.ToString(), i.UnitOfMeasure, i.Required, i.ToJson(p.Value, null), p.Source, true);
            }
            return new ValueResponse(i.Code, i.SectionCode, i.Label, i.Type.ToString(), i.UnitOfMeasure, i.Required, null, null, false,
                prefill.Unavailable.TryGetValue(i.Id, out var source) ? UnavailableText(source) : null);
        }).ToList();
        var warnings = prefill.Unavailable.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(UnavailableText).ToList();
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, [s.UnitId], ct);
        var keys = await PeriodKeysAsync(services.Db, [s.PeriodId], ct);
        var actions = new List<string>();
        if (services.Access.MayFill(s) && s.IsEditable) actions.AddRange(["save", "submit"]);
        if (s.Status == SubmissionStatus.Submitted && await services.Access.MayReviewAsync(s, ct)) actions.AddRange(["return", "approve"]);
        if (s.Status == SubmissionStatus.Approved && await services.Access.MayReopenAsync(s, ct)) actions.Add("reopen");
        return new SubmissionResponse(Summary(s, labels, keys), version.Number, s.DataFrom, s.DataTo, s.Chain, s.LastComment, values,
            s.History.OrderBy(h => h.At).Select(h => new HistoryResponse(h.Action, h.Comment, h.UserId, h.UnitId, h.At)).ToList(), actions, warnings);
    }

    private static string UnavailableText(string source) => source == CoordinationPrefillSource.Name
        ? Text.Pick("Chưa lấy được số liệu từ hệ thống phối hợp (giao ban, chương trình phối hợp, vụ việc chuyển công an); hãy nhập tay hoặc mở lại báo cáo sau.",
            "The coordination service did not answer: briefing meetings, programmes signed and referrals to police are not pre-filled; type them or reopen the report later.")
        : Text.Pick($"Chưa lấy được số liệu từ nguồn '{source}'.", $"The pre-fill source '{source}' did not answer.");

    private static SubmissionSummary Summary(Submission s, Dictionary<Guid, UnitLabel> labels, Dictionary<int, string> keys)
    {
        var unit = labels.Label(s.UnitId);
        return new SubmissionSummary(s.Id, s.UnitId, unit.Code, unit.Name, s.TemplateId, keys.GetValueOrDefault(s.PeriodId) ?? "", s.Status.ToString(),
            s.DeadlineDate, s.DeadlineAt, s.FirstSubmittedAt, s.SubmittedAt, s.IsLate, s.ApprovedAt, s.SupervisorId, s.ScheduleId, s.RequestId);
    }

    private static async Task<string> PeriodKeyAsync(ReportingDbContext db, int periodId, CancellationToken ct) =>
        await db.Periods.AsNoTracking().Where(p => p.Id == periodId).Select(p => p.Key).SingleAsync(ct);

    private static Task<Dictionary<int, string>> PeriodKeysAsync(ReportingDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var set = ids.ToHashSet();
        return db.Periods.AsNoTracking().Where(p => set.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.NotFound($"Không có báo cáo {id} trong phạm vi của bạn.", $"There is no report {id} within your scope.");
}
