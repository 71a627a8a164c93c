using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Tests.Consumers;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

public sealed class InboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Same_message_delivered_twice_is_applied_once()
    {
        var (connection, deliveries, host) = await StartAsync("inbox_sequential", "sequential");
        await using var _ = host;
        var messageId = NewId.NextGuid();
        var message = new WidgetCounted { CounterName = "sequential" };

        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId);
        await Eventually.HoldsAsync(() => deliveries.Deliveries.Count == 1, TimeSpan.FromSeconds(20), "the first delivery is consumed");
        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId);
        await Eventually.HoldsAsync(() => deliveries.Deliveries.Count == 2, TimeSpan.FromSeconds(20), "the duplicate is consumed");

        Assert.Equal([true, false], deliveries.Deliveries.Select(d => d.Applied!.Value));
        Assert.All(deliveries.Deliveries, d => Assert.Equal(messageId, d.MessageId));
        await AssertAppliedOnceAsync(connection, "sequential", messageId);
    }

    [Fact]
    public async Task Duplicates_delivered_at_the_same_time_are_applied_once()
    {
        var (connection, deliveries, host) = await StartAsync("inbox_concurrent", "concurrent");
        await using var _ = host;
        var messageId = NewId.NextGuid();
        var message = new WidgetCounted { CounterName = "concurrent", DeliverTogether = true };

        await Task.WhenAll(
            host.Bus.Publish(message, ctx => ctx.MessageId = messageId),
            host.Bus.Publish(message, ctx => ctx.MessageId = messageId));
        await Eventually.HoldsAsync(() => deliveries.Deliveries.Count == 2, TimeSpan.FromSeconds(30), "both deliveries are consumed");

        var both = deliveries.Deliveries;
        // Each delivery waited for the other before touching the inbox: they really overlapped.
        Assert.All(both, d => Assert.True(d.ArrivedTogether));
        Assert.Equal([false, true], both.Select(d => d.Applied!.Value).Order());
        await AssertAppliedOnceAsync(connection, "concurrent", messageId);
    }

    private async Task<(string Connection, DeliveryLog Deliveries, TestServiceHost Host)> StartAsync(string database, string counter)
    {
        var broker = await SharedServers.RabbitMq;
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync(database);
        var deliveries = new DeliveryLog();
        var host = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, Units.ServiceName("inbox"),
            bus => bus.AddConsumer<WidgetCountedConsumer>(), deliveries);
        await using var db = TestDbContext.Open(connection);
        db.Counters.Add(new Counter { Name = counter, Value = 0 });
        await db.SaveChangesAsync();
        return (connection, deliveries, host);
    }

    private static async Task AssertAppliedOnceAsync(string connection, string counter, Guid messageId)
    {
        await using var db = TestDbContext.Open(connection);
        Assert.Equal(1, (await db.Counters.SingleAsync(c => c.Name == counter)).Value);
        var inbox = Assert.Single(await db.InboxMessages.ToListAsync());
        Assert.Equal(messageId, inbox.MessageId);
        Assert.Equal(WidgetCountedConsumer.Name, inbox.Consumer);
    }
}
