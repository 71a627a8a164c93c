using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.UnitDirectory;

namespace Platform.Tasks.Tests;

/// <summary>
/// Open work never vanishes when a unit is dissolved with several successors (issue 17, item 3): the units events
/// reach the consumers through MassTransit's in-memory harness, on an organisation with the reform's commune divisions.
/// </summary>
public sealed class DissolvedUnitWorkTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    /// <summary>Culture–Society divisions of two new communes; District A's schools A1 and A2 go to X, A3 to Y.</summary>
    private static readonly Guid DivisionX = Guid.Parse("30000000-0000-0000-0000-0000000000d1");
    private static readonly Guid DivisionY = Guid.Parse("30000000-0000-0000-0000-0000000000d2");
    /// <summary>Dissolved in its turn, its work carried on by <see cref="DivisionZ"/>.</summary>
    private static readonly Guid DivisionOld = Guid.Parse("30000000-0000-0000-0000-0000000000d3");
    private static readonly Guid DivisionZ = Guid.Parse("30000000-0000-0000-0000-0000000000d4");

    public async Task InitializeAsync()
    {
        await factory.SeedOrgAsync();
        await using var db = factory.NewDbContext();
        if (await db.Units.AnyAsync(u => u.Id == DivisionX)) return;
        UnitReplica Division(Guid id, string code, bool active = true, Guid? successor = null) => new()
        {
            Id = id, Code = code, Name = $"Phòng Văn hóa – Xã hội {code}", Kind = "CommuneDivision", EffectiveFrom = new DateOnly(2025, 7, 1),
            IsActive = active, SuccessorId = successor, SourceUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        db.Units.AddRange(Division(DivisionX, "VHXH-X"), Division(DivisionY, "VHXH-Y"), Division(DivisionOld, "VHXH-OLD", active: false, successor: DivisionZ),
            Division(DivisionZ, "VHXH-Z"));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the consumer did not apply the event in time");
            await Task.Delay(50);
        }
    }

    private Task PublishAsync<T>(T message) where T : class => factory.Harness.Bus.Publish(message);

    private static UnitDissolved Dissolved(Guid unit, Guid? successor, string reason = "Dissolved") => new()
    {
        UnitId = unit, SuccessorUnitId = successor, Reason = reason, EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
    };

    private static UnitMoved Moved(Guid unit, Guid from, Guid to) => new()
    {
        UnitId = unit, PreviousParentId = from, NewParentId = to, EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task An_office_dissolved_into_several_communes_hands_each_open_assignment_to_the_successor_named_for_it_or_the_primary_and_its_schools_work_on()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.DistrictA }]));
        var handedOn = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        var district = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);
        await district.PostAsync($"/api/tasks/assignments/{handedOn}/acknowledge");
        var delegated = await district.PostAsJsonAsync($"/api/tasks/assignments/{handedOn}/delegate", new { unitIds = new[] { TestOrg.SchoolA1, TestOrg.SchoolA2 } });
        Assert.True(delegated.StatusCode == HttpStatusCode.OK, await delegated.Content.ReadAsStringAsync());
        await using var db = factory.NewDbContext();
        var schoolWork = await db.Assignments.AsNoTracking().Where(a => a.ParentAssignmentId == handedOn).ToListAsync();
        var others = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc && a.UnitId == TestOrg.DistrictA && a.Id != handedOn).ToListAsync();
        Assert.NotEmpty(others);

        // 01/07/2025: the schools move under the new communes' divisions, then the office is dissolved with Y as its primary successor.
        await PublishAsync(Moved(TestOrg.SchoolA1, TestOrg.DistrictA, DivisionX));
        await PublishAsync(Moved(TestOrg.SchoolA2, TestOrg.DistrictA, DivisionX));
        await PublishAsync(Moved(TestOrg.SchoolA3, TestOrg.DistrictA, DivisionY));
        await WaitUntilAsync(async () => await db.Units.CountAsync(u => u.ParentId == DivisionX) == 2 && await db.Units.AnyAsync(u => u.ParentId == DivisionY));
        await PublishAsync(Dissolved(TestOrg.DistrictA, DivisionY));
        await WaitUntilAsync(async () => !await db.Assignments.AnyAsync(a => a.DocumentId == doc && a.UnitId == TestOrg.DistrictA));

        var after = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc).ToDictionaryAsync(a => a.Id);
        // The task handed on to A1 and A2 goes to X, which now supervises both; everything else to the primary successor Y.
        Assert.Equal(DivisionX, after[handedOn].UnitId);
        Assert.All(others, o => Assert.Equal(DivisionY, after[o.Id].UnitId));
        Assert.All(after.Values.Where(a => a.ParentAssignmentId is null), a =>
        {
            Assert.Equal(TestOrg.DistrictA, a.OriginalUnitId);
            Assert.True(a.IsOpen);
        });
        var notes = await db.AssignmentHistory.AsNoTracking().Where(h => h.Kind == "Transferred" && after.Keys.Contains(h.AssignmentId)).ToListAsync();
        Assert.Equal(1 + others.Count, notes.Count);
        Assert.Contains("đơn vị nay quản lý các đơn vị thực hiện nhiệm vụ", notes.Single(n => n.AssignmentId == handedOn).Note);
        Assert.All(notes.Where(n => n.AssignmentId != handedOn), n => Assert.Contains("chuyển cho đơn vị kế thừa", n.Note));
        var transferred = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(TaskAssigned).FullName!)).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<TaskAssigned>(m.Body, JsonSerializerOptions.Web)!)
            .Where(e => e.TransferredFromUnitId == TestOrg.DistrictA).ToList();
        Assert.Equal([.. after.Values.Where(a => a.ParentAssignmentId is null).Select(a => (a.Id, a.UnitId)).Order()], transferred.Select(e => (e.AssignmentId, e.UnitId)).Order());

        // The schools' own assignments stay theirs and run on under their new supervisor, who now sees and follows them.
        Assert.All(schoolWork, s => Assert.Equal(s.UnitId, after[s.Id].UnitId));
        var divisionX = factory.ClientFor(DivisionX, PlatformRoles.DistrictOfficer);
        Assert.Equal(HttpStatusCode.OK, (await divisionX.GetAsync($"/api/tasks/assignments/{schoolWork[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ClientFor(DivisionY, PlatformRoles.DistrictOfficer).GetAsync($"/api/tasks/assignments/{schoolWork[0].Id}")).StatusCode);
        foreach (var work in schoolWork)
        {
            var school = factory.ClientFor(work.UnitId, PlatformRoles.SchoolManager);
            Assert.Equal(HttpStatusCode.OK, (await school.PostAsync($"/api/tasks/assignments/{work.Id}/acknowledge")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await school.PostAsJsonAsync($"/api/tasks/assignments/{work.Id}/complete", new { })).StatusCode);
        }
        var parent = await (await divisionX.GetAsync($"/api/tasks/assignments/{handedOn}")).ReadJsonAsync();
        Assert.Equal("Completed", parent.GetProperty("assignment").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_successor_dissolved_in_its_turn_passes_the_work_on_to_its_own_successor()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.DistrictB }]));
        await PublishAsync(Dissolved(TestOrg.DistrictB, DivisionOld, "Merged"));
        await using var db = factory.NewDbContext();
        await WaitUntilAsync(async () => !await db.Assignments.AnyAsync(a => a.DocumentId == doc && a.UnitId == TestOrg.DistrictB));

        var after = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc).ToListAsync();
        Assert.All(after, a =>
        {
            Assert.Equal(DivisionZ, a.UnitId);
            Assert.True(a.IsOpen);
        });
    }

    [Fact]
    public async Task Without_a_successor_open_work_is_closed_with_the_reason_shown_counted_apart_and_never_overdue()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.UpperSecondary }]));
        var done = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        var school = factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolManager);
        await school.PostAsync($"/api/tasks/assignments/{done}/acknowledge");
        await school.PostAsJsonAsync($"/api/tasks/assignments/{done}/complete", new { });

        await PublishAsync(Dissolved(TestOrg.UpperSecondary, null));
        await using var db = factory.NewDbContext();
        await WaitUntilAsync(async () => !await db.Assignments.AnyAsync(a => a.DocumentId == doc && a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Cancelled));

        var after = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc).ToListAsync();
        Assert.Equal(AssignmentStatus.Completed, after.Single(a => a.Id == done).Status);
        var closed = after.Where(a => a.Id != done).ToList();
        Assert.NotEmpty(closed);
        Assert.All(closed, a =>
        {
            Assert.Equal(AssignmentStatus.Cancelled, a.Status);
            Assert.Equal(TestOrg.UpperSecondary, a.UnitId);
            Assert.Equal(Microsoft.Extensions.Hosting.VietnamTime.Today(factory.Clock), a.ClosedOn);
            Assert.Equal("Trường THPT C đã giải thể, không có đơn vị kế thừa", a.ClosedReason);
            Assert.Null(a.Tracking(new DateOnly(2026, 12, 7)));
        });
        var events = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(AssignmentClosed).FullName!)).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<AssignmentClosed>(m.Body, JsonSerializerOptions.Web)!).Where(e => e.DocumentId == doc).ToList();
        Assert.Equal(closed.Select(a => a.Id).Order(), events.Select(e => e.AssignmentId).Order());
        Assert.All(events, e => Assert.Equal("Trường THPT C đã giải thể, không có đơn vị kế thừa", e.Reason));

        // Shown on the assignment and on the dashboard, apart from the tracked work.
        var officer = factory.Officer();
        var detail = await (await officer.GetAsync($"/api/tasks/assignments/{closed[0].Id}")).ReadJsonAsync();
        Assert.Equal("Trường THPT C đã giải thể, không có đơn vị kế thừa", detail.GetProperty("assignment").GetProperty("closedReason").GetString());
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "Cancelled"
            && h.GetProperty("note").GetString() == "Trường THPT C đã giải thể, không có đơn vị kế thừa");
        var overall = (await (await officer.GetAsync($"/api/tasks/dashboard?documentId={doc}")).ReadJsonAsync()).GetProperty("overall");
        Assert.Equal(1, overall.GetProperty("total").GetInt32());
        Assert.Equal(closed.Count, overall.GetProperty("closed").GetInt32());
        // The dissolved school's own people can no longer act at all: refused before the assignment is looked at.
        var acting = await school.PostAsync($"/api/tasks/assignments/{closed[0].Id}/acknowledge");
        Assert.Equal(HttpStatusCode.Forbidden, acting.StatusCode);
        Assert.Contains("đã kết thúc hoạt động", await acting.Content.ReadAsStringAsync());
        Assert.Null((await (await officer.GetAsync($"/api/tasks/assignments/{closed[0].Id}")).ReadJsonAsync()).GetProperty("assignment").GetProperty("acknowledgedAt").GetString());
    }
}
