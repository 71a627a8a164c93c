using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

/// <summary>A police liaison's home page: the referrals to their police unit, waiting ones first, and what else was shared.</summary>
public sealed class PoliceHomeTests : IAsyncLifetime
{
    private static readonly Guid PoliceUnit = Guid.Parse("0190f2a1-0000-7000-8000-000000000901");
    private static readonly UnitLabel School = new(Guid.Parse("0190f2a1-0000-7000-8000-000000000301"), "THCS-LECHAN-001", "Trường THCS Lý Thái Tổ", "LowerSecondarySchool");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public PoliceHomeTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.PoliceLiaison, PoliceUnit);
        _api.On(HttpMethod.Get, "api/coordination/meetings", _ => new Paged<MeetingSummary>(
            [new MeetingSummary(Guid.NewGuid(), School, "Giao ban an ninh, trật tự trường học tháng 12", "Phòng họp nhà trường", Now.AddDays(7), Now.AddDays(7).AddHours(2), "Scheduled", 3, true, 0)], 1, 5, 1));
        _api.On(HttpMethod.Get, "api/coordination/programmes", _ => new Paged<ProgrammeSummary>([], 1, 1, 4));
    }

    [Fact]
    public void Referrals_waiting_for_the_police_come_first_with_their_deadline_and_link_to_the_referral()
    {
        var closed = Referral("Closed", requestedAt: Now.AddHours(-1), acknowledgeBy: Now.AddMinutes(-45), overdue: false);
        var late = Referral("Sent", requestedAt: Now.AddHours(-3), acknowledgeBy: Now.AddHours(-2), overdue: true);
        var soon = Referral("Sent", requestedAt: Now.AddMinutes(-5), acknowledgeBy: Now.AddMinutes(10), overdue: false);
        // The API's order: newest first.
        _api.On(HttpMethod.Get, "api/coordination/referrals", _ => new Paged<ReferralSummary>([soon, closed, late], 1, 10, 3));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(3,
            new Dictionary<string, int> { ["Sent"] = 2, ["Closed"] = 1 }, 2, 1, 0, 0, [late]));

        var home = _bunit.Render<Home>();

        home.WaitForAssertion(() => Assert.Equal(3, home.FindAll("[data-testid=police-referral]").Count));
        var rows = home.FindAll("[data-testid=police-referral]");
        Assert.Equal([$"coordination/referrals/{late.Id}", $"coordination/referrals/{soon.Id}", $"coordination/referrals/{closed.Id}"],
            rows.Select(r => r.QuerySelector("a")!.GetAttribute("href")));
        Assert.Contains("Bạo lực học đường — Trường THCS Lý Thái Tổ", rows[0].TextContent);
        // Deadlines in Vietnam's time; the missed one stands out; a closed referral has none left to meet.
        Assert.Contains("hạn tiếp nhận 07/12/2026 07:00", rows[0].TextContent);
        Assert.Contains("mud-error-text", rows[0].QuerySelector("[data-testid=acknowledge-by]")!.ClassName);
        Assert.DoesNotContain("mud-error-text", rows[1].QuerySelector("[data-testid=acknowledge-by]")!.ClassName);
        Assert.Null(rows[2].QuerySelector("[data-testid=acknowledge-by]"));
        Assert.Contains("2", home.Find("[data-testid=police-awaiting]").TextContent);
        Assert.Contains("1", home.Find("[data-testid=police-overdue]").TextContent);
        // What else was shared with the police: the meetings they are invited to and the programmes they are party to.
        Assert.Contains("Giao ban an ninh, trật tự trường học tháng 12", home.Find("[data-testid=upcoming-meetings]").TextContent);
        Assert.Contains("4 chương trình phối hợp có Công an tham gia.", home.Find("[data-testid=police-programmes]").TextContent);
        // The police home only: no education dashboard or to-do list calls.
        Assert.DoesNotContain(_api.Calls, c => c.Path.StartsWith("api/tasks", StringComparison.Ordinal) || c.Path.StartsWith("api/reports", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_referrals_the_page_says_so_and_a_refusal_reads_as_its_message()
    {
        _api.On(HttpMethod.Get, "api/coordination/referrals", _ => new Paged<ReferralSummary>([], 1, 10, 0));
        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ReferralDashboard(0, new Dictionary<string, int>(), 0, 0, 0, 0, []));
        var empty = _bunit.Render<Home>();
        empty.WaitForAssertion(() => Assert.Contains("Chưa có vụ việc nào được chuyển tới đơn vị.", empty.Find("[data-testid=no-referrals]").TextContent));

        _api.On(HttpMethod.Get, "api/coordination/referrals/dashboard", _ => new ApiProblem(503, "Dịch vụ tạm thời không phản hồi.", "coordination đang khởi động.", ApiProblem.NoErrors));
        var refused = _bunit.Render<Home>();
        refused.WaitForAssertion(() => Assert.Contains("Dịch vụ tạm thời không phản hồi.", refused.Find("[data-testid=police-referrals]").TextContent));
        Assert.Empty(refused.FindAll("[data-testid=police-referral]"));
    }

    [Fact]
    public void The_referral_page_reads_its_log_in_Vietnamese_with_dates_in_Vietnams_time_and_links_to_the_incident()
    {
        var id = Guid.NewGuid();
        var incidentId = Guid.NewGuid();
        _api.On(HttpMethod.Get, $"api/coordination/referrals/{id}", _ => new ReferralDetail(id, incidentId, School, null, "SchoolViolence", "LifeSafety", "Automatic",
            "OutcomeRecorded", Now.AddMinutes(-30), "Cổng trường", Now, Now, Now.AddMinutes(15), false, 1, Now.AddMinutes(1), Now.AddMinutes(2), Now.AddMinutes(3),
            null, "Công an phường Hàng Kênh", "CA-20261207-00001", null, "Resolved", "Đã giải quyết", 0, [],
            [
                new ReferralEvent(Now, "Requested", "Chuyển tự động theo quy tắc (LifeSafety)"),
                new ReferralEvent(Now.AddMinutes(1), "Acknowledged", "Công an phường Hàng Kênh"),
                new ReferralEvent(Now.AddMinutes(3), "OutcomeRecorded", "Resolved"),
                new ReferralEvent(Now.AddMinutes(4), "ReplyIgnored", "Acknowledged (IgnoredLate) khi đã ở trạng thái OutcomeRecorded"),
            ]));

        var page = _bunit.Render<ReferralPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=referral-log-entry]").Count));
        var log = page.FindAll("[data-testid=referral-log-entry]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal("07/12/2026 09:00 — Đã yêu cầu: Chuyển tự động theo quy tắc (mức độ: Nguy hiểm đến tính mạng, an toàn)", log[0]);
        Assert.StartsWith("07/12/2026 09:01 — Công an đã tiếp nhận", log[1]);
        Assert.StartsWith("07/12/2026 09:03 — Đã có kết quả", log[2]);
        Assert.StartsWith("07/12/2026 09:04 — Bỏ qua phản hồi", log[3]);
        // The school's narrative is not in the referral: it is read on reporting's incident page.
        Assert.Equal($"reporting/incidents/{incidentId}", page.Find("[data-testid=referral-incident-link]").GetAttribute("href"));
    }

    private static ReferralSummary Referral(string status, DateTimeOffset requestedAt, DateTimeOffset acknowledgeBy, bool overdue) =>
        new(Guid.NewGuid(), Guid.NewGuid(), School, "SchoolViolence", "LifeSafety", status, requestedAt, acknowledgeBy, overdue, 0, 1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
