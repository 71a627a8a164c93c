using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.Tasks.Tests;

public sealed class HolidaysApiTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>
{
    [Fact]
    public async Task The_calendar_is_seeded_maintained_by_officers_and_moves_working_day_deadlines()
    {
        var reader = factory.ClientFor(Guid.NewGuid(), PlatformRoles.SchoolStaff);
        var tet2025 = await (await reader.GetAsync("/api/tasks/holidays?year=2025")).ReadJsonAsync();
        Assert.Contains(tet2025.EnumerateArray(), h => h.GetProperty("date").GetString() == "2025-01-29" && h.GetProperty("name").GetString() == "Tết Nguyên đán");

        var before = await (await reader.GetAsync("/api/tasks/holidays/working-days?from=2025-06-05&days=1")).ReadJsonAsync();
        Assert.Equal("2025-06-06", before.GetProperty("date").GetString());

        var refused = await reader.PutAsJsonAsync("/api/tasks/holidays/2025-06-06", new { name = "Nghỉ đột xuất" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var auditor = await factory.ClientFor(Guid.NewGuid(), PlatformRoles.Auditor).PutAsJsonAsync("/api/tasks/holidays/2025-06-06", new { name = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);

        var officer = factory.ClientFor(TestOrg.Office, PlatformRoles.DepartmentOfficer);
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync("/api/tasks/holidays/2025-06-06", new { name = "Nghỉ bù (thử)" })).StatusCode);
        var after = await (await reader.GetAsync("/api/tasks/holidays/working-days?from=2025-06-05&days=1")).ReadJsonAsync();
        Assert.Equal("2025-06-09", after.GetProperty("date").GetString());

        var badDate = await officer.PutAsJsonAsync("/api/tasks/holidays/06-06-2025", new { name = "x" });
        Assert.Contains("\"date\"", await badDate.Content.ReadAsStringAsync());
        var badKind = await officer.PutAsJsonAsync("/api/tasks/holidays/2025-06-07", new { name = "x", kind = "Party" });
        Assert.Contains("\"kind\"", await badKind.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await officer.DeleteAsync("/api/tasks/holidays/2025-06-06")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.DeleteAsync("/api/tasks/holidays/2025-06-06")).StatusCode);
    }

    [Fact]
    public async Task Years_without_an_announcement_are_computed_listed_as_provisional_and_reported()
    {
        var reader = factory.ClientFor(Guid.NewGuid(), PlatformRoles.SchoolStaff);

        var year2027 = (await (await reader.GetAsync("/api/tasks/holidays?year=2027")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Contains(year2027, h => h.GetProperty("date").GetString() == "2027-02-06" && h.GetProperty("name").GetString() == "Tết Nguyên đán"
            && h.GetProperty("provisional").GetBoolean());
        Assert.Contains(year2027, h => h.GetProperty("date").GetString() == "2027-04-16" && h.GetProperty("provisional").GetBoolean());
        Assert.All(year2027, h => Assert.True(h.GetProperty("provisional").GetBoolean()));
        var year2025 = (await (await reader.GetAsync("/api/tasks/holidays?year=2025")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.All(year2025, h => Assert.False(h.GetProperty("provisional").GetBoolean()));

        var status = await (await reader.GetAsync("/api/tasks/holidays/status?from=2025&to=2028")).ReadJsonAsync();
        Assert.Equal([2024, 2025, 2026], status.GetProperty("announcedYears").EnumerateArray().Select(y => y.GetInt32()));
        var years = status.GetProperty("years").EnumerateArray().ToDictionary(y => y.GetProperty("year").GetInt32());
        Assert.False(years[2026].GetProperty("provisional").GetBoolean());
        Assert.True(years[2027].GetProperty("provisional").GetBoolean());
        Assert.True(years[2028].GetProperty("provisional").GetBoolean());
        Assert.Equal("2027-02-06", years[2027].GetProperty("lunarNewYear").GetString());
        // By default: this year (the test clock's, 2024) and the next four.
        var byDefault = await (await reader.GetAsync("/api/tasks/holidays/status")).ReadJsonAsync();
        Assert.Equal([2024, 2025, 2026, 2027, 2028], byDefault.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()));
        var badRange = await reader.GetAsync("/api/tasks/holidays/status?from=2030&to=2027");
        Assert.Contains("\"to\"", await badRange.Content.ReadAsStringAsync());

        var acrossTet = await (await reader.GetAsync("/api/tasks/holidays/working-days?from=2027-02-04&days=1")).ReadJsonAsync();
        Assert.Equal("2027-02-12", acrossTet.GetProperty("date").GetString());
        Assert.True(acrossTet.GetProperty("provisional").GetBoolean());
        Assert.False(string.IsNullOrEmpty(acrossTet.GetProperty("warning").GetString()));
        var announced = await (await reader.GetAsync("/api/tasks/holidays/working-days?from=2025-01-24&days=1")).ReadJsonAsync();
        Assert.False(announced.GetProperty("provisional").GetBoolean());
        Assert.Equal(JsonValueKind.Null, announced.GetProperty("warning").ValueKind);
    }

    [Fact]
    public async Task A_deadline_counted_into_a_provisional_year_carries_a_warning_on_the_document_and_the_assignment()
    {
        await factory.SeedOrgAsync();
        var officer = factory.Officer();
        object[] tasks =
        [
            new { number = 1, text = "Báo cáo sơ kết.", kind = "OneOff", deadlineWorkingDays = 10 },
            new { number = 2, text = "Báo cáo tổng kết.", kind = "OneOff", deadline = "2027-03-01" },
        ];
        var id = await Api.CreateDraftAsync(officer, Api.Dispatch(issueDate: new DateOnly(2026, 12, 21), tasks: tasks,
            addressees: [new { unitId = TestOrg.UpperSecondary }]));
        var issued = (await Api.IssueAsync(officer, id)).GetProperty("document").GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal("2027-01-05", issued[0].GetProperty("dueDate").GetString());
        Assert.True(issued[0].GetProperty("deadlineProvisional").GetBoolean());
        Assert.Contains("112", issued[0].GetProperty("deadlineWarning").GetString());
        Assert.False(issued[1].GetProperty("deadlineProvisional").GetBoolean());
        Assert.Equal(JsonValueKind.Null, issued[1].GetProperty("deadlineWarning").ValueKind);

        var assignmentId = await Api.AssignmentIdAsync(factory, id, TestOrg.UpperSecondary);
        var assignment = await (await officer.GetAsync($"/api/tasks/assignments/{assignmentId}")).ReadJsonAsync();
        Assert.True(assignment.GetProperty("task").GetProperty("deadlineProvisional").GetBoolean());
    }
}
