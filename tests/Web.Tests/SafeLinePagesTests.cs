using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

/// <summary>The safe line's public pages go to the gateway without a token; here the fake answers them.</summary>
internal sealed class FakeSafeLineApi(FakePlatformApi api) : ISafeLineApi
{
    public List<string?> Clients { get; } = [];

    public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? client, CancellationToken ct = default)
    {
        Clients.Add(client);
        return api.SendAsync<T>(method, path, body, ct);
    }
}

public sealed class SafeLinePagesTests : IAsyncLifetime
{
    private static readonly Guid SchoolId = Guid.Parse("0190f2a1-0000-7000-8000-00000000c001");
    private static readonly Guid CaseId = Guid.Parse("0190f2a1-0000-7000-8000-00000000c0a1");
    private static readonly string[] EnumWords = ["Bullying", "SelfHarm", "Drugs", "High", "Normal", "New", "Acknowledged", "Closed", "selfHarm", "bullying"];
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public SafeLinePagesTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.SchoolManager, SchoolId);
        _bunit.Services.AddSingleton<ISafeLineApi>(new FakeSafeLineApi(_api));
        _api.On(HttpMethod.Get, $"api/safeline/schools/{SchoolId}", _ => new SafeLineSchool(SchoolId, "Trường THCS Lê Lợi", "Phòng GDĐT quận Hồng Bàng"));
    }

    /// <summary>What a person reads: the text, and placeholders (not the values of hidden fields or options, which nobody sees).</summary>
    private static void AssertReadable<T>(IRenderedComponent<T> page) where T : IComponent
    {
        var text = string.Join("\n", page.Nodes.Select(n => n.TextContent));
        RenderedText.AssertNoRawCodes(text);
        foreach (var word in EnumWords) Assert.DoesNotMatch($@"(?<![\p{{L}}]){word}(?![\p{{L}}])", text);
    }

    [Fact]
    public void A_pupil_finds_the_school_without_diacritics_and_picks_it()
    {
        _api.On(HttpMethod.Get, "api/safeline/schools", _ => new[] { new SafeLineSchool(SchoolId, "Trường THCS Lê Lợi", "Phòng GDĐT quận Hồng Bàng") });
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("an-toan?q=le%20loi");
        var page = _bunit.Render<SafeLineReport>();

        page.WaitForAssertion(() => Assert.Contains("Trường THCS Lê Lợi", page.Find("[data-testid=schools]").TextContent));
        Assert.Equal($"an-toan?truong={SchoolId}", page.Find("[data-testid=schools] a").GetAttribute("href"));
        Assert.Equal("api/safeline/schools?q=le%20loi", _api.Calls.Single().Path);
        AssertReadable(page);
    }

    [Fact]
    public void A_report_is_sent_without_an_account_and_the_code_and_passphrase_are_shown_once()
    {
        _api.On(HttpMethod.Post, "api/safeline/reports", _ => new SafeLineReceipt("AT-7KQ3-M9XD", "k7mq-2xpf-9hde-r4tn", "Trường THCS Lê Lợi"));
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"an-toan?truong={SchoolId}");
        var page = _bunit.Render<SafeLineReport>();
        page.WaitForAssertion(() => Assert.Contains("Trường THCS Lê Lợi", page.Find("[data-testid=school]").TextContent));

        // Days read dd/MM/yyyy; today first.
        var firstDay = page.Find("#day option").TextContent;
        Assert.Matches(@"^Hôm nay, \d{2}/\d{2}/\d{4}$", firstDay);
        Assert.Equal(6, page.FindAll("input[type=radio]").Count);
        AssertReadable(page);

        page.Find("[data-testid=category-selfHarm]").Change("selfHarm");
        page.Find("#hour").Change("10");
        page.Find("#place").Change("Nhà vệ sinh tầng 2");
        page.Find("#text").Change("Bạn cùng bàn nói muốn tự tử vì bị bắt nạt.");
        page.Find("[data-testid=report-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("AT-7KQ3-M9XD", page.Find("[data-testid=code]").TextContent));
        Assert.Equal("k7mq-2xpf-9hde-r4tn", page.Find("[data-testid=passphrase]").TextContent);
        Assert.Contains("chỉ hiện một lần", page.Find("[data-testid=receipt]").TextContent);
        var body = _api.CallsTo(HttpMethod.Post, "api/safeline/reports").Single().Body!.Value;
        Assert.Equal(SchoolId, body.GetProperty("schoolId").GetGuid());
        Assert.Equal("selfHarm", body.GetProperty("category").GetString());
        Assert.Equal(10, body.GetProperty("occurredHour").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", body.GetProperty("occurredOn").GetString());
        Assert.Equal("Bạn cùng bàn nói muốn tự tử vì bị bắt nạt.", body.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("website").ValueKind);
        AssertReadable(page);
    }

    [Fact]
    public void The_safe_lines_Vietnamese_field_errors_are_shown_and_nothing_is_claimed_sent()
    {
        _api.On(HttpMethod.Post, "api/safeline/reports", _ => new ApiProblem(400, "Dữ liệu không hợp lệ.", "Yêu cầu có lỗi ở: category, text.",
            new Dictionary<string, string[]> { ["category"] = ["Hãy chọn điều đã xảy ra."], ["text"] = ["Trường 'text' là bắt buộc."] }));
        _bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"an-toan?truong={SchoolId}");
        var page = _bunit.Render<SafeLineReport>();
        page.WaitForAssertion(() => page.Find("[data-testid=report-form]"));
        page.Find("[data-testid=report-form]").Submit();

        page.WaitForAssertion(() => Assert.Contains("Hãy chọn điều đã xảy ra.", page.Find("[data-testid=problem]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=receipt]"));
    }

    [Fact]
    public void The_reporter_opens_the_case_reads_the_schools_reply_and_writes_more()
    {
        var at = new DateTimeOffset(2026, 12, 7, 2, 5, 0, TimeSpan.Zero); // 09:05 in Vietnam
        SafeLineCaseView View(params SafeLineMessage[] messages) => new("AT-7KQ3-M9XD", "Trường THCS Lê Lợi", "bullying", "Acknowledged", true,
            "Đã được tiếp nhận", new DateOnly(2026, 12, 6), at, null, messages);
        _api.On(HttpMethod.Post, "api/safeline/follow", _ => View(new SafeLineMessage(false, "Nhà trường", "Cảm ơn em, thầy đã nắm được.", at.AddMinutes(30))));
        _api.On(HttpMethod.Post, "api/safeline/follow/messages", _ => View(
            new SafeLineMessage(false, "Nhà trường", "Cảm ơn em, thầy đã nắm được.", at.AddMinutes(30)),
            new SafeLineMessage(true, "Bạn", "Em cảm ơn thầy ạ.", at.AddMinutes(40))));
        var page = _bunit.Render<SafeLineFollow>();

        page.Find("#code").Change("at-7kq3-m9xd");
        page.Find("#passphrase").Change("k7mq-2xpf-9hde-r4tn");
        page.Find("[data-testid=follow-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Đã được tiếp nhận", page.Find("[data-testid=status]").TextContent));
        Assert.Contains("06/12/2026", page.Find("[data-testid=case]").TextContent);
        Assert.Contains("07/12/2026 09:05", page.Find("[data-testid=case]").TextContent);
        Assert.Contains("Cảm ơn em, thầy đã nắm được.", page.Find("[data-testid=messages]").TextContent);
        AssertReadable(page);

        page.Find("#more").Change("Em cảm ơn thầy ạ.");
        page.Find("[data-testid=more-form]").Submit();
        page.WaitForAssertion(() => Assert.Contains("Em cảm ơn thầy ạ.", page.Find("[data-testid=messages]").TextContent));
        var sent = _api.CallsTo(HttpMethod.Post, "api/safeline/follow/messages").Single().Body!.Value;
        Assert.Equal(("at-7kq3-m9xd", "k7mq-2xpf-9hde-r4tn", "Em cảm ơn thầy ạ."),
            (sent.GetProperty("code").GetString(), sent.GetProperty("passphrase").GetString(), sent.GetProperty("text").GetString()));
    }

    [Fact]
    public void A_wrong_code_or_passphrase_says_so_in_Vietnamese()
    {
        _api.On(HttpMethod.Post, "api/safeline/follow", _ => new ApiProblem(404, "Không tìm thấy.", "Mã tin báo hoặc cụm mật khẩu không đúng.", ApiProblem.NoErrors));
        var page = _bunit.Render<SafeLineFollow>();
        page.Find("#code").Change("AT-7KQ3-M9XD");
        page.Find("#passphrase").Change("sai");
        page.Find("[data-testid=follow-form]").Submit();
        page.WaitForAssertion(() => Assert.Contains("Mã tin báo hoặc cụm mật khẩu không đúng.", page.Find("[data-testid=problem]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=case]"));
    }

    [Fact]
    public void The_school_handler_sees_urgent_cases_in_words_reads_one_and_replies()
    {
        var at = new DateTimeOffset(2026, 12, 7, 2, 5, 0, TimeSpan.Zero);
        var school = new SafeLineSchool(SchoolId, "Trường THCS Lê Lợi", null);
        _api.On(HttpMethod.Get, "api/safeline/cases", _ => new SafeLineCases.CasePage(
        [
            new SafeLineCases.CaseSummary(CaseId, "AT-7KQ3-M9XD", school, "selfHarm", "High", "New", at, at.AddMinutes(15), 0, 0, at),
        ], 1, 100, 1));
        SafeLineCases.CaseDetail Detail(string status, params SafeLineCases.CaseMessage[] messages) => new(CaseId, "AT-7KQ3-M9XD", school, "selfHarm", "High",
            status, new DateOnly(2026, 12, 6), 10, "Nhà vệ sinh tầng 2", "Bạn cùng bàn nói muốn tự tử.", null, at, null, null, 0, null, false, messages);
        _api.On(HttpMethod.Get, $"api/safeline/cases/{CaseId}", _ => Detail("New"));
        _api.On(HttpMethod.Post, $"api/safeline/cases/{CaseId}/replies", _ => Detail("Acknowledged",
            new SafeLineCases.CaseMessage(false, "Cô Lan", "Cô đã gặp bạn ấy. Em yên tâm.", at.AddMinutes(10))));
        var page = _bunit.Render<SafeLineCases>();

        page.WaitForAssertion(() => Assert.Contains("AT-7KQ3-M9XD", page.Find("[data-testid=cases]").TextContent));
        var row = page.Find("[data-testid=cases]").TextContent;
        Assert.Contains("Khẩn", row);
        Assert.Contains("Tự làm hại bản thân", row);
        Assert.Contains("Chờ tiếp nhận", row);
        Assert.Contains("07/12/2026 09:20", row); // acknowledge before
        Assert.Equal($"api/safeline/schools/{SchoolId}/poster.svg", page.Find("[data-testid=poster]").GetAttribute("href"));
        AssertReadable(page);

        page.Find("[data-testid=case-item]").Click();
        page.WaitForAssertion(() => Assert.Equal("Bạn cùng bàn nói muốn tự tử.", page.Find("[data-testid=case-text]").TextContent));
        AssertReadable(page);
        var box = page.Find("[data-testid=reply-text]");
        (box.TagName == "TEXTAREA" ? box : box.QuerySelector("textarea")!).Change("Cô đã gặp bạn ấy. Em yên tâm.");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=reply]").HasAttribute("disabled")));
        page.Find("[data-testid=reply]").Click();
        page.WaitForAssertion(() => Assert.Contains("Cô đã gặp bạn ấy.", page.Markup));
        Assert.Equal("Cô đã gặp bạn ấy. Em yên tâm.", _api.CallsTo(HttpMethod.Post, $"api/safeline/cases/{CaseId}/replies").Single().Body!.Value.GetProperty("text").GetString());
        Assert.Contains("Đã tiếp nhận", page.Find("[data-testid=case-detail]").TextContent);
    }

    [Fact]
    public void The_principal_names_a_teacher_who_opened_the_page_as_a_handler()
    {
        var named = false;
        _api.On(HttpMethod.Get, "api/safeline/cases", _ => new SafeLineCases.CasePage([], 1, 100, 0));
        _api.On(HttpMethod.Get, "api/safeline/handlers/candidates", _ => new[]
        {
            new SafeLineCases.StaffCandidate("0190f2a1-0000-7000-8000-00000000d001", "Cô Nguyễn Thị Lan", new DateOnly(2026, 12, 7), named),
        });
        _api.On(HttpMethod.Put, "api/safeline/handlers/0190f2a1-0000-7000-8000-00000000d001", _ => { named = true; return new { }; });
        var page = _bunit.Render<SafeLineCases>();
        page.WaitForAssertion(() => page.Find("[data-testid=no-cases]"));

        page.Find("[data-testid=handlers-panel] .mud-expand-panel-header").Click();
        page.WaitForAssertion(() => Assert.Contains("Cô Nguyễn Thị Lan", page.Find("[data-testid=candidate]").TextContent));
        AssertReadable(page);
        page.Find("[data-testid=name]").Click();
        page.WaitForAssertion(() => Assert.Contains("Đang tiếp nhận", page.Find("[data-testid=candidate]").TextContent));
        Assert.Equal("Cô Nguyễn Thị Lan", _api.CallsTo(HttpMethod.Put, "api/safeline/handlers/0190f2a1-0000-7000-8000-00000000d001").Single().Body!.Value.GetProperty("name").GetString());
        AssertReadable(page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
