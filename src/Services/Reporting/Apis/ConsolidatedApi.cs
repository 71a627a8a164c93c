using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

public sealed record ConsolidatedIndicator(string Code, string Section, string Label, string? UnitOfMeasure, string Aggregation, decimal? Value, int Reports);

public sealed record ConsolidatedChild(Guid UnitId, string Code, string Name, string Kind, IReadOnlyDictionary<string, decimal?> Values);

/// <param name="ChildrenLabel">What the children rows are, for a column heading: "Xã, phường" when they are the communes'
/// divisions (today), "Quận, huyện" when district offices (2024), "Địa bàn, đơn vị" when mixed.</param>
public sealed record ConsolidatedResponse(UnitLabel Unit, Guid TemplateId, string Period, IReadOnlyList<ConsolidatedIndicator> Indicators,
    IReadOnlyList<ConsolidatedChild> Children, string ChildrenLabel);

public sealed record DrillDownRow(Guid UnitId, string Code, string Name, string Kind, Guid SubmissionId, decimal Value);

public sealed record ConsolidatedQuery(Guid? TemplateId, string? Period, Guid? UnitId);

/// <summary>
/// Consolidated reports: a unit's figure for a period is the sum (average, maximum) of the approved reports
/// below it, following the hierarchy as it was in that period; children and drill-down show who is behind a number.
/// </summary>
public static class ConsolidatedApi
{
    public static IEndpointRouteBuilder MapConsolidatedApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/consolidated").WithTags("Consolidated reports");
        group.MapGet("/", GetConsolidated);
        group.MapGet("/drilldown", DrillDown);
        group.MapGet("/export", Export);
        return app;
    }

    public static async Task<Results<Ok<ConsolidatedResponse>, ValidationProblem, ProblemHttpResult>> GetConsolidated(
        [AsParameters] ConsolidatedQuery query, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var (result, problem, validation) = await BuildAsync(query, services, ct);
        if (validation is not null) return validation;
        if (problem is not null) return problem;
        return TypedResults.Ok(result!);
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] ConsolidatedQuery query, string? format, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        format = (format ?? "xlsx").ToLowerInvariant();
        if (format is not ("csv" or "xlsx")) validator.Add("format", "Định dạng phải là csv hoặc xlsx.", "format must be csv or xlsx.");
        if (!validator.IsValid) return validator.ToProblem();
        var (result, problem, validation) = await BuildAsync(query, services, ct);
        if (validation is not null) return validation;
        if (problem is not null) return problem;
        var bytes = await Spreadsheets.WriteAsync(Spreadsheets.ConsolidatedRows(result!), format, Text.Pick("Tong hop", "Consolidated"), ct);
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.ConsolidatedExported, "unit", result!.Unit.Code,
            $"period {result.Period}; {format}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        return Spreadsheets.File(bytes, format, $"tong-hop-{result!.Unit.Code}-{result.Period}");
    }

    public static async Task<Results<Ok<PagedResult<DrillDownRow>>, ValidationProblem, ProblemHttpResult>> DrillDown(
        [AsParameters] ConsolidatedQuery query, string? indicator, int? page, int? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var code = validator.Required("indicator", indicator, 64);
        var (context, problem, validation) = await ContextAsync(query, services, validator, ct);
        if (validation is not null) return validation;
        if (problem is not null) return problem;
        var ids = context!.Indicators.Where(i => i.Code == code).Select(i => i.Id).ToList();
        if (ids.Count == 0)
        {
            validator.Add("indicator", $"Mẫu không có chỉ tiêu '{code}'.", $"The template has no indicator '{code}'.");
            return validator.ToProblem();
        }
        if (context.PeriodId is not { } periodId) return TypedResults.Ok(new PagedResult<DrillDownRow>([], p, size, 0));
        var scope = await ReportingScope.ForAsync(services.Db, context.TemplateId, context.Unit, ct);
        var (rows, total) = await Consolidation.DrillDownAsync(services.Db, context.TemplateId, periodId, scope, ids, p, size, ct);
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, rows.Select(r => r.UnitId), ct);
        return TypedResults.Ok(new PagedResult<DrillDownRow>(rows.Select(r =>
        {
            var l = labels.Label(r.UnitId);
            return new DrillDownRow(r.UnitId, l.Code, l.Name, l.Kind, r.SubmissionId, Trim(r.Value));
        }).ToList(), p, size, total));
    }

    private sealed record Context(Guid TemplateId, string PeriodKey, int? PeriodId, Guid Unit, List<Indicator> Indicators, TemplateVersion Latest);

    private static async Task<(Context?, ProblemHttpResult?, ValidationProblem?)> ContextAsync(
        ConsolidatedQuery query, ReportingApiServices services, RequestValidator validator, CancellationToken ct)
    {
        var db = services.Db;
        if (query.TemplateId is null) validator.Add("templateId", "Trường 'templateId' là bắt buộc.", "The field 'templateId' is required.");
        var (period, row) = await ApiSupport.PeriodAsync(db, "period", query.Period, validator, ct);
        var template = query.TemplateId is { } id ? await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) : null;
        if (query.TemplateId is not null && template is null) validator.Add("templateId", "Không có mẫu báo cáo này.", "There is no such report template.");
        if (!validator.IsValid) return (null, null, validator.ToProblem());
        var unit = query.UnitId ?? await CompletenessApi.DefaultRootAsync(services, ct);
        if (services.Access.IsPolice || !await services.Access.CoversUnitAsync(unit, ct))
        {
            return (null, Problems.NotFound($"Không có đơn vị {unit} trong phạm vi của bạn.", $"There is no unit {unit} within your scope."), null);
        }
        var versionIds = await db.TemplateVersions.AsNoTracking().Where(v => v.TemplateId == template!.Id).Select(v => v.Id).ToListAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => versionIds.Contains(i.VersionId)).ToListAsync(ct);
        var latest = (await TemplatesApi.LoadVersionAsync(db, template!.Id, template.LatestVersion, ct))!;
        return (new Context(template.Id, period!.Key, row?.Id, unit, indicators, latest), null, null);
    }

    internal static async Task<(ConsolidatedResponse?, ProblemHttpResult?, ValidationProblem?)> BuildAsync(
        ConsolidatedQuery query, ReportingApiServices services, CancellationToken ct)
    {
        var (context, problem, validation) = await ContextAsync(query, services, new RequestValidator(), ct);
        if (context is null) return (null, problem, validation);
        var scope = await ReportingScope.ForAsync(services.Db, context.TemplateId, context.Unit, ct);
        var totals = context.PeriodId is { } pid ? await Consolidation.TotalsAsync(services.Db, context.TemplateId, pid, scope, ct) : [];
        var children = context.PeriodId is { } pid2 ? await Consolidation.ChildrenAsync(services.Db, context.TemplateId, pid2, scope, ct) : [];
        var byCode = context.Indicators.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.Select(i => i.Id).ToList());
        var consolidated = context.Latest.OrderedIndicators().Where(i => i.Aggregation != Aggregation.None).ToList();

        var indicators = consolidated.Select(i =>
        {
            var (value, reports) = Combine(i.Aggregation, byCode[i.Code], totals);
            return new ConsolidatedIndicator(i.Code, i.SectionCode, i.Label, i.UnitOfMeasure, i.Aggregation.ToString(), value, reports);
        }).ToList();
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, children.Keys.Append(context.Unit), ct);
        var childRows = children.Select(c =>
        {
            var l = labels.Label(c.Key);
            return new ConsolidatedChild(c.Key, l.Code, l.Name, l.Kind,
                consolidated.ToDictionary(i => i.Code, i => Combine(i.Aggregation, byCode[i.Code], c.Value).Value));
        }).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        return (new ConsolidatedResponse(labels.Label(context.Unit), context.TemplateId, context.PeriodKey, indicators, childRows,
            GroupingLevel.Label(childRows.Select(c => c.Kind), byReportingUnit: false)), null, null);
    }

    /// <summary>Combines the cells of every version's indicator with the same code.</summary>
    public static (decimal? Value, int Reports) Combine(Aggregation aggregation, IEnumerable<int> indicatorIds, IReadOnlyDictionary<int, AggregateCell> cells)
    {
        var found = indicatorIds.Where(cells.ContainsKey).Select(id => cells[id]).ToList();
        if (found.Count == 0) return (null, 0);
        var reports = found.Sum(c => c.Reports);
        var total = found.Sum(c => c.Total);
        return aggregation switch
        {
            Aggregation.Average => (reports == 0 ? null : Trim(Math.Round(total / reports, 2)), reports),
            Aggregation.Max => (found.Max(c => c.Max) is { } max ? Trim(max) : null, reports),
            _ => (Trim(total), reports),
        };
    }

    /// <summary>8.0000 → 8: numeric columns carry four decimals; people and spreadsheets should not see them.</summary>
    public static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;
}
