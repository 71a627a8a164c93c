using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Apis;

/// <summary>Counts per government status for one group of assignments, with the completion and on-time rates.</summary>
public sealed record CompletionRow(
    string Key,
    string Label,
    int Total,
    int CompletedOnTime,
    int CompletedLate,
    int InProgressWithinDeadline,
    int Overdue,
    double CompletionRate,
    double? OnTimeRate,
    int Closed = 0);

public sealed record DashboardSummary(DateOnly Today, CompletionRow Overall, int OpenQuestions);

public sealed record OverdueItem(AssignmentSummary Assignment, int DaysOverdue);

public sealed class DashboardQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    public Guid? DocumentId { get; init; }
    public int? TaskNumber { get; init; }
    /// <summary><c>issued</c> (default: the assignments given at issue), <c>delegated</c> (given on by a supervising unit) or <c>all</c>.</summary>
    public string? Tier { get; init; }
    /// <summary><c>label</c> (default), <c>-overdue</c>, <c>onTimeRate</c>, <c>-onTimeRate</c>, <c>completionRate</c>, <c>-completionRate</c>.</summary>
    public string? Sort { get; init; }
}

/// <summary>
/// Completion dashboards (by task, unit, district), the overdue list and a unit's to-do list — every one
/// paged and restricted to the caller's scope (province-wide roles see the province).
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks/dashboard").WithTags("Dashboard");
        group.MapGet("/", Summary);
        group.MapGet("/by-task", ByTask);
        group.MapGet("/by-unit", ByUnit);
        group.MapGet("/by-district", ByDistrict);
        group.MapGet("/overdue", Overdue);
        group.MapGet("/todo", ToDo);
        return app;
    }

    private sealed record Row(Guid Id, Guid DocumentId, int TaskNumber, Guid UnitId, AssignmentStatus Status, DateOnly? DueDate, bool? CompletedOnTime);

    public static async Task<Results<Ok<DashboardSummary>, ValidationProblem>> Summary(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var rows = await RowsAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var q = services.Db.Questions.AsNoTracking().Where(x => x.Status == QuestionStatus.Open);
        if (await services.Access.CoveredUnitIdsAsync(ct) is { } covered) q = q.Where(x => covered.Contains(x.UnitId));
        return TypedResults.Ok(new DashboardSummary(services.Today, Aggregate("all", Text.Pick("Tất cả", "All"), rows!, services.Today), await q.CountAsync(ct)));
    }

    public static async Task<Results<Ok<PagedResult<CompletionRow>>, ValidationProblem>> ByTask(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var rows = await RowsAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var documents = await DocumentNumbersAsync(services, rows!, ct);
        var groups = rows!.GroupBy(r => (r.DocumentId, r.TaskNumber))
            .Select(g => Aggregate($"{g.Key.DocumentId}:{g.Key.TaskNumber}",
                $"{documents.GetValueOrDefault(g.Key.DocumentId)} — {Text.Pick("nhiệm vụ", "task")} {g.Key.TaskNumber}", g, services.Today));
        return Page(query, groups, validator);
    }

    public static async Task<Results<Ok<PagedResult<CompletionRow>>, ValidationProblem>> ByUnit(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var rows = await RowsAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var unitIds = rows!.Select(r => r.UnitId).Distinct().ToList();
        var names = await services.Db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var groups = rows!.GroupBy(r => r.UnitId)
            .Select(g => Aggregate(g.Key.ToString(), names.GetValueOrDefault(g.Key) ?? g.Key.ToString(), g, services.Today));
        return Page(query, groups, validator);
    }

    /// <summary>
    /// By district (quận/huyện): a unit belongs to the district its area code names (<c>HP-LECHAN-…</c> →
    /// <c>HP-LECHAN</c>), which covers the district office, its schools and the centres and upper-secondary
    /// schools located there.
    /// </summary>
    public static async Task<Results<Ok<PagedResult<CompletionRow>>, ValidationProblem>> ByDistrict(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var rows = await RowsAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var unitIds = rows!.Select(r => r.UnitId).Distinct().ToList();
        var areas = await services.Db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.AreaCode, ct);
        string District(Guid unitId) => areas.GetValueOrDefault(unitId) is { Length: > 0 } area
            ? string.Join('-', area.Split('-').Take(2))
            : "";
        var districtCodes = rows!.Select(r => District(r.UnitId)).Distinct().ToList();
        var offices = await services.Db.Units.AsNoTracking()
            .Where(u => u.Kind == "DistrictEducationOffice" && u.AreaCode != null && districtCodes.Contains(u.AreaCode))
            .ToListAsync(ct);
        var labels = offices.GroupBy(o => o.AreaCode!).ToDictionary(g => g.Key, g => g.First().ShortName ?? g.First().Name);
        var groups = rows!.GroupBy(r => District(r.UnitId))
            .Select(g => Aggregate(g.Key, labels.GetValueOrDefault(g.Key)
                ?? (g.Key.Length == 0 ? Text.Pick("Chưa xác định địa bàn", "No area") : g.Key.Contains('-') ? g.Key : Text.Pick("Cấp thành phố", "City level")), g, services.Today));
        return Page(query, groups, validator);
    }

    public static async Task<Results<Ok<PagedResult<OverdueItem>>, ValidationProblem>> Overdue(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var q = await FilteredAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        q = AssignmentsApi.WhereTracking(q, TrackingStatus.Overdue, services.Today).OrderBy(a => a.DueDate).ThenBy(a => a.Id);
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var summaries = await AssignmentsApi.SummariesAsync(services.Db, items, services.Today, ct);
        return TypedResults.Ok(new PagedResult<OverdueItem>(
            summaries.Select(s => new OverdueItem(s, services.Today.DayNumber - s.DueDate!.Value.DayNumber)).ToList(), page, pageSize, total));
    }

    /// <summary>The caller's unit's open assignments, soonest deadline first (việc cần làm).</summary>
    public static async Task<Results<Ok<PagedResult<AssignmentSummary>>, ValidationProblem>> ToDo(
        int? page, int? pageSize, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var unitId = services.Access.User.UnitId;
        var q = services.Db.Assignments.AsNoTracking()
            .Where(a => a.UnitId == unitId && (a.Status == AssignmentStatus.Assigned || a.Status == AssignmentStatus.Acknowledged || a.Status == AssignmentStatus.InProgress))
            .OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate).ThenBy(a => a.TaskNumber).ThenBy(a => a.Id);
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AssignmentSummary>(await AssignmentsApi.SummariesAsync(services.Db, items, services.Today, ct), p, size, total));
    }

    private static async Task<IQueryable<Assignment>> FilteredAsync(DashboardQuery query, TasksApiServices services, RequestValidator validator, CancellationToken ct)
    {
        if (query.Tier is not (null or "issued" or "delegated" or "all"))
        {
            validator.Add("tier", "tier phải là issued, delegated hoặc all.", "tier must be issued, delegated or all.");
        }
        // Closed (cancelled) assignments are not tracked, but they are counted apart so that dissolved units' work never vanishes from view.
        var q = await AssignmentsApi.ScopedAsync(services, ct);
        q = query.Tier switch
        {
            "all" => q,
            "delegated" => q.Where(a => a.ParentAssignmentId != null),
            _ => q.Where(a => a.ParentAssignmentId == null),
        };
        if (query.DocumentId is { } documentId) q = q.Where(a => a.DocumentId == documentId);
        if (query.TaskNumber is { } taskNumber) q = q.Where(a => a.TaskNumber == taskNumber);
        return q;
    }

    private static async Task<List<Row>?> RowsAsync(DashboardQuery query, TasksApiServices services, RequestValidator validator, CancellationToken ct)
    {
        Paging.Normalise(query.Page, query.PageSize, validator);
        if (query.Sort is not (null or "label" or "-overdue" or "onTimeRate" or "-onTimeRate" or "completionRate" or "-completionRate"))
        {
            validator.Add("sort", "sort phải là label, -overdue, onTimeRate, -onTimeRate, completionRate hoặc -completionRate.",
                "sort must be label, -overdue, onTimeRate, -onTimeRate, completionRate or -completionRate.");
        }
        var q = await FilteredAsync(query, services, validator, ct);
        if (!validator.IsValid) return null;
        return await q.Select(a => new Row(a.Id, a.DocumentId, a.TaskNumber, a.UnitId, a.Status, a.DueDate, a.CompletedOnTime)).ToListAsync(ct);
    }

    private static CompletionRow Aggregate(string key, string label, IEnumerable<Row> rows, DateOnly today)
    {
        int onTime = 0, late = 0, within = 0, overdue = 0, closed = 0;
        foreach (var r in rows)
        {
            switch (TrackingRules.Status(r.Status, r.DueDate, r.CompletedOnTime, today))
            {
                case TrackingStatus.CompletedOnTime: onTime++; break;
                case TrackingStatus.CompletedLate: late++; break;
                case TrackingStatus.Overdue: overdue++; break;
                case TrackingStatus.InProgressWithinDeadline: within++; break;
                case null: closed++; break;
            }
        }
        var total = onTime + late + within + overdue;
        var completed = onTime + late;
        return new CompletionRow(key, label, total, onTime, late, within, overdue,
            total == 0 ? 0 : Math.Round(completed * 100d / total, 1),
            completed == 0 ? null : Math.Round(onTime * 100d / completed, 1), closed);
    }

    private static Results<Ok<PagedResult<CompletionRow>>, ValidationProblem> Page(DashboardQuery query, IEnumerable<CompletionRow> rows, RequestValidator validator)
    {
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        rows = query.Sort switch
        {
            "-overdue" => rows.OrderByDescending(r => r.Overdue).ThenBy(r => r.Label, StringComparer.Ordinal),
            "onTimeRate" => rows.OrderBy(r => r.OnTimeRate ?? -1).ThenBy(r => r.Label, StringComparer.Ordinal),
            "-onTimeRate" => rows.OrderByDescending(r => r.OnTimeRate ?? -1).ThenBy(r => r.Label, StringComparer.Ordinal),
            "completionRate" => rows.OrderBy(r => r.CompletionRate).ThenBy(r => r.Label, StringComparer.Ordinal),
            "-completionRate" => rows.OrderByDescending(r => r.CompletionRate).ThenBy(r => r.Label, StringComparer.Ordinal),
            _ => rows.OrderBy(r => r.Label, StringComparer.Ordinal),
        };
        var list = rows.ToList();
        return TypedResults.Ok(new PagedResult<CompletionRow>(list.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, list.Count));
    }

    private static async Task<Dictionary<Guid, string>> DocumentNumbersAsync(TasksApiServices services, List<Row> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.DocumentId).Distinct().ToList();
        return (await services.Db.Documents.AsNoTracking().IgnoreAutoIncludes().Where(d => ids.Contains(d.Id)).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.NumberAndSymbol);
    }
}
