using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Consumers;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Tests;

/// <summary>The units events reach the consumers through MassTransit's in-memory test harness.</summary>
public sealed class UnitTransferConsumerTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the consumer did not apply the event in time");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_dissolved_units_open_assignments_pass_to_its_successor_with_history_and_finished_ones_stay()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.UpperSecondary }]));
        await using var db = factory.NewDbContext();
        var held = await db.Assignments.Where(a => a.DocumentId == doc).ToListAsync();
        var done = held.First(a => a.TaskNumber == 1);
        var school = factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolManager);
        await school.PostAsync($"/api/tasks/assignments/{done.Id}/acknowledge");
        await school.PostAsync($"/api/tasks/assignments/{done.Id}/complete", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        var message = new UnitDissolved
        {
            UnitId = TestOrg.UpperSecondary, SuccessorUnitId = TestOrg.DistrictB, Reason = "Merged",
            EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
        };
        var messageId = NewId.NextGuid();
        await factory.Harness.Bus.Publish(message, ctx => ctx.MessageId = messageId);
        // A redelivery of the same message (same MessageId) is recognised by the inbox and skipped.
        await factory.Harness.Bus.Publish(message, ctx => ctx.MessageId = messageId);

        await WaitUntilAsync(async () => await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId) > 0
                                          && await db.Assignments.CountAsync(a => a.DocumentId == doc && a.UnitId == TestOrg.DistrictB) > 0);
        Assert.True(await factory.Harness.Consumed.Any<UnitDissolved>(m => m.Context.MessageId == messageId));

        var after = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc).ToListAsync();
        Assert.Equal(TestOrg.UpperSecondary, after.Single(a => a.Id == done.Id).UnitId);
        Assert.All(after.Where(a => a.Id != done.Id), a =>
        {
            Assert.Equal(TestOrg.DistrictB, a.UnitId);
            Assert.Equal(TestOrg.UpperSecondary, a.OriginalUnitId);
        });
        var history = await db.AssignmentHistory.AsNoTracking().Where(h => h.Kind == "Transferred").ToListAsync();
        Assert.Equal(after.Count - 1, history.Count(h => after.Any(a => a.Id == h.AssignmentId)));
        Assert.All(history, h => Assert.Equal(TestOrg.UpperSecondary, h.FromUnitId));
        var events = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(TaskAssigned).FullName!)).ToListAsync())
            .Select(m => System.Text.Json.JsonSerializer.Deserialize<TaskAssigned>(m.Body, System.Text.Json.JsonSerializerOptions.Web)!)
            .Where(e => e.TransferredFromUnitId == TestOrg.UpperSecondary).ToList();
        Assert.Equal(after.Count - 1, events.Count);
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId && m.Consumer == "assignment-transfer.UnitDissolved"));
    }

    [Fact]
    public async Task Merged_units_hand_their_open_work_to_the_successor_without_duplicating_what_it_already_holds()
    {
        // Both districts hold the same tasks; A is merged into B.
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { groupId = TestOrg.DistrictOfficesGroup }]));
        await factory.Harness.Bus.Publish(new UnitsMerged
        {
            SourceUnitIds = [TestOrg.DistrictA], SuccessorUnitId = TestOrg.DistrictB, EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
        });
        await using var db = factory.NewDbContext();
        await WaitUntilAsync(async () => !await db.Assignments.AnyAsync(a => a.DocumentId == doc && a.UnitId == TestOrg.DistrictA && a.Status != AssignmentStatus.Cancelled));

        var after = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == doc).ToListAsync();
        var perTask = after.Where(a => a.Status != AssignmentStatus.Cancelled).GroupBy(a => (a.TaskId, a.Occurrence));
        Assert.All(perTask, g => Assert.Equal(TestOrg.DistrictB, Assert.Single(g).UnitId));
        Assert.All(after.Where(a => a.OriginalUnitId == TestOrg.DistrictA), a => Assert.Equal(AssignmentStatus.Cancelled, a.Status));
    }

    [Fact]
    public async Task Dissolution_without_successor_cancels_open_work_and_the_district_rederives_its_status()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.DistrictA }]));
        var districtAssignment = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        var district = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);
        await district.PostAsync($"/api/tasks/assignments/{districtAssignment}/acknowledge");
        await district.PostAsync($"/api/tasks/assignments/{districtAssignment}/delegate",
            System.Net.Http.Json.JsonContent.Create(new { unitIds = new[] { TestOrg.SchoolA2, TestOrg.SchoolA3 } }));
        await using var db = factory.NewDbContext();
        var a2 = await db.Assignments.Where(a => a.ParentAssignmentId == districtAssignment && a.UnitId == TestOrg.SchoolA2).Select(a => a.Id).SingleAsync();
        var school = factory.ClientFor(TestOrg.SchoolA2, PlatformRoles.SchoolManager);
        await school.PostAsync($"/api/tasks/assignments/{a2}/acknowledge");
        await school.PostAsync($"/api/tasks/assignments/{a2}/complete", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        await factory.Harness.Bus.Publish(new UnitDissolved
        {
            UnitId = TestOrg.SchoolA3, Reason = "Dissolved", EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
        });

        await WaitUntilAsync(async () => (await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == districtAssignment)).Status == AssignmentStatus.Completed);
        Assert.True(await db.Assignments.AnyAsync(a => a.ParentAssignmentId == districtAssignment && a.UnitId == TestOrg.SchoolA3 && a.Status == AssignmentStatus.Cancelled));
    }
}
