using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

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
        group.MapGet("/by-area", ByArea);
        group.MapGet("/overdue", Overdue);
        group.MapGet("/todo", ToDo);
        return app;
    }

    private sealed record Row(Guid Id, Guid DocumentId, int TaskNumber, Guid UnitId, Guid OriginalUnitId, Guid? ParentAssignmentId, AssignmentStatus Status, DateOnly? DueDate, bool? CompletedOnTime);

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
    /// By area of the date (địa bàn): an assignment counts for the local education authority that held the top of its
    /// chain when it was issued — a district office for the 2024 dispatch, a commune's Culture–Society division for
    /// today's — with the schools it handed the work on to. Work addressed straight to the Department's own schools and
    /// centres is one row. Nothing is read from the shape of an area code, and a dissolved office keeps its row, marked
    /// with the date it ended.
    /// </summary>
    public static async Task<Results<Ok<PagedResult<CompletionRow>>, ValidationProblem>> ByArea(
        [AsParameters] DashboardQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var rows = await RowsAsync(query, services, validator, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var roots = await ChainRootsAsync(services.Db, rows!, ct);
        var rootUnits = roots.Values.Distinct().ToList();
        var units = await services.Db.Units.AsNoTracking().Where(u => rootUnits.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        const string direct = "direct";
        string Key(Row r) => units.GetValueOrDefault(roots[r.Id]) is { } u && LocalEducationAuthority.Is(u.Kind) ? u.Id.ToString() : direct;
        string Label(string key)
        {
            if (key == direct) return Text.Pick("Trường, trung tâm trực thuộc Sở", "Schools and centres under the Department");
            var unit = units[Guid.Parse(key)];
            var name = unit.ShortName ?? unit.Name;
            return unit.IsActive ? name : Text.Pick($"{name} (đến {unit.EffectiveFrom.AddDays(-1):dd/MM/yyyy})", $"{name} (until {unit.EffectiveFrom.AddDays(-1):dd/MM/yyyy})");
        }
        var groups = rows!.GroupBy(Key).Select(g => Aggregate(g.Key, Label(g.Key), g, services.Today));
        return Page(query, groups, validator);
    }

    /// <summary>For each row, the unit that first held the top of its delegation chain.</summary>
    private static async Task<Dictionary<Guid, Guid>> ChainRootsAsync(TasksDbContext db, List<Row> rows, CancellationToken ct)
    {
        var links = rows.ToDictionary(r => r.Id, r => (r.ParentAssignmentId, r.OriginalUnitId));
        var missing = rows.Where(r => r.ParentAssignmentId is { } p && !links.ContainsKey(p)).Select(r => r.ParentAssignmentId!.Value).ToHashSet();
        for (var depth = 0; missing.Count > 0 && depth < 16; depth++)
        {
            var parents = await db.Assignments.AsNoTracking().Where(a => missing.Contains(a.Id))
                .Select(a => new { a.Id, a.ParentAssignmentId, a.OriginalUnitId }).ToListAsync(ct);
            foreach (var p in parents) links[p.Id] = (p.ParentAssignmentId, p.OriginalUnitId);
            missing = parents.Where(p => p.ParentAssignmentId is { } id && !links.ContainsKey(id)).Select(p => p.ParentAssignmentId!.Value).ToHashSet();
        }
        Guid Root(Guid id)
        {
            var (parent, unit) = links[id];
            for (var depth = 0; parent is { } p && links.TryGetValue(p, out var up) && depth < 16; depth++) (parent, unit) = up;
            return unit;
        }
        return rows.ToDictionary(r => r.Id, r => Root(r.Id));
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
        return await q.Select(a => new Row(a.Id, a.DocumentId, a.TaskNumber, a.UnitId, a.OriginalUnitId, a.ParentAssignmentId, a.Status, a.DueDate, a.CompletedOnTime)).ToListAsync(ct);
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
