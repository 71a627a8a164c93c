using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record CreateScheduleRequest(Guid? TemplateId, string? Name, string? PeriodType, int? CutoffDay, bool? CalendarPeriods,
    int? DeadlineDays, IReadOnlyList<Guid>? GroupIds, IReadOnlyList<string>? UnitKinds, string? FirstPeriod, string? LastPeriod);

public sealed record ScheduleResponse(Guid Id, Guid TemplateId, string Name, string PeriodType, int? CutoffDay, int DeadlineDays,
    IReadOnlyList<Guid> GroupIds, IReadOnlyList<string> UnitKinds, string FirstPeriod, string? LastPeriod, Guid OwnerUnitId,
    IReadOnlyList<PeriodResponse> OpenedPeriods)
{
    public static ScheduleResponse From(ReportSchedule s, IReadOnlyList<PeriodResponse> opened) => new(s.Id, s.TemplateId, s.Name, s.PeriodType.ToString(),
        s.CutoffDay, s.DeadlineDays, s.GroupIds, s.UnitKinds, s.FirstPeriodKey, s.LastPeriodKey, s.OwnerUnitId, opened);
}

/// <param name="DeadlineProvisional">The deadline's year has no announced holidays yet: it was counted on the Labour Code's
/// days and Tết computed from the lunar calendar, and may move once the year's days off are announced.</param>
public sealed record PeriodResponse(string Key, string Label, DateOnly Start, DateOnly End, DateOnly DataFrom, DateOnly DataTo, DateOnly Deadline, int ExpectedReports,
    bool DeadlineProvisional)
{
    public static PeriodResponse From(ReportingPeriod p, int deadlineDays, int expected, Platform.WorkCalendar.HolidayCalendar calendar)
    {
        var deadline = p.DeadlineAfter(deadlineDays, calendar);
        return new(p.Key, p.Label, p.Start, p.End, p.CutoffFrom, p.CutoffTo, deadline, expected, calendar.IsProvisional(deadline.Year));
    }
}

public sealed record OpenPeriodResponse(PeriodResponse Period, int Created);

