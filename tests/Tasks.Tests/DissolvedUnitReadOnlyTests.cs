using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;

namespace Platform.Tasks.Tests;

/// <summary>
/// People of a dissolved unit (a district office after 01/07/2025) keep reading the work of its time, and change nothing.
/// </summary>
public sealed class DissolvedUnitReadOnlyTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_officer_of_a_dissolved_unit_reads_but_every_write_is_refused_naming_the_successor()
    {
        var ended = factory.ClientFor(TestOrg.DissolvedSchool, PlatformRoles.DistrictOfficer);
        var active = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.DistrictA }]));
        var assignment = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);

        using var read = await ended.GetAsync("/api/tasks/assignments?mine=true");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var write = await ended.PostAsync($"/api/tasks/assignments/{assignment}/acknowledge", null);
        var body = await write.Content.ReadAsStringAsync();
        Api.AssertProblem(write, HttpStatusCode.Forbidden, body);
        Assert.Contains("Trường THCS A9 (đã sáp nhập) đã kết thúc hoạt động", body);
        Assert.Contains("Trường THCS A1", body); // who carries on its work
        await using var db = factory.NewDbContext();
        Assert.Null((await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == assignment)).AcknowledgedAt);

        // The same request from the unit that holds the assignment and still exists goes through.
        using var accepted = await active.PostAsync($"/api/tasks/assignments/{assignment}/acknowledge", null);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        Assert.NotNull((await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == assignment)).AcknowledgedAt);
    }

    [Fact]
    public async Task Province_wide_roles_are_not_tied_to_the_life_of_their_unit()
    {
        var officerOfEndedUnit = factory.ClientFor(TestOrg.DissolvedSchool, PlatformRoles.DepartmentOfficer);
        using var write = await officerOfEndedUnit.PostAsJsonAsync("/api/tasks/documents", Api.Dispatch(addressees: [new { unitId = TestOrg.SchoolA1 }]));
        Assert.True(write.StatusCode == HttpStatusCode.Created, await write.Content.ReadAsStringAsync());
    }
}
