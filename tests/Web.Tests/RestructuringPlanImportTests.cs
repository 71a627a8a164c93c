using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class RestructuringPlanImportTests : IAsyncLifetime
{
    private const string Check = "api/units/restructuring-plans/check";
    private const string Apply = "api/units/restructuring-plans/apply";
    private const string Plan = "action,effective_date,unit_code\nrename,01/07/2025,TH-A\n";
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();

    public RestructuringPlanImportTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<UnitImport> RenderPlanMode()
    {
        var page = _bunit.Render<UnitImport>();
        Assert.Contains("Nhập danh sách đơn vị", page.Find("[data-testid=import-kind]").TextContent);
        Assert.Contains("Kế hoạch sắp xếp đơn vị (có ngày hiệu lực)", page.Find("[data-testid=import-kind]").TextContent);
        page.Find("input[data-testid=kind-plan]").Click(); // MudRadio puts the attributes on its input
        page.WaitForAssertion(() => page.Find("[data-testid=plan-import]"));
        return page;
    }

    private static void Choose(IRenderedComponent<UnitImport> page, string content, string name) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(content, name, contentType: "text/csv"));

    private static bool ApplyDisabled(IRenderedComponent<UnitImport> page) => page.Find("[data-testid=plan-apply]").HasAttribute("disabled");

    [Fact]
    public void A_plan_with_errors_lists_each_row_error_by_line_and_apply_stays_disabled()
    {
        _api.On(HttpMethod.Post, Check, _ => ApiProblem.From(HttpStatusCode.UnprocessableEntity, """
            {"title":"Kế hoạch có lỗi; không có gì được ghi.","detail":"2 lỗi ở 2 dòng: 3, 5.","status":422,
             "importErrors":[{"line":5,"column":"target_codes","reason":"Không có đơn vị 'PGD-XX' vào ngày 01/07/2025."},
                             {"line":3,"column":"effective_date","reason":"Ngày hiệu lực '31/02/2025' không hợp lệ."}]}
            """, new Loc()));
        var page = RenderPlanMode();
        Assert.Contains("target_codes", page.Find("[data-testid=plan-columns]").TextContent);
        Assert.Equal("examples/ke-hoach-sap-xep-mau.csv", page.Find("[data-testid=plan-example]").GetAttribute("href"));

        Choose(page, Plan, "ke-hoach.csv");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=plan-check]").HasAttribute("disabled")));
        Assert.True(ApplyDisabled(page));
        page.Find("[data-testid=plan-check]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=import-errors] tbody tr").Count));
        var rows = page.FindAll("[data-testid=import-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("3", rows[0]);
        Assert.Contains("effective_date", rows[0]);
        Assert.Contains("Ngày hiệu lực '31/02/2025' không hợp lệ.", rows[0]);
        Assert.Contains("Không có đơn vị 'PGD-XX'", rows[1]);
        Assert.Contains("Kế hoạch có lỗi; không có gì được ghi.", page.Find("[data-testid=problem]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=plan-result]"));
        Assert.True(ApplyDisabled(page));
        var upload = Assert.Single(_api.Uploads);
        Assert.Equal((Check, "ke-hoach.csv", "text/csv"), (upload.Path, upload.FileName, upload.ContentType));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, Apply));

        // The file corrected and chosen again under the same name is read again, and checked clean it may be applied.
        _api.On(HttpMethod.Post, Check, _ => new RestructuringPlanSummary(true, 1, 0, 1, 1));
        const string corrected = "action,effective_date,unit_code,name\nrename,01/07/2025,TH-A,Trường Tiểu học A\n";
        Choose(page, corrected, "ke-hoach.csv");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=import-errors]")));
        page.Find("[data-testid=plan-check]").Click();
        page.WaitForAssertion(() => Assert.False(ApplyDisabled(page)));
        Assert.Equal(corrected, Encoding.UTF8.GetString(_api.Uploads.Last().Content));
        Assert.Empty(page.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public void Apply_is_offered_only_after_the_same_file_checked_clean_and_only_once_confirmed()
    {
        _api.On(HttpMethod.Post, Check, _ => new RestructuringPlanSummary(true, 7, 2, 4, 11));
        _api.On(HttpMethod.Post, Apply, _ => new RestructuringPlanSummary(false, 7, 2, 4, 11));
        var page = RenderPlanMode();
        Assert.True(ApplyDisabled(page)); // no file yet

        Choose(page, Plan, "ke-hoach.csv");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=plan-check]").HasAttribute("disabled")));
        Assert.True(ApplyDisabled(page)); // chosen, not checked
        page.Find("[data-testid=plan-check]").Click();
        page.WaitForAssertion(() => Assert.Contains("Kế hoạch hợp lệ (ke-hoach.csv): 7 dòng; sẽ tạo 2 đơn vị mới, thay đổi 4 đơn vị",
            page.Find("[data-testid=plan-result]").TextContent));
        Assert.False(ApplyDisabled(page));

        // Another file: the check was for the one before, so apply waits for a new check.
        Choose(page, Plan + "dissolve,01/07/2025,TH-B\n", "ke-hoach-2.csv");
        page.WaitForAssertion(() => Assert.Contains("ke-hoach-2.csv", page.Find("[data-testid=plan-file-name]").TextContent));
        Assert.True(ApplyDisabled(page));
        Assert.Empty(page.FindAll("[data-testid=plan-result]"));
        page.Find("[data-testid=plan-check]").Click();
        page.WaitForAssertion(() => Assert.False(ApplyDisabled(page)));

        // Apply asks first; cancelling sends nothing.
        page.Find("[data-testid=plan-apply]").Click();
        page.WaitForAssertion(() => Assert.Contains("Áp dụng kế hoạch trong tệp ke-hoach-2.csv? Sẽ tạo 2 đơn vị mới và thay đổi 4 đơn vị",
            page.Find("[data-testid=plan-confirm]").TextContent));
        page.Find("[data-testid=plan-confirm-cancel]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=plan-confirm]")));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, Apply));

        page.Find("[data-testid=plan-apply]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=plan-confirm-apply]"));
        page.Find("[data-testid=plan-confirm-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains("Đã áp dụng kế hoạch ke-hoach-2.csv: 7 dòng; đã tạo 2 đơn vị mới, thay đổi 4 đơn vị, gửi 11 thông báo",
            page.Find("[data-testid=plan-result]").TextContent));
        Assert.Equal([Check, Check, Apply], _api.Uploads.Select(u => u.Path));
        // What is applied is byte for byte the file that was checked.
        var uploads = _api.Uploads.ToList();
        Assert.Equal(uploads[1].Content, uploads[2].Content);
        Assert.Equal(Plan + "dissolve,01/07/2025,TH-B\n", Encoding.UTF8.GetString(uploads[2].Content));
        Assert.True(ApplyDisabled(page)); // applied once; not again
    }

    [Fact]
    public void A_refused_apply_shows_the_problem_and_asks_for_a_new_check()
    {
        _api.On(HttpMethod.Post, Check, _ => new RestructuringPlanSummary(true, 1, 0, 1, 1));
        _api.On(HttpMethod.Post, Apply, _ => ApiProblem.From(HttpStatusCode.Conflict, """
            {"title":"Một số đơn vị trong kế hoạch vừa được người khác thay đổi; không có gì được ghi. Hãy kiểm tra và gửi lại tệp.","status":409}
            """, new Loc()));
        var page = RenderPlanMode();
        Choose(page, Plan, "ke-hoach.xlsx");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=plan-check]").HasAttribute("disabled")));
        page.Find("[data-testid=plan-check]").Click();
        page.WaitForAssertion(() => Assert.False(ApplyDisabled(page)));
        page.Find("[data-testid=plan-apply]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=plan-confirm-apply]"));
        page.Find("[data-testid=plan-confirm-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains("vừa được người khác thay đổi", page.Find("[data-testid=problem]").TextContent));
        Assert.True(ApplyDisabled(page));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _api.Uploads.Last().ContentType);
    }

    [Fact]
    public void The_example_plan_is_utf8_with_a_bom_in_the_documented_columns()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Web", "wwwroot", "examples", "ke-hoach-sap-xep-mau.csv");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("action,effective_date,unit_code,new_code,name,short_name,kind,parent_code,target_codes,area_code,note", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Equal(11, l.Split(',').Length));
        Assert.Contains(lines, l => l.Contains("Thủy Nguyên", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
