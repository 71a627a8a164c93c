using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Tests.Consumers;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

public sealed class OutboxRelayConcurrencyTests(ITestOutputHelper output)
{
    private const int Rows = 500;

    [Fact]
    public async Task Two_relays_never_publish_a_row_twice()
    {
        var broker = await SharedServers.RabbitMq;
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("outbox_two_relays");
        var service = Units.ServiceName("relays");
        var deliveries = new DeliveryLog();
        // Small batches, so the two relays interleave many times over the 500 rows.
        var settings = new Dictionary<string, string?> { ["Messaging:Outbox:BatchSize"] = "10" };

        await using var first = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, service,
            bus => bus.AddConsumer<UnitRegisteredConsumer>(), deliveries, settings, hostName: "relay-a");
        await using var second = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, service,
            bus => bus.AddConsumer<UnitRegisteredConsumer>(), deliveries, settings, hostName: "relay-b");

        List<Guid> rowIds;
        await using (var db = TestDbContext.Open(connection))
        {
            rowIds = [.. Enumerable.Range(1, Rows).Select(i => db.AddIntegrationEvent(Units.Registered($"RELAY-{i}")).Id)];
            await db.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = TestDbContext.Open(connection);
            return await db.OutboxMessages.AllAsync(m => m.PublishedAt != null);
        }, TimeSpan.FromSeconds(40), "every row is marked published");
        await Eventually.HoldsAsync(() => deliveries.Deliveries.Count >= Rows, TimeSpan.FromSeconds(20), "every row is consumed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var consumed = deliveries.Deliveries;
        Assert.Equal(rowIds.Order(), consumed.Select(d => d.MessageId!.Value).Order());
        // Both relays took part; otherwise this test would not have exercised SKIP LOCKED at all.
        Assert.Equal(2, consumed.Select(d => d.SourceAddress).Distinct().Count());
        await using (var db = TestDbContext.Open(connection))
        {
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Attempts > 0));
        }
    }
}
