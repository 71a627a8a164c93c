using System.Text;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Components.Shared;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class EvidenceAndQuestionsTests : IAsyncLifetime
{
    private static readonly Guid AssignmentId = Guid.Parse("0190f2a1-0000-7000-8000-000000000077");
    private static readonly Guid UnitId = Guid.Parse("0190f2a1-0000-7000-8000-000000000301");
    private static readonly Guid EvidenceId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000e1");
    private static readonly Guid QuestionId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000a1");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 30, 0, TimeSpan.Zero);
    private static readonly string EvidencePath = $"api/tasks/assignments/{AssignmentId}/evidence";
    private static readonly string ProgressPath = $"api/tasks/assignments/{AssignmentId}/progress";
    private static readonly string QuestionsPath = $"api/tasks/assignments/{AssignmentId}/questions";
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();

    public EvidenceAndQuestionsTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void An_uploaded_evidence_file_is_listed_with_its_download_link_and_sent_with_the_progress_update()
    {
        _api.On(HttpMethod.Post, EvidencePath, _ => new AttachmentInfo(EvidenceId, "Biên bản tuyên truyền.pdf", "application/pdf", 2048, "ab", At));
        _api.On(HttpMethod.Post, ProgressPath, _ => new object());
        var form = _bunit.Render<AssignmentProgressForm>(p => p.Add(f => f.AssignmentId, AssignmentId));

        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("nội dung biên bản", "Biên bản tuyên truyền.pdf", contentType: "application/pdf"));

        // MudBlazor hands input and clicks on asynchronously: wait for what an interaction causes before asserting on it.
        form.WaitForAssertion(() => Assert.Single(_api.Uploads));
        var upload = Assert.Single(_api.Uploads);
        Assert.Equal(EvidencePath, upload.Path);
        Assert.Equal("Biên bản tuyên truyền.pdf", upload.FileName);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.Equal("nội dung biên bản", Encoding.UTF8.GetString(upload.Content));
        form.WaitForAssertion(() => Assert.Contains("đã tải lên", form.Find("[data-testid=upload-row]").TextContent));
        var link = form.Find("[data-testid=update-evidence] a");
        Assert.Equal($"download/tasks/attachments/{EvidenceId}", link.GetAttribute("href"));
        Assert.Contains("2 KB", form.Find("[data-testid=update-evidence]").TextContent);

        form.Find("#progress-text").Input("Đã tuyên truyền cho toàn trường.");
        form.Find("#progress-percent").Input("40");
        form.Find("[data-testid=send-progress]").Click();

        form.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, ProgressPath)));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, ProgressPath)).Body!.Value;
        Assert.Equal([EvidenceId.ToString()], body.GetProperty("evidenceIds").EnumerateArray().Select(e => e.GetString()));
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=update-evidence]"))); // cleared with the form (it was listed before)
    }

    [Fact]
    public void A_file_over_20_MB_is_refused_by_name_before_anything_is_sent()
    {
        var form = _bunit.Render<AssignmentProgressForm>(p => p.Add(f => f.AssignmentId, AssignmentId));

        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[21 * 1024 * 1024], "video-buoi-tuyen-truyen.mp4", contentType: "video/mp4"));

        form.WaitForAssertion(() => Assert.Contains("video-buoi-tuyen-truyen.mp4", form.Find("[data-testid=problem]").TextContent));
        var problem = form.Find("[data-testid=problem]").TextContent;
        Assert.Contains("vượt giới hạn 20 MB", problem);
        Assert.Empty(_api.Uploads);
    }

    [Fact]
    public void The_apis_refusal_of_an_upload_names_the_file_and_adds_nothing_to_the_update()
    {
        _api.On(HttpMethod.Post, EvidencePath, _ => new ApiProblem(422, "Không thể thực hiện.", "Nhiệm vụ đã đóng; không tải thêm minh chứng.", ApiProblem.NoErrors));
        var form = _bunit.Render<AssignmentProgressForm>(p => p.Add(f => f.AssignmentId, AssignmentId));

        form.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("x", "anh.jpg", contentType: "image/jpeg"));

        form.WaitForAssertion(() => Assert.Contains("anh.jpg: Không thể thực hiện.", form.Find("[data-testid=problem]").TextContent));
        Assert.Contains("Nhiệm vụ đã đóng", form.Find("[data-testid=problem]").TextContent);
        Assert.Empty(form.FindAll("[data-testid=update-evidence]"));
    }

    [Fact]
    public void An_empty_question_is_flagged_and_not_sent_a_written_one_is_sent_and_the_thread_reloaded()
    {
        var asked = false;
        _api.On(HttpMethod.Get, QuestionsPath, _ => asked ? new[] { Thread("Open", ("Trường chưa nhận được mẫu biên bản?", false)) } : Array.Empty<QuestionThread>());
        _api.On(HttpMethod.Post, QuestionsPath, _ => { asked = true; return Thread("Open", ("x", false)); });
        var questions = _bunit.Render<AssignmentQuestions>(p => p.Add(q => q.AssignmentId, AssignmentId).Add(q => q.CanAsk, true));
        Assert.NotNull(questions.Find("[data-testid=no-questions]"));

        questions.Find("[data-testid=ask]").Click();
        questions.WaitForAssertion(() => Assert.Contains("Nhập nội dung câu hỏi.", questions.Markup));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, QuestionsPath));

        // Typed decomposed (as some keyboards send it): the API gets NFC text.
        questions.Find("#question-text").Input("  Trường chưa nhận được mẫu biên bản?  ".Normalize(NormalizationForm.FormD));
        questions.Find("[data-testid=ask]").Click();

        questions.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, QuestionsPath)));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, QuestionsPath)).Body!.Value;
        Assert.Equal("Trường chưa nhận được mẫu biên bản?", body.GetProperty("text").GetString());
        Assert.True(body.GetProperty("text").GetString()!.IsNormalized(NormalizationForm.FormC));
        questions.WaitForAssertion(() => Assert.Contains("Đã gửi câu hỏi tới Văn phòng Sở.", questions.Find("[data-testid=question-sent]").TextContent));
        Assert.Contains("Trường chưa nhận được mẫu biên bản?", questions.Find("[data-testid=thread]").TextContent);
        Assert.Contains("Chờ trả lời", questions.Find("[data-testid=question]").TextContent);
    }

    [Fact]
    public void Someone_outside_the_holding_unit_sees_the_thread_but_no_form_to_ask()
    {
        _api.On(HttpMethod.Get, QuestionsPath, _ => new[] { Thread("Answered", ("Hỏi?", false), ("Đã gửi mẫu qua thư điện tử.", true)) });
        var questions = _bunit.Render<AssignmentQuestions>(p => p.Add(q => q.AssignmentId, AssignmentId).Add(q => q.CanAsk, false));

        Assert.Contains("Văn phòng Sở", questions.Find("[data-testid=thread]").TextContent);
        Assert.Contains("Đã gửi mẫu qua thư điện tử.", questions.Markup);
        Assert.Empty(questions.FindAll("[data-testid=ask]"));
        Assert.Empty(questions.FindAll("#question-text"));
    }

    [Fact]
    public void The_office_answers_an_open_question_and_the_list_reloads_an_empty_answer_is_flagged()
    {
        var answered = false;
        _api.On(HttpMethod.Get, "api/tasks/questions", _ => answered
            ? new Paged<QuestionThread>([], 1, 100, 0)
            : new Paged<QuestionThread>([Thread("Open", ("Trường chưa nhận được mẫu biên bản?", false))], 1, 100, 1));
        _api.On(HttpMethod.Get, $"api/units/{UnitId}", _ => new UnitInfo(UnitId, "THCS-LC", "THCS Lê Chân", null, "School", null, "Active", null, null, null, null, null, null));
        _api.On(HttpMethod.Post, $"api/tasks/questions/{QuestionId}/replies", _ => { answered = true; return Thread("Answered"); });
        var page = _bunit.Render<Questions>();

        Assert.Contains("THCS Lê Chân", page.Find("[data-testid=open-question]").TextContent);
        Assert.Contains("status=Open", Assert.Single(_api.CallsTo(HttpMethod.Get, "api/tasks/questions")).Path);

        page.Find("[data-testid=send-reply]").Click();
        page.WaitForAssertion(() => Assert.Contains("Nhập nội dung trả lời.", page.Markup));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, $"api/tasks/questions/{QuestionId}/replies"));

        page.Find($"#reply-{QuestionId}").Input("Văn phòng đã gửi mẫu qua hệ thống ngày 01/12.");
        page.Find("[data-testid=send-reply]").Click();

        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"api/tasks/questions/{QuestionId}/replies")));
        var body = Assert.Single(_api.CallsTo(HttpMethod.Post, $"api/tasks/questions/{QuestionId}/replies")).Body!.Value;
        Assert.Equal("Văn phòng đã gửi mẫu qua hệ thống ngày 01/12.", body.GetProperty("text").GetString());
        page.WaitForAssertion(() => Assert.Contains("Đã gửi trả lời.", page.Find("[data-testid=reply-sent]").TextContent));
        Assert.NotNull(page.Find("[data-testid=no-open-questions]"));
    }

    [Fact]
    public void A_refused_answer_shows_the_apis_problem_beside_the_question()
    {
        _api.On(HttpMethod.Get, "api/tasks/questions", _ => new Paged<QuestionThread>([Thread("Open", ("Hỏi?", false))], 1, 100, 1));
        _api.On(HttpMethod.Get, $"api/units/{UnitId}", _ => new ApiProblem(404, "Không tìm thấy.", null, ApiProblem.NoErrors));
        _api.On(HttpMethod.Post, $"api/tasks/questions/{QuestionId}/replies", _ => new ApiProblem(403, "Không có quyền.",
            "Chỉ Văn phòng Sở trả lời, và đơn vị đã hỏi được trao đổi thêm.", ApiProblem.NoErrors));
        var page = _bunit.Render<Questions>();

        page.Find($"#reply-{QuestionId}").Input("Trả lời.");
        page.Find("[data-testid=send-reply]").Click();

        page.WaitForAssertion(() => Assert.Contains("Không có quyền.", page.Find("[data-testid=open-question] [data-testid=problem]").TextContent));
        var problem = page.Find("[data-testid=open-question] [data-testid=problem]").TextContent;
        Assert.Contains("Không có quyền.", problem);
        Assert.Contains("Chỉ Văn phòng Sở trả lời", problem);
        Assert.Empty(page.FindAll("[data-testid=reply-sent]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static QuestionThread Thread(string status, params (string Text, bool FromDepartment)[] messages) =>
        new(QuestionId, AssignmentId, UnitId, At, "user-1", status,
            messages.Select((m, i) => new QuestionMessage(Guid.NewGuid(), At.AddMinutes(i), "user-1", UnitId, m.FromDepartment, m.Text)).ToList());
}