/// <summary>Periodic reports (báo cáo định kỳ): who reports which template how often, and by when.</summary>
public static class SchedulesApi
{
    /// <summary>Unit kinds the units service knows (kept as names, the contract's form).</summary>
    public static readonly IReadOnlySet<string> UnitKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "Department", "DepartmentDivision", "DistrictEducationOffice", "UpperSecondarySchool", "MultiLevelSchool", "ContinuingEducationCentre",
        "AffiliatedUnit", "Preschool", "PrimarySchool", "LowerSecondarySchool", "CityPolice", "DistrictPolice", "WardPolice",
        "DistrictPeoplesCommittee", "WardPeoplesCommittee", "OtherAgency",
    };

    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/schedules").WithTags("Report schedules");
        group.MapGet("/", ListSchedules);
        group.MapGet("/{id:guid}", GetSchedule);
        group.MapPost("/", CreateSchedule);
        group.MapPost("/{id:guid}/periods/{key}/open", OpenPeriod);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<ScheduleResponse>>, ValidationProblem>> ListSchedules(
        Guid? templateId, int? page, int? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var query = services.Db.Schedules.AsNoTracking();
        if (templateId is { } t) query = query.Where(s => s.TemplateId == t);
        if (await services.Access.CoveredUnitsAsync(ct) is { } covered)
        {
            query = query.Where(s => covered.Contains(s.OwnerUnitId));
        }
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(s => s.CreatedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<ScheduleResponse>(items.Select(s => ScheduleResponse.From(s, [])).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetSchedule(Guid id, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var schedule = await FindAsync(services, id, ct);
        if (schedule is null) return NotFound(id);
        var opened = await services.Db.Submissions.AsNoTracking().Where(s => s.ScheduleId == id)
            .GroupBy(s => s.PeriodId).Select(g => new { PeriodId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = opened.Select(o => o.PeriodId).ToList();
        var periods = await services.Db.Periods.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var list = opened.Select(o => (Period: schedule.PeriodFor(periods[o.PeriodId].Key)!, o.Count)).OrderBy(x => x.Period.Start)
            .Select(x => PeriodResponse.From(x.Period, schedule.DeadlineDays, x.Count, services.Calendar)).ToList();
        return TypedResults.Ok(ScheduleResponse.From(schedule, list));
    }

    public static async Task<Results<Created<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> CreateSchedule(
        CreateScheduleRequest? request, [AsParameters] ReportingApiServices services, ExpectedReports expected, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var name = validator.Required("name", request.Name, 256);
        var type = validator.Enum<PeriodType>("periodType", request.PeriodType, required: true);
        if (type == PeriodType.AdHoc)
        {
            validator.Add("periodType", "Báo cáo đột xuất dùng /api/reports/requests.", "Ad-hoc reports use /api/reports/requests.");
        }
        int? cutoff = request.CalendarPeriods == true ? null : request.CutoffDay ?? PeriodCalendar.DefaultCutoffDay;
        if (cutoff is { } day && !PeriodCalendar.IsValidCutoffDay(day))
        {
            validator.Add("cutoffDay", "Ngày chốt số liệu phải từ 2 đến 28.", "cutoffDay must be between 2 and 28.");
            cutoff = PeriodCalendar.DefaultCutoffDay;
        }
        if (request.DeadlineDays is not { } deadlineDays || deadlineDays is < 0 or > 90)
        {
            validator.Add("deadlineDays", "Hạn nộp phải từ 0 đến 90 ngày sau khi chốt số liệu.", "deadlineDays must be between 0 and 90.");
        }
        var kinds = request.UnitKinds?.Select(k => k?.Trim() ?? "").Distinct().ToList() ?? [];
        foreach (var (k, i) in kinds.Select((k, i) => (k, i)).Where(x => !UnitKinds.Contains(x.k)))
        {
            validator.Add($"unitKinds[{i}]", $"Loại đơn vị '{k}' không có; dùng một trong: {string.Join(", ", UnitKinds)}.", $"Unknown unit kind '{k}'; use one of {string.Join(", ", UnitKinds)}.");
        }
        var groupIds = request.GroupIds?.Distinct().ToList() ?? [];
        if (groupIds.Count == 0 && kinds.Count == 0)
        {
            validator.Add("groupIds", "Cần ít nhất một nhóm nơi nhận hoặc một loại đơn vị.", "Give at least one recipient group or unit kind.");
        }
        ReportingPeriod? first = null;
        if (type is { } t && t != PeriodType.AdHoc)
        {
            first = PeriodCalendar.Parse(request.FirstPeriod, cutoff);
            if (first is null || first.Type != t)
            {
                validator.Add("firstPeriod", $"Kỳ đầu tiên phải là một kỳ {t}, ví dụ {PeriodCalendar.KeyOf(t, new DateOnly(2024, 9, 1))}.",
                    $"firstPeriod must be a {t} period, e.g. {PeriodCalendar.KeyOf(t, new DateOnly(2024, 9, 1))}.");
            }
            if (request.LastPeriod is not null)
            {
                var last = PeriodCalendar.Parse(request.LastPeriod, cutoff);
                if (last is null || last.Type != t || (first is not null && last.Start < first.Start))
                {
                    validator.Add("lastPeriod", "Kỳ cuối phải cùng loại và không trước kỳ đầu.", "lastPeriod must be of the same type and not before firstPeriod.");
                }
            }
        }
        var template = request.TemplateId is { } templateId ? await services.Db.Templates.AsNoTracking().FirstOrDefaultAsync(x => x.Id == templateId, ct) : null;
        if (template is null)
        {
            validator.Add("templateId", "Không có mẫu báo cáo này.", "There is no such report template.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayRequestReports)
        {
            return ApiSupport.Forbidden("Vai trò của bạn không được giao báo cáo định kỳ.", "Your role may not set periodic reports.");
        }

        var actor = services.Access.Actor(services.Clock);
        var schedule = new ReportSchedule
        {
            Id = Guid.CreateVersion7(actor.At),
            TemplateId = template!.Id,
            Name = name,
            PeriodType = type!.Value,
            CutoffDay = cutoff,
            DeadlineDays = request.DeadlineDays!.Value,
            GroupIds = groupIds,
            UnitKinds = kinds,
            FirstPeriodKey = first!.Key,
            LastPeriodKey = request.LastPeriod is null ? null : PeriodCalendar.Parse(request.LastPeriod, cutoff)!.Key,
            OwnerUnitId = actor.UnitId,
            OwnerIsProvinceWide = services.Access.IsProvinceWide,
            CreatedAt = actor.At,
            CreatedBy = actor.UserId,
        };

        // Resolve the groups first: an unknown group is the caller's mistake and nothing is written.
        var replica = await expected.ReplicaAsync(ct);
        var today = VietnamTime.Today(services.Clock);
        var toOpen = new List<(ReportingPeriod Period, HashSet<Guid> Units)>();
        foreach (var period in schedule.OpenedBy(today).TakeLast(24))
        {
            var (units, unknown) = await expected.ResolveAsync(groupIds, kinds, [], schedule.OwnerUnitId, schedule.OwnerIsProvinceWide, period.CutoffTo, replica, ct);
            if (unknown.Count > 0)
            {
                validator.Add("groupIds", $"Không có nhóm nơi nhận: {string.Join(", ", unknown)}.", $"These recipient groups do not exist: {string.Join(", ", unknown)}.");
                return validator.ToProblem();
            }
            toOpen.Add((period, units));
        }
        if (groupIds.Count > 0 && toOpen.Count == 0)
        {
            var (_, unknown) = await expected.ResolveAsync(groupIds, [], [], schedule.OwnerUnitId, schedule.OwnerIsProvinceWide, today, replica, ct);
            if (unknown.Count > 0)
            {
                validator.Add("groupIds", $"Không có nhóm nơi nhận: {string.Join(", ", unknown)}.", $"These recipient groups do not exist: {string.Join(", ", unknown)}.");
                return validator.ToProblem();
            }
        }

        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        services.Db.Schedules.Add(schedule);
        await services.Db.SaveChangesAsync(ct);
        var opened = new List<PeriodResponse>();
        foreach (var (period, units) in toOpen)
        {
            var created = await expected.OpenPeriodAsync(schedule, period, units, replica, actor.At, ct);
            opened.Add(PeriodResponse.From(period, schedule.DeadlineDays, created, services.Calendar));
        }
        await transaction.CommitAsync(ct);
        services.Logger.LogInformation("Schedule {ScheduleId} for template {TemplateId} created by {UserId}; {Periods} periods opened",
            schedule.Id, schedule.TemplateId, actor.UserId, opened.Count);
        return TypedResults.Created($"/api/reports/schedules/{schedule.Id}", ScheduleResponse.From(schedule, opened));
    }

    public static async Task<Results<Ok<OpenPeriodResponse>, ValidationProblem, ProblemHttpResult>> OpenPeriod(
        Guid id, string key, [AsParameters] ReportingApiServices services, ExpectedReports expected, CancellationToken ct)
    {
        var schedule = await FindAsync(services, id, ct);
        if (schedule is null) return NotFound(id);
        var period = schedule.PeriodFor(key);
        if (period is null || !schedule.Covers(period))
        {
            var validator = new RequestValidator();
            validator.Add("key", $"'{key}' không phải là một kỳ của lịch báo cáo này.", $"'{key}' is not a period of this schedule.");
            return validator.ToProblem();
        }
        if (!services.Access.MayRequestReports || (!services.Access.IsProvinceWide && schedule.OwnerUnitId != services.Access.User.UnitId))
        {
            return ApiSupport.Forbidden("Chỉ đơn vị đặt lịch (hoặc cấp Sở) được mở kỳ báo cáo.", "Only the unit that set the schedule (or the Department) may open its periods.");
        }
        var replica = await expected.ReplicaAsync(ct);
        var (units, unknown) = await expected.ResolveAsync(schedule.GroupIds, schedule.UnitKinds, [], schedule.OwnerUnitId, schedule.OwnerIsProvinceWide,
            period.CutoffTo, replica, ct);
        if (unknown.Count > 0)
        {
            return Problems.Conflict($"Nhóm nơi nhận không còn tồn tại: {string.Join(", ", unknown)}.", $"Recipient groups no longer exist: {string.Join(", ", unknown)}.");
        }
        var created = await expected.OpenPeriodAsync(schedule, period, units, replica, services.Clock.GetUtcNow(), ct);
        var row = await services.Db.Periods.AsNoTracking().SingleAsync(p => p.Type == period.Type && p.Key == period.Key, ct);
        var total = await services.Db.Submissions.CountAsync(s => s.ScheduleId == id && s.PeriodId == row.Id, ct);
        return TypedResults.Ok(new OpenPeriodResponse(PeriodResponse.From(period, schedule.DeadlineDays, total, services.Calendar), created));
    }

    private static async Task<ReportSchedule?> FindAsync(ReportingApiServices services, Guid id, CancellationToken ct)
    {
        var schedule = await services.Db.Schedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (schedule is null) return null;
        if (services.Access.IsProvinceWide || schedule.OwnerUnitId == services.Access.User.UnitId) return schedule;
        return await services.Access.CoversUnitAsync(schedule.OwnerUnitId, ct) ? schedule : null;
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.NotFound($"Không có lịch báo cáo {id} trong phạm vi của bạn.", $"There is no report schedule {id} within your scope.");
}
