using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The pages the browser walk does not reach, in headless Chromium through the gateway, each as the demo user whose
/// work it is: the Department drafts and issues a document to a school and sends an ad-hoc report request; the admin
/// checks a units file; the school asks the Department Office a question that department.officer answers; the district
/// schedules a briefing meeting, records it and its decisions, and signs a coordination programme; the school reports
/// an incident and follows its referral until the police simulator acknowledges it. After each action the test reads
/// what the page shows and the state behind it through the API. Everything it writes is its own (new document, request,
/// meeting, programme, incident), so the other tests of the collection see the demo data they expect.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebClientPagesTourTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private static readonly Guid School = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
    private static readonly Guid NgoQuyen = DemoUnitIds.For(DemoUnitIds.NgoQuyenUpperSecondarySchool);
    private static readonly Guid District = DemoUnitIds.For(DemoUnitIds.LeChanCommuneDivision); // the school's supervisor since 01/07/2025
    private static readonly Guid DistrictPolice = DemoUnitIds.For("CA-P-LECHAN");
    private static readonly Guid DistrictCommittee = DemoUnitIds.For("UBND-P-LECHAN");

    private WebBrowsers _web = null!;
    private string _gateway = null!;
    private readonly string _run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _web = await WebBrowsers.StartAsync(platform);
        _gateway = _web.Gateway;
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task Department_district_school_and_admin_pages_do_their_work_against_the_real_platform()
    {
        var clock = Stopwatch.StartNew();
        using var department = await ApiAsAsync("department.officer");
        using var principalApi = await ApiAsAsync("school.principal");
        using var districtApi = await ApiAsAsync("commune.officer");
        using var adminApi = await ApiAsAsync("admin");
        await DemoPlatform.WaitForDemoUnitsAsync(adminApi);
        await DemoPlatform.WaitForLiveDispatchAsync(department);
        output.WriteLine($"Demo units in every replica after {clock.Elapsed.TotalSeconds:F0} s");

        // The school reports a life-safety incident first: the referral to the police runs while the other pages are toured.
        var principal = await _web.SignInAsync("school.principal");
        await principal.GotoAsync($"{_gateway}/incidents");
        await ChooseAsync(principal, "#incident-category", "Bạo lực học đường");
        await principal.Locator("#incident-place").FillAsync("Sân trường, khu nhà B");
        var description = $"Hai nhóm học sinh xô xát sau giờ tan học, một em bị thương phải đưa đi bệnh viện (tour {_run}).";
        await principal.Locator("#incident-description").FillAsync(description);
        await principal.Locator("#incident-actions").FillAsync("Nhà trường sơ cứu, báo gia đình và Công an phường.");
        await principal.Locator("#incident-pupils").FillAsync("3");
        await TickAsync(principal.Locator("label", new() { HasText = "Đe doạ tính mạng, sức khoẻ" }));
        await WebBrowsers.ShotAsync(principal, "20-incident-form");
        await principal.GetByTestId("report-incident").ClickAsync();
        await principal.WaitForURLAsync(new Regex("/reporting/incidents/[0-9a-f-]{36}$"));
        var incidentId = Guid.Parse(principal.Url[^36..]);
        await Assertions.Expect(principal.Locator("h1")).ToContainTextAsync("Bạo lực học đường");
        await Assertions.Expect(principal.Locator("body")).ToContainTextAsync(description);
        var incident = await GetAsync(principalApi, $"/api/reports/incidents/{incidentId}");
        Assert.Equal(3, incident.GetProperty("pupilsInvolved").GetInt32());
        Assert.True(incident.GetProperty("isLifeSafety").GetBoolean());

        // The Department drafts a directive with one task addressed to the school (found by search among 1,250 units) and issues it.
        var officer = await _web.SignInAsync("department.officer");
        await officer.GotoAsync($"{_gateway}/documents/new");
        var symbol = $"KH-SGDĐT-T{_run}";
        var subject = "Kế hoạch kiểm tra công tác bảo đảm an ninh, an toàn trường học học kỳ I";
        await officer.Locator("#document-symbol").FillAsync(symbol);
        await officer.Locator("#document-subject").FillAsync(subject);
        await officer.Locator("#document-signer").FillAsync("Nguyễn Văn Hùng");
        await officer.Locator("#document-signer-position").FillAsync("Phó Giám đốc");
        await officer.Locator("#task-text-0").FillAsync("Tự kiểm tra công tác bảo đảm an ninh, an toàn trường học và gửi báo cáo về Sở.");
        var due = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Vietnam).AddDays(20);
        await officer.Locator("#task-deadline-0").FillAsync(due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await officer.Locator("#task-evidence-0").FillAsync("Biên bản tự kiểm tra");
        await officer.Locator("#document-unit-filter").FillAsync("ly thai to");
        await TickAsync(officer.GetByTestId($"document-unit-{DemoUnitIds.LeChanLowerSecondarySchool}"));
        await WebBrowsers.ShotAsync(officer, "21-document-new-form");
        await officer.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("draft-saved")).ToContainTextAsync(subject);
        await officer.GetByTestId("issue").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("issue-result")).ToContainTextAsync("giao 1 nhiệm vụ cho 1 đơn vị");
        await WebBrowsers.ShotAsync(officer, "22-document-issued");
        var documents = await GetAsync(department, $"/api/tasks/documents?q={Uri.EscapeDataString(symbol)}&pageSize=10");
        var documentId = documents.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
        var document = await GetAsync(department, $"/api/tasks/documents/{documentId}");
        Assert.Equal("Issued", document.GetProperty("status").GetString());
        Assert.Equal(1, document.GetProperty("assignmentCount").GetInt32());
        Assert.Equal(School, document.GetProperty("addressees").EnumerateArray().Single().GetProperty("unitId").GetGuid());
        var mine = await GetAsync(principalApi, "/api/tasks/assignments?mine=true&pageSize=100");
        var assignmentId = mine.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("documentId").GetGuid() == documentId).GetProperty("id").GetGuid();

        // The Department asks THPT Ngô Quyền for an ad-hoc report.
        await officer.GotoAsync($"{_gateway}/reports/requests/new");
        await ChooseAsync(officer, "#request-template", "phòng, chống bạo lực học đường");
        var requestTitle = $"Báo cáo nhanh tình hình an ninh trường học sau kỳ nghỉ (tour {_run})";
        await officer.Locator("#request-title").FillAsync(requestTitle);
        await officer.Locator("#request-deadline").FillAsync(due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + " 17:00");
        await officer.Locator("#request-unit-filter").FillAsync("thpt ngo quyen");
        await TickAsync(officer.GetByTestId($"request-unit-{DemoUnitIds.NgoQuyenUpperSecondarySchool}"));
        await WebBrowsers.ShotAsync(officer, "23-report-request-form");
        await officer.GetByTestId("send-request").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("request-created")).ToContainTextAsync("tới 1 đơn vị");
        await Assertions.Expect(officer.GetByTestId("request-created")).ToContainTextAsync($"{due:dd/MM/yyyy} 17:00");
        await WebBrowsers.ShotAsync(officer, "24-report-request-sent");
        var requests = await GetAsync(department, "/api/reports/requests?pageSize=20");
        var request = requests.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("title").GetString() == requestTitle);
        Assert.Equal([NgoQuyen], request.GetProperty("unitIds").EnumerateArray().Select(u => u.GetGuid()));
        var period = request.GetProperty("periodKey").GetString();
        var asked = await GetAsync(department, $"/api/reports/submissions?unitId={NgoQuyen}&pageSize=200");
        Assert.Equal("NotStarted", asked.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("periodKey").GetString() == period).GetProperty("status").GetString());

        // The admin checks a small units file without writing it.
        var admin = await _web.SignInAsync("admin");
        await admin.GotoAsync($"{_gateway}/units/import");
        var codes = new[] { $"TH-TOUR-{_run}-1", $"TH-TOUR-{_run}-2" };
        var csv = string.Join("\n",
            string.Join(',', "code", "name", "short_name", "kind", "parent_code", "area_code", "address", "head_name", "head_title", "phone", "email", "effective_from"),
            $"{codes[0]},Trường Tiểu học Thử Nghiệm Một,TH Thử Nghiệm 1,PrimarySchool,{DemoUnitIds.LeChanCommuneDivision},HP-P-LECHAN,,,,,,01/09/2026",
            $"{codes[1]},Trường Tiểu học Thử Nghiệm Hai,TH Thử Nghiệm 2,PrimarySchool,{DemoUnitIds.LeChanCommuneDivision},HP-P-LECHAN,,,,,,01/09/2026");
        await Assertions.Expect(admin.GetByTestId("dry-run").Locator("input")).ToBeCheckedAsync();
        // A file chosen before the circuit has wired the file input up is lost (seen once); it is chosen again until the page answers.
        var file = new FilePayload { Name = "don-vi-moi.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) };
        var answered = admin.GetByTestId("import-result").Or(admin.GetByTestId("problem"));
        var choosing = Stopwatch.StartNew();
        while (true)
        {
            await admin.Locator("#import-file").SetInputFilesAsync(file);
            try
            {
                await Assertions.Expect(answered).ToBeVisibleAsync(new() { Timeout = 15_000 });
                break;
            }
            catch (PlaywrightException) when (choosing.Elapsed < TimeSpan.FromSeconds(90)) { }
        }
        await Assertions.Expect(admin.GetByTestId("import-result")).ToContainTextAsync("sẽ thêm 2, cập nhật 0, giữ nguyên 0 đơn vị");
        await WebBrowsers.ShotAsync(admin, "25-units-import-dry-run");
        foreach (var code in codes)
        {
            Assert.Equal(0, (await GetAsync(adminApi, $"/api/units?q={code}&status=all")).GetProperty("total").GetInt32());
        }

        // The school asks the Department Office a question on its new assignment; department.officer answers; the school reads it.
        await principal.GotoAsync($"{_gateway}/tasks/assignments/{assignmentId}");
        await Assertions.Expect(principal.GetByTestId("assignment-title")).ToContainTextAsync("Nhiệm vụ 1");
        var question = $"Nhà trường có phải gửi kèm ảnh chụp hiện trạng camera không? (tour {_run})";
        await principal.Locator("#question-text").FillAsync(question);
        await principal.GetByTestId("ask").ClickAsync();
        await Assertions.Expect(principal.GetByTestId("question-sent")).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByTestId("question")).ToContainTextAsync("Chờ trả lời");
        await officer.GotoAsync($"{_gateway}/tasks/questions");
        var open = officer.GetByTestId("open-question").Filter(new() { HasText = question });
        await Assertions.Expect(open).ToContainTextAsync("Trường THCS Lý Thái Tổ");
        await WebBrowsers.ShotAsync(officer, "26-questions-open");
        const string answer = "Có. Gửi kèm ảnh chụp và danh sách camera đang hoạt động trong biên bản tự kiểm tra.";
        await open.Locator("textarea").FillAsync(answer);
        await open.GetByTestId("send-reply").ClickAsync();
        await Assertions.Expect(officer.GetByTestId("reply-sent")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByTestId("open-question").Filter(new() { HasText = question })).ToHaveCountAsync(0);
        await principal.ReloadAsync();
        await Assertions.Expect(principal.GetByTestId("question")).ToContainTextAsync(answer);
        await Assertions.Expect(principal.GetByTestId("question")).ToContainTextAsync("Đã trả lời");
        await WebBrowsers.ShotAsync(principal, "27-assignment-question-answered");
        var thread = (await GetAsync(principalApi, $"/api/tasks/assignments/{assignmentId}/questions")).EnumerateArray().Single();
        Assert.Equal("Answered", thread.GetProperty("status").GetString());
        Assert.Equal([false, true], thread.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("fromDepartment").GetBoolean()));

        // The district schedules a briefing meeting (it began an hour ago) with its school and the ward police, then records it.
        var district = await _web.SignInAsync("commune.officer");
        await district.GotoAsync($"{_gateway}/coordination/meetings/new");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Vietnam);
        var meetingTitle = $"Giao ban công tác an ninh trường học tháng {now.Month} (tour {_run})";
        await district.Locator("#meeting-title").FillAsync(meetingTitle);
        await district.Locator("#meeting-agenda").FillAsync("1. Tình hình an ninh, trật tự quanh trường.\n2. Phối hợp phòng, chống bạo lực học đường.");
        await district.Locator("#meeting-location").FillAsync("Phòng họp tầng 2, UBND phường Lê Chân");
        await district.Locator("#meeting-starts").FillAsync(now.AddHours(-1).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
        await district.Locator("#meeting-ends").FillAsync(now.AddMinutes(-5).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
        await TickAsync(district.GetByTestId($"meeting-unit-{DemoUnitIds.LeChanLowerSecondarySchool}"));
        await district.GetByTestId("add-outside").ClickAsync();
        await district.Locator("#outside-name-0").FillAsync("Đại úy Phạm Văn Tuấn");
        await district.Locator("#outside-org-0").FillAsync("Công an phường Lê Chân");
        await ChooseAsync(district, "#outside-kind-0", "Công an phường/xã");
        await WebBrowsers.ShotAsync(district, "28-meeting-new-form");
        await district.GetByTestId("schedule-meeting").ClickAsync();
        await district.WaitForURLAsync(new Regex("/coordination/meetings/[0-9a-f-]{36}$"));
        var meetingId = Guid.Parse(district.Url[^36..]);
        await Assertions.Expect(district.Locator("h1")).ToHaveTextAsync(meetingTitle);
        await Assertions.Expect(district.Locator("body")).ToContainTextAsync("Đã lên lịch");
        var scheduled = await GetAsync(districtApi, $"/api/coordination/meetings/{meetingId}");
        var police = scheduled.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Đại úy Phạm Văn Tuấn").GetProperty("id").GetGuid();
        await UntickAsync(district.GetByTestId($"attended-{police}"));
        const string minutes = "Các trường báo cáo tình hình; Công an phường thông tin về các điểm nóng quanh trường.\nThống nhất tăng cường tuần tra giờ tan học.";
        await district.Locator("#meeting-minutes").FillAsync(minutes);
        await district.GetByTestId("record-meeting").ClickAsync();
        await Assertions.Expect(district.Locator("body")).ToContainTextAsync("Đã họp");
        await Assertions.Expect(district.GetByTestId("decisions-form")).ToBeVisibleAsync();
        await district.GetByTestId("add-decision").ClickAsync();
        const string decision = "Rà soát, bổ sung camera ở cổng trường";
        await district.Locator("#decision-text-0").FillAsync(decision);
        await ChooseAsync(district, "#decision-owner-0", "Trường THCS Lý Thái Tổ");
        await district.Locator("#decision-due-0").FillAsync(due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await district.GetByTestId("record-decisions").ClickAsync();
        await Assertions.Expect(district.Locator("body")).ToContainTextAsync($"1. {decision} — Trường THCS Lý Thái Tổ, hạn {due:dd/MM/yyyy}");
        await WebBrowsers.ShotAsync(district, "29-meeting-held-with-decision");
        var held = await GetAsync(districtApi, $"/api/coordination/meetings/{meetingId}");
        Assert.Equal("Held", held.GetProperty("status").GetString());
        Assert.Equal(minutes, held.GetProperty("minutes").GetString());
        var attendance = held.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid(), p => p.GetProperty("attended").GetBoolean());
        Assert.False(attendance[police]);
        Assert.True(attendance.Where(a => a.Key != police).All(a => a.Value));
        var recorded = held.GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal((decision, School), (recorded.GetProperty("text").GetString(), recorded.GetProperty("owner").GetProperty("id").GetGuid()));

        // A programme the district drafted (there is no drafting page yet) is read and signed on its page.
        var programmeTitle = $"Chương trình phối hợp bảo đảm an ninh, trật tự trường học phường Lê Chân (tour {_run})";
        using var drafted = await districtApi.PostAsJsonAsync("/api/coordination/programmes", new
        {
            title = programmeTitle,
            ownerUnitId = District,
            establishingDocument = new { number = "15/KHPH-CA-PGDĐT", date = now.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            scopeAreas = new[] { "SchoolSecurityAndOrder", "TrafficSafety" },
            validFrom = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            validTo = now.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            parties = new object[] { new { unitId = School }, new { unitId = DistrictPolice }, new { unitId = DistrictCommittee } },
            obligations = new[] { new { title = "Giao ban phối hợp an ninh trường học", recurrence = "Quarterly", responsibleUnitId = DistrictPolice,
                firstDueDate = now.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } },
        });
        var draftedBody = await drafted.Content.ReadAsStringAsync();
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, $"POST /api/coordination/programmes answered {(int)drafted.StatusCode}: {draftedBody}");
        var programmeId = JsonDocument.Parse(draftedBody).RootElement.GetProperty("id").GetGuid();
        await district.GotoAsync($"{_gateway}/coordination/programmes/{programmeId}");
        await Assertions.Expect(district.Locator("h1")).ToHaveTextAsync(programmeTitle);
        await Assertions.Expect(district.GetByTestId("parties")).ToContainTextAsync("Công an phường Lê Chân");
        await Assertions.Expect(district.GetByTestId("obligations")).ToContainTextAsync("Hằng quý");
        await district.GetByTestId("sign-programme").ClickAsync();
        await Assertions.Expect(district.GetByTestId("signed-on")).ToHaveTextAsync(now.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await Assertions.Expect(district.GetByTestId("sign-programme")).ToHaveCountAsync(0);
        await WebBrowsers.ShotAsync(district, "30-programme-signed");
        var programme = await GetAsync(districtApi, $"/api/coordination/programmes/{programmeId}");
        Assert.Equal("Signed", programme.GetProperty("status").GetString());

        // Back to the incident: its page refreshes the referral timeline until the police simulator has acknowledged it.
        var referral = await WaitForAcknowledgedReferralAsync(principalApi, incidentId, clock);
        await principal.GotoAsync($"{_gateway}/reporting/incidents/{incidentId}");
        var timeline = principal.GetByTestId("referral-timeline");
        await Assertions.Expect(timeline.Locator("[data-testid=referral-step][data-step=Sent][data-done=true]")).ToBeVisibleAsync();
        await Assertions.Expect(timeline.Locator("[data-testid=referral-step][data-step=Acknowledged][data-done=true]")).ToBeVisibleAsync();
        await Assertions.Expect(timeline).ToContainTextAsync("Công an tiếp nhận");
        await WebBrowsers.ShotAsync(principal, "31-incident-referral-acknowledged");
        Assert.NotEqual(JsonValueKind.Null, referral.GetProperty("sentAt").ValueKind);

        // The police liaison finds the referral on their home page and opens it: the police see the referral as
        // they got it, and never the school's own description of the incident.
        var referralId = referral.GetProperty("id").GetGuid();
        var liaison = await _web.SignInAsync("police.liaison");
        var referralLink = liaison.GetByTestId("police-referrals").Locator($"a[href='coordination/referrals/{referralId}']");
        await Assertions.Expect(referralLink).ToContainTextAsync("Bạo lực học đường");
        await Assertions.Expect(liaison.GetByTestId("upcoming-meetings")).ToBeVisibleAsync();
        await WebBrowsers.ShotAsync(liaison, "32-police-home");
        await referralLink.ClickAsync();
        await Assertions.Expect(liaison.GetByTestId("referral-timeline")).ToContainTextAsync("Công an tiếp nhận");
        await Assertions.Expect(liaison.Locator("main")).Not.ToContainTextAsync(description);
        await WebBrowsers.ShotAsync(liaison, "33-police-referral");
        output.WriteLine($"Tour done in {clock.Elapsed.TotalSeconds:F0} s; screenshots in {WebBrowsers.Screenshots}");
    }

    private async Task<HttpClient> ApiAsAsync(string userName)
    {
        var client = platform.App.CreateHttpClient(ResourceNames.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(client, userName));
        return client;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Opens a MudBlazor select by its input and picks the option containing <paramref name="text"/>.</summary>
    private static async Task ChooseAsync(IPage page, string selector, string text)
    {
        // With a value chosen the select's input is hidden behind the text it shows: the select itself is clicked.
        await page.Locator(".mud-select", new() { Has = page.Locator(selector) }).Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = text }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static async Task TickAsync(ILocator box)
    {
        var input = box.Locator("input[type=checkbox]");
        await input.CheckAsync(new() { Force = true });
        await Assertions.Expect(input).ToBeCheckedAsync();
    }

    private static async Task UntickAsync(ILocator box)
    {
        var input = box.Locator("input[type=checkbox]");
        await input.UncheckAsync(new() { Force = true });
        await Assertions.Expect(input).Not.ToBeCheckedAsync();
    }

    /// <summary>Coordination links the incident to its referral by event; the simulator acknowledges it over the broker.</summary>
    private async Task<JsonElement> WaitForAcknowledgedReferralAsync(HttpClient principal, Guid incidentId, Stopwatch clock)
    {
        var started = clock.Elapsed;
        while (true)
        {
            var incidents = await GetAsync(principal, "/api/coordination/incidents?pageSize=200");
            var linked = incidents.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("id").GetGuid() == incidentId);
            if (linked.ValueKind == JsonValueKind.Object && linked.GetProperty("referralId") is { ValueKind: JsonValueKind.String } referralId)
            {
                var referral = await GetAsync(principal, $"/api/coordination/referrals/{referralId.GetGuid()}");
                if (referral.GetProperty("acknowledgedAt").ValueKind != JsonValueKind.Null) return referral;
            }
            Assert.True(clock.Elapsed - started < TimeSpan.FromMinutes(2), $"The incident's referral was not acknowledged in 2 minutes.\n{platform.RecentLogLines()}");
            await Task.Delay(1000);
        }
    }
}
