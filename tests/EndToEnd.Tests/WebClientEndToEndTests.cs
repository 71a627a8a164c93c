using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The web client in headless Chromium, through the gateway only, as the demo users would use it: a school
/// principal acknowledges and completes task 1 of the seed dispatch; a principal fills and submits the
/// monthly BC-PCBLHD report (the demo schedule's period), the district officer returns it with a comment, the principal corrects and resubmits,
/// the officer approves; the Department's dashboard shows the change. Screenshots of each main page go to
/// TestResults/screenshots beside the test assembly.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebClientEndToEndTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Guid TemplateId = DemoUnitIds.For("TEMPLATE:BC-PCBLHD");

    /// <summary>A consistent set of answers (the template's rules hold), as the reporting end-to-end test uses.</summary>
    private static readonly Dictionary<string, string> Answers = new()
    {
        ["dissemination_sessions"] = "4", ["participants_pupils"] = "620", ["participants_parents"] = "180", ["participants_staff"] = "45",
        ["legal_education_with_police"] = "1", ["coordination_programmes_signed"] = "1", ["briefing_meetings_held"] = "2",
        ["violence_serious"] = "1", ["violence_other"] = "2", ["pupils_involved"] = "5", ["drug_cases"] = "0", ["child_abuse_cases"] = "0",
        ["other_social_evil_cases"] = "0", ["traffic_violations"] = "3", ["traffic_accidents"] = "0", ["cases_referred_to_police"] = "1",
        ["inspections_carried_out"] = "1",
        ["narrative"] = "Nhà trường tổ chức tuyên truyền Chỉ thị 02 cho toàn trường; các vụ việc đã được xử lý kịp thời.",
    };

    private WebBrowsers _web = null!;
    private string _gateway = null!;

    public async Task InitializeAsync()
    {
        _web = await WebBrowsers.StartAsync(platform);
        _gateway = _web.Gateway;
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task Principal_acknowledges_task_1_and_reports_returned_resubmitted_and_approved_show_on_the_departments_dashboard()
    {
        var clock = Stopwatch.StartNew();
        using var api = platform.App.CreateHttpClient(ResourceNames.Gateway);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(api, "admin"));
        await PlatformTests.WaitForDemoUnitsInEveryReplicaAsync(api);
        await WaitForSeedDispatchAsync("thpt.principal");
        var reportId = await WaitForMonthlyReportAsync();
        output.WriteLine($"Platform and demo data ready after {clock.Elapsed.TotalSeconds:F0} s; report {reportId}");

        // The Department's dashboard before: task 1 of the seed dispatch by district, once its figures have settled.
        await WaitForCompletionByDistrictToSettleAsync("department.officer", task: 1);
        var department = await SignInAsync("department.officer");
        await department.GotoAsync($"{_gateway}/dashboard");
        var before = await CompletionByAreaAsync(department, task: 1);
        await ShotAsync(department, "01-department-dashboard-before");

        // The upper-secondary school's principal (the dispatch reaches THPT schools directly) takes task 1 from the to-do list.
        var school = await SignInAsync("thpt.principal");
        await Assertions.Expect(school.GetByTestId("todo-assignments")).ToContainTextAsync("SGDĐT-VP");
        await ShotAsync(school, "02-school-home-todo");
        await school.GetByTestId("todo-assignments").Locator("a", new() { HasTextRegex = new Regex(@"SGDĐT-VP — nhiệm vụ 1\b") }).First.ClickAsync();
        await Assertions.Expect(school.GetByTestId("assignment-title")).ToContainTextAsync("Nhiệm vụ 1");
        await school.GetByTestId("acknowledge").ClickAsync();
        await Assertions.Expect(school.GetByTestId("assignment-message")).ToHaveTextAsync("Đã tiếp nhận nhiệm vụ.");
        await Assertions.Expect(school.GetByTestId("acknowledged-at")).ToBeVisibleAsync();
        // Inline check before anything is sent: a percent over 100.
        await school.Locator("#progress-text").FillAsync("Đã quán triệt Chỉ thị 02 và kế hoạch của Sở tới toàn thể cán bộ, giáo viên.");
        await school.Locator("#progress-percent").FillAsync("120");
        await Assertions.Expect(school.GetByTestId("progress-form")).ToContainTextAsync("Mức độ hoàn thành phải từ 0 đến 100.");
        await school.Locator("#progress-percent").FillAsync("100");
        await school.GetByTestId("send-progress").ClickAsync();
        await Assertions.Expect(school.GetByTestId("progress-saved")).ToBeVisibleAsync();
        await Assertions.Expect(school.GetByTestId("assignment-percent")).ToHaveTextAsync("100%");
        await school.Locator("#completion-note").FillAsync("Đã tổ chức hội nghị quán triệt ngày đầu tuần.");
        await school.GetByTestId("complete").ClickAsync();
        await Assertions.Expect(school.GetByTestId("assignment-message")).ToHaveTextAsync("Đã báo cáo hoàn thành nhiệm vụ.");
        await ShotAsync(school, "03-assignment-completed");

        // The lower-secondary principal fills the BC-PCBLHD report; the form checks bounds as they type and autosaves.
        var principal = await SignInAsync("school.principal");
        var due = principal.GetByTestId("todo-reports").Locator($"a[href='reporting/submissions/{reportId}']");
        await Assertions.Expect(due).ToContainTextAsync("Tháng ");
        await due.ClickAsync();
        await Assertions.Expect(principal.GetByTestId("report-title")).ToContainTextAsync("THCS");
        await Assertions.Expect(principal.GetByTestId("report-title")).ToContainTextAsync("Tháng ");
        await principal.Locator("#field-dissemination_sessions").FillAsync("100001");
        await Assertions.Expect(principal.Locator("body")).ToContainTextAsync("phải nhỏ hơn hoặc bằng 100000");
        foreach (var (code, value) in Answers) await principal.Locator($"#field-{code}").FillAsync(value);
        await principal.Locator("[aria-labelledby='field-has_hotline-label']").GetByText("Có", new() { Exact = true }).ClickAsync();
        await principal.Locator("#field-overall_situation").ClickAsync();
        await principal.Locator(".mud-popover-open").GetByText("Có vụ việc nhưng đã kiểm soát").ClickAsync();
        await Assertions.Expect(principal.GetByTestId("autosave-state")).ToContainTextAsync("Đã lưu nháp lúc", new() { Timeout = 15_000 });
        await Assertions.Expect(principal.Locator("body")).Not.ToContainTextAsync("phải nhỏ hơn hoặc bằng 100000");
        // A rule across indicators, refused by the API on submit, reads as its message (legal-education sessions within all sessions).
        await FillAndWaitUntilSavedAsync(principal, api, reportId, "dissemination_sessions", 0);
        await principal.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(principal.GetByTestId("problem")).ToContainTextAsync("Số buổi giáo dục pháp luật với công an nằm trong tổng số buổi tuyên truyền.");
        await ShotAsync(principal, "04-report-form-rule-refused");
        await FillAndWaitUntilSavedAsync(principal, api, reportId, "dissemination_sessions", 4);
        await principal.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(principal.GetByTestId("report-message")).ToHaveTextAsync("Đã gửi báo cáo lên cấp trên.");
        await ShotAsync(principal, "05-report-submitted");

        // The district officer finds it in the review queue and returns it with a comment.
        var officer = await SignInAsync("district.officer");
        await ShotAsync(officer, "06-district-home-dashboard");
        await officer.GotoAsync($"{_gateway}/reports/review");
        var row = officer.GetByTestId("submission-table").Locator($"a[href='reporting/submissions/{reportId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await ShotAsync(officer, "07-review-queue");
        await row.ClickAsync();
        const string comment = "Số buổi tuyên truyền chưa khớp với kế hoạch; đề nghị nhà trường kiểm tra lại.";
        await officer.GetByTestId("return-report").ClickAsync();
        await Assertions.Expect(officer.Locator("body")).ToContainTextAsync("Nhập ý kiến để đơn vị biết cần sửa gì.");
        await officer.Locator("#review-comment").FillAsync(comment);
        await officer.GetByTestId("return-report").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("report-message")).ToHaveTextAsync("Đã trả lại báo cáo.");

        // The principal sees the comment, corrects the figure and resubmits.
        await principal.GotoAsync($"{_gateway}/");
        await Assertions.Expect(principal.GetByTestId("todo-reports")).ToContainTextAsync("Bị trả lại");
        await principal.GotoAsync($"{_gateway}/reporting/submissions/{reportId}");
        try
        {
            await Assertions.Expect(principal.GetByTestId("return-comment")).ToContainTextAsync(comment);
        }
        catch (PlaywrightException ex)
        {
            // Say what the page and the API showed, so a failure here can be understood from the CI log alone.
            await ShotAsync(principal, "08-return-comment-missing");
            var stored = await api.GetStringAsync($"/api/reports/submissions/{reportId}");
            throw new Xunit.Sdk.XunitException($"The returned report shows no reviewer's comment: {ex.Message}\n" +
                $"API: {stored[..Math.Min(stored.Length, 3000)]}\nPage: {await principal.Locator("main").InnerTextAsync()}\n{platform.RecentLogLines(40)}");
        }
        await ShotAsync(principal, "08-report-returned-with-comment");
        await FillAndWaitUntilSavedAsync(principal, api, reportId, "dissemination_sessions", 5);
        await principal.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(principal.GetByTestId("report-message")).ToHaveTextAsync("Đã gửi báo cáo lên cấp trên.");

        // The officer approves.
        await officer.GotoAsync($"{_gateway}/reporting/submissions/{reportId}");
        await Assertions.Expect(officer.Locator("#field-dissemination_sessions")).ToHaveValueAsync("5");
        await officer.GetByTestId("approve-report").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("report-message")).ToHaveTextAsync("Đã phê duyệt báo cáo.");
        await Assertions.Expect(officer.GetByTestId("report-history")).ToContainTextAsync("Phê duyệt");
        await ShotAsync(officer, "09-report-approved");

        // The state behind the pages: approved, with the corrected value, the comment kept in the history.
        using var principalApi = platform.App.CreateHttpClient(ResourceNames.Gateway);
        principalApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(principalApi, "school.principal"));
        var final = await principalApi.GetFromJsonAsync<JsonElement>($"/api/reports/submissions/{reportId}");
        Assert.Equal("Approved", final.GetProperty("summary").GetProperty("status").GetString());
        Assert.Equal(5m, final.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("code").GetString() == "dissemination_sessions").GetProperty("value").GetDecimal());
        Assert.Contains(final.GetProperty("history").EnumerateArray(), h => h.GetProperty("comment").GetString() == comment);

        // The Department's dashboard shows the school's completion of task 1 in its district's row.
        await department.ReloadAsync();
        var after = await CompletionByAreaAsync(department, task: 1);
        await ShotAsync(department, "10-department-dashboard-after");
        var changed = after.Where(a => before.GetValueOrDefault(a.Key) != a.Value).ToList();
        Assert.True(changed.Count == 1, $"Expected one district's row to change, {changed.Count} did.\nBefore: {Describe(before)}\nAfter:  {Describe(after)}");
        var area = changed[0];
        Assert.Equal(before[area.Key].Completed + 1, area.Value.Completed);
        Assert.Equal(before[area.Key].Total, area.Value.Total);
        output.WriteLine($"Dashboard row {area.Key}: {before[area.Key]} → {area.Value}");

        // The other main pages, for the record.
        await department.GotoAsync($"{_gateway}/documents");
        await SearchDocumentsAsync(department, "sgddt-vp", shown: "257/SGDĐT-VP", filteredOut: "KHPH-CATP");
        await ShotAsync(department, "11-document-register-search");
        await department.GetByTestId("document-table").Locator("a", new() { HasText = "257/SGDĐT-VP" }).First.ClickAsync();
        await Assertions.Expect(department.GetByTestId("document-task-1")).ToBeVisibleAsync();
        await ShotAsync(department, "12-document-page");
        await officer.GotoAsync($"{_gateway}/reports/consolidated");
        await Assertions.Expect(officer.GetByTestId("consolidated-indicators")).ToBeVisibleAsync();
        await ShotAsync(officer, "13-consolidated");
        await officer.GotoAsync($"{_gateway}/reports/completeness");
        await Assertions.Expect(officer.GetByTestId("completeness-matrix")).ToBeVisibleAsync();
        await ShotAsync(officer, "14-completeness");
        await principal.SetViewportSizeAsync(390, 844);
        await principal.GotoAsync($"{_gateway}/reporting/submissions/{reportId}");
        await Assertions.Expect(principal.GetByTestId("report-title")).ToBeVisibleAsync();
        await ShotAsync(principal, "15-report-on-a-phone");
        output.WriteLine($"Walk done in {clock.Elapsed.TotalSeconds:F0} s; screenshots in {WebBrowsers.Screenshots}");
    }

    private Task<IPage> SignInAsync(string userName) => _web.SignInAsync(userName);

    private sealed record Completion(int Completed, int Total);

    /// <summary>The dashboard's completion table for one task: area → completed / total, as the page shows it.</summary>
    private static async Task<Dictionary<string, Completion>> CompletionByAreaAsync(IPage page, int task)
    {
        // The table says which task its rows are for; a click made before the page is interactive is lost, so it is
        // made again until the table shows the task's rows (reading earlier would compare all five tasks' counts).
        var table = page.Locator($"[data-testid=completion-table][data-task='{task}']");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await page.GetByTestId($"task-filter-{task}").ClickAsync();
            try
            {
                await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 10_000 });
                break;
            }
            catch (PlaywrightException) when (clock.Elapsed < TimeSpan.FromSeconds(90)) { }
        }
        await Assertions.Expect(page.GetByTestId("completion-row").First).ToBeVisibleAsync();
        var rows = new Dictionary<string, Completion>();
        foreach (var row in await page.GetByTestId("completion-row").AllAsync())
        {
            var label = (await row.Locator("td").First.InnerTextAsync()).Trim();
            var rate = await row.GetByTestId("completion-rate").InnerTextAsync();
            var match = Regex.Match(rate, @"\((\d+)/(\d+)\)");
            Assert.True(match.Success, $"Unreadable completion '{rate}' for {label}");
            rows[label] = new Completion(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>
    /// Types a number into a report field, leaves it (the form saves on leaving a field) and waits until the API holds the
    /// number. Submitting straight after typing once met the form between two of the field's input events, with the box
    /// empty for an instant: the form refused to send with its generic "the report has errors", and a moment later showed
    /// no field in error. A person does not click within milliseconds of typing; the walk waits as one would.
    /// </summary>
    private async Task FillAndWaitUntilSavedAsync(IPage page, HttpClient api, Guid reportId, string code, decimal value)
    {
        await page.Locator($"#field-{code}").FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator($"#field-{code}").PressAsync("Tab");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var stored = await api.GetFromJsonAsync<JsonElement>($"/api/reports/submissions/{reportId}");
            var field = stored.GetProperty("values").EnumerateArray().FirstOrDefault(v => v.GetProperty("code").GetString() == code);
            if (field.ValueKind == JsonValueKind.Object && field.GetProperty("value") is { ValueKind: JsonValueKind.Number } saved && saved.GetDecimal() == value) return;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The report's '{code}' was not saved as {value} within 30 s; the API holds {field}");
            await Task.Delay(250);
        }
    }

    private static string Describe(Dictionary<string, Completion> rows) =>
        string.Join("; ", rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value.Completed}/{r.Value.Total}"));

    /// <summary>
    /// Waits until the dashboard's figures for one task of the seed dispatch (by district, as the Department sees them) read
    /// the same three times in a row, 2 s apart. In CI the walk once read them while they were still moving: nine districts'
    /// totals differed between the "before" and "after" reads although the walk touched one school. Logs what moved.
    /// </summary>
    private async Task WaitForCompletionByDistrictToSettleAsync(string userName, int task)
    {
        using var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(client, userName));
        var documents = await client.GetFromJsonAsync<JsonElement>($"/api/tasks/documents?q={Uri.EscapeDataString("257/SGDĐT-VP")}&pageSize=5");
        var dispatch = documents.GetProperty("items").EnumerateArray()
            .First(d => d.GetProperty("numberAndSymbol").GetString()!.Contains("SGDĐT-VP", StringComparison.Ordinal)).GetProperty("id").GetGuid();
        var clock = Stopwatch.StartNew();
        string? last = null;
        var same = 0;
        while (true)
        {
            var rows = await client.GetFromJsonAsync<JsonElement>($"/api/tasks/dashboard/by-area?documentId={dispatch}&tier=issued&taskNumber={task}&pageSize=100");
            var reading = string.Join("; ", rows.GetProperty("items").EnumerateArray()
                .Select(r => $"{r.GetProperty("label").GetString()} {r.GetProperty("completedOnTime").GetInt32() + r.GetProperty("completedLate").GetInt32()}/{r.GetProperty("total").GetInt32()}")
                .Order(StringComparer.Ordinal));
            if (reading == last)
            {
                if (++same == 2) return;
            }
            else
            {
                if (last is not null) output.WriteLine($"The dashboard's figures moved after {clock.Elapsed.TotalSeconds:0} s: {last} → {reading}");
                (last, same) = (reading, 0);
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The dashboard's figures for task {task} did not settle in 3 minutes; last: {reading}");
            await Task.Delay(2000);
        }
    }

    private static Task ShotAsync(IPage page, string name) => WebBrowsers.ShotAsync(page, name);

    /// <summary>
    /// Types a search into the document register and waits until the table is filtered: it shows
    /// <paramref name="shown"/> and no longer <paramref name="filteredOut"/> (the unfiltered register holds both, so
    /// seeing only the first proves nothing). In CI the search once never reached a page that had just loaded and
    /// the table stayed unfiltered; then the page is loaded again and the search typed again (logged).
    /// </summary>
    private async Task SearchDocumentsAsync(IPage page, string query, string shown, string filteredOut)
    {
        var table = page.GetByTestId("document-table");
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#document-search").FillAsync(query);
            try
            {
                await Assertions.Expect(table).ToContainTextAsync(shown, new() { Timeout = 15_000 });
                await Assertions.Expect(table).Not.ToContainTextAsync(filteredOut, new() { Timeout = 15_000 });
                return;
            }
            catch (PlaywrightException) when (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                output.WriteLine($"The document search '{query}' was not applied after {clock.Elapsed.TotalSeconds:0} s (attempt {attempt}); loading the page again");
                await page.ReloadAsync();
            }
        }
    }

    private async Task WaitForSeedDispatchAsync(string userName)
    {
        using var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(client, userName));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var mine = await client.GetFromJsonAsync<JsonElement>("/api/tasks/assignments?mine=true&taskNumber=1&pageSize=50");
            if (mine.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("documentNumber").GetString()!.Contains("SGDĐT-VP", StringComparison.Ordinal))) return;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The seed dispatch did not reach {userName}'s unit in 3 minutes.\n{platform.RecentLogLines()}");
            await Task.Delay(1000);
        }
    }

    /// <summary>
    /// The Lê Chân school's report for the demo schedule's monthly period, once the schedule's job has opened it (the
    /// reporting end-to-end test takes an ad-hoc request of its own through review and only looks at this one).
    /// </summary>
    private async Task<Guid> WaitForMonthlyReportAsync()
    {
        using var principal = platform.App.CreateHttpClient(ResourceNames.Gateway);
        principal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(principal, "school.principal"));
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await principal.GetFromJsonAsync<JsonElement>($"/api/reports/submissions?templateId={TemplateId}&unitId={school}&sort=deadline&pageSize=50");
            var monthly = list.GetProperty("items").EnumerateArray()
                .Where(s => !s.GetProperty("periodKey").GetString()!.StartsWith("ADHOC", StringComparison.Ordinal)).ToList();
            if (monthly.Count > 0)
            {
                // The earliest due (the demo schedule opens one period at a time today), not yet sent by anyone.
                var report = monthly[0];
                Assert.Contains(report.GetProperty("status").GetString(), new[] { "NotStarted", "Draft" });
                Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice), report.GetProperty("supervisorId").GetGuid());
                return report.GetProperty("id").GetGuid();
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The monthly period did not open for {DemoUnitIds.LeChanLowerSecondarySchool} in 3 minutes.\n{platform.RecentLogLines()}");
            await Task.Delay(1000);
        }
    }
}
