using Platform.UnitDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record CompletenessCellResponse(int Expected, int Submitted, int OnTime, int Late, int Missing, int Pending, int Approved,
    decimal SubmittedRate, decimal OnTimeRate)
{
    public static CompletenessCellResponse From(CompletenessCell c) =>
        new(c.Expected, c.Submitted, c.OnTime, c.Late, c.Missing, c.Pending, c.Approved, c.SubmittedRate, c.OnTimeRate);
}

public sealed record PeriodCellResponse(string Period, CompletenessCellResponse Cell);

public sealed record CompletenessRowResponse(Guid UnitId, string Code, string Name, string Kind, IReadOnlyList<PeriodCellResponse> Cells, CompletenessCellResponse Total);

/// <param name="GroupLabel">What the rows are, for the column heading (see <see cref="GroupingLevel"/>).</param>
public sealed record CompletenessResponse(UnitLabel Root, Guid TemplateId, IReadOnlyList<string> Periods, string GroupBy,
    IReadOnlyList<CompletenessRowResponse> Rows, IReadOnlyList<PeriodCellResponse> Totals, CompletenessCellResponse Total, string GroupLabel);

/// <summary>The query both the matrix and its export take.</summary>
public sealed record CompletenessQuery(Guid? TemplateId, string? Period, string? From, string? To, Guid? RequestId, Guid? UnitId, string? GroupBy);

/// <summary>
/// Completeness and timeliness (expected, submitted, on time, late, missing, rates) per unit and period —
/// the matrix a district officer chases every month — under any unit the caller covers.
/// </summary>
public static class CompletenessApi
{
    public const int MaxPeriods = 36;

