using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Shared;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class AssignmentProgressFormTests : IAsyncLifetime
{
    private static readonly Guid AssignmentId = Guid.Parse("0190f2a1-0000-7000-8000-000000000077");
    private static readonly string ProgressPath = $"api/tasks/assignments/{AssignmentId}/progress";
    // MudBlazor's services dispose only asynchronously: the context is disposed through IAsyncLifetime.
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();
    private int _savedCount;

    public AssignmentProgressFormTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Sending_an_empty_update_names_both_required_fields_and_calls_nothing()
    {
        var form = RenderForm();

        form.Find("[data-testid=send-progress]").Click();

        // MudBlazor hands input and clicks on asynchronously: wait for the render an interaction causes before asserting on it.
        form.WaitForAssertion(() => Assert.Contains("Nhập nội dung đã thực hiện.", form.Markup));
        Assert.Contains("Nhập mức độ hoàn thành.", form.Markup);
        Assert.Empty(_api.Calls);
        Assert.Equal(0, _savedCount);
    }

    [Theory]
    [InlineData("150", "Mức độ hoàn thành phải từ 0 đến 100.")]
    [InlineData("-5", "Mức độ hoàn thành phải từ 0 đến 100.")]
    [InlineData("năm mươi", "Nhập một số nguyên từ 0 đến 100.")]
    public void A_percent_outside_0_to_100_or_not_a_number_is_flagged_as_typed_and_not_sent(string percent, string message)
    {
        var form = RenderForm();

        form.Find("#progress-text").Input("Đã tổ chức tuyên truyền cho khối 6.");
        form.Find("#progress-percent").Input(percent);

        form.WaitForAssertion(() => Assert.Contains(message, form.Markup));
        var renders = form.RenderCount;
        form.Find("[data-testid=send-progress]").Click();
        // Nothing on the page changes: that the form rendered again is what shows the click was handled.
        form.WaitForAssertion(() => Assert.True(form.RenderCount > renders));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public void A_valid_update_is_sent_with_text_percent_and_links_then_the_form_is_cleared()
    {
        _api.On(HttpMethod.Post, ProgressPath, _ => new object());
        var form = RenderForm();

        form.Find("#progress-text").Input("  Đã tổ chức tuyên truyền Chỉ thị 02 cho toàn trường.  ");
        form.Find("#progress-percent").Input("60%");
        form.Find("#progress-links").Change("https://truong.edu.vn/tin/1\n\nhttps://truong.edu.vn/tin/2 ");
        form.Find("[data-testid=send-progress]").Click();

        form.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, ProgressPath)));
        var call = Assert.Single(_api.CallsTo(HttpMethod.Post, ProgressPath));
        var body = call.Body!.Value;
        Assert.Equal("Đã tổ chức tuyên truyền Chỉ thị 02 cho toàn trường.", body.GetProperty("text").GetString());
        Assert.Equal(60, body.GetProperty("percent").GetInt32());
        Assert.Equal(["https://truong.edu.vn/tin/1", "https://truong.edu.vn/tin/2"], body.GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        form.WaitForAssertion(() => Assert.Contains("Đã cập nhật tiến độ.", form.Find("[data-testid=progress-saved]").TextContent));
        Assert.Equal("", form.Find("#progress-text").GetAttribute("value") ?? "");
        Assert.Equal(1, _savedCount);
    }

    [Fact]
    public void The_apis_refusal_is_shown_as_its_title_and_field_message_never_a_stack_trace()
    {
        _api.On(HttpMethod.Post, ProgressPath, _ => new ApiProblem(422, "Không thể thực hiện.", "Nhiệm vụ chưa được tiếp nhận.",
            new Dictionary<string, string[]> { ["text"] = ["Nội dung tối đa 4000 ký tự."] }));
        var form = RenderForm();

        form.Find("#progress-text").Input("Đã làm.");
        form.Find("#progress-percent").Input("10");
        form.Find("[data-testid=send-progress]").Click();

        form.WaitForAssertion(() => Assert.Contains("Không thể thực hiện.", form.Find("[data-testid=problem]").TextContent));
        var problem = form.Find("[data-testid=problem]").TextContent;
        Assert.Contains("Không thể thực hiện.", problem);
        Assert.Contains("Nhiệm vụ chưa được tiếp nhận.", problem);
        Assert.DoesNotContain("Nội dung tối đa 4000 ký tự.", problem); // shown with the field instead
        Assert.Contains("Nội dung tối đa 4000 ký tự.", form.Markup);
        Assert.Empty(form.FindAll("[data-testid=progress-saved]"));
        Assert.Equal(0, _savedCount);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<AssignmentProgressForm> RenderForm() =>
        _bunit.Render<AssignmentProgressForm>(p => p
            .Add(f => f.AssignmentId, AssignmentId)
            .Add(f => f.Saved, () => _savedCount++));
}
