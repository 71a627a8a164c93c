using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class DocumentNewTests : IAsyncLifetime
{
    private static readonly Guid DocumentId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000d1");
    private static readonly Guid GroupId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000b1");
    private static readonly Guid FileId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000f1");
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();

    public DocumentNewTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _api.On(HttpMethod.Get, "api/units/groups", _ => new[] { new RecipientGroup(GroupId, "ALL-SCHOOLS", "Tất cả các trường", null, "Rule") });
        _api.On(HttpMethod.Get, "api/units", _ => new Paged<UnitInfo>([], 1, 200, 0));
    }

    [Fact]
    public void Saving_an_empty_draft_names_every_missing_field_and_sends_nothing()
    {
        var page = _bunit.Render<DocumentNew>();

        page.Find("[data-testid=save-draft]").Click();

        // MudBlazor hands input and clicks on asynchronously: wait for the render an interaction causes before asserting on it.
        page.WaitForAssertion(() => Assert.Contains("Nhập ký hiệu văn bản.", page.Markup));
        Assert.Contains("Nhập trích yếu.", page.Markup);
        Assert.Contains("Nhập nội dung nhiệm vụ.", page.Markup);
        Assert.Contains("Nhập hạn hoàn thành.", page.Markup);
        Assert.Contains("Chọn nơi nhận", page.Find("[data-testid=addressee-error]").TextContent);
        Assert.Empty(_api.CallsTo(HttpMethod.Post, "api/tasks/documents"));
    }

    [Fact]
    public void A_deadline_not_written_dd_MM_yyyy_is_flagged_as_typed()
    {
        var page = _bunit.Render<DocumentNew>();

        page.Find("#task-deadline-0").Input("2026-12-31");

        page.WaitForAssertion(() => Assert.Contains("Nhập ngày theo dạng dd/MM/yyyy.", page.Markup));
    }

    [Fact]
    public void A_draft_with_two_numbered_tasks_is_saved_then_the_signed_copy_attached_and_the_issue_result_shown()
    {
        _api.On(HttpMethod.Post, "api/tasks/documents", _ => new DraftDocument(DocumentId, "Directive", "Draft", "", "Về tăng cường an toàn trường học", []));
        _api.On(HttpMethod.Post, $"api/tasks/documents/{DocumentId}/attachments", _ => new AttachmentInfo(FileId, "CT-02-ky.pdf", "application/pdf", 4096, "cd", DateTimeOffset.UnixEpoch));
        _api.On(HttpMethod.Post, $"api/tasks/documents/{DocumentId}/issue", _ =>
            new IssueResult(new DraftDocument(DocumentId, "Directive", "Issued", "02/CT-SGDĐT", "Về tăng cường an toàn trường học", []), 412, 824, 2350));
        var page = _bunit.Render<DocumentNew>();

        page.Find("#document-symbol").Input("CT-SGDĐT");
        page.Find("#document-issue-date").Input("02/12/2026");
        page.Find("#document-subject").Input(" Về tăng cường an toàn trường học ");
        page.Find("#task-text-0").Input("Tổ chức tuyên truyền phòng chống bạo lực học đường.");
        page.Find("#task-deadline-0").Input("31/12/2026");
        page.Find("[data-testid=add-task]").Click();
        // The second task's row can come a render after the click.
        page.WaitForAssertion(() => page.Find("#task-text-1"));
        page.Find("#task-text-1").Input("Rà soát camera an ninh.");
        page.Find("#task-deadline-1").Input("15/1/2027");
        page.Find("[data-testid=group-ALL-SCHOOLS] input").Change(true);
        page.Find("[data-testid=save-draft]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, "api/tasks/documents")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, "api/tasks/documents")).Body!.Value;
        Assert.Equal("Directive", body.GetProperty("kind").GetString());
        Assert.Equal("CT-SGDĐT", body.GetProperty("symbol").GetString());
        Assert.Equal("2026-12-02", body.GetProperty("issueDate").GetString());
        Assert.Equal("Về tăng cường an toàn trường học", body.GetProperty("subject").GetString());
        var tasks = body.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([1, 2], tasks.Select(t => t.GetProperty("number").GetInt32()));
        Assert.Equal(["2026-12-31", "2027-01-15"], tasks.Select(t => t.GetProperty("deadline").GetString()));
        Assert.All(tasks, t => Assert.Equal("OneOff", t.GetProperty("kind").GetString()));
        var addressee = Assert.Single(body.GetProperty("addressees").EnumerateArray());
        Assert.Equal(GroupId, addressee.GetProperty("groupId").GetGuid());
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=draft-saved]")));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("%PDF-1.7", "CT-02-ky.pdf", contentType: "application/pdf"));
        page.WaitForAssertion(() => Assert.Equal($"api/tasks/documents/{DocumentId}/attachments", Assert.Single(_api.Uploads).Path));
        page.WaitForAssertion(() => Assert.Contains("CT-02-ky.pdf", page.Find("[data-testid=attachment]").TextContent));

        page.Find("[data-testid=issue]").Click();

        // Issuing runs asynchronously behind a progress bar: wait for its result rather than the same render.
        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"api/tasks/documents/{DocumentId}/issue")));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=issue-result]")));
        var result = page.Find("[data-testid=issue-result]").TextContent;
        Assert.Contains("02/CT-SGDĐT", result);
        Assert.Contains("824 nhiệm vụ cho 412 đơn vị", result);
        Assert.Equal($"documents/{DocumentId}", page.Find("[data-testid=open-document]").GetAttribute("href"));
    }

    [Fact]
    public void The_apis_message_for_a_task_field_is_shown_beside_that_field()
    {
        _api.On(HttpMethod.Post, "api/tasks/documents", _ => new ApiProblem(400, "Dữ liệu không hợp lệ.", null,
            new Dictionary<string, string[]> { ["tasks[0].deadline"] = ["Hạn hoàn thành không được trước ngày ban hành."] }));
        var page = _bunit.Render<DocumentNew>();
        page.Find("#document-symbol").Input("CT-SGDĐT");
        page.Find("#document-subject").Input("Về an toàn");
        page.Find("#task-text-0").Input("Tuyên truyền.");
        page.Find("#task-deadline-0").Input("01/01/2020");
        page.Find("[data-testid=group-ALL-SCHOOLS] input").Change(true);

        page.Find("[data-testid=save-draft]").Click();

        page.WaitForAssertion(() => Assert.Contains("Hạn hoàn thành không được trước ngày ban hành.", page.Find("[data-testid=task-row]").TextContent));
        Assert.Contains("Dữ liệu không hợp lệ.", page.Find("[data-testid=problem]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=draft-saved]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
