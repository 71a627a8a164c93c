using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Apis;

/// <summary>What the reporting handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record ReportingApiServices(
    ReportingDbContext Db,
    ReportAccess Access,
    TimeProvider Clock,
    Platform.WorkCalendar.HolidayCalendar Calendar,
    ILogger<ReportingApiServices> Logger);

public sealed record UnitLabel(Guid Id, string Code, string Name, string Kind);

internal static class ApiSupport
{
    public static ProblemHttpResult Forbidden(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
            detail: Text.Pick(vietnamese, english));

    public static ProblemHttpResult Unprocessable(DomainException ex) =>
        TypedResults.Problem(statusCode: ex is ReportStateException ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: ex is ReportStateException ? Text.Pick("Xung đột trạng thái.", "Conflict.") : Text.Pick("Không thể thực hiện.", "The change cannot be made."),
            detail: Text.Pick(ex.Vietnamese, ex.English));

    public static ProblemHttpResult Concurrency() => Problems.Conflict(
        "Báo cáo vừa được người khác thay đổi; tải lại rồi thử lại.", "Someone else changed the report just now; reload and try again.");

    public static ValidationProblem Missing(string field = "body")
    {
        var validator = new RequestValidator();
        validator.Add(field, "Thiếu nội dung yêu cầu.", "The request body is missing.");
        return validator.ToProblem();
    }

    public static ValidationProblem ToProblem(IEnumerable<FieldError> errors)
    {
        var validator = new RequestValidator();
        foreach (var e in errors) validator.Add(e.Field, e.Vietnamese, e.English);
        return validator.ToProblem();
    }

    public static async Task<Dictionary<Guid, UnitLabel>> UnitLabelsAsync(ReportingDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var set = ids.ToHashSet();
        return await db.UnitReplicas.AsNoTracking().Where(u => set.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new UnitLabel(u.Id, u.Code, u.Name, u.Kind), ct);
    }

    public static UnitLabel Label(this Dictionary<Guid, UnitLabel> labels, Guid id) =>
        labels.GetValueOrDefault(id) ?? new UnitLabel(id, "", Text.Pick("(chưa đồng bộ)", "(not yet replicated)"), "");

    /// <summary>
    /// Finds a period by key: a calendar key (its type follows from the key's shape) or the key of an ad-hoc request's
    /// window (<c>ADHOC-…</c>, as the request answered); adds a field error otherwise.
    /// </summary>
    public static async Task<(ReportingPeriod? Period, Period? Row)> PeriodAsync(ReportingDbContext db, string field, string? key, RequestValidator validator, CancellationToken ct)
    {
        if (PeriodCalendar.NormalizeAdHocKey(key) is { } adHocKey)
        {
            var adHoc = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Type == PeriodType.AdHoc && p.Key == adHocKey, ct);
            if (adHoc is null)
            {
                validator.Add(field, $"Không có đợt báo cáo đột xuất {key!.Trim()}.", $"There is no ad-hoc report window {key.Trim()}.");
                return (null, null);
            }
            return (PeriodCalendar.AdHoc(adHoc.Key, adHoc.Start, adHoc.End), adHoc);
        }
        var parsed = PeriodCalendar.Parse(key, null);
        if (parsed is null)
        {
            validator.Add(field, "Kỳ báo cáo phải có dạng 2024-03, 2024-Q1, 2024-H1, 2024, 2024-2025 hoặc mã đợt đột xuất ADHOC-….",
                "period must look like 2024-03, 2024-Q1, 2024-H1, 2024, 2024-2025 or an ad-hoc window key ADHOC-….");
            return (null, null);
        }
        var row = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Type == parsed.Type && p.Key == parsed.Key, ct);
        return (parsed, row);
    }

    public static ProblemHttpResult TemplateNotFound(Guid id) =>
        Problems.NotFound($"Không có mẫu báo cáo {id}.", $"There is no report template {id}.");
}

/// <summary>
/// The heading for the rows a view groups by. The grouping itself follows each report's snapshot chain (the
/// organisation of the period); only the words depend on what the rows turned out to be: the supervising level of
/// 2024 (district education offices, district People's Committees) or of today (the communes' Culture–Society
/// divisions and People's Committees). Schools reporting straight to the root do not change the heading.
/// </summary>
public static class GroupingLevel
{
    private static readonly HashSet<string> Commune = new(StringComparer.Ordinal) { "CommuneDivision", "WardPeoplesCommittee" };
    private static readonly HashSet<string> District = new(StringComparer.Ordinal) { "DistrictEducationOffice", "DistrictPeoplesCommittee" };

    public static string Label(IEnumerable<string> kinds, bool byReportingUnit)
    {
        if (byReportingUnit) return Text.Pick("Đơn vị báo cáo", "Reporting unit");
        var list = kinds.ToList();
        var communes = list.Any(Commune.Contains);
        var districts = list.Any(District.Contains);
        return (communes, districts) switch
        {
            (true, false) => Text.Pick("Xã, phường", "Commune, ward"),
            (false, true) => Text.Pick("Quận, huyện", "District"),
            _ => Text.Pick("Địa bàn, đơn vị", "Area, unit"),
        };
    }
}
