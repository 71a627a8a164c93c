using System.Text.RegularExpressions;
using MudBlazor;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Layout;
using Platform.Web.Components.Pages;
using Platform.Web.Components.Shared;
using Platform.Web.Extensions;

namespace Platform.Web.Tests;

/// <summary>
/// The data-protection officer's audit page: reporting's and identity's trails read in Vietnamese (no action codes,
/// role codes or ids), filters sent to the API, exports through the download proxy, the integrity check, and a menu
/// that offers the DPO nothing else.
/// </summary>
public sealed partial class AuditPageTests : IAsyncLifetime
{
    private static readonly Guid DepartmentUnit = Guid.Parse("0190f2a1-0000-7000-8000-000000000001");
    private static readonly Guid IncidentId = Guid.Parse("0190f2a1-1111-7000-8000-0000000a1b2c");
    private static readonly Guid ListedA = Guid.Parse("0190f2a1-2222-7000-8000-000000000001");
    private static readonly Guid ListedB = Guid.Parse("0190f2a1-2222-7000-8000-000000000002");
    private const string PrincipalId = "6c1f0e9a-3b7d-4a52-9e51-2f8a0c4d7b13";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 5, 0, TimeSpan.Zero); // 09:05 in Vietnam
    private static readonly string LastHash = new string('a', 60) + "beef";

    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public AuditPageTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DataProtectionOfficer, DepartmentUnit);
        _api.On(HttpMethod.Get, "api/reports/audit", _ => new Paged<AuditEntryInfo>(
        [
            new AuditEntryInfo(42, Now, PrincipalId, "THCS-LECHAN-001", "Trường THCS Lý Thái Tổ", "SchoolManager", "incident.names.read", "incident",
                IncidentId.ToString(), "names of 2 people", new string('1', 64)),
            new AuditEntryInfo(41, Now.AddDays(-1), "b7e3c2d1-0000-4000-8000-000000000099", "SGD", "Sở Giáo dục và Đào tạo", "DepartmentLeader,DepartmentOfficer",
                "incident.list", "incidents", "list", $"page 1; 2 of 2; shown: {ListedA},{ListedB}", new string('2', 64)),
            new AuditEntryInfo(40, Now.AddDays(-2), "b7e3c2d1-0000-4000-8000-000000000099", "SGD", "Sở Giáo dục và Đào tạo", "DepartmentOfficer",
                "export.consolidated", "unit", "SGD", "period 2026-11; xlsx", new string('3', 64)),
            new AuditEntryInfo(39, Now.AddDays(-3), "dpo-1", "SGD", "Sở Giáo dục và Đào tạo", "DataProtectionOfficer", "export.audit", "audit", "reporting",
                $"12 lines; from 01/12/2026 to -, action incident.names.read, actor {PrincipalId}, subject -; csv", new string('5', 64)),
        ], 1, 20, 45));
        _api.On(HttpMethod.Get, "api/identity/audit", _ => new Paged<AuditEntryInfo>(
        [
            new AuditEntryInfo(7, Now, "admin-1", "SGD", "Sở Giáo dục và Đào tạo", "SystemAdmin", "user.roles-changed", "user", PrincipalId,
                "SchoolStaff → SchoolManager, SchoolStaff", new string('4', 64)),
        ], 1, 20, 1));
    }

    /// <summary>
    /// The markup without what no one sees or hears: the renderer's element references and the components' own element
    /// ids (popover-…, mudinput-…) and the attributes that point at them.
    /// </summary>
    private static string Shown(string markup) =>
        Regex.Replace(markup, "\\s(blazor:[A-Za-z]+|id|for|aria-controls|aria-describedby|aria-labelledby|aria-owns)=\"[^\"]*\"", "");

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [Fact]
    public void Lines_read_in_Vietnamese_with_dates_in_Vietnams_time_and_no_codes_or_ids()
    {
        var page = _bunit.Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-table] tbody tr").Count));
        var rows = page.FindAll("[data-testid=audit-table] tbody tr");
        Assert.Contains("42", rows[0].QuerySelector("[data-testid=audit-sequence]")!.TextContent);
        Assert.Equal("07/12/2026 09:05", rows[0].QuerySelector("[data-testid=audit-at]")!.TextContent.Trim());
        Assert.Equal("06/12/2026 09:05", rows[1].QuerySelector("[data-testid=audit-at]")!.TextContent.Trim());
        Assert.Equal("Xem họ tên người liên quan", rows[0].QuerySelector("[data-testid=audit-action-label]")!.TextContent.Trim());
        Assert.Equal("Xem danh sách vụ việc", rows[1].QuerySelector("[data-testid=audit-action-label]")!.TextContent.Trim());
        Assert.Equal("Xuất báo cáo tổng hợp", rows[2].QuerySelector("[data-testid=audit-action-label]")!.TextContent.Trim());
        // The unit by its name, the roles in Vietnamese, the subject by its kind and a short form of its id.
        Assert.Contains("Trường THCS Lý Thái Tổ", rows[0].TextContent);
        Assert.DoesNotContain("THCS-LECHAN-001", rows[0].TextContent);
        Assert.Contains("Ban giám hiệu", rows[0].TextContent);
        Assert.Contains("Lãnh đạo Sở, Chuyên viên Sở", rows[1].TextContent);
        Assert.Contains("Vụ việc", rows[0].TextContent);
        Assert.Contains("…0a1b2c", rows[0].TextContent);
        // A list's ids read as their number; they are in the export.
        Assert.Contains("trang 1; 2/2 vụ việc; đã hiển thị [2 mã, xem trong tệp xuất]", rows[1].TextContent);
        Assert.Contains("kỳ Tháng 11/2026; tệp XLSX", rows[2].TextContent);
        Assert.Contains("Đơn vị SGD", Regex.Replace(rows[2].TextContent, @"\s+", " "));
        // The export's own line: its filters with the action by its name and the actor's id by its number.
        Assert.Contains("12 dòng; từ ngày 01/12/2026 đến ngày (tất cả), thao tác «Xem họ tên người liên quan», người thực hiện [1 mã, xem trong tệp xuất], đối tượng (tất cả); tệp CSV",
            rows[3].TextContent);
        Assert.Contains("Cán bộ bảo vệ dữ liệu cá nhân", rows[3].TextContent);
        Assert.Contains("45 dòng", page.Find("[data-testid=audit-total]").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=audit-pages]"));

        var markup = Shown(page.Markup);
        Assert.DoesNotMatch(GuidPattern(), markup);
        foreach (var code in new[] { "incident.names.read", "incident.list", "export.consolidated", "export.audit", "SchoolManager", "DepartmentOfficer", "DepartmentLeader", "DataProtectionOfficer" })
        {
            Assert.DoesNotContain(code, markup);
        }
        // The page asked reporting's trail, first page; identity's is read when its tab is opened.
        Assert.Equal("api/reports/audit?page=1&pageSize=20", Assert.Single(_api.Calls).Path);
    }

    [Fact]
    public async Task Filters_go_to_the_API_as_query_parameters_and_to_the_exports()
    {
        var page = _bunit.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-table] tbody tr").Count));

        // Dates typed as dd/MM/yyyy; the API reads yyyy-MM-dd.
        page.Find("input[data-testid=audit-from]").Change("01/12/2026");
        page.Find("input[data-testid=audit-to]").Change("07/12/2026");
        var action = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => action.Instance.ValueChanged.InvokeAsync("incident.names.read"));
        page.Find("#audit-reports-actor").Input(PrincipalId);
        page.Find("#audit-reports-subject").Input(IncidentId.ToString());
        page.Find("[data-testid=audit-search]").Click();

        const string filters = "from=2026-12-01&to=2026-12-07&action=incident.names.read&actorId=" + PrincipalId + "&subjectId=0190f2a1-1111-7000-8000-0000000a1b2c";
        page.WaitForAssertion(() => Assert.Equal($"api/reports/audit?page=1&pageSize=20&{filters}", _api.Calls.Last().Path));

        // The action select offers each action by its Vietnamese name.
        Assert.Contains("Xem họ tên người liên quan", page.Find("[data-testid=audit-action]").OuterHtml);

        page.Find("[data-testid=audit-csv]").Click();
        page.Find("[data-testid=audit-xlsx]").Click();
        var downloads = _bunit.JSInterop.Invocations.Where(i => i.Identifier == "platformDownload").Select(i => (string)i.Arguments[0]!).ToList();
        Assert.Equal([$"download/reports/audit/export?format=csv&{filters}", $"download/reports/audit/export?format=xlsx&{filters}"], downloads);
        // The web's download proxy lets both trails' exports through.
        Assert.True(WebServiceExtensions.DownloadAllowed("reports/audit/export"));
        Assert.True(WebServiceExtensions.DownloadAllowed("identity/audit/export"));
        Assert.False(WebServiceExtensions.DownloadAllowed("reports/audit"));

        // Clearing the filters asks for everything again.
        page.Find("[data-testid=audit-clear]").Click();
        page.WaitForAssertion(() => Assert.Equal("api/reports/audit?page=1&pageSize=20", _api.Calls.Last().Path));
    }

    [Fact]
    public void A_line_filters_on_its_actor_or_its_subject_without_showing_their_ids()
    {
        var page = _bunit.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-table] tbody tr").Count));

        page.FindAll("[data-testid=audit-table] tbody tr")[0].QuerySelector("a")!.Click();
        page.WaitForAssertion(() => Assert.Equal($"api/reports/audit?page=1&pageSize=20&subjectId={IncidentId}", _api.Calls.Last().Path));

        page.FindAll("[data-testid=audit-table] tbody tr")[0].QuerySelector("button[aria-label='Lọc các thao tác của người này']")!.Click();
        page.WaitForAssertion(() => Assert.Equal($"api/reports/audit?page=1&pageSize=20&actorId={PrincipalId}&subjectId={IncidentId}", _api.Calls.Last().Path));
    }

    [Fact]
    public void The_integrity_check_reads_intact_in_green_and_tampered_lines_in_red()
    {
        _api.On(HttpMethod.Get, "api/reports/audit/verification", _ => new AuditVerificationInfo(45, LastHash, true, [], Now));
        var page = _bunit.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-table] tbody tr").Count));

        page.Find("[data-testid=audit-verify]").Click();
        page.WaitForAssertion(() => Assert.Contains("Nhật ký nguyên vẹn: 45 dòng, mã băm cuối aaaaaaaaaaaaaaaa…", page.Find("[data-testid=audit-intact]").TextContent));
        Assert.Contains("success", page.Find("[data-testid=audit-intact]").ClassName);
        Assert.Contains("07/12/2026 09:05", page.Find("[data-testid=audit-intact]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=audit-tampered]"));

        _api.On(HttpMethod.Get, "api/reports/audit/verification", _ => new AuditVerificationInfo(45, LastHash, false,
        [
            new AuditProblemInfo(3, $"line 3 was changed after it was written (incident.names.read incident {IncidentId})"),
            new AuditProblemInfo(4, "line 4 does not link to the line before it (changed or removed)"),
            new AuditProblemInfo(9, "lines 7–8 are missing"),
        ], Now));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=audit-problem]").Count));
        var tampered = page.Find("[data-testid=audit-tampered]");
        Assert.Contains("error", tampered.ClassName);
        Assert.Equal("alert", tampered.GetAttribute("role"));
        Assert.Equal(["Dòng 3 đã bị sửa sau khi ghi", "Dòng 4 không nối với dòng trước nó (dòng trước đã bị sửa hoặc xóa)", "Thiếu các dòng 7–8 (đã bị xóa)"],
            page.FindAll("[data-testid=audit-problem]").Select(p => p.TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=audit-intact]"));
        Assert.DoesNotMatch(GuidPattern(), Shown(page.Markup));
        Assert.DoesNotContain("incident.names.read", page.Markup);
    }

    [Fact]
    public void A_refusal_reads_as_its_message()
    {
        _api.On(HttpMethod.Get, "api/reports/audit", _ => new ApiProblem(403, "Bạn không có quyền thực hiện thao tác này.",
            "Chỉ cán bộ bảo vệ dữ liệu cá nhân của Sở được xem nhật ký truy cập.", ApiProblem.NoErrors));
        _api.On(HttpMethod.Get, "api/reports/audit/verification", _ => new ApiProblem(403, "Bạn không có quyền thực hiện thao tác này.", null, ApiProblem.NoErrors));

        var page = _bunit.Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("Chỉ cán bộ bảo vệ dữ liệu cá nhân của Sở được xem nhật ký truy cập.", page.Find("[data-testid=problem]").TextContent));
        Assert.Contains("Không có dòng nhật ký phù hợp.", page.Find("[data-testid=audit-table]").TextContent);
        page.Find("[data-testid=audit-verify]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=problem]").Count));
        Assert.Empty(page.FindAll("[data-testid=audit-intact]"));
    }

    [Fact]
    public void The_accounts_tab_reads_identitys_trail()
    {
        var page = _bunit.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=audit-table] tbody tr").Count));

        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Tài khoản")).Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=audit-identity] [data-testid=audit-table] tbody tr")));
        var row = page.Find("[data-testid=audit-identity] [data-testid=audit-table] tbody tr");
        Assert.Equal("Đổi vai trò", row.QuerySelector("[data-testid=audit-action-label]")!.TextContent.Trim());
        Assert.Contains("Quản trị hệ thống", row.TextContent);
        Assert.Contains("Cán bộ, giáo viên → Ban giám hiệu, Cán bộ, giáo viên", row.TextContent);
        Assert.DoesNotContain("SchoolStaff", row.TextContent);
        Assert.Contains("Tài khoản", row.TextContent);
        Assert.DoesNotMatch(GuidPattern(), Shown(page.Markup));
        Assert.Contains(_api.Calls, c => c.Path == "api/identity/audit?page=1&pageSize=20");
    }

    [Fact]
    public void The_data_protection_officers_home_is_the_audit_trail_and_the_menu_offers_nothing_else()
    {
        _api.On(HttpMethod.Get, $"api/units/{DepartmentUnit}", _ => new ApiProblem(403, "Bạn không có quyền thực hiện thao tác này.", null, ApiProblem.NoErrors));

        var home = _bunit.Render<Home>();
        home.WaitForAssertion(() => Assert.Equal(4, home.FindAll("[data-testid=audit-table] tbody tr").Count));
        Assert.Contains("Nhật ký truy cập dữ liệu", home.Markup);
        // Only the audit trail: no dashboard, to-do list or police home.
        Assert.All(_api.Calls, c => Assert.StartsWith("api/reports/audit", c.Path));

        var nav = _bunit.Render<NavMenu>();
        nav.WaitForAssertion(() => Assert.NotEmpty(nav.FindAll("[data-testid=nav-audit]")));
        Assert.Equal("Cán bộ bảo vệ dữ liệu cá nhân", new Platform.Web.Localization.Loc().Role(PlatformRoles.DataProtectionOfficer));
        Assert.Equal("audit", nav.Find("[data-testid=nav-audit]").GetAttribute("href"));
        var links = nav.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", "audit"], links.Select(l => l == "" ? "/" : l));
        Assert.DoesNotContain("DataProtectionOfficer", nav.Markup);
    }

    [Fact]
    public async Task Other_roles_keep_their_menu_without_the_audit_page()
    {
        await using var officer = PageTestContext.Create(_api, PlatformRoles.DepartmentOfficer, DepartmentUnit);
        _api.On(HttpMethod.Get, $"api/units/{DepartmentUnit}", _ => new ApiProblem(404, "Không tìm thấy.", null, ApiProblem.NoErrors));

        var nav = officer.Render<NavMenu>();

        var links = nav.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("coordination/meetings", links);
        Assert.Contains("incidents", links);
        Assert.Contains("notifications", links);
        Assert.DoesNotContain("audit", links);
        Assert.Empty(nav.FindAll("[data-testid=nav-audit]"));
    }

    [Theory]
    [InlineData("names of 3 people", "họ tên của 3 người")]
    [InlineData("as shared with the police", "phần được chia sẻ với Công an")]
    [InlineData("periods 2026-11,2026-Q4; csv", "kỳ Tháng 11/2026, Quý IV/2026; tệp CSV")]
    [InlineData("45 lines; 2 problems; last hash 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "45 dòng; 2 sai lệch; mã băm cuối 0123456789ab…")]
    [InlineData("3 lines; from 2026-12-01 to 2026-12-07, action user.locked, actor -, subject -; xlsx",
        "3 dòng; từ ngày 01/12/2026 đến ngày 07/12/2026, thao tác «Khóa tài khoản», người thực hiện (tất cả), đối tượng (tất cả); tệp XLSX")]
    [InlineData("unit THCS-LECHAN-001; roles SchoolManager, PoliceLiaison", "đơn vị THCS-LECHAN-001; vai trò Ban giám hiệu, Cán bộ Công an")]
    [InlineData("something new: see example.com", "something new: see example.com")]
    public void A_details_known_forms_read_in_Vietnamese(string detail, string expected) =>
        Assert.Equal(expected, Platform.Web.Localization.AuditDetail.Describe(new Platform.Web.Localization.Loc(), detail));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
