using System.Net;
using System.Net.Http.Json;
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
}
