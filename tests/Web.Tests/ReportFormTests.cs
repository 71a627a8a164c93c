using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Shared;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

/// <summary>The report form against a fake gateway: inline checks from the template, the API's messages on their fields, autosave.</summary>
public sealed class ReportFormTests : IAsyncLifetime
{
    private static readonly Guid SubmissionId = Guid.Parse("0190f2a1-0000-7000-8000-000000000001");
    private static readonly Guid TemplateId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000aa");
    private static readonly string SubmissionPath = $"api/reports/submissions/{SubmissionId}";
    private static readonly string ValuesPath = $"{SubmissionPath}/values";

    // MudBlazor's services dispose only asynchronously: the context is disposed through IAsyncLifetime.
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();

    public ReportFormTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _api.On(HttpMethod.Get, $"api/reports/templates/{TemplateId}/versions/3", _ => Version());
    }

    [Fact]
    public void A_number_above_the_templates_maximum_is_flagged_under_its_field_as_it_is_typed()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Draft"));
        _api.On(HttpMethod.Put, ValuesPath, _ => Submission("Draft"));
        var form = RenderForm();

        // MudBlazor hands a typed value on asynchronously: the render that shows the message can come a moment after Input.
        form.Find("#field-dissemination_sessions").Input("100001");

        form.WaitForAssertion(() => Assert.Contains("'Số buổi tuyên truyền' phải nhỏ hơn hoặc bằng 100000.", form.Markup));
        form.Find("#field-dissemination_sessions").Input("-1");
        form.WaitForAssertion(() => Assert.Contains("'Số buổi tuyên truyền' phải lớn hơn hoặc bằng 0.", form.Markup));
        Assert.DoesNotContain("nhỏ hơn hoặc bằng 100000", form.Markup);
        form.Find("#field-dissemination_sessions").Input("2,5");
        form.WaitForAssertion(() => Assert.Contains("Nhập số nguyên.", form.Markup));
    }

    [Fact]
    public void Submitting_with_a_required_indicator_empty_names_it_and_sends_nothing()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Draft", sessions: null));
        var form = RenderForm();
        Assert.DoesNotContain("là bắt buộc", form.Markup); // not before the user tried

        form.Find("[data-testid=submit-report]").Click();

        form.WaitForAssertion(() => Assert.Contains("Chỉ tiêu 'Số buổi tuyên truyền' là bắt buộc.", form.Markup));
        Assert.DoesNotContain("Chỉ tiêu 'Ghi chú' là bắt buộc.", form.Markup); // optional
        Assert.Contains("Báo cáo còn lỗi", form.Find("[data-testid=problem]").TextContent);
        Assert.Empty(_api.CallsTo(HttpMethod.Post, $"{SubmissionPath}/submit"));
        Assert.Empty(_api.CallsTo(HttpMethod.Put, ValuesPath));
    }

    [Fact]
    public void Autosave_waits_for_the_pause_then_sends_only_the_changed_indicator_and_says_saved()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Draft"));
        _api.On(HttpMethod.Put, ValuesPath, _ => Submission("Draft", sessions: 7));
        var form = RenderForm(autosave: TimeSpan.FromSeconds(2));
        Assert.Contains("tự động lưu", form.Find("[data-testid=autosave-state]").TextContent);

        form.Find("#field-dissemination_sessions").Input("6");
        form.Find("#field-dissemination_sessions").Input("7");

        form.WaitForAssertion(() => Assert.Equal("Có thay đổi chưa lưu…", form.Find("[data-testid=autosave-state]").TextContent.Trim()));
        Assert.Empty(_api.CallsTo(HttpMethod.Put, ValuesPath));
        form.WaitForAssertion(() => Assert.StartsWith("Đã lưu nháp lúc", form.Find("[data-testid=autosave-state]").TextContent.Trim()), TimeSpan.FromSeconds(15));
        var save = Assert.Single(_api.CallsTo(HttpMethod.Put, ValuesPath));
        var values = save.Body!.Value.GetProperty("values");
        Assert.Equal(["dissemination_sessions"], values.EnumerateObject().Select(p => p.Name));
        Assert.Equal(7m, values.GetProperty("dissemination_sessions").GetDecimal());
    }

    [Fact]
    public void A_refused_autosave_says_the_draft_is_not_saved_and_shows_the_apis_message_on_the_field()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Draft"));
        _api.On(HttpMethod.Put, ValuesPath, _ => new ApiProblem(400, "Dữ liệu không hợp lệ.", null,
            new Dictionary<string, string[]> { ["values.dissemination_sessions"] = ["'Số buổi tuyên truyền' phải là số nguyên."] }));
        var form = RenderForm(autosave: TimeSpan.FromMilliseconds(50));

        form.Find("#field-dissemination_sessions").Input("8");

        form.WaitForAssertion(() => Assert.Equal("Chưa lưu được nháp — xem thông báo lỗi.", form.Find("[data-testid=autosave-state]").TextContent.Trim()));
        Assert.Contains("'Số buổi tuyên truyền' phải là số nguyên.", form.Markup);
        Assert.Contains("Dữ liệu không hợp lệ.", form.Find("[data-testid=problem]").TextContent);
    }

    [Fact]
    public void Submit_refused_by_the_api_puts_field_messages_under_their_fields_and_rule_messages_at_the_top()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Draft"));
        _api.On(HttpMethod.Post, $"{SubmissionPath}/submit", _ => new ApiProblem(400, "Báo cáo chưa hợp lệ.", null, new Dictionary<string, string[]>
        {
            ["values.pupils_involved"] = ["'Số học sinh liên quan' phải nhỏ hơn hoặc bằng 500 (đang là 900)."],
            ["rules.pupils_cover_cases"] = ["Số học sinh liên quan phải không nhỏ hơn số vụ việc."],
        }));
        var form = RenderForm();

        form.Find("[data-testid=submit-report]").Click();

        form.WaitForAssertion(() => Assert.Contains("Báo cáo chưa hợp lệ.", form.Find("[data-testid=problem]").TextContent));
        var problem = form.Find("[data-testid=problem]").TextContent;
        Assert.Contains("Báo cáo chưa hợp lệ.", problem);
        Assert.Contains("Số học sinh liên quan phải không nhỏ hơn số vụ việc.", problem);
        // The field message sits with its field, not in the list at the top.
        Assert.DoesNotContain("đang là 900", problem);
        Assert.Contains("'Số học sinh liên quan' phải nhỏ hơn hoặc bằng 500 (đang là 900).", form.Markup);
        Assert.Single(_api.CallsTo(HttpMethod.Post, $"{SubmissionPath}/submit"));

        // Typing in the field clears the API's message there: it no longer applies.
        form.Find("#field-pupils_involved").Input("13");
        // The message is shown until the typing is handled: waiting for it to go is waiting for the typing.
        form.WaitForAssertion(() => Assert.DoesNotContain("đang là 900", form.Markup));
    }

    [Fact]
    public void Returned_report_shows_the_comment_and_resubmitting_saves_first_then_submits()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Returned", comment: "Số buổi chưa khớp kế hoạch."));
        // As the API does, the first save makes the returned report a draft again; the comment stays in view while correcting.
        _api.On(HttpMethod.Put, ValuesPath, _ => Submission("Draft", sessions: 5, comment: "Số buổi chưa khớp kế hoạch."));
        _api.On(HttpMethod.Post, $"{SubmissionPath}/submit", _ => Submission("Submitted", sessions: 5, actions: [], comment: "Số buổi chưa khớp kế hoạch."));
        var form = RenderForm(autosave: TimeSpan.FromMinutes(1));

        Assert.Contains("Số buổi chưa khớp kế hoạch.", form.Find("[data-testid=return-comment]").TextContent);
        form.Find("#field-dissemination_sessions").Input("5");
        form.Find("#field-dissemination_sessions").Blur();
        form.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Put, ValuesPath)));
        Assert.Contains("Số buổi chưa khớp kế hoạch.", form.Find("[data-testid=return-comment]").TextContent);
        form.Find("[data-testid=submit-report]").Click();

        form.WaitForAssertion(() => Assert.Contains("Đã gửi báo cáo lên cấp trên.", form.Find("[data-testid=report-message]").TextContent));
        var order = _api.Calls.Where(c => c.Method != HttpMethod.Get).Select(c => $"{c.Method} {c.Path}").ToList();
        Assert.Equal([$"PUT {ValuesPath}", $"POST {SubmissionPath}/submit"], order);
        Assert.Empty(form.FindAll("[data-testid=submit-report]")); // submitted: nothing left to do here
        Assert.Empty(form.FindAll("[data-testid=return-comment]")); // with the reviewer again: the old comment is no longer the unit's to act on
    }

    [Fact]
    public void Returning_without_a_comment_is_refused_in_place_and_with_one_sends_it()
    {
        _api.On(HttpMethod.Get, SubmissionPath, _ => Submission("Submitted", actions: ["return", "approve"]));
        _api.On(HttpMethod.Post, $"{SubmissionPath}/return", _ => Submission("Returned", actions: [], comment: "Bổ sung số liệu tháng."));
        var form = RenderForm();

        form.Find("[data-testid=return-report]").Click();
        form.WaitForAssertion(() => Assert.Contains("Nhập ý kiến để đơn vị biết cần sửa gì.", form.Markup));
        Assert.Empty(_api.CallsTo(HttpMethod.Post, $"{SubmissionPath}/return"));

        form.Find("#review-comment").Input("Bổ sung số liệu tháng.");
        form.Find("[data-testid=return-report]").Click();

        form.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"{SubmissionPath}/return")));
        var call = Assert.Single(_api.CallsTo(HttpMethod.Post, $"{SubmissionPath}/return"));
        Assert.Equal("Bổ sung số liệu tháng.", call.Body!.Value.GetProperty("comment").GetString());
        form.WaitForAssertion(() => Assert.Contains("Đã trả lại báo cáo.", form.Find("[data-testid=report-message]").TextContent));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<ReportForm> RenderForm(TimeSpan? autosave = null) =>
        _bunit.Render<ReportForm>(p => p
            .Add(f => f.SubmissionId, SubmissionId)
            .Add(f => f.AutosaveDelay, autosave ?? TimeSpan.FromSeconds(30)));

    private static TemplateVersionInfo Version() => new(Guid.NewGuid(), 3,
    [
        new SectionInfo("a", "I. Tuyên truyền",
        [
            new IndicatorInfo(1, "dissemination_sessions", "a", "Số buổi tuyên truyền", "buổi", "Integer", true, 0, 100000, []),
            new IndicatorInfo(2, "pupils_involved", "a", "Số học sinh liên quan", "em", "Integer", true, 0, 500, []),
        ]),
        new SectionInfo("b", "II. Đánh giá",
        [
            new IndicatorInfo(3, "has_hotline", "b", "Có đường dây nóng", null, "YesNo", false, null, null, []),
            new IndicatorInfo(4, "narrative", "b", "Ghi chú", null, "Text", false, null, null, []),
        ]),
    ], []);

    private static SubmissionDetail Submission(string status, decimal? sessions = 4, string? comment = null, string[]? actions = null)
    {
        JsonElement? Number(decimal? n) => n is null ? null : JsonSerializer.SerializeToElement(n);
        return new SubmissionDetail(
            new SubmissionSummary(SubmissionId, Guid.NewGuid(), "THCS-LECHAN-001", "Trường THCS Lê Chân 1", TemplateId, "2026-11", status,
                new DateOnly(2026, 12, 20), null, false, null, Guid.NewGuid()),
            3, new DateOnly(2026, 10, 15), new DateOnly(2026, 11, 14), comment,
            [
                new ReportValue("dissemination_sessions", "a", "Số buổi tuyên truyền", "Integer", "buổi", true, Number(sessions), null, false),
                new ReportValue("pupils_involved", "a", "Số học sinh liên quan", "Integer", "em", true, Number(12), null, false),
                new ReportValue("has_hotline", "b", "Có đường dây nóng", "YesNo", null, false, null, null, false),
                new ReportValue("narrative", "b", "Ghi chú", "Text", null, false, null, null, false),
            ],
            [],
            actions ?? ["save", "submit"]);
    }
}