    public static IEndpointRouteBuilder MapCompletenessApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/completeness").WithTags("Completeness and timeliness");
        group.MapGet("/", GetMatrix);
        group.MapGet("/export", Export);
        return app;
    }

    public static async Task<Results<Ok<CompletenessResponse>, ValidationProblem, ProblemHttpResult>> GetMatrix(
        [AsParameters] CompletenessQuery query, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var (result, problem, validation) = await BuildAsync(query, services, ct);
        if (validation is not null) return validation;
        if (problem is not null) return problem;
        return TypedResults.Ok(result!);
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] CompletenessQuery query, string? format, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        format = (format ?? "xlsx").ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        if (!validator.IsValid) return validator.ToProblem();
        var (result, problem, validation) = await BuildAsync(query, services, ct);
        if (validation is not null) return validation;
        if (problem is not null) return problem;
        var bytes = await Spreadsheets.WriteAsync(Spreadsheets.CompletenessRows(result!), format, Text.Pick("Tinh hinh nop bao cao", "Completeness"), ct);
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.CompletenessExported, "unit", result!.Root.Code,
            $"periods {string.Join(",", result.Periods)}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return Spreadsheets.File(bytes, format, $"tinh-hinh-nop-bao-cao-{result!.Root.Code}-{string.Join("_", result.Periods.Take(1))}");
    }

    internal static async Task<(CompletenessResponse? Result, ProblemHttpResult? Problem, ValidationProblem? Validation)> BuildAsync(
        CompletenessQuery query, ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var db = services.Db;
        if (query.TemplateId is null && query.RequestId is null) validator.Add("templateId", "Trường 'templateId' là bắt buộc.", "The field 'templateId' is required.");
        if (query.GroupBy is not (null or "child" or "unit")) validator.Add("groupBy", "groupBy phải là child hoặc unit.", "groupBy must be child or unit.");
        var periods = new List<Period>();
        Guid templateId = query.TemplateId ?? Guid.Empty;
        if (query.RequestId is { } requestId)
        {
            var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, ct);
            if (request is null) validator.Add("requestId", "Không có yêu cầu báo cáo này.", "There is no such report request.");
            else
            {
                templateId = request.TemplateId;
                periods.Add(await db.Periods.AsNoTracking().SingleAsync(p => p.Id == request.PeriodId, ct));
            }
        }
        else
        {
            var keys = new List<ReportingPeriod>();
            if (query.Period is not null)
            {
                var (p, _) = await ApiSupport.PeriodAsync(db, "period", query.Period, validator, ct);
                if (p is not null) keys.Add(p);
            }
            else
            {
                var from = PeriodCalendar.Parse(query.From, null);
                var to = PeriodCalendar.Parse(query.To ?? query.From, null);
                if (from is null) validator.Add(query.From is null ? "period" : "from", "Cần 'period' hoặc 'from'/'to' là các kỳ báo cáo.", "Give 'period', or 'from'/'to' as period keys.");
                else if (to is null || to.Type != from.Type || to.Start < from.Start) validator.Add("to", "'to' phải cùng loại kỳ và không trước 'from'.", "'to' must be the same period type and not before 'from'.");
                else
                {
                    keys.AddRange(PeriodCalendar.Between(from.Type, from.Start, to.Start, null));
                    if (keys.Count > MaxPeriods) validator.Add("to", $"Tối đa {MaxPeriods} kỳ.", $"At most {MaxPeriods} periods.");
                }
            }
            if (validator.IsValid)
            {
                var types = keys.Select(k => k.Type).Distinct().ToList();
                var keyStrings = keys.Select(k => k.Key).ToList();
                var known = await db.Periods.AsNoTracking().Where(p => types.Contains(p.Type) && keyStrings.Contains(p.Key)).ToListAsync(ct);
                periods.AddRange(keys.Select(k => known.FirstOrDefault(r => r.Type == k.Type && r.Key == k.Key) ?? new Period { Id = -1, Type = k.Type, Key = k.Key, Start = k.Start, End = k.End }));
            }
        }
        if (templateId != Guid.Empty && !await db.Templates.AnyAsync(t => t.Id == templateId, ct))
        {
            validator.Add("templateId", "Không có mẫu báo cáo này.", "There is no such report template.");
        }
        if (!validator.IsValid) return (null, null, validator.ToProblem());

        var root = query.UnitId ?? await DefaultRootAsync(services, ct);
        if (!await services.Access.CoversUnitAsync(root, ct) || services.Access.IsPolice)
        {
            return (null, Problems.NotFound($"Không có đơn vị {root} trong phạm vi của bạn.", $"There is no unit {root} within your scope."), null);
        }
        var byUnit = query.GroupBy == "unit";
        var now = services.Clock.GetUtcNow();
        var scope = await ReportingScope.ForAsync(db, templateId, root, ct);
        var cells = await CompletenessQueries.MatrixAsync(db, templateId, periods.Where(p => p.Id > 0).Select(p => p.Id).ToList(), scope, byUnit, now, ct);
        var labels = await ApiSupport.UnitLabelsAsync(db, cells.Select(c => c.UnitId).Append(root), ct);
        var rows = cells.GroupBy(c => c.UnitId).Select(g =>
        {
            var label = labels.Label(g.Key);
            var perPeriod = periods.Select(p => new PeriodCellResponse(p.Key,
                CompletenessCellResponse.From(g.FirstOrDefault(c => c.PeriodId == p.Id)?.Cell ?? CompletenessCell.Empty))).ToList();
            return new CompletenessRowResponse(g.Key, label.Code, label.Name, label.Kind, perPeriod, CompletenessCellResponse.From(Sum(g.Select(c => c.Cell))));
        }).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        var totals = periods.Select(p => new PeriodCellResponse(p.Key, CompletenessCellResponse.From(Sum(cells.Where(c => c.PeriodId == p.Id).Select(c => c.Cell))))).ToList();
        return (new CompletenessResponse(labels.Label(root), templateId, periods.Select(p => p.Key).ToList(), byUnit ? "unit" : "child", rows, totals,
            CompletenessCellResponse.From(Sum(cells.Select(c => c.Cell))), GroupingLevel.Label(rows.Select(r => r.Kind), byUnit)), null, null);
    }

    public static CompletenessCell Sum(IEnumerable<CompletenessCell> cells) => cells.Aggregate(CompletenessCell.Empty, (a, c) =>
        new CompletenessCell(a.Expected + c.Expected, a.Submitted + c.Submitted, a.OnTime + c.OnTime, a.Late + c.Late, a.Missing + c.Missing, a.Pending + c.Pending, a.Approved + c.Approved));

    /// <summary>The caller's own unit; for province-wide roles, the top of their line (the Department).</summary>
    internal static async Task<Guid> DefaultRootAsync(ReportingApiServices services, CancellationToken ct)
    {
        var me = services.Access.User.UnitId;
        if (!services.Access.IsProvinceWide) return me;
        var ancestors = await services.Db.ReplicaAncestorsAsync(me, ct);
        return ancestors.Count > 0 ? ancestors[^1] : me;
    }
}
