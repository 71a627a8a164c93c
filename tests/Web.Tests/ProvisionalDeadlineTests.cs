using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests;

/// <summary>
/// Deadlines counted through a year whose holidays are not yet announced: the assignment page marks them with an icon and words
/// (never colour alone) and an accessible name; the dashboard says so when such a year falls within the next 12 months.
/// </summary>
public sealed class ProvisionalDeadlineTests : IAsyncLifetime
{
    private static readonly Guid District = DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice);
    private static readonly Guid AssignmentId = Guid.Parse("0190f2a1-0000-7000-8000-00000000b001");
    private static readonly Guid DocumentId = Guid.Parse("0190f2a1-0000-7000-8000-00000000b002");
    private static readonly Guid TaskId = Guid.Parse("0190f2a1-0000-7000-8000-00000000b003");
    private static readonly DateOnly Due = new(2027, 2, 19);
    private const string Warning = "Hạn được tính theo lịch nghỉ tạm tính (Điều 112 Bộ luật Lao động), chưa theo lịch nghỉ được công bố; hạn có thể thay đổi khi lịch nghỉ được công bố.";

    private readonly FakePlatformApi _api = new();
    private readonly List<BunitContext> _contexts = [];

    private BunitContext Context(string role, Guid unitId, DateTimeOffset? now = null)
    {
        var bunit = PageTestContext.Create(_api, role, unitId);
        if (now is { } at) bunit.Services.AddSingleton<TimeProvider>(new FixedClock(at));
        _contexts.Add(bunit);
        return bunit;
    }

    private void AnswerAssignment(bool provisional)
    {
        var document = new DocumentSummary(DocumentId, "Dispatch", "Issued", "12/SGDĐT-VP", new DateOnly(2026, 12, 28), "Sở GDĐT Hải Phòng", "V/v rà soát an ninh trường học");
        var summary = new AssignmentSummary(AssignmentId, DocumentId, "12/SGDĐT-VP", TaskId, 1, 1, null, District, "Phòng GDĐT Lê Chân", null, Due,
            "InProgress", "InProgressWithinDeadline", 20, null, null, false);
        var task = new TaskInfo(TaskId, 1, "Rà soát an ninh trường học", "OneOff", null, null, null, Due,
            DeadlineProvisional: provisional, DeadlineWarning: provisional ? Warning : null);
        _api.On(HttpMethod.Get, $"api/tasks/assignments/{AssignmentId}", _ => new AssignmentDetail(summary, document, task, null, null, false, "Manual", null, [], [], []));
        _api.On(HttpMethod.Get, $"api/tasks/assignments/{AssignmentId}/questions", _ => Array.Empty<QuestionThread>());
        _api.On(HttpMethod.Get, $"api/units/{District}/children", _ => Array.Empty<UnitInfo>());
    }

    [Fact]
    public void A_provisional_deadline_shows_words_an_icon_and_the_services_warning_as_its_accessible_name()
    {
        AnswerAssignment(provisional: true);

        var page = Context(PlatformRoles.DistrictOfficer, District).Render<AssignmentPage>(p => p.Add(x => x.Id, AssignmentId));

        page.WaitForAssertion(() => page.Find("[data-testid=provisional-deadline]"));
        var mark = page.Find("[data-testid=provisional-deadline]");
        Assert.Equal(Warning, mark.GetAttribute("aria-label"));
        Assert.Equal("note", mark.GetAttribute("role"));
        Assert.Equal("0", mark.GetAttribute("tabindex"));
        Assert.Contains("Hạn tạm tính", mark.TextContent);
        Assert.NotNull(mark.QuerySelector("svg"));
    }

    [Fact]
    public void A_normal_deadline_shows_no_warning()
    {
        AnswerAssignment(provisional: false);

        var page = Context(PlatformRoles.DistrictOfficer, District).Render<AssignmentPage>(p => p.Add(x => x.Id, AssignmentId));

        page.WaitForAssertion(() => page.Find("[data-testid=assignment-title]"));
        Assert.Empty(page.FindAll("[data-testid=provisional-deadline]"));
        Assert.DoesNotContain("Hạn tạm tính", page.Markup);
    }

    [Fact]
    public void The_document_page_marks_the_provisional_task_and_its_units_rows_not_the_others()
    {
        var fixedTaskId = Guid.NewGuid();
        _api.On(HttpMethod.Get, $"api/tasks/documents/{DocumentId}", _ => new DocumentDetail(DocumentId, "Dispatch", "Issued", "12/SGDĐT-VP", new DateOnly(2026, 12, 28),
            "Sở GDĐT Hải Phòng", null, null, "V/v rà soát an ninh trường học", null, null,
            [
                new TaskInfo(TaskId, 1, "Rà soát an ninh trường học", "OneOff", null, null, null, Due, DeadlineProvisional: true, DeadlineWarning: Warning),
                new TaskInfo(fixedTaskId, 2, "Báo cáo kết quả", "OneOff", new DateOnly(2026, 12, 31), null, null, new DateOnly(2026, 12, 31)),
            ], 2));
        _api.On(HttpMethod.Get, "api/tasks/assignments", _ => new Paged<AssignmentSummary>(
        [
            new(AssignmentId, DocumentId, "12/SGDĐT-VP", TaskId, 1, 1, null, District, "Phòng GDĐT Lê Chân", null, Due, "Assigned", null, 0, null, null, false),
            new(Guid.NewGuid(), DocumentId, "12/SGDĐT-VP", fixedTaskId, 2, 1, null, District, "Phòng GDĐT Lê Chân", null, new DateOnly(2026, 12, 31), "Assigned", null, 0, null, null, false),
        ], 1, 200, 2));

        var page = Context(PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice)).Render<DocumentPage>(p => p.Add(x => x.Id, DocumentId));

        page.WaitForAssertion(() => Assert.Equal(2, page.Find("[data-testid=document-task-1]").QuerySelectorAll("[data-testid=provisional-deadline]").Length));
        Assert.All(page.Find("[data-testid=document-task-1]").QuerySelectorAll("[data-testid=provisional-deadline]"), m => Assert.Equal(Warning, m.GetAttribute("aria-label")));
        Assert.Empty(page.Find("[data-testid=document-task-2]").QuerySelectorAll("[data-testid=provisional-deadline]"));
    }

    [Fact]
    public void Without_the_services_text_the_warning_names_the_deadlines_year()
    {
        var mark = Context(PlatformRoles.DistrictOfficer, District).Render<ProvisionalDeadline>(p => p
            .Add(x => x.Provisional, true).Add(x => x.Due, Due));

        Assert.Equal("Hạn tạm tính: lịch nghỉ lễ năm 2027 chưa công bố", mark.Find("[data-testid=provisional-deadline]").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_dashboard_says_when_a_year_within_the_next_12_months_is_provisional()
    {
        AnswerDashboard(new HolidayCalendarStatus([2025, 2026],
        [
            new HolidayYearStatus(2026, false, new DateOnly(2026, 2, 17), "Theo lịch nghỉ đã công bố."),
            new HolidayYearStatus(2027, true, new DateOnly(2027, 2, 6), "Tạm tính theo Điều 112 Bộ luật Lao động 2019, chưa có lịch nghỉ được công bố."),
        ]));

        var view = Context(PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice), new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero))
            .Render<DashboardView>();

        view.WaitForAssertion(() => view.Find("[data-testid=holiday-calendar-notice]"));
        Assert.Contains("Lịch nghỉ lễ năm 2027 chưa được công bố", view.Find("[data-testid=holiday-calendar-notice]").TextContent);
        var why = view.Find("[data-testid=holiday-calendar-why]");
        Assert.Contains("Điều 112 Bộ luật Lao động", why.GetAttribute("aria-label"));
        Assert.Contains("06/02/2027", why.GetAttribute("aria-label"));
        var call = Assert.Single(_api.CallsTo(HttpMethod.Get, "api/tasks/holidays/status"));
        Assert.EndsWith("?from=2026&to=2027", call.Path);
    }

    [Fact]
    public void The_dashboard_says_nothing_when_the_years_ahead_are_announced()
    {
        AnswerDashboard(new HolidayCalendarStatus([2026, 2027],
        [
            new HolidayYearStatus(2026, false, new DateOnly(2026, 2, 17), "Theo lịch nghỉ đã công bố."),
            new HolidayYearStatus(2027, false, new DateOnly(2027, 2, 6), "Theo lịch nghỉ đã công bố."),
        ]));

        var view = Context(PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice), new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero))
            .Render<DashboardView>();

        view.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Get, "api/tasks/holidays/status")));
        view.WaitForAssertion(() => view.Find("[data-testid=dispatch-completion]"));
        Assert.Empty(view.FindAll("[data-testid=holiday-calendar-notice]"));
    }

    private void AnswerDashboard(HolidayCalendarStatus status)
    {
        _api.On(HttpMethod.Get, "api/tasks/documents", _ => new Paged<DocumentSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(0, new Dictionary<string, int>(), 0, 0, 0, 0, []));
        _api.On(HttpMethod.Get, "api/coordination/meetings", _ => new Paged<MeetingSummary>([], 1, 5, 0));
        _api.On(HttpMethod.Get, "api/reports/submissions", _ => new Paged<SubmissionSummary>([], 1, 20, 0));
        _api.On(HttpMethod.Get, "api/tasks/holidays/status", _ => status);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }
}
