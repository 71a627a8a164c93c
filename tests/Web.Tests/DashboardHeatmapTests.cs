using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests;

/// <summary>The home dashboard's completeness heatmap: the caller's districts × the latest six monthly periods.</summary>
public sealed class DashboardHeatmapTests : IAsyncLifetime
{
    private static readonly Guid Department = DemoUnitIds.For(DemoUnitIds.Department);
    private static readonly Guid LeChan = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid NgoQuyen = Guid.Parse("0190f2a1-0000-7000-8000-000000000202");
    private static readonly string[] Months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public DashboardHeatmapTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice));
        _api.On(HttpMethod.Get, "api/tasks/documents", _ => new Paged<DocumentSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(0, new Dictionary<string, int>(), 0, 0, 0, 0, []));
        _api.On(HttpMethod.Get, "api/coordination/meetings", _ => new Paged<MeetingSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/tasks/holidays/status", _ => new HolidayCalendarStatus([], []));
        // The newest monthly period is 2026-11; an ad-hoc request's key is not a period of the schedule.
        _api.On(HttpMethod.Get, "api/reports/submissions", _ => new Paged<SubmissionSummary>(
        [
            Submission("ADHOC-7f3a", new DateOnly(2026, 12, 20)),
            Submission("2026-11", new DateOnly(2026, 12, 5)),
        ], 1, 20, 2));
        _api.On(HttpMethod.Get, "api/reports/completeness", call => call.Path.Contains("from=", StringComparison.Ordinal)
            ? Matrix(Months, (LeChan, "Phòng GDĐT Lê Chân", [10, 10, 10, 9, 5, 0]), (NgoQuyen, "Phòng GDĐT Ngô Quyền", [8, 8, 8, 8, 8, 8]))
            : Matrix(["2026-11"], (LeChan, "Phòng GDĐT Lê Chân", [0]), (NgoQuyen, "Phòng GDĐT Ngô Quyền", [8])));
    }

    [Fact]
    public void The_heatmap_shows_each_district_over_the_latest_six_months_coloured_by_how_much_was_submitted()
    {
        var view = _bunit.Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=heatmap-row]").Count));
        var heatmapCall = Assert.Single(_api.CallsTo(HttpMethod.Get, "api/reports/completeness"), c => c.Path.Contains("from=", StringComparison.Ordinal));
        Assert.Contains("from=2026-06&to=2026-11", heatmapCall.Path);
        Assert.Contains($"unitId={Department}", heatmapCall.Path);

        var heatmap = view.Find("[data-testid=completeness-heatmap]");
        var headers = heatmap.QuerySelectorAll("thead th").Skip(1).Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["06/2026", "07/2026", "08/2026", "09/2026", "10/2026", "11/2026"], headers);
        var leChan = view.FindAll("[data-testid=heatmap-row]")[0];
        Assert.Contains("Phòng GDĐT Lê Chân", leChan.TextContent);
        var cells = leChan.QuerySelectorAll("[data-testid=heatmap-cell]").ToList();
        Assert.Equal(["10/10", "10/10", "10/10", "9/10", "5/10", "0/10"], cells.Select(c => c.TextContent.Trim()));
        Assert.Equal(["heat-4", "heat-4", "heat-4", "heat-3", "heat-2", "heat-0"],
            cells.Select(c => c.ClassList.Single(name => name.StartsWith("heat-", StringComparison.Ordinal) && name != "heat-cell")));
        // The single-period summary beside it reads the period as people write it.
        Assert.Contains("11/2026", view.Find("[data-testid=report-completeness]").TextContent);
    }

    [Fact]
    public void The_summary_tells_reports_still_due_from_reports_overdue()
    {
        // 20 expected: 4 submitted, 13 not yet submitted but still within the deadline, 3 past it.
        var cell = new CompletenessCell(20, 4, 4, 0, 3, 13, 1, 20m, 100m);
        _api.On(HttpMethod.Get, "api/reports/completeness", call => call.Path.Contains("from=", StringComparison.Ordinal)
            ? Matrix(Months, (LeChan, "Phòng GDĐT Lê Chân", [10, 10, 10, 9, 5, 0]))
            : new Completeness(new UnitLabel(Department, "SGDDT-HP", "Sở GDĐT Hải Phòng", "Department"), DashboardView.MonthlyTemplateId, ["2026-11"], "child",
                [], [new PeriodCell("2026-11", cell)], cell));

        var view = _bunit.Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Equal("13", view.Find("[data-testid=completeness-pending]").TextContent.Trim()));
        Assert.Equal("3", view.Find("[data-testid=completeness-missing]").TextContent.Trim());
        var summary = view.Find("[data-testid=report-completeness]").TextContent;
        Assert.Contains("Chưa nộp, còn hạn", summary);
        Assert.Contains("Quá hạn chưa nộp", summary);
    }

    [Theory]
    [InlineData("2026-11", 6, "2026-06")]
    [InlineData("2026-03", 6, "2025-10")]
    [InlineData("2026-01", 1, "2026-01")]
    [InlineData("2026-Q1", 6, "2026-Q1")]
    public void The_first_period_of_the_heatmap_counts_back_whole_months_across_years(string latest, int count, string expected) =>
        Assert.Equal(expected, DashboardView.FirstOfLatest(latest, count));

    private static SubmissionSummary Submission(string period, DateOnly deadline) => new(Guid.NewGuid(), LeChan, "PGD-LC", "Phòng GDĐT Lê Chân",
        DashboardView.MonthlyTemplateId, period, "Submitted", deadline, null, false, null, null);

    private static Completeness Matrix(string[] periods, params (Guid Id, string Name, int[] Submitted)[] rows)
    {
        static CompletenessCell Cell(int submitted, int expected) =>
            new(expected, submitted, submitted, 0, expected - submitted, 0, 0, expected == 0 ? 0 : 100m * submitted / expected, expected == 0 ? 0 : 100m * submitted / expected);
        var expected = rows.ToDictionary(r => r.Id, r => r.Name.Contains("Lê Chân", StringComparison.Ordinal) ? 10 : 8);
        var matrixRows = rows.Select(r => new CompletenessRow(r.Id, "", r.Name, "DistrictEducationOffice",
            periods.Select((p, i) => new PeriodCell(p, Cell(r.Submitted[i], expected[r.Id]))).ToList(),
            Cell(r.Submitted.Sum(), expected[r.Id] * periods.Length))).ToList();
        var totals = periods.Select((p, i) => new PeriodCell(p, Cell(rows.Sum(r => r.Submitted[i]), rows.Sum(r => expected[r.Id])))).ToList();
        return new Completeness(new UnitLabel(Department, "SGDDT-HP", "Sở GDĐT Hải Phòng", "Department"), DashboardView.MonthlyTemplateId, periods, "child",
            matrixRows, totals, Cell(totals.Sum(t => t.Cell.Submitted), totals.Sum(t => t.Cell.Expected)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
