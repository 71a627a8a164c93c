using System.Net;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// People hear about what needs them, in the running platform: identity's account events made the demo
/// accounts recipients (with their demo addresses) without anyone signing in to the notifications service,
/// and the tasks scheduler's overdue and escalation events reach their inboxes and the local mail sink.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NotificationsEndToEndTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string PrincipalAddress = "school.principal@demo.haiphong.edu.vn";

    [Fact]
    public async Task Overdue_school_assignment_reaches_the_principals_inbox_and_mail_and_its_escalation_the_commune_officer()
    {
        using var department = platform.App.CreateHttpClient(ResourceNames.Gateway);
        department.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(department, "department.officer"));
        using var district = platform.App.CreateHttpClient(ResourceNames.Gateway);
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(district, "commune.officer"));
        using (var admin = platform.App.CreateHttpClient(ResourceNames.Gateway))
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(admin, "admin"));
            await DemoPlatform.WaitForDemoUnitsAsync(admin);
        }

        // The Department registers a dispatch it issued a month ago to Phường Lê Chân's Culture–Society division, whose
        // deadline passed ten days ago; the division hands it to its school, whose assignment inherits the passed
        // deadline: the next follow-up scan flags it overdue and, two working days past it, escalates it to the
        // division that handed it on.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var deadline = today.AddDays(-10);
        var division = DemoUnitIds.For(DemoUnitIds.LeChanCommuneDivision);
        using var created = await department.PostAsJsonAsync("/api/tasks/documents", new
        {
            kind = "Dispatch",
            symbol = "SGDĐT-VP",
            issueDate = today.AddDays(-30),
            subject = "V/v rà soát an ninh, an toàn trường học đầu học kỳ",
            body = "Sở GDĐT đề nghị các đơn vị rà soát và báo cáo.",
            signerName = "Đỗ Thị Hòa",
            signerPosition = "Phó Giám đốc",
            signingAuthority = "KT",
            tasks = new object[] { new { number = 1, text = "Rà soát an ninh, an toàn trường học và báo cáo kết quả.", kind = "OneOff", deadline } },
            addressees = new object[] { new { unitId = division } },
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        var documentId = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetGuid();
        using (var issued = await department.PostAsync($"/api/tasks/documents/{documentId}/issue", null))
        {
            Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        }
        var clock = Stopwatch.StartNew();
        var mine = await district.GetFromJsonAsync<JsonElement>($"/api/tasks/assignments?mine=true&documentId={documentId}&pageSize=10");
        var parentId = mine.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        using (var delegated = await district.PostAsJsonAsync($"/api/tasks/assignments/{parentId}/delegate",
                   new { unitIds = new[] { school }, completionRule = "AllChildren" }))
        {
            Assert.True(delegated.IsSuccessStatusCode, await delegated.Content.ReadAsStringAsync());
        }
        var detail = await district.GetFromJsonAsync<JsonElement>($"/api/tasks/assignments/{parentId}");
        var childId = detail.GetProperty("children").EnumerateArray()
            .Single(c => c.GetProperty("unitId").GetGuid() == school).GetProperty("id").GetGuid();
        var link = $"/tasks/assignments/{childId}";

        using var principal = platform.App.CreateHttpClient(ResourceNames.Gateway);
        principal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(principal, "school.principal"));
        var overdue = await WaitForInboxItemAsync(principal, "AssignmentOverdue", link, clock);
        Assert.Equal("Nhiệm vụ quá hạn", overdue.GetProperty("kindLabel").GetString());
        Assert.Equal(school, overdue.GetProperty("unitId").GetGuid());
        Assert.False(overdue.GetProperty("isRead").GetBoolean());

        // The token carries no email claim: the address came from identity's account event.
        var email = await WaitForEmailAsync(PrincipalAddress, childId.ToString(), clock);
        Assert.Contains(link, email.Text, StringComparison.Ordinal);
        output.WriteLine($"Email to {PrincipalAddress}: \"{email.Subject}\"");

        var escalation = await WaitForInboxItemAsync(district, "AssignmentEscalated", link, clock);
        Assert.Equal(school, escalation.GetProperty("unitId").GetGuid());
        Assert.Contains($"Trường THCS Lý Thái Tổ chưa hoàn thành nhiệm vụ hạn {deadline:dd/MM/yyyy}", escalation.GetProperty("body").GetString(), StringComparison.Ordinal);
        // The school's principal is not a supervisor of their own school: the escalation is not theirs.
        var principalEscalations = await principal.GetFromJsonAsync<JsonElement>("/api/notifications?kind=AssignmentEscalated&pageSize=100");
        Assert.DoesNotContain(principalEscalations.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == link);
        output.WriteLine($"Overdue, email and escalation seen {clock.Elapsed.TotalSeconds:F0} s after the test started.");
    }

    private async Task<JsonElement> WaitForInboxItemAsync(HttpClient person, string kind, string link, Stopwatch clock)
    {
        while (true)
        {
            var inbox = await person.GetFromJsonAsync<JsonElement>($"/api/notifications?kind={kind}&pageSize=100");
            foreach (var item in inbox.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("link").GetString() == link) return item;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(6), $"No {kind} notification linking {link} within 6 minutes.\n{platform.RecentLogLines()}");
            await Task.Delay(1000);
        }
    }

    private sealed record ReceivedEmail(string Subject, string Text);

    /// <summary>Reads the local mail sink (smtp4dev) through its REST API.</summary>
    private async Task<ReceivedEmail> WaitForEmailAsync(string to, string mentioning, Stopwatch clock)
    {
        using var sink = new HttpClient { BaseAddress = platform.App.GetEndpoint(ResourceNames.MailSink, "http") };
        while (true)
        {
            var page = await sink.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000");
            foreach (var message in page.GetProperty("results").EnumerateArray()
                         .Where(m => m.GetProperty("to").EnumerateArray().Any(a => a.GetString() == to)))
            {
                var text = await sink.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext");
                if (text.Contains(mentioning, StringComparison.Ordinal))
                {
                    return new ReceivedEmail(message.GetProperty("subject").GetString() ?? "", text);
                }
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(6), $"No email to {to} mentioning {mentioning} within 6 minutes.\n{platform.RecentLogLines()}");
            await Task.Delay(1000);
        }
    }
}
