using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Police;
using Platform.Coordination.Tests.Support;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Coordination.Tests;

/// <summary>
/// The queues of the police contract on a real broker: classic on a single broker, quorum queues when the platform
/// runs on a cluster (<c>Messaging:QuorumQueues</c>), and a clear refusal when a queue exists with the other type.
/// Each test has its own virtual host on the test process's RabbitMQ node (a single node also runs quorum queues).
/// </summary>
public sealed class PoliceTopologyTests
{
    private static readonly string[] Queues = [PoliceWire.PoliceInboxQueue, PoliceWire.RepliesQueue, PoliceWire.RejectedQueue];

    private static async Task<(RabbitMqServer Server, string VirtualHost)> FreshVirtualHostAsync()
    {
        var server = await SharedServers.RabbitMq;
        return (server, await BrokerAdmin.CreateVirtualHostAsync(server, "police-topology"));
    }

    private static PoliceBroker Broker(Uri uri, bool quorumQueues) => new(
        Options.Create(new PoliceOptions { BrokerUri = uri.ToString() }),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:QuorumQueues"] = quorumQueues ? "true" : "false" }).Build(),
        NullLogger<PoliceBroker>.Instance);

    /// <summary>
    /// True when the broker takes a declaration of <paramref name="queue"/> as <paramref name="type"/>, false when it refuses
    /// it (406). "classic" is declared as a single broker's platform does, without <c>x-queue-type</c>.
    /// </summary>
    private static async Task<bool> AcceptsAsAsync(IConnection connection, string queue, string type)
    {
        await using var channel = await connection.CreateChannelAsync();
        var arguments = type == "classic" ? new Dictionary<string, object?>() : new Dictionary<string, object?> { [PoliceWire.QueueTypeArgument] = type };
        if (queue == PoliceWire.RepliesQueue) arguments["x-dead-letter-exchange"] = PoliceWire.RejectedExchange;
        try
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            return false;
        }
    }

    [Fact]
    public async Task On_a_cluster_the_police_queues_are_quorum_queues_and_the_police_user_finds_them_passively()
    {
        var (server, vhost) = await FreshVirtualHostAsync();
        var uri = BrokerAdmin.UriFor(server, vhost);
        await using (var broker = Broker(uri, quorumQueues: true))
        {
            Assert.True(broker.QuorumQueues);
            await broker.ConnectionAsync(CancellationToken.None);
        }
        // Declaring again (the next replica, the next start) changes nothing.
        await using (var again = Broker(uri, quorumQueues: true))
        {
            await again.ConnectionAsync(CancellationToken.None);
        }

        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        foreach (var queue in Queues)
        {
            Assert.True(await AcceptsAsAsync(connection, queue, "quorum"), $"{queue} is not a quorum queue");
            Assert.False(await AcceptsAsAsync(connection, queue, "classic"), $"{queue} is a classic queue");
        }
        // The police system may declare nothing; its passive check (what the simulator does) fits a quorum queue.
        await using var police = await new ConnectionFactory { Uri = BrokerAdmin.UriFor(server, vhost, BrokerAdmin.PoliceUser, BrokerAdmin.PolicePassword) }.CreateConnectionAsync();
        await using var policeChannel = await police.CreateChannelAsync();
        Assert.Equal(0u, (await policeChannel.QueueDeclarePassiveAsync(PoliceWire.PoliceInboxQueue)).MessageCount);
    }

    [Fact]
    public async Task On_a_single_broker_the_police_queues_stay_classic()
    {
        var (server, vhost) = await FreshVirtualHostAsync();
        var uri = BrokerAdmin.UriFor(server, vhost);
        await using (var broker = Broker(uri, quorumQueues: false))
        {
            await broker.ConnectionAsync(CancellationToken.None);
        }

        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        foreach (var queue in Queues)
        {
            Assert.True(await AcceptsAsAsync(connection, queue, "classic"), $"{queue} is not a classic queue");
            Assert.False(await AcceptsAsAsync(connection, queue, "quorum"), $"{queue} is a quorum queue");
        }
    }

    [Fact]
    public async Task A_classic_police_queue_left_by_a_single_broker_is_refused_by_name_with_what_to_do_and_kept()
    {
        var (server, vhost) = await FreshVirtualHostAsync();
        var uri = BrokerAdmin.UriFor(server, vhost);
        await using (var single = Broker(uri, quorumQueues: false))
        {
            await single.ConnectionAsync(CancellationToken.None);
        }
        // A referral waits in the classic inbox when the deployment switches to quorum queues.
        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        await using (var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await publisher.BasicPublishAsync(PoliceWire.OutboundExchange, PoliceWire.ReferralRequested, mandatory: true,
                new BasicProperties { MessageId = Guid.NewGuid().ToString(), DeliveryMode = DeliveryModes.Persistent }, "{}"u8.ToArray());
        }

        await using var cluster = Broker(uri, quorumQueues: true);
        var refused = await Assert.ThrowsAsync<PoliceTopologyMismatchException>(() => cluster.ConnectionAsync(CancellationToken.None));

        Assert.Equal(PoliceWire.PoliceInboxQueue, refused.Queue);
        Assert.Contains("'police.v1.inbox' already exists on the broker with another type than 'quorum'", refused.Message);
        Assert.Contains("rabbitmqctl delete_queue police.v1.inbox", refused.Message);
        Assert.Contains("Messaging:QuorumQueues to false", refused.Message);
        // Nothing was deleted or converted behind the operator's back: the referral is still there, in the classic queue.
        await using var check = await connection.CreateChannelAsync();
        Assert.Equal(1u, (await check.QueueDeclarePassiveAsync(PoliceWire.PoliceInboxQueue)).MessageCount);
        Assert.True(await AcceptsAsAsync(connection, PoliceWire.PoliceInboxQueue, "classic"));
    }
}
