using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

public sealed class MeetingNewTests : IAsyncLifetime
{
    private static readonly Guid DistrictId = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid LeChanId = Guid.Parse("0190f2a1-0000-7000-8000-000000000301");
    private static readonly Guid MeetingId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000e9");
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public MeetingNewTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DistrictOfficer, DistrictId);
        _api.On(HttpMethod.Get, $"api/units/{DistrictId}/children", _ => new[]
        {
            new UnitInfo(LeChanId, "THCS-LC", "THCS Lê Chân", null, "School", DistrictId, "Active", null, null, null, null, null, null),
        });
    }

    [Fact]
    public void Scheduling_without_title_place_or_times_names_each_and_sends_nothing()
    {
        var page = _bunit.Render<MeetingNew>();
        page.Find("[data-testid=add-outside]").Click();
        // MudBlazor hands input and clicks on asynchronously: wait for what an interaction causes (a new row, a message, a call).
        page.WaitForAssertion(() => page.Find("#outside-email-0"));
        page.Find("#outside-email-0").Change("khong-phai-email");

        page.Find("[data-testid=schedule-meeting]").Click();

        page.WaitForAssertion(() => Assert.Contains("Nhập tiêu đề.", page.Markup));
        Assert.Contains("Nhập địa điểm.", page.Markup);
        Assert.Contains("Nhập thời gian.", page.Markup);
        Assert.Contains("Nhập tên.", page.Markup);
        Assert.Contains("Địa chỉ thư điện tử không hợp lệ.", page.Markup);
        Assert.Empty(_api.CallsTo(HttpMethod.Post, "api/coordination/meetings"));
    }

    [Fact]
    public void A_meeting_with_a_school_and_the_district_police_is_scheduled_in_vietnam_time_and_opened()
    {
        _api.On(HttpMethod.Post, "api/coordination/meetings", _ => new MeetingDetail(MeetingId, new UnitLabel(DistrictId, "PGD-LC", "Phòng GDĐT Lê Chân", "DistrictEducationOffice"),
            "Giao ban tháng 12", null, "Phòng họp số 1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "Scheduled", null, null, null, [], []));
        var page = _bunit.Render<MeetingNew>();
        page.Find("#meeting-title").Input("Giao ban an ninh trường học tháng 12");
        page.Find("#meeting-location").Input("Phòng họp số 1");
        page.Find("#meeting-starts").Input("10/12/2026 08:00");
        page.Find("#meeting-ends").Input("10/12/2026 07:30");
        page.WaitForAssertion(() => Assert.Contains("Giờ kết thúc phải sau giờ bắt đầu.", page.Markup));
        page.Find("#meeting-ends").Input("10/12/2026 10:30");
        page.Find("[data-testid=meeting-unit-THCS-LC] input").Change(true);
        page.Find("[data-testid=add-outside]").Click();
        page.WaitForAssertion(() => page.Find("#outside-name-0"));
        page.Find("#outside-name-0").Input("Đại úy Nguyễn Văn An");
        page.Find("#outside-org-0").Change("Công an quận Lê Chân");

        page.Find("[data-testid=schedule-meeting]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, "api/coordination/meetings")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, "api/coordination/meetings")).Body!.Value;
        Assert.Equal(DistrictId, body.GetProperty("organiserUnitId").GetGuid());
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 1, 0, 0, TimeSpan.Zero), body.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 3, 30, 0, TimeSpan.Zero), body.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal([LeChanId], body.GetProperty("participantUnitIds").EnumerateArray().Select(u => u.GetGuid()));
        var guest = Assert.Single(body.GetProperty("outsideParticipants").EnumerateArray());
        Assert.Equal("Đại úy Nguyễn Văn An", guest.GetProperty("name").GetString());
        Assert.Equal("DistrictPolice", guest.GetProperty("kind").GetString());
        page.WaitForAssertion(() => Assert.EndsWith($"coordination/meetings/{MeetingId}", _bunit.Services.GetRequiredService<NavigationManager>().Uri));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
