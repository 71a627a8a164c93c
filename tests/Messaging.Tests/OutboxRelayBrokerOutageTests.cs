using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Tests.Consumers;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

public sealed class OutboxRelayBrokerOutageTests(ITestOutputHelper output)
{
    private const int Rows = 20;

    [Fact]
    public async Task Relay_publishes_rows_written_while_the_broker_was_down_once_it_is_back()
    {
        // A broker of its own: stopping the shared one would break the tests running beside this one.
        await using var broker = await RabbitMqServer.StartAsync();
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("outbox_outage");
        var service = Units.ServiceName("outage");
        var deliveries = new DeliveryLog();

        // The subscriber's durable queue exists before the outage, as a deployed consumer's does;
        // without it a message published right after the broker returns would have nowhere to go.
        await using (await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, service,
            bus => bus.AddConsumer<UnitRegisteredConsumer>(), deliveries, hostName: "before-outage"))
        {
        }
        await broker.StopAsync();

        List<Guid> rowIds;
        await using (var db = TestDbContext.Open(connection))
        {
            rowIds = [.. Enumerable.Range(1, Rows).Select(i => db.AddIntegrationEvent(Units.Registered($"OUTAGE-{i}")).Id)];
            await db.SaveChangesAsync();
        }

        await using var relay = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, service,
            bus => bus.AddConsumer<UnitRegisteredConsumer>(), deliveries,
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:PublishTimeout"] = "00:00:01" },
            waitForBus: false, hostName: "relay");

        // Each attempt waits for the publish timeout; the relay stops a batch at the first failure, so
        // during the outage it keeps retrying the oldest rows with backoff and the rest wait their turn.
        await Eventually.HoldsAsync(async () =>
        {
            await using var db = TestDbContext.Open(connection);
            return await db.OutboxMessages.AnyAsync(m => m.Attempts >= 2);
        }, TimeSpan.FromSeconds(30), "a row has failed to publish twice");

        await using (var db = TestDbContext.Open(connection))
        {
            var rows = await db.OutboxMessages.ToListAsync();
            Assert.Equal(Rows, rows.Count);
            Assert.All(rows, row => Assert.Null(row.PublishedAt));
            var failed = rows.Where(row => row.Attempts > 0).ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, row =>
            {
                Assert.False(string.IsNullOrWhiteSpace(row.LastError));
                Assert.True(row.NextAttemptAt > row.CreatedAt);
            });
        }
        Assert.Empty(deliveries.Deliveries);

        await broker.StartAgainAsync();

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = TestDbContext.Open(connection);
            return await db.OutboxMessages.AllAsync(m => m.PublishedAt != null);
        }, TimeSpan.FromSeconds(40), "every row is marked published");
        await Eventually.HoldsAsync(() => deliveries.Deliveries.Count >= Rows, TimeSpan.FromSeconds(20), "every row is consumed");
        // A duplicate would arrive close behind the original.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var consumed = deliveries.Deliveries.Select(d => d.MessageId!.Value).ToList();
        Assert.Equal(rowIds.Order(), consumed.Order());
    }
}
