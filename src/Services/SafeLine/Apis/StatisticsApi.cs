using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Infrastructure;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Apis;

/// <summary>One school's counts for a period: numbers only, never a case's words or codes.</summary>
public sealed record SchoolCounts(SchoolResponse School, int Total, int High, IReadOnlyDictionary<string, int> ByCategory, int Acknowledged,
    double? MedianMinutesToAcknowledge, int Escalated);

public sealed record SafeLineStatistics(DateOnly From, DateOnly To, int Total, int High, IReadOnlyList<SchoolCounts> Schools);

/// <summary>Counts by school and category and the time to first response, for supervisors (their units' subtree) and a school's managers.</summary>
public static class StatisticsApi
{
    private static readonly string[] Roles =
        [PlatformRoles.SchoolManager, PlatformRoles.DistrictOfficer, PlatformRoles.DepartmentOfficer, PlatformRoles.DepartmentLeader, PlatformRoles.SystemAdmin];

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/safeline/statistics", Statistics).WithTags("Safe line (handlers)");
        return app;
    }

    public static async Task<Results<Ok<SafeLineStatistics>, ValidationProblem, ProblemHttpResult>> Statistics(string? from, string? to,
        SafeLineDbContext db, UnitScope<SafeLineDbContext> scope, TimeProvider clock, CancellationToken ct)
    {
        if (!scope.User.IsInAnyRole(Roles))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
                detail: Text.Pick("Chỉ cán bộ quản lý xem số liệu đường dây an toàn.", "Only managers and supervisors see the safe line's figures."));
        }
        var validator = new RequestValidator();
        var today = VietnamTime.Today(clock);
        var start = Day("from", from, validator) ?? new DateOnly(today.Year, today.Month, 1);
        var end = Day("to", to, validator) ?? today;
        if (start > end) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        if (!validator.IsValid) return validator.ToProblem();

        var covered = await scope.CoveredUnitIdsAsync(ct);
        var startAt = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
        var endAt = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
        var q = db.Cases.AsNoTracking().Where(c => c.ReceivedAt >= startAt && c.ReceivedAt < endAt && !c.ClosedAsSpam);
        if (covered is not null) q = q.Where(c => covered.Contains(c.SchoolId));
        var rows = await q.Select(c => new { c.SchoolId, c.Category, c.Severity, c.ReceivedAt, c.AcknowledgedAt, c.EscalationLevel }).ToListAsync(ct);
        var schools = await ApiSupport.SchoolsAsync(db, rows.Select(r => r.SchoolId), ct);
        var perSchool = rows.GroupBy(r => r.SchoolId).Select(g =>
        {
            var minutes = g.Where(r => r.AcknowledgedAt is not null).Select(r => (r.AcknowledgedAt!.Value - r.ReceivedAt).TotalMinutes).Order().ToList();
            return new SchoolCounts(schools.GetValueOrDefault(g.Key) ?? new SchoolResponse(g.Key, "", null), g.Count(),
                g.Count(r => r.Severity == CaseSeverity.High),
                Enum.GetValues<CaseCategory>().ToDictionary(ApiSupport.Key, c => g.Count(r => r.Category == c)),
                minutes.Count, minutes.Count == 0 ? null : minutes[minutes.Count / 2], g.Count(r => r.EscalationLevel > 0));
        }).OrderByDescending(s => s.High).ThenByDescending(s => s.Total).ToList();
        return TypedResults.Ok(new SafeLineStatistics(start, end, rows.Count, rows.Count(r => r.Severity == CaseSeverity.High), perSchool));
    }

    private static DateOnly? Day(string field, string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        validator.Add(field, $"'{field}' phải là một ngày dạng yyyy-MM-dd.", $"'{field}' must be a date as yyyy-MM-dd.");
        return null;
    }
}
