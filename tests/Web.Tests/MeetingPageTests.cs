using System.Text.Json;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

public sealed class MeetingPageTests : IAsyncLifetime
{
    private static readonly Guid DistrictId = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid LeChanId = Guid.Parse("0190f2a1-0000-7000-8000-000000000301");
    private static readonly Guid MeetingId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000e9");
    private static readonly Guid SchoolParticipant = Guid.Parse("0190f2a1-0000-7000-8000-0000000000a1");
    private static readonly Guid PoliceParticipant = Guid.Parse("0190f2a1-0000-7000-8000-0000000000a2");
    private static readonly UnitLabel District = new(DistrictId, "PGD-LC", "Phòng GDĐT Lê Chân", "DistrictEducationOffice");
    private static readonly DateTimeOffset StartsAt = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);
    private static readonly string MeetingPath = $"api/coordination/meetings/{MeetingId}";
    private readonly FakePlatformApi _api = new();
    private readonly List<BunitContext> _contexts = [];

    private static MeetingDetail Meeting(string status, string? minutes = null, bool? schoolAttended = null, bool? policeAttended = null,
        IReadOnlyList<Decision>? decisions = null) =>
        new(MeetingId, District, "Giao ban an ninh trường học tháng 11", null, "Phòng họp số 1", StartsAt, StartsAt.AddHours(2), status, minutes,
            minutes is null ? null : new DateOnly(2026, 11, 30), null,
            [
                new Participant(PoliceParticipant, null, "Đại úy Nguyễn Văn An", "Công an quận Lê Chân", "DistrictPolice", true, false, policeAttended),
                new Participant(SchoolParticipant, LeChanId, "THCS Lê Chân", null, "School", false, false, schoolAttended),
            ],
            decisions ?? []);

    private IRenderedComponent<MeetingPage> Render(MeetingDetail meeting, string role = PlatformRoles.DistrictOfficer)
    {
        var bunit = PageTestContext.Create(_api, role, DistrictId);
        _contexts.Add(bunit);
        _api.On(HttpMethod.Get, MeetingPath, _ => meeting);
        return bunit.Render<MeetingPage>(p => p.Add(x => x.Id, MeetingId));
    }

    [Fact]
    public void Recording_sends_the_minutes_and_who_attended_then_shows_them_read_only()
    {
        _api.On(HttpMethod.Post, $"{MeetingPath}/record", _ => Meeting("Held", "Các trường báo cáo tình hình an ninh.", schoolAttended: true, policeAttended: false));
        var page = Render(Meeting("Scheduled"));
        page.Find($"[data-testid=attended-{PoliceParticipant}] input").Change(false);
        // Decomposed "á" (a + combining acute) as some keyboards type it: the API gets NFC.
        page.Find("#meeting-minutes").Input("  Các trường ba\u0301o cáo tình hình an ninh.  ");

        page.Find("[data-testid=record-meeting]").Click();

        // MudBlazor hands input and clicks on asynchronously: wait for what an interaction causes (a new row, a message, a call).
        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/record")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/record")).Body!.Value;
        Assert.Equal("Các trường báo cáo tình hình an ninh.", body.GetProperty("minutes").GetString());
        var attendance = body.GetProperty("attendance").EnumerateArray()
            .ToDictionary(a => a.GetProperty("participantId").GetGuid(), a => a.GetProperty("attended").GetBoolean());
        Assert.Equal(new Dictionary<Guid, bool> { [PoliceParticipant] = false, [SchoolParticipant] = true }, attendance);
        page.WaitForAssertion(() => Assert.Contains("Biên bản (30/11/2026)", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=record-form]"));
        Assert.Contains("Các trường báo cáo tình hình an ninh.", page.Markup);
        var rows = page.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Đại úy Nguyễn Văn An") && r.Contains("Vắng"));
        Assert.Contains(rows, r => r.Contains("THCS Lê Chân") && r.Contains("Có mặt"));
        Assert.NotNull(page.Find("[data-testid=decisions-form]"));
    }

    [Fact]
    public void Empty_minutes_are_named_under_the_field_and_nothing_is_sent()
    {
        var page = Render(Meeting("Scheduled"));

        page.Find("[data-testid=record-meeting]").Click();

        page.WaitForAssertion(() => Assert.Contains("Nhập biên bản.", page.Find("#meeting-minutes").Closest(".mud-input-control")!.TextContent));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/record"));
    }

    [Fact]
    public void The_apis_field_error_shows_under_the_minutes_and_its_refusal_in_the_error_display()
    {
        var answers = new Queue<ApiProblem>([
            new ApiProblem(400, "Dữ liệu không hợp lệ", null, new Dictionary<string, string[]> { ["minutes"] = ["Biên bản dài quá 20000 ký tự."] }),
            new ApiProblem(422, "Chưa thể ghi biên bản cho cuộc giao ban chưa diễn ra.", null, ApiProblem.NoErrors),
        ]);
        _api.On(HttpMethod.Post, $"{MeetingPath}/record", _ => answers.Dequeue());
        var page = Render(Meeting("Scheduled"));
        page.Find("#meeting-minutes").Input("Biên bản");

        page.Find("[data-testid=record-meeting]").Click();

        page.WaitForAssertion(() => Assert.Contains("Biên bản dài quá 20000 ký tự.", page.Find("#meeting-minutes").Closest(".mud-input-control")!.TextContent));
        Assert.DoesNotContain("Biên bản dài quá", page.Find("[data-testid=problem]").TextContent);

        page.Find("[data-testid=record-meeting]").Click();

        page.WaitForAssertion(() => Assert.Contains("chưa diễn ra", page.Find("[data-testid=problem]").TextContent));
        Assert.DoesNotContain("Biên bản dài quá", page.Markup);
        Assert.NotNull(page.Find("[data-testid=record-form]"));
    }

    [Fact]
    public async Task A_decision_with_an_owner_unit_and_a_deadline_is_sent_with_them_and_listed()
    {
        var held = Meeting("Held", "Biên bản", schoolAttended: true, policeAttended: true);
        _api.On(HttpMethod.Post, $"{MeetingPath}/decisions", _ => held with
        {
            Decisions = [new Decision(Guid.NewGuid(), 1, "Rà soát camera cổng trường", new UnitLabel(LeChanId, "THCS-LC", "THCS Lê Chân", "School"), new DateOnly(2026, 12, 31))],
        });
        var page = Render(held);
        page.Find("[data-testid=add-decision]").Click();
        page.WaitForAssertion(() => page.Find("#decision-text-0"));
        page.Find("#decision-text-0").Input("Rà soát camera cổng trường");
        var owner = page.FindComponent<MudBlazor.MudSelect<Guid?>>();
        await page.InvokeAsync(() => owner.Instance.ValueChanged.InvokeAsync(LeChanId));
        page.Find("#decision-due-0").Input("31/12/2026");

        page.Find("[data-testid=record-decisions]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/decisions")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/decisions")).Body!.Value;
        var decision = Assert.Single(body.GetProperty("decisions").EnumerateArray());
        Assert.Equal("Rà soát camera cổng trường", decision.GetProperty("text").GetString());
        Assert.Equal(LeChanId, decision.GetProperty("ownerUnitId").GetGuid());
        Assert.Equal("2026-12-31", decision.GetProperty("dueDate").GetString());
        page.WaitForAssertion(() => Assert.Contains("1. Rà soát camera cổng trường — THCS Lê Chân, hạn 31/12/2026", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=decision-row]"));
    }

    [Fact]
    public void A_decision_without_owner_or_deadline_gets_the_apis_messages_beside_those_fields()
    {
        _api.On(HttpMethod.Post, $"{MeetingPath}/decisions", _ => new ApiProblem(400, "Dữ liệu không hợp lệ", null, new Dictionary<string, string[]>
        {
            ["decisions[0].ownerUnitId"] = ["Cần đơn vị thực hiện có trong danh mục."],
            ["decisions[0].dueDate"] = ["Trường 'dueDate' là bắt buộc."],
        }));
        var page = Render(Meeting("Held", "Biên bản"));
        page.Find("[data-testid=add-decision]").Click();
        page.WaitForAssertion(() => page.Find("#decision-text-0"));
        page.Find("#decision-text-0").Input("Tăng cường tuần tra");
        page.Find("#decision-due-0").Input("31-12-2026");
        page.WaitForAssertion(() => Assert.Contains("Nhập theo dạng dd/MM/yyyy.", page.Find("#decision-due-0").Closest(".mud-input-control")!.TextContent));
        var renders = page.RenderCount;

        page.Find("[data-testid=record-decisions]").Click();

        // The message is there from typing; that the page rendered again is what shows the click was handled.
        page.WaitForAssertion(() => Assert.True(page.RenderCount > renders));
        Assert.Contains("Nhập theo dạng dd/MM/yyyy.", page.Find("#decision-due-0").Closest(".mud-input-control")!.TextContent);
        Assert.Empty(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/decisions"));

        page.Find("#decision-due-0").Input("");
        page.Find("[data-testid=record-decisions]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/decisions")));
        var decision = Assert.Single(Assert.Single(_api.CallsTo(HttpMethod.Post, $"{MeetingPath}/decisions")).Body!.Value.GetProperty("decisions").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, decision.GetProperty("ownerUnitId").ValueKind);
        Assert.Equal(JsonValueKind.Null, decision.GetProperty("dueDate").ValueKind);
        page.WaitForAssertion(() => Assert.Contains("Trường 'dueDate' là bắt buộc.", page.Find("#decision-due-0").Closest(".mud-input-control")!.TextContent));
        Assert.Contains("Cần đơn vị thực hiện", page.Find("[data-testid=decision-row]").TextContent);
        Assert.DoesNotContain("Cần đơn vị thực hiện", page.Find("[data-testid=problem]").TextContent);
    }

    [Fact]
    public void School_staff_and_police_see_the_meeting_without_the_forms()
    {
        foreach (var role in new[] { PlatformRoles.SchoolStaff, PlatformRoles.PoliceLiaison })
        {
            var page = Render(Meeting("Scheduled"), role);

            Assert.Contains("Giao ban an ninh trường học tháng 11", page.Markup);
            Assert.Empty(page.FindAll("[data-testid=record-form]"));
            Assert.Empty(page.FindAll("[data-testid=decisions-form]"));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var bunit in _contexts) await bunit.DisposeAsync();
    }
}
