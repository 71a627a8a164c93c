using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests;

/// <summary>
/// The Department's dashboard follows the newest dispatch (today's, to the 114 communes) and stays usable with a row per
/// commune: the rows with most overdue work first, the rest folded, and a diacritic-insensitive filter.
/// </summary>
public sealed class DepartmentDashboardTests : IAsyncLifetime
{
    private static readonly Guid Live = Guid.Parse("0190f2a1-0000-7000-8000-000000000601");
    private static readonly Guid Seed = Guid.Parse("0190f2a1-0000-7000-8000-000000000602");
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public DepartmentDashboardTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice));
        _api.On(HttpMethod.Get, "api/tasks/documents", _ => new Paged<DocumentSummary>(
        [
            new DocumentSummary(Live, "Dispatch", "Issued", "118/SGDĐT-VP", new DateOnly(2026, 8, 28), "Sở GDĐT Hải Phòng", "V/v triển khai Chỉ thị số 03/CT-TTg ngày 30/01/2026 của Thủ tướng Chính phủ"),
            new DocumentSummary(Seed, "Dispatch", "Issued", "257/SGDĐT-VP", new DateOnly(2024, 4, 22), "Sở GDĐT Hải Phòng", "V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg"),
        ], 1, 10, 2));
        foreach (var (id, number) in new[] { (Live, "118/SGDĐT-VP"), (Seed, "257/SGDĐT-VP") })
        {
            _api.On(HttpMethod.Get, $"api/tasks/documents/{id}", _ => new DocumentDetail(id, "Dispatch", "Issued", number, new DateOnly(2026, 8, 28),
                "Sở GDĐT Hải Phòng", null, null, "V/v triển khai", null, null,
                [new TaskInfo(Guid.NewGuid(), 1, "Tuyên truyền, quán triệt", "OneOff", new DateOnly(2026, 9, 18), null, null, new DateOnly(2026, 9, 18))], 30));
        }
        // 30 areas: "Phường Lê Chân" has nothing overdue, so it is folded away until asked for.
        var rows = Enumerable.Range(1, 29).Select(i => new CompletionRow($"k{i}", $"Xã Thử Nghiệm {i:00}", 10, 5, 1, 2, i % 7, 60, 80))
            .Append(new CompletionRow("lechan", "Phường Lê Chân", 10, 10, 0, 0, 0, 100, 100)).ToList();
        _api.On(HttpMethod.Get, "api/tasks/dashboard/by-area", _ => new Paged<CompletionRow>(rows, 1, 100, rows.Count));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(0, new Dictionary<string, int>(), 0, 0, 0, 0, []));
        _api.On(HttpMethod.Get, "api/coordination/meetings", _ => new Paged<MeetingSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/tasks/holidays/status", _ => new HolidayCalendarStatus([], []));
        _api.On(HttpMethod.Get, "api/reports/submissions", _ => new Paged<SubmissionSummary>([], 1, 20, 0));
        _api.On(HttpMethod.Get, "api/reports/completeness", _ => new ApiProblem(404, "Không tìm thấy.", null, ApiProblem.NoErrors));
    }

    [Fact]
    public void The_newest_dispatch_is_shown_by_area_with_the_busiest_rows_first_and_the_rest_folded()
    {
        var view = _bunit.Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Equal(DashboardView.AreaRowsFolded, view.FindAll("[data-testid=completion-row]").Count));
        Assert.Contains("118/SGDĐT-VP", view.Find("[data-testid=dispatch-completion] h2").TextContent);
        var call = Assert.Single(_api.CallsTo(HttpMethod.Get, "api/tasks/dashboard/by-area"));
        Assert.Contains($"documentId={Live}&tier=issued", call.Path);
        Assert.Empty(_api.CallsTo(HttpMethod.Get, $"api/tasks/documents/{Seed}"));
        Assert.DoesNotContain("Phường Lê Chân", view.Find("[data-testid=completion-table]").TextContent);
        // Rows with overdue work are the ones shown.
        Assert.All(view.FindAll("[data-testid=completion-row]"), r => Assert.DoesNotContain(">0<", r.Children[4].OuterHtml));

        view.Find("[data-testid=show-all-areas]").Click();
        view.WaitForAssertion(() => Assert.Equal(30, view.FindAll("[data-testid=completion-row]").Count));
        RenderedText.AssertNoRawCodes(view);
    }

    [Fact]
    public void An_area_is_found_without_its_diacritics()
    {
        var view = _bunit.Render<DashboardView>();
        view.WaitForAssertion(() => Assert.NotEmpty(view.FindAll("[data-testid=completion-row]")));

        view.Find("#area-filter").Input("le chan");

        view.WaitForAssertion(() => Assert.Equal("Phường Lê Chân", Assert.Single(view.FindAll("[data-testid=completion-row]")).Children[0].TextContent));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
