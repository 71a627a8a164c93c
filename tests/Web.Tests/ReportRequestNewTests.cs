using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class ReportRequestNewTests : IAsyncLifetime
{
    private static readonly Guid DistrictId = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid LeChanId = Guid.Parse("0190f2a1-0000-7000-8000-000000000301");
    private static readonly Guid NgoQuyenId = Guid.Parse("0190f2a1-0000-7000-8000-000000000302");
    private static readonly Guid TemplateId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000c1");
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;

    public ReportRequestNewTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = _auth = _bunit.AddAuthorization();
        auth.SetAuthorized("district.officer");
        auth.SetRoles(PlatformRoles.DistrictOfficer);
        auth.SetClaims(new Claim("unit_id", DistrictId.ToString()));
        _api.On(HttpMethod.Get, "api/reports/templates", _ => new Paged<TemplateSummary>([new(TemplateId, "ANTT-THANG", "Báo cáo an ninh trật tự", null, 1)], 1, 100, 1));
        _api.On(HttpMethod.Get, "api/units/groups", _ => Array.Empty<RecipientGroup>());
        _api.On(HttpMethod.Get, $"api/units/{DistrictId}/children", _ => new[]
        {
            Unit(LeChanId, "THCS-LC", "THCS Lê Chân"), Unit(NgoQuyenId, "THPT-NQ", "THPT Ngô Quyền"),
        });
    }

    [Fact]
    public void A_district_sees_only_its_schools_and_finds_them_without_diacritics()
    {
        var page = _bunit.Render<ReportRequestNew>();

        Assert.Single(_api.CallsTo(HttpMethod.Get, $"api/units/{DistrictId}/children"));
        Assert.Empty(_api.CallsTo(HttpMethod.Get, "api/units"));
        Assert.Equal(2, page.FindAll("[data-testid^=request-unit-]").Count);

        page.Find("#request-unit-filter").Input("le chan");

        // MudBlazor hands input and clicks on asynchronously: wait for what an interaction causes (a render, a call).
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid^=request-unit-]")));
        var unit = Assert.Single(page.FindAll("[data-testid^=request-unit-]"));
        Assert.Contains("THCS Lê Chân", unit.TextContent);
    }

    [Fact]
    public void The_department_finds_any_unit_of_the_province_by_searching_and_keeps_the_ticked_ones_listed()
    {
        _auth.SetAuthorized("department.officer");
        _auth.SetRoles(PlatformRoles.DepartmentOfficer);
        _api.On(HttpMethod.Get, "api/units", call => call.Path.Contains("q=ngo%20quyen", StringComparison.Ordinal)
            ? new Paged<UnitInfo>([Unit(NgoQuyenId, "THPT-NQ", "THPT Ngô Quyền")], 1, 30, 45)
            : new Paged<UnitInfo>([Unit(LeChanId, "THCS-LC", "THCS Lê Chân")], 1, 30, 1));
        var page = _bunit.Render<ReportRequestNew>();

        // Nothing is listed up front (the province has over 1,000 units); the search asks the units service.
        Assert.Empty(page.FindAll("[data-testid^=request-unit-THPT]"));
        page.Find("#request-unit-filter").Input("ngo quyen");
        page.WaitForAssertion(() => page.Find("[data-testid=request-unit-THPT-NQ] input").Change(true));
        Assert.Contains("Còn 44 đơn vị khớp nữa", page.Find("[data-testid=request-unit-more]").TextContent);
        page.Find("#request-unit-filter").Input("le chan");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=request-unit-THCS-LC]")));
        Assert.NotNull(page.Find("[data-testid=request-unit-THPT-NQ]"));
        Assert.Contains(_api.CallsTo(HttpMethod.Get, "api/units"), c => c.Path.Contains("q=ngo%20quyen", StringComparison.Ordinal));
    }

    [Fact]
    public void Sending_without_template_title_deadline_or_units_names_each_and_sends_nothing()
    {
        var page = _bunit.Render<ReportRequestNew>();
        page.Find("#request-deadline").Input("5/12/2026 5pm");

        page.Find("[data-testid=send-request]").Click();

        page.WaitForAssertion(() => Assert.Contains("Chọn mẫu báo cáo.", page.Markup));
        Assert.Contains("Nhập tiêu đề.", page.Markup);
        Assert.Contains("Nhập hạn theo dạng dd/MM/yyyy HH:mm.", page.Markup);
        Assert.Contains("Chọn đơn vị hoặc nhóm nơi nhận.", page.Find("[data-testid=units-error]").TextContent);
        Assert.Empty(_api.CallsTo(HttpMethod.Post, "api/reports/requests"));
    }

    [Fact]
    public async Task A_request_is_sent_with_the_deadline_in_vietnam_time_and_the_chosen_units_then_confirmed()
    {
        _api.On(HttpMethod.Post, "api/reports/requests", call => new AdHocRequestInfo(Guid.NewGuid(), TemplateId, "Rà soát camera", null, "ADHOC-1",
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), [], [LeChanId], DistrictId, DateTimeOffset.UtcNow));
        var page = _bunit.Render<ReportRequestNew>();
        await ChooseTemplateAsync(page); // the select's popover is JS-driven
        page.Find("#request-title").Input(" Rà soát camera ");
        page.Find("#request-deadline").Input("05/12/2026 17:00");
        page.Find("#request-data-from").Input("01/11/2026");
        page.Find("#request-data-to").Input("30/11/2026");
        page.Find("[data-testid=request-unit-THCS-LC] input").Change(true);

        page.Find("[data-testid=send-request]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, "api/reports/requests")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, "api/reports/requests")).Body!.Value;
        Assert.Equal(TemplateId, body.GetProperty("templateId").GetGuid());
        Assert.Equal("Rà soát camera", body.GetProperty("title").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), body.GetProperty("deadlineAt").GetDateTimeOffset());
        Assert.Equal("2026-11-01", body.GetProperty("dataFrom").GetString());
        Assert.Equal([LeChanId], body.GetProperty("unitIds").EnumerateArray().Select(u => u.GetGuid()));
        page.WaitForAssertion(() => page.Find("[data-testid=request-created]"));
        var created = page.Find("[data-testid=request-created]").TextContent;
        Assert.Contains("tới 1 đơn vị", created);
        Assert.Contains("05/12/2026 17:00", created);
    }

    [Fact]
    public async Task A_refusal_from_the_api_is_shown_and_the_form_stays()
    {
        _api.On(HttpMethod.Post, "api/reports/requests", _ => new ApiProblem(403, "Không có quyền.",
            "Bạn chỉ yêu cầu báo cáo được từ đơn vị thuộc quyền; ngoài phạm vi: x.", ApiProblem.NoErrors));
        var page = _bunit.Render<ReportRequestNew>();
        await ChooseTemplateAsync(page);
        page.Find("#request-title").Input("Rà soát");
        page.Find("#request-deadline").Input("05/12/2026 17:00");
        page.Find("[data-testid=request-unit-THPT-NQ] input").Change(true);

        page.Find("[data-testid=send-request]").Click();

        page.WaitForAssertion(() => Assert.Contains("ngoài phạm vi", page.Find("[data-testid=problem]").TextContent));
        Assert.NotNull(page.Find("[data-testid=request-form]"));
        Assert.Empty(page.FindAll("[data-testid=request-created]"));
    }

    private static async Task ChooseTemplateAsync(IRenderedComponent<ReportRequestNew> page)
    {
        var select = page.FindComponent<MudBlazor.MudSelect<Guid?>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(TemplateId));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static UnitInfo Unit(Guid id, string code, string name) => new(id, code, name, null, "School", DistrictId, "Active", null, null, null, null, null, null);
}
