using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.Messaging;

namespace Platform.Tasks.Tests;

/// <summary>The service as deployed: MassTransit on the machine's RabbitMQ, with the production queue layout.</summary>
public sealed class RealBrokerTasksApiFactory : TasksApiFactory
{
    protected override bool InMemoryBus => false;
}

public sealed class RealBrokerTests(RealBrokerTasksApiFactory factory) : IClassFixture<RealBrokerTasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_UnitDissolved_through_RabbitMQ_moves_open_work_and_the_issue_events_leave_through_the_relay()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(addressees: [new { unitId = TestOrg.SchoolB1 }]));
        await using var db = factory.NewDbContext();

        await factory.Services.GetRequiredService<IBus>().Publish(new UnitDissolved
        {
            UnitId = TestOrg.SchoolB1, SuccessorUnitId = TestOrg.DistrictB, Reason = "Merged",
            EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow,
        });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Assignments.AnyAsync(a => a.DocumentId == doc && a.UnitId == TestOrg.SchoolB1))
        {
            Assert.True(DateTime.UtcNow < deadline, "the transfer consumer did not receive UnitDissolved from the broker");
            await Task.Delay(100);
        }
        Assert.True(await db.Set<InboxMessage>().AnyAsync(m => m.Consumer == "assignment-transfer.UnitDissolved"));
        while (await db.Set<OutboxMessage>().AnyAsync(m => m.PublishedAt == null))
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay did not publish the issue's events to the broker");
            await Task.Delay(100);
        }
    }
}
