using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests;

/// <summary>A district officer's dashboard: the seed dispatch's tasks as handed down to the district's schools.</summary>
public sealed class DistrictDashboardTests : IAsyncLifetime
{
    private static readonly Guid District = DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice);
    private static readonly Guid Dispatch = Guid.Parse("0190f2a1-0000-7000-8000-000000000501");
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public DistrictDashboardTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DistrictOfficer, District);
        _api.On(HttpMethod.Get, "api/tasks/documents", _ => new Paged<DocumentSummary>(
            [new DocumentSummary(Dispatch, "Dispatch", "Issued", "257/SGDĐT-VP", new DateOnly(2024, 4, 1), "Sở GDĐT Hải Phòng", "V/v tiếp tục triển khai Chỉ thị 02")], 1, 5, 1));
        _api.On(HttpMethod.Get, $"api/tasks/documents/{Dispatch}", _ => new DocumentDetail(Dispatch, "Dispatch", "Issued", "257/SGDĐT-VP", new DateOnly(2024, 4, 1),
            "Sở GDĐT Hải Phòng", null, null, "V/v tiếp tục triển khai Chỉ thị 02", null, null,
            [new TaskInfo(Guid.NewGuid(), 1, "Tuyên truyền, quán triệt", "OneOff", new DateOnly(2024, 5, 8), null, null, new DateOnly(2024, 5, 8))], 30));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(0, new Dictionary<string, int>(), 0, 0, 0, 0, []));
        _api.On(HttpMethod.Get, "api/coordination/meetings", _ => new Paged<MeetingSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/tasks/holidays/status", _ => new HolidayCalendarStatus([], []));
        _api.On(HttpMethod.Get, "api/reports/submissions", _ => new Paged<SubmissionSummary>([], 1, 20, 0));
    }

    [Fact]
    public void Before_the_district_hands_the_dispatch_on_its_dashboard_says_where_to_do_it()
    {
        _api.On(HttpMethod.Get, "api/tasks/dashboard/by-unit", _ => new Paged<CompletionRow>([], 1, 100, 0));

        var view = _bunit.Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Contains("Phòng chưa giao tiếp nhiệm vụ nào của công văn này cho các trường.", view.Find("[data-testid=nothing-delegated]").TextContent));
        // The district's schools: the tasks it handed down (tier delegated, by unit), not the Department's districts.
        var call = Assert.Single(_api.CallsTo(HttpMethod.Get, "api/tasks/dashboard/by-unit"));
        Assert.Contains($"documentId={Dispatch}&tier=delegated", call.Path);
        Assert.Empty(_api.CallsTo(HttpMethod.Get, "api/tasks/dashboard/by-area"));
    }

    [Fact]
    public void Once_handed_on_the_schools_rows_replace_the_hint()
    {
        _api.On(HttpMethod.Get, "api/tasks/dashboard/by-unit", _ => new Paged<CompletionRow>(
            [new CompletionRow("THCS-LECHAN-001", "Trường THCS Lý Thái Tổ", 5, 1, 0, 4, 0, 0.2, 1.0)], 1, 100, 1));

        var view = _bunit.Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Contains("Trường THCS Lý Thái Tổ", view.Find("[data-testid=completion-row]").TextContent));
        Assert.Empty(view.FindAll("[data-testid=nothing-delegated]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
