using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record CreateAdHocRequest(Guid? TemplateId, string? Title, string? Instructions, IReadOnlyList<Guid>? UnitIds, IReadOnlyList<Guid>? GroupIds,
    DateOnly? DataFrom, DateOnly? DataTo, DateTimeOffset? DeadlineAt, int? DueInHours, int? DueInDays);

public sealed record AdHocRequestResponse(Guid Id, Guid TemplateId, string Title, string? Instructions, string PeriodKey, DateOnly DataFrom, DateOnly DataTo,
    DateTimeOffset DeadlineAt, IReadOnlyList<Guid> GroupIds, IReadOnlyList<Guid> UnitIds, Guid OwnerUnitId, DateTimeOffset CreatedAt, CompletenessCellResponse? Completeness);

/// <summary>Ad-hoc requests (yêu cầu báo cáo đột xuất): selected units report on a template by a deadline in hours or days.</summary>
public static class RequestsApi
{
    public const int MaxUnits = 5000;

    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/requests").WithTags("Ad-hoc report requests");
        group.MapGet("/", ListRequests);
        group.MapGet("/{id:guid}", GetRequest);
        group.MapPost("/", CreateRequest);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<AdHocRequestResponse>>, ValidationProblem>> ListRequests(
        int? page, int? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var query = services.Db.Requests.AsNoTracking();
        if (await services.Access.CoveredUnitsAsync(ct) is { } covered) query = query.Where(r => covered.Contains(r.OwnerUnitId));
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderByDescending(r => r.CreatedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var keys = await PeriodKeysAsync(services.Db, items.Select(i => i.PeriodId), ct);
        return TypedResults.Ok(new PagedResult<AdHocRequestResponse>(items.Select(r => ToResponse(r, keys[r.PeriodId], null)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<AdHocRequestResponse>, ProblemHttpResult>> GetRequest(Guid id, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var request = await services.Db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !(services.Access.IsProvinceWide || request.OwnerUnitId == services.Access.User.UnitId
                                 || await services.Access.CoversUnitAsync(request.OwnerUnitId, ct)))
        {
            return Problems.NotFound($"Không có yêu cầu báo cáo {id} trong phạm vi của bạn.", $"There is no report request {id} within your scope.");
        }
        var reports = await services.Db.Submissions.AsNoTracking().Where(s => s.RequestId == id)
            .Select(s => new { s.FirstSubmittedAt, s.DeadlineAt, s.Status }).ToListAsync(ct);
        var cell = CompletenessCell.From(reports.Select(r => (r.FirstSubmittedAt, r.DeadlineAt, r.Status == SubmissionStatus.Approved)), services.Clock.GetUtcNow());
        var keys = await PeriodKeysAsync(services.Db, [request.PeriodId], ct);
        return TypedResults.Ok(ToResponse(request, keys[request.PeriodId], CompletenessCellResponse.From(cell)));
    }

    public static async Task<Results<Created<AdHocRequestResponse>, ValidationProblem, ProblemHttpResult>> CreateRequest(
        CreateAdHocRequest? body, [AsParameters] ReportingApiServices services, ExpectedReports expected, CancellationToken ct)
    {
        if (body is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var now = services.Clock.GetUtcNow();
        var today = VietnamTime.Today(services.Clock);
        var title = validator.Required("title", body.Title, 256);
        var instructions = validator.Optional("instructions", body.Instructions, 2000);
        var given = new[] { body.DeadlineAt is not null, body.DueInHours is not null, body.DueInDays is not null }.Count(x => x);
        if (given != 1)
        {
            validator.Add("deadlineAt", "Cho đúng một trong deadlineAt, dueInHours, dueInDays.", "Give exactly one of deadlineAt, dueInHours, dueInDays.");
        }
        DateTimeOffset deadline = body switch
        {
            { DeadlineAt: { } at } => at.ToUniversalTime(),
            { DueInHours: { } h } => now.AddHours(h),
            // "Within N days": a last day that is a day off moves to the next working day (the calendar tasks use).
            { DueInDays: { } d } => ExpectedReports.DeadlineInstant(services.Calendar.WorkingDayOnOrAfter(today.AddDays(d))),
            _ => now,
        };
        if (body.DueInHours is < 1 or > 24 * 30) validator.Add("dueInHours", "Hạn từ 1 đến 720 giờ.", "dueInHours must be between 1 and 720.");
        if (body.DueInDays is < 0 or > 180) validator.Add("dueInDays", "Hạn từ 0 đến 180 ngày.", "dueInDays must be between 0 and 180.");
        if (body.DeadlineAt is { } explicitDeadline && explicitDeadline <= now) validator.Add("deadlineAt", "Hạn phải ở tương lai.", "deadlineAt must be in the future.");
        var dataFrom = body.DataFrom ?? today.AddDays(-30);
        var dataTo = body.DataTo ?? today;
        if (dataFrom > dataTo) validator.Add("dataFrom", "Khoảng số liệu không hợp lệ (dataFrom sau dataTo).", "dataFrom must not be after dataTo.");
        var unitIds = body.UnitIds?.Distinct().ToList() ?? [];
        var groupIds = body.GroupIds?.Distinct().ToList() ?? [];
        if (unitIds.Count == 0 && groupIds.Count == 0) validator.Add("unitIds", "Cần chọn đơn vị hoặc nhóm nơi nhận.", "Choose units or recipient groups.");
        if (unitIds.Count > MaxUnits) validator.Add("unitIds", $"Tối đa {MaxUnits} đơn vị.", $"At most {MaxUnits} units.");
        var template = body.TemplateId is { } templateId ? await services.Db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct) : null;
        if (template is null) validator.Add("templateId", "Không có mẫu báo cáo này.", "There is no such report template.");
        var replica = await expected.ReplicaAsync(ct);
        var unknownUnits = unitIds.Where(u => !replica.ContainsKey(u)).ToList();
        if (unknownUnits.Count > 0) validator.Add("unitIds", $"Không có các đơn vị: {string.Join(", ", unknownUnits.Take(10))}.", $"Unknown units: {string.Join(", ", unknownUnits.Take(10))}.");
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRequestReports)
        {
            return ApiSupport.Forbidden("Vai trò của bạn không được yêu cầu báo cáo đột xuất.", "Your role may not request ad-hoc reports.");
        }
        var access = services.Access;
        if (!access.IsProvinceWide)
        {
            var covered = await access.CoveredUnitsAsync(ct) ?? [];
            if (unitIds.Where(u => u != access.User.UnitId && !covered.Contains(u)).ToList() is { Count: > 0 } outside)
            {
                return ApiSupport.Forbidden($"Bạn chỉ yêu cầu báo cáo được từ đơn vị thuộc quyền; ngoài phạm vi: {string.Join(", ", outside.Take(5))}.",
                    $"You may only ask units under you; outside your scope: {string.Join(", ", outside.Take(5))}.");
            }
        }
        var (units, unknown) = await expected.ResolveAsync(groupIds, [], unitIds, access.User.UnitId, access.IsProvinceWide, today, replica, ct);
        if (unknown.Count > 0)
        {
            validator.Add("groupIds", $"Không có nhóm nơi nhận: {string.Join(", ", unknown)}.", $"These recipient groups do not exist: {string.Join(", ", unknown)}.");
            return validator.ToProblem();
        }
        units.Remove(access.User.UnitId);

        var actor = access.Actor(services.Clock);
        var id = Guid.CreateVersion7(actor.At);
        var key = PeriodCalendar.AdHocKey(id);
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        var period = await expected.PeriodRowAsync(PeriodCalendar.AdHoc(key, dataFrom, dataTo), ct);
        var version = await services.Db.TemplateVersions.AsNoTracking().SingleAsync(v => v.TemplateId == template!.Id && v.Number == template.LatestVersion, ct);
        var request = new AdHocRequest
        {
            Id = id, TemplateId = template!.Id, Title = title, Instructions = instructions, PeriodId = period.Id, DataFrom = dataFrom, DataTo = dataTo,
            DeadlineAt = deadline, GroupIds = groupIds, UnitIds = units.Order().ToList(), OwnerUnitId = actor.UnitId, CreatedAt = actor.At, CreatedBy = actor.UserId,
        };
        services.Db.Requests.Add(request);
        foreach (var unit in request.UnitIds)
        {
            services.Db.Submissions.Add(ExpectedReports.NewSubmission(template.Id, version.Id, period.Id, unit, replica.ChainOn(unit, period.Start),
                dataFrom, dataTo, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(deadline, VietnamTime.Zone).DateTime), deadline, actor.At, null, id));
        }
        services.Db.AddIntegrationEvent(new ReportRequested
        {
            RequestId = id, Kind = "AdHoc", TemplateId = template.Id, TemplateCode = template.Code, Title = title, PeriodKey = key,
            RequestedByUnitId = actor.UnitId, UnitIds = request.UnitIds, DeadlineAt = deadline, OccurredAt = actor.At,
        });
        await services.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        services.Logger.LogInformation("Ad-hoc request {RequestId} to {Count} units by {UserId}", id, request.UnitIds.Count, actor.UserId);
        return TypedResults.Created($"/api/reports/requests/{id}", ToResponse(request, key, null));
    }

    private static AdHocRequestResponse ToResponse(AdHocRequest r, string key, CompletenessCellResponse? completeness) => new(r.Id, r.TemplateId, r.Title,
        r.Instructions, key, r.DataFrom, r.DataTo, r.DeadlineAt, r.GroupIds, r.UnitIds, r.OwnerUnitId, r.CreatedAt, completeness);

    private static Task<Dictionary<int, string>> PeriodKeysAsync(ReportingDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var set = ids.ToHashSet();
        return db.Periods.AsNoTracking().Where(p => set.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);
    }
}
