using System.Net;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class UnitImportTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();

    public UnitImportTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_file_with_errors_lists_each_row_error_from_the_apis_problem_by_line()
    {
        // As the units service answers: a 422 ProblemDetails with the rows in "importErrors".
        var problem = ApiProblem.From(HttpStatusCode.UnprocessableEntity, """
            {"title":"Tệp có lỗi; không có gì được ghi.","detail":"2 lỗi ở 2 dòng.","status":422,
             "importErrors":[{"line":7,"column":"parent_code","reason":"Không có đơn vị cấp trên 'PGD-XX'."},
                             {"line":3,"column":"kind","reason":"Loại đơn vị 'Truong' không hợp lệ."}]}
            """, new Loc());
        _api.On(HttpMethod.Post, "api/units/import", _ => problem);
        var page = _bunit.Render<UnitImport>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("code,name\n", "don-vi.csv", contentType: "text/csv"));

        // Wait for what an interaction causes (the upload, the render after it) before asserting on it.
        page.WaitForAssertion(() => Assert.Single(_api.Uploads));
        var upload = Assert.Single(_api.Uploads);
        Assert.Equal("api/units/import?dryRun=true", upload.Path); // checking first is the default
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=import-errors] tbody tr").Count));
        var rows = page.FindAll("[data-testid=import-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("3", rows[0]);
        Assert.Contains("Loại đơn vị 'Truong' không hợp lệ.", rows[0]);
        Assert.Contains("parent_code", rows[1]);
        Assert.Contains("Tệp có lỗi; không có gì được ghi.", page.Find("[data-testid=problem]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=import-result]"));
    }

    [Fact]
    public void A_checked_file_then_written_reports_the_counts_of_each()
    {
        _api.On(HttpMethod.Post, "api/units/import", call => call.Path.EndsWith("dryRun=true", StringComparison.Ordinal)
            ? new ImportSummary(true, 12, 3, 400) : new ImportSummary(false, 12, 3, 400));
        var page = _bunit.Render<UnitImport>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "don-vi.xlsx"));
        page.WaitForAssertion(() => Assert.Contains("sẽ thêm 12, cập nhật 3, giữ nguyên 400", page.Find("[data-testid=import-result]").TextContent));

        page.Find("[data-testid=dry-run] input").Change(false);
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "don-vi.xlsx"));

        page.WaitForAssertion(() => Assert.Contains("Đã nhập don-vi.xlsx: thêm 12", page.Find("[data-testid=import-result]").TextContent));
        Assert.Equal(["api/units/import?dryRun=true", "api/units/import?dryRun=false"], _api.Uploads.Select(u => u.Path));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _api.Uploads.Last().ContentType);
    }

    [Fact]
    public void A_file_that_is_neither_csv_nor_xlsx_is_refused_before_it_is_sent()
    {
        var page = _bunit.Render<UnitImport>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "don-vi.docx"));

        page.WaitForAssertion(() => Assert.Contains("Không hỗ trợ định dạng '.docx'", page.Find("[data-testid=problem]").TextContent));
        Assert.Empty(_api.Uploads);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
