using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>The running platform, driven through the gateway only, as a user would.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan ReplicationDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_resource_becomes_healthy()
    {
        output.WriteLine($"The platform became healthy {platform.StartupTime.TotalSeconds:F1} s after the AppHost was built.");
        // Resources that only start on request (Aspire's hidden "<project>-rebuilder" helpers) never run.
        // Parameters (the reporting client's generated secret) are values, not processes.
        var started = platform.Resources
            .Where(r => r is not ParameterResource && !r.Annotations.OfType<ExplicitStartupAnnotation>().Any()).ToList();
        string[] expected =
        [
            ResourceNames.Postgres, ResourceNames.UnitsDatabase, ResourceNames.IdentityDatabase, ResourceNames.TasksDatabase,
            ResourceNames.ReportingDatabase, ResourceNames.CoordinationDatabase, ResourceNames.NotificationsDatabase, ResourceNames.SafeLineDatabase, ResourceNames.RabbitMq,
            ResourceNames.Identity, ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination,
            ResourceNames.Notifications, ResourceNames.SafeLine, ResourceNames.Gateway, ResourceNames.Web, ResourceNames.PoliceSimulator, ResourceNames.MailSink,
        ];
        Assert.Equal(expected.Order(), started.Select(r => r.Name).Order());

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var resource in started)
        {
            var ready = await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
            Assert.Equal(KnownResourceStates.Running, ready.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, ready.Snapshot.HealthStatus);
        }

        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var health = await gateway.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        // The gateway's /health covers every downstream service, so this proves them reachable through it.
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unit_created_through_the_gateway_reaches_every_replica()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(gateway, "admin"));
        await WaitForDemoUnitsInEveryReplicaAsync(gateway);

        using var created = await gateway.PostAsJsonAsync("/api/units", new
        {
            code = "E2E-001",
            name = "Trường THCS Kiểm Thử",
            kind = "LowerSecondarySchool",
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST /api/units answered {(int)created.StatusCode}: {body}");
        var unit = JsonDocument.Parse(body).RootElement;
        var id = unit.GetProperty("id").GetGuid();
        Assert.Equal("E2E-001", unit.GetProperty("code").GetString());

        var clock = Stopwatch.StartNew();
        string[] replicas = [$"/api/tasks/units/{id}", $"/api/reports/units/{id}", $"/api/coordination/units/{id}"];
        var seen = await Task.WhenAll(replicas.Select(path => WaitForReplicaAsync(gateway, path)));

        foreach (var (path, replica) in replicas.Zip(seen))
        {
            Assert.True(replica is not null,
                $"{path} did not show the unit within {ReplicationDeadline.TotalSeconds} s.\n{platform.RecentLogLines()}");
            Assert.Equal(id, replica.Value.GetProperty("id").GetGuid());
            Assert.Equal("E2E-001", replica.Value.GetProperty("code").GetString());
            Assert.Equal("Trường THCS Kiểm Thử", replica.Value.GetProperty("name").GetString());
        }
        Assert.True(clock.Elapsed < ReplicationDeadline);
    }

    [Fact]
    public async Task School_principal_signed_in_through_the_gateway_sees_their_branch_and_not_another_districts_school()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        var token = await SignInAsync(gateway, "school.principal");
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var units = await gateway.GetFromJsonAsync<JsonElement>("/api/units?pageSize=200");
        var codes = units.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToArray();
        // Since 01/07/2025 the school sits under Phường Lê Chân's Culture–Society division, under the ward's People's Committee.
        Assert.Equal([DemoUnitIds.LeChanLowerSecondarySchool, "UBND-P-LECHAN", DemoUnitIds.LeChanCommuneDivision], codes);

        using var own = await gateway.GetAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        var otherDistrictsSchool = DemoUnitIds.For("THCS-NGOQUYEN-001");
        using var other = await gateway.GetAsync($"/api/units/{otherDistrictsSchool}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var problem = await other.Content.ReadAsStringAsync();
        Assert.DoesNotContain("THCS-NGOQUYEN-001", problem);
        Assert.DoesNotContain("Trần Quốc Tuấn", problem);

        using var anonymous = platform.App.CreateHttpClient(ResourceNames.Gateway);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/units")).StatusCode);
    }

    [Fact]
    public async Task Life_safety_incident_reported_by_a_school_is_referred_to_police_without_names_and_acknowledged_in_one_trace()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(gateway, "admin"));
        await WaitForDemoUnitsInEveryReplicaAsync(gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(gateway, "school.principal"));

        const string pupilName = "Nguyễn Văn Bình";
        // The school's request arrives with W3C trace context, as from a traced browser or client.
        var trace = ActivityTraceId.CreateRandom();
        var clock = Stopwatch.StartNew();
        using var report = new HttpRequestMessage(HttpMethod.Post, "/api/reports/incidents");
        report.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        report.Content = JsonContent.Create(new
        {
            category = "SchoolViolence",
            isLifeSafety = true,
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            place = "Sân trường, khu nhà B",
            description = "Hai học sinh xô xát, một em bị thương ở đầu.",
            actionsTaken = "Sơ cứu, gọi cấp cứu và báo gia đình.",
            people = new[] { new { role = "Victim", isPupil = true, fullName = pupilName, identifier = "HS-2024-0815", className = "8A", age = 13 } },
        });
        using var reported = await gateway.SendAsync(report);
        var reportedBody = await reported.Content.ReadAsStringAsync();
        Assert.True(reported.StatusCode == HttpStatusCode.Created, $"POST /api/reports/incidents answered {(int)reported.StatusCode}: {reportedBody}");
        var incidentId = JsonDocument.Parse(reportedBody).RootElement.GetProperty("id").GetGuid();

        JsonElement? referral = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(1) && referral is null)
        {
            var list = await gateway.GetFromJsonAsync<JsonElement>("/api/coordination/referrals?pageSize=50");
            referral = list.GetProperty("items").EnumerateArray()
                .Where(r => r.GetProperty("incidentId").GetGuid() == incidentId && r.GetProperty("status").GetString() is not ("Requested" or "Sent"))
                .Cast<JsonElement?>().FirstOrDefault();
            if (referral is null) await Task.Delay(250);
        }
        Assert.True(referral is not null, $"No police acknowledgement within a minute.\n{platform.RecentLogLines()}");
        output.WriteLine($"Incident reported → police acknowledgement seen by the school: {clock.ElapsedMilliseconds} ms");

        var referralId = referral.Value.GetProperty("id").GetGuid();
        using var detail = await gateway.GetAsync($"/api/coordination/referrals/{referralId}");
        var detailBody = await detail.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.NotNull(JsonDocument.Parse(detailBody).RootElement.GetProperty("acknowledgedAt").GetString());
        Assert.DoesNotContain(pupilName, detailBody);
        Assert.DoesNotContain("HS-2024-0815", detailBody);

        // One trace from the gateway to the police and back: coordination wrote "Requested" consuming reporting's
        // IncidentReported and "Sent" publishing to the police exchange; "Acknowledged" applied the simulator's
        // reply, whose trace id can only be the school's if the simulator took it from the referral's AMQP headers.
        var history = JsonDocument.Parse(detailBody).RootElement.GetProperty("history").EnumerateArray()
            .Select(h => (Kind: h.GetProperty("kind").GetString(), TraceId: h.GetProperty("traceId").GetString())).ToList();
        foreach (var step in new[] { "Requested", "Sent", "Acknowledged" })
        {
            Assert.Contains((step, trace.ToHexString()), history);
        }

        // The simulator is the police system's own broker user, with the documented rights only, and a reply
        // from the platform's account (guest) is dead-lettered without touching the referral.
        await PoliceBrokerChecks.SimulatorConnectsAsPoliceSystemWithTheDocumentedPermissionsAsync(platform);
        await PoliceBrokerChecks.ReplyFromAnotherBrokerUserIsDeadLetteredAsync(platform, gateway, referralId);

        // The commune's education officer, who supervises the school, sees the same referral acknowledged.
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(gateway, "commune.officer"));
        var seenByDistrict = await gateway.GetFromJsonAsync<JsonElement>($"/api/coordination/referrals/{referralId}");
        Assert.NotNull(seenByDistrict.GetProperty("acknowledgedAt").GetString());

        // The City Police liaison reads the incident once the referral reached reporting, and only what it shared:
        // place, time, category, pseudonymous people; not the school's account, not the names.
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(gateway, "police.liaison"));
        HttpResponseMessage? forPolice = null;
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(250))
        {
            forPolice?.Dispose();
            forPolice = await gateway.GetAsync($"/api/reports/incidents/{incidentId}");
            if (forPolice.StatusCode != HttpStatusCode.NotFound) break;
        }
        var forPoliceBody = await forPolice!.Content.ReadAsStringAsync();
        Assert.True(forPolice.StatusCode == HttpStatusCode.OK, $"The police liaison could not read the referred incident: {(int)forPolice.StatusCode} {forPoliceBody}");
        var shared = JsonDocument.Parse(forPoliceBody).RootElement;
        Assert.Equal("Sân trường, khu nhà B", shared.GetProperty("place").GetString());
        Assert.Equal(JsonValueKind.Null, shared.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, shared.GetProperty("actionsTaken").ValueKind);
        foreach (var secret in new[] { pupilName, "HS-2024-0815", "Hai học sinh xô xát", "Sơ cứu, gọi cấp cứu" })
        {
            Assert.DoesNotContain(secret, forPoliceBody);
        }
        forPolice.Dispose();
    }

    /// <summary>The Department's dispatch carrying out Directive 03/CT-TTg (2026): the demo's live school year.</summary>
    internal static Guid LiveDispatchId => DemoPlatform.LiveDispatchId;

    [Fact]
    public async Task A_dispatch_is_followed_from_the_commune_to_school_completion_and_overdue_live_work_is_escalated()
    {
        using var commune = platform.App.CreateHttpClient(ResourceNames.Gateway);
        commune.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(commune, "commune.officer"));
        using var department = platform.App.CreateHttpClient(ResourceNames.Gateway);
        department.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(department, "department.officer"));
        using (var admin = platform.App.CreateHttpClient(ResourceNames.Gateway))
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(admin, "admin"));
            await WaitForDemoUnitsInEveryReplicaAsync(admin);
        }
        var clock = Stopwatch.StartNew();

        // The Department addresses a dispatch of its own to Phường Lê Chân's Culture–Society division (the live dispatch's
        // task 4 is the browser walk's to hand on).
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        using var created = await department.PostAsJsonAsync("/api/tasks/documents", new
        {
            kind = "Dispatch",
            symbol = "SGDĐT-VP",
            subject = "V/v tổ chức tuyên truyền Chỉ thị số 03/CT-TTg tới học sinh",
            body = "Sở GDĐT đề nghị các đơn vị tổ chức tuyên truyền.",
            signerName = "Đỗ Thị Hòa",
            signerPosition = "Phó Giám đốc",
            signingAuthority = "KT",
            tasks = new object[] { new { number = 1, text = "Tổ chức tuyên truyền Chỉ thị số 03/CT-TTg tới toàn thể học sinh.", kind = "OneOff", deadline = today.AddDays(30) } },
            addressees = new object[] { new { unitId = DemoUnitIds.For(DemoUnitIds.LeChanCommuneDivision) } },
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        var documentId = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetGuid();
        using (var issued = await department.PostAsync($"/api/tasks/documents/{documentId}/issue", null))
        {
            Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        }
        var mine = await commune.GetFromJsonAsync<JsonElement>($"/api/tasks/assignments?mine=true&documentId={documentId}&pageSize=10");
        var task4Id = mine.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();

        // The division hands the task to its school; its own status follows the school's.
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        using var delegated = await commune.PostAsJsonAsync($"/api/tasks/assignments/{task4Id}/delegate",
            new { unitIds = new[] { school }, completionRule = "AllChildren" });
        Assert.True(delegated.IsSuccessStatusCode, await delegated.Content.ReadAsStringAsync());

        using var principal = platform.App.CreateHttpClient(ResourceNames.Gateway);
        principal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(principal, "school.principal"));
        var todo = await principal.GetFromJsonAsync<JsonElement>("/api/tasks/assignments?mine=true&pageSize=100");
        var child = todo.GetProperty("items").EnumerateArray()
            .Single(a => a.TryGetProperty("parentAssignmentId", out var p) && p.ValueKind == JsonValueKind.String && p.GetGuid() == task4Id);
        var childId = child.GetProperty("id").GetGuid();

        using var acknowledged = await principal.PostAsync($"/api/tasks/assignments/{childId}/acknowledge", null);
        Assert.True(acknowledged.IsSuccessStatusCode, await acknowledged.Content.ReadAsStringAsync());
        using var completed = await principal.PostAsJsonAsync($"/api/tasks/assignments/{childId}/complete", new { note = "Đã tổ chức tuyên truyền Chỉ thị 03 cho toàn trường." });
        Assert.True(completed.IsSuccessStatusCode, await completed.Content.ReadAsStringAsync());

        var parent = await commune.GetFromJsonAsync<JsonElement>($"/api/tasks/assignments/{task4Id}");
        Assert.Equal("Completed", parent.GetProperty("assignment").GetProperty("status").GetString());
        Assert.True(parent.GetProperty("completedByChildren").GetBoolean());

        // The dissolved district office's officer still reads its own 2024 work, and can change nothing any more.
        using var district = platform.App.CreateHttpClient(ResourceNames.Gateway);
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(district, "district.officer"));
        var history = await district.GetFromJsonAsync<JsonElement>("/api/tasks/assignments?mine=true&pageSize=100");
        var old = history.GetProperty("items").EnumerateArray().First();
        Assert.NotEqual("Overdue", old.GetProperty("tracking").ValueKind == JsonValueKind.String ? old.GetProperty("tracking").GetString() : null);
        using var refused = await district.PostAsync($"/api/tasks/assignments/{old.GetProperty("id").GetGuid()}/acknowledge", null);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, refusal);
        Assert.Contains("Phòng Giáo dục và Đào tạo quận Lê Chân đã kết thúc hoạt động", refusal);

        // Work of the live dispatch left overdue at a commune is escalated to the Department by the scheduler.
        await DemoPlatform.WaitForLiveDispatchAsync(department);
        var overdue = await department.GetFromJsonAsync<JsonElement>($"/api/tasks/dashboard/overdue?documentId={LiveDispatchId}&pageSize=1");
        Assert.True(overdue.GetProperty("total").GetInt64() > 0, "The live dispatch has no overdue work to escalate.");
        var overdueId = overdue.GetProperty("items")[0].GetProperty("assignment").GetProperty("id").GetGuid();
        JsonElement detail;
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "The overdue assignment was not escalated within the scheduler's scans.");
            await Task.Delay(1000);
            detail = await department.GetFromJsonAsync<JsonElement>($"/api/tasks/assignments/{overdueId}");
        }
        while (detail.GetProperty("escalatedAt").ValueKind == JsonValueKind.Null);
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department), detail.GetProperty("escalatedToUnitId").GetGuid());
    }

    internal static Task WaitForDemoUnitsInEveryReplicaAsync(HttpClient gateway) => DemoPlatform.WaitForDemoUnitsAsync(gateway);

    /// <summary>Polls a replica through the gateway until it knows the unit, or gives up at the deadline.</summary>
    private static async Task<JsonElement?> WaitForReplicaAsync(HttpClient gateway, string path)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReplicationDeadline)
        {
            using var response = await gateway.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
        return null;
    }

    internal static Task<string> SignInAsync(HttpClient gateway, string userName) => DemoPlatform.SignInAsync(gateway, userName);
}
