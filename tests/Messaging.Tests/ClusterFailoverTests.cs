using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Tests.Consumers;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

/// <summary>
/// Two replicas of one service on a three-node RabbitMQ cluster with quorum queues, under a steady
/// stream of writes: one broker node is killed (SIGKILL) and one replica stops mid-stream. Every
/// committed write's event is still applied exactly once and the stream keeps flowing.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StreamFor = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("PLATFORM_LONG_FAULTS") == "1" ? 120 : 15);
    private static readonly TimeSpan WriteEvery = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task Killing_a_broker_node_and_a_replica_mid_stream_loses_nothing_and_applies_nothing_twice()
    {
        await using var cluster = await RabbitMqCluster.StartAsync(3);
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("cluster_failover");
        var service = Units.ServiceName("failover");
        var counter = $"failover-{Guid.NewGuid():N}";
        var deliveries = new DeliveryLog();

        // Each replica lists every node, starting from a different one, as a deployment's pods would.
        TestServiceHost[] replicas =
        [
            await StartReplicaAsync("replica-a", [.. cluster.NodeAddresses]),
            await StartReplicaAsync("replica-b", [.. cluster.NodeAddresses.Skip(1), cluster.NodeAddresses[0]]),
        ];
        await using (var db = TestDbContext.Open(connection))
        {
            db.Counters.Add(new Counter { Name = counter, Value = 0 });
            await db.SaveChangesAsync();
        }
        await AssertIsQuorumQueueAsync(cluster.Nodes[1], TestServiceHost.QueueOf<WidgetCountedConsumer>(service));

        // The writer commits a widget and its event together, as a service's request handler does.
        var written = new List<Guid>();
        var clock = Stopwatch.StartNew();
        TimeSpan nodeKilledAt = default, replicaStoppedAt = default;
        var writer = Task.Run(async () =>
        {
            while (clock.Elapsed < StreamFor)
            {
                await using var db = TestDbContext.Open(connection);
                db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = $"w{written.Count}" });
                var row = db.AddIntegrationEvent(new WidgetCounted { CounterName = counter });
                await db.SaveChangesAsync();
                lock (written) written.Add(row.Id);
                await Task.Delay(WriteEvery);
            }
        });

        await Task.Delay(StreamFor / 3);
        nodeKilledAt = clock.Elapsed;
        await cluster.Nodes[0].KillAsync(); // replica-a's node, and where the queues were declared first
        await Task.Delay(StreamFor / 6);
        replicaStoppedAt = clock.Elapsed;
        await replicas[0].DisposeAsync();   // the other replica takes over its share of the queue and outbox
        await writer;
        var streamEnded = clock.Elapsed;

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = TestDbContext.Open(connection);
            return await db.OutboxMessages.AllAsync(m => m.PublishedAt != null)
                && await db.InboxMessages.CountAsync(m => m.Consumer == WidgetCountedConsumer.Name) >= written.Count;
        }, TimeSpan.FromSeconds(60), $"all {written.Count} events are published and applied");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate would arrive close behind

        await using (var db = TestDbContext.Open(connection))
        {
            var applied = await db.InboxMessages.Where(m => m.Consumer == WidgetCountedConsumer.Name).ToListAsync();
            Assert.Equal(written.Order(), applied.Select(m => m.MessageId).Order());
            Assert.Equal(written.Count, await db.Widgets.CountAsync());

            var appliedDeliveries = deliveries.Deliveries.Where(d => d.Applied == true).Select(d => d.MessageId!.Value).ToList();
            Assert.Equal(written.Order(), appliedDeliveries.Order());

            var started = applied.Min(m => m.ProcessedAt);
            var seconds = applied.Select(m => (m.ProcessedAt - started).TotalSeconds).Order().ToList();
            var longestGap = seconds.Zip(seconds.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
            double Rate(double from, double to) => seconds.Count(s => s >= from && s < to) / Math.Max(to - from, 0.001);
            output.WriteLine($"events written and applied exactly once: {written.Count} (duplicates skipped by the inbox: {deliveries.Deliveries.Count(d => d.Applied == false)})");
            output.WriteLine($"applied/s before the node kill: {Rate(0, nodeKilledAt.TotalSeconds):0}, node kill to replica stop: {Rate(nodeKilledAt.TotalSeconds, replicaStoppedAt.TotalSeconds):0}, after: {Rate(replicaStoppedAt.TotalSeconds, streamEnded.TotalSeconds):0} (writes every {WriteEvery.TotalMilliseconds} ms)");
            output.WriteLine($"longest pause between two applied events (recovery): {longestGap:0.00} s");
            Assert.True(longestGap < 30, $"the stream stopped for {longestGap:0.0} s; consumers must resume within 30 s");
        }

        // Nothing went to an _error queue: every failure was retried into success.
        await using var check = await new ConnectionFactory { Uri = cluster.Nodes[1].AmqpUri }.CreateConnectionAsync();
        await using var channel = await check.CreateChannelAsync();
        var errorQueue = TestServiceHost.QueueOf<WidgetCountedConsumer>(service) + "_error";
        try
        {
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(errorQueue)).MessageCount);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            // never created: nothing ever failed for good
        }
        await replicas[1].DisposeAsync();

        Task<TestServiceHost> StartReplicaAsync(string name, string[] nodes) =>
            TestServiceHost.StartAsync(output, connection, cluster.ConnectionString, service,
                bus => bus.AddConsumer<WidgetCountedConsumer>(), deliveries,
                settings: new Dictionary<string, string?>
                {
                    ["Messaging:Broker:ClusterNodes"] = string.Join(',', nodes),
                    ["Messaging:QuorumQueues"] = "true",
                    ["Messaging:Outbox:PublishTimeout"] = "00:00:02",
                },
                hostName: name);
    }

    /// <summary>Redeclaring a queue with other arguments fails, so a quorum declaration succeeds only on a quorum queue.</summary>
    private static async Task AssertIsQuorumQueueAsync(RabbitMqServer node, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = node.AmqpUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await using var classic = await connection.CreateChannelAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => classic.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic" }));
        Assert.Equal((ushort)406, refused.ShutdownReason?.ReplyCode);
    }
}
