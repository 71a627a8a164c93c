using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Tests;

public sealed class AssignmentLifecycleTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Principal(Guid unit, string user = "principal") => factory.ClientFor(user, unit, [PlatformRoles.SchoolManager]);

    private async Task<int> OutboxCountAsync<T>()
    {
        await using var db = factory.NewDbContext();
        return await db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(T).FullName!));
    }

    [Fact]
    public async Task A_unit_acknowledges_reports_progress_with_evidence_and_completes_on_time()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        var school = Principal(TestOrg.UpperSecondary, "hieu-truong-thpt");

        var ack = await school.PostAsync($"/api/tasks/assignments/{id}/acknowledge");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acked = await ack.ReadJsonAsync();
        Assert.Equal("Acknowledged", acked.GetProperty("assignment").GetProperty("status").GetString());
        Assert.Equal("hieu-truong-thpt", acked.GetProperty("acknowledgedBy").GetString());

        var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(FileInspectorTests.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        upload.Add(file, "file", "Biên bản quán triệt.pdf");
        var uploaded = await school.PostAsync($"/api/tasks/assignments/{id}/evidence", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var evidenceId = (await uploaded.ReadJsonAsync()).GetProperty("id").GetGuid();

        var progress = await school.PostAsJsonAsync($"/api/tasks/assignments/{id}/progress", new
        {
            text = "Đã tổ chức quán triệt cho toàn thể giáo viên.", percent = 60, evidenceIds = new[] { evidenceId },
            links = new[] { "https://example.edu.vn/bao-cao/1" },
        });
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        var afterProgress = await progress.ReadJsonAsync();
        Assert.Equal("InProgress", afterProgress.GetProperty("assignment").GetProperty("status").GetString());
        Assert.Equal(60, afterProgress.GetProperty("assignment").GetProperty("progressPercent").GetInt32());
        Assert.Equal(evidenceId, afterProgress.GetProperty("progress")[0].GetProperty("evidenceIds")[0].GetGuid());

        var download = await school.GetAsync($"/api/tasks/attachments/{evidenceId}");
        Assert.Equal(FileInspectorTests.Pdf, await download.Content.ReadAsByteArrayAsync());

        var done = await school.PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { note = "Hoàn thành" });
        var completed = await done.ReadJsonAsync();
        Assert.Equal("CompletedOnTime", completed.GetProperty("assignment").GetProperty("tracking").GetString());
        Assert.Equal(["Acknowledged", "Progress", "Completed"], completed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()));

        await using var db = factory.NewDbContext();
        var events = (await db.Set<OutboxMessage>().AsNoTracking().ToListAsync()).Where(m => m.Body.Contains(id.ToString())).Select(m => m.MessageType).ToList();
        Assert.Contains(events, t => t.StartsWith(typeof(AssignmentAcknowledged).FullName!));
        Assert.Contains(events, t => t.StartsWith(typeof(AssignmentProgressReported).FullName!));
        Assert.Contains(events, t => t.StartsWith(typeof(AssignmentCompleted).FullName!));
    }

    [Fact]
    public async Task Completion_after_the_deadline_is_late()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(tasks: [new { text = "Nộp báo cáo.", kind = "OneOff", deadline = "2024-04-23" }]));
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        var school = Principal(TestOrg.UpperSecondary);
        await school.PostAsync($"/api/tasks/assignments/{id}/acknowledge");

        factory.Clock.Advance(TimeSpan.FromDays(3));
        {
            var overdueList = await (await school.GetAsync("/api/tasks/assignments?tracking=Overdue&mine=true&pageSize=200")).ReadJsonAsync();
            Assert.Contains(overdueList.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
            var completed = await (await school.PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { })).ReadJsonAsync();
            Assert.Equal("CompletedLate", completed.GetProperty("assignment").GetProperty("tracking").GetString());
            Assert.False(completed.GetProperty("completedOnTime").GetBoolean());
        }
    }

    [Fact]
    public async Task A_second_acknowledgement_is_refused_and_changes_nothing()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        var school = Principal(TestOrg.UpperSecondary);
        Assert.Equal(HttpStatusCode.OK, (await school.PostAsync($"/api/tasks/assignments/{id}/acknowledge")).StatusCode);
        var events = await OutboxCountAsync<AssignmentAcknowledged>();

        var second = await Principal(TestOrg.UpperSecondary, "another-teacher").PostAsync($"/api/tasks/assignments/{id}/acknowledge");

        var body = await second.Content.ReadAsStringAsync();
        Api.AssertProblem(second, HttpStatusCode.UnprocessableEntity, body);
        Assert.Contains("lần hai", body);
        Assert.Equal(events, await OutboxCountAsync<AssignmentAcknowledged>());
        await using var db = factory.NewDbContext();
        Assert.Equal("principal", (await db.Assignments.FindAsync(id))!.AcknowledgedBy);
    }

    [Fact]
    public async Task Completion_by_a_unit_outside_the_assignment_is_refused_and_changes_nothing()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        await factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer).PostAsync($"/api/tasks/assignments/{id}/acknowledge");

        var otherDistrict = await factory.ClientFor(TestOrg.DistrictB, PlatformRoles.DistrictOfficer).PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { });
        var department = await factory.Officer().PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { });
        var auditor = await factory.ClientFor(TestOrg.DistrictA, PlatformRoles.Auditor).PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { });

        Api.AssertProblem(otherDistrict, HttpStatusCode.NotFound, await otherDistrict.Content.ReadAsStringAsync());
        Api.AssertProblem(department, HttpStatusCode.Forbidden, await department.Content.ReadAsStringAsync());
        Api.AssertProblem(auditor, HttpStatusCode.Forbidden, await auditor.Content.ReadAsStringAsync());
        await using var db = factory.NewDbContext();
        Assert.Equal(AssignmentStatus.Acknowledged, (await db.Assignments.FindAsync(id))!.Status);
    }

    [Fact]
    public async Task A_district_delegates_to_its_schools_and_its_status_derives_from_theirs()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        var district = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);
        await district.PostAsync($"/api/tasks/assignments/{id}/acknowledge");

        var delegated = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/delegate", new { allChildren = true, completionRule = "Threshold", thresholdPercent = 60 });
        Assert.True(delegated.StatusCode == HttpStatusCode.OK, await delegated.Content.ReadAsStringAsync());
        var tree = await delegated.ReadJsonAsync();
        var children = tree.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(3, children.Count);
        Assert.All(children, c => Assert.Equal("2024-05-08", c.GetProperty("dueDate").GetString()));

        var manual = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/complete", new { });
        Api.AssertProblem(manual, HttpStatusCode.UnprocessableEntity, await manual.Content.ReadAsStringAsync());

        foreach (var (school, n) in new[] { (TestOrg.SchoolA1, 1), (TestOrg.SchoolA2, 2) })
        {
            var childId = children.Single(c => c.GetProperty("unitId").GetGuid() == school).GetProperty("id").GetGuid();
            var client = Principal(school);
            await client.PostAsync($"/api/tasks/assignments/{childId}/acknowledge");
            var done = await client.PostAsJsonAsync($"/api/tasks/assignments/{childId}/complete", new { });
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            var parent = await (await district.GetAsync($"/api/tasks/assignments/{id}")).ReadJsonAsync();
            // 1 of 3 is below 60%; 2 of 3 reaches it.
            Assert.Equal(n == 1 ? "InProgress" : "Completed", parent.GetProperty("assignment").GetProperty("status").GetString());
        }
        var final = await (await factory.Officer().GetAsync($"/api/tasks/assignments/{id}")).ReadJsonAsync();
        Assert.True(final.GetProperty("completedByChildren").GetBoolean());
        Assert.Equal("CompletedOnTime", final.GetProperty("assignment").GetProperty("tracking").GetString());
        Assert.Equal(3, final.GetProperty("children").GetArrayLength());

        await using var db = factory.NewDbContext();
        var completedEvents = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(AssignmentCompleted).FullName!)).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<AssignmentCompleted>(m.Body, JsonSerializerOptions.Web)!).Where(e => e.AssignmentId == id).ToList();
        Assert.True(Assert.Single(completedEvents).DerivedFromChildren);
    }

    [Fact]
    public async Task Delegation_only_reaches_the_units_own_active_children()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        var district = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);

        var stranger = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/delegate", new { unitIds = new[] { TestOrg.SchoolB1 } });
        var staff = await factory.ClientFor(TestOrg.DistrictA, PlatformRoles.SchoolStaff).PostAsJsonAsync($"/api/tasks/assignments/{id}/delegate", new { allChildren = true });
        var badThreshold = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/delegate", new { allChildren = true, completionRule = "Threshold", thresholdPercent = 0 });
        var dissolved = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/delegate", new { unitIds = new[] { TestOrg.DissolvedSchool } });

        Assert.Contains("unitIds[0]", await stranger.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Contains("thresholdPercent", await badThreshold.Content.ReadAsStringAsync());
        var dissolvedText = await dissolved.Content.ReadAsStringAsync();
        Api.AssertProblem(dissolved, HttpStatusCode.BadRequest, dissolvedText);
        Assert.Contains("giải thể", dissolvedText);
        await using var db = factory.NewDbContext();
        Assert.False(await db.Assignments.AnyAsync(a => a.ParentAssignmentId == id));
    }

    [Fact]
    public async Task Questions_go_to_the_Department_Office_and_the_thread_stays_with_the_assignment()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer());
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictB);
        var district = factory.ClientFor(TestOrg.DistrictB, PlatformRoles.DistrictOfficer);

        var asked = await district.PostAsJsonAsync($"/api/tasks/assignments/{id}/questions", new { text = "Chương trình phối hợp ký với UBND phường hay quận?" });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var questionId = (await asked.ReadJsonAsync()).GetProperty("id").GetGuid();

        var inbox = await (await factory.Officer().GetAsync("/api/tasks/questions?status=Open")).ReadJsonAsync();
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), q => q.GetProperty("id").GetGuid() == questionId);
        var schoolElsewhere = await Principal(TestOrg.SchoolA1).PostAsJsonAsync($"/api/tasks/questions/{questionId}/replies", new { text = "?" });
        Assert.Equal(HttpStatusCode.NotFound, schoolElsewhere.StatusCode);

        var answered = await factory.Officer().PostAsJsonAsync($"/api/tasks/questions/{questionId}/replies", new { text = "Ký với UBND phường nơi trường đóng." });
        Assert.Equal("Answered", (await answered.ReadJsonAsync()).GetProperty("status").GetString());
        var followUp = await district.PostAsJsonAsync($"/api/tasks/questions/{questionId}/replies", new { text = "Cảm ơn, còn trường mầm non?" });
        Assert.Equal("Open", (await followUp.ReadJsonAsync()).GetProperty("status").GetString());

        var thread = await (await district.GetAsync($"/api/tasks/assignments/{id}/questions")).ReadJsonAsync();
        var messages = thread[0].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([false, true, false], messages.Select(m => m.GetProperty("fromDepartment").GetBoolean()));
        Assert.Equal(1, await OutboxCountAsync<QuestionAnswered>());
    }

    [Fact]
    public async Task Dashboards_count_by_status_within_the_callers_scope()
    {
        // Relative to the fake clock, which other tests in this class move forward.
        var today = Microsoft.Extensions.Hosting.VietnamTime.Today(factory.Clock);
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(issueDate: today, tasks:
        [
            new { text = "Việc quá hạn.", kind = "OneOff", deadline = today.AddDays(1).ToString("yyyy-MM-dd") },
            new { text = "Việc còn hạn.", kind = "OneOff", deadline = today.AddDays(200).ToString("yyyy-MM-dd") },
        ]));
        var upper = Principal(TestOrg.UpperSecondary);
        var first = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary, 1);
        await upper.PostAsync($"/api/tasks/assignments/{first}/acknowledge");
        await upper.PostAsJsonAsync($"/api/tasks/assignments/{first}/complete", new { });
        factory.Clock.Advance(TimeSpan.FromDays(5));
        var daysOverdue = Microsoft.Extensions.Hosting.VietnamTime.Today(factory.Clock).DayNumber - today.AddDays(1).DayNumber;
        {
            var byTask = await (await factory.Officer().GetAsync($"/api/tasks/dashboard/by-task?documentId={doc}")).ReadJsonAsync();
            var task1 = byTask.GetProperty("items")[0];
            Assert.Equal(3, task1.GetProperty("total").GetInt32());
            Assert.Equal(1, task1.GetProperty("completedOnTime").GetInt32());
            Assert.Equal(2, task1.GetProperty("overdue").GetInt32());
            Assert.Equal(100, task1.GetProperty("onTimeRate").GetDouble());
            var task2 = byTask.GetProperty("items")[1];
            Assert.Equal(3, task2.GetProperty("inProgressWithinDeadline").GetInt32());

            // By area: each district office's own assignments, and the Department's own school as one row, whatever its
            // area code says (the upper-secondary school's area code lies in district A).
            var byArea = (await (await factory.Officer().GetAsync($"/api/tasks/dashboard/by-area?documentId={doc}")).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("total").GetInt32());
            Assert.Equal(new Dictionary<string, int> { [TestOrg.DistrictA.ToString()] = 2, [TestOrg.DistrictB.ToString()] = 2, ["direct"] = 2 }, byArea);

            // Work handed on to a school counts for the office that handed it on.
            var districtTask2 = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA, 2);
            using var handedOn = await factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer)
                .PostAsJsonAsync($"/api/tasks/assignments/{districtTask2}/delegate", new { unitIds = new[] { TestOrg.SchoolA1 } });
            Assert.True(handedOn.IsSuccessStatusCode, await handedOn.Content.ReadAsStringAsync());
            var allTiers = (await (await factory.Officer().GetAsync($"/api/tasks/dashboard/by-area?documentId={doc}&tier=all")).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("total").GetInt32());
            Assert.Equal(new Dictionary<string, int> { [TestOrg.DistrictA.ToString()] = 3, [TestOrg.DistrictB.ToString()] = 2, ["direct"] = 2 }, allTiers);

            var districtView = await (await factory.ClientFor(TestOrg.DistrictB, PlatformRoles.DistrictOfficer).GetAsync($"/api/tasks/dashboard/by-unit?documentId={doc}")).ReadJsonAsync();
            Assert.Equal([TestOrg.DistrictB.ToString()], districtView.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("key").GetString()));

            var overdue = await (await factory.Officer().GetAsync($"/api/tasks/dashboard/overdue?documentId={doc}&pageSize=1")).ReadJsonAsync();
            Assert.Equal(2, overdue.GetProperty("total").GetInt64());
            Assert.Equal(1, overdue.GetProperty("items").GetArrayLength());
            Assert.Equal(daysOverdue, overdue.GetProperty("items")[0].GetProperty("daysOverdue").GetInt32());

            var todo = await (await Principal(TestOrg.UpperSecondary).GetAsync("/api/tasks/dashboard/todo")).ReadJsonAsync();
            Assert.All(todo.GetProperty("items").EnumerateArray(), t => Assert.Equal(TestOrg.UpperSecondary, t.GetProperty("unitId").GetGuid()));
            Assert.DoesNotContain(todo.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == first);

            var badPage = await factory.Officer().GetAsync("/api/tasks/dashboard/by-unit?pageSize=1000");
            Assert.Contains("pageSize", await badPage.Content.ReadAsStringAsync());
        }
    }
}
