using RabbitMQ.Client;

namespace Platform.Testing;

/// <summary>
/// Several throwaway RabbitMQ nodes on loopback that form one cluster (classic peer discovery, one
/// shared Erlang cookie): the first node starts alone, the others join it as they boot.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private RabbitMqCluster(IReadOnlyList<RabbitMqServer> nodes) => Nodes = nodes;

    public IReadOnlyList<RabbitMqServer> Nodes { get; }

    /// <summary>The first node's URI; clients list every node with <see cref="NodeAddresses"/> to fail over.</summary>
    public string ConnectionString => Nodes[0].ConnectionString;

    /// <summary><c>host:port</c> of every node, the form of <c>Messaging:Broker:ClusterNodes</c>.</summary>
    public IReadOnlyList<string> NodeAddresses => [.. Nodes.Select(n => $"127.0.0.1:{n.Port}")];

    public static async Task<RabbitMqCluster> StartAsync(int size = 3)
    {
        var ports = Enumerable.Range(0, size).Select(_ => (Amqp: NativeProcess.FreeTcpPort(), Distribution: NativeProcess.FreeTcpPort())).ToList();
        var cookie = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var config = string.Join('\n',
        [
            "cluster_formation.peer_discovery_backend = classic_config",
            .. ports.Select((p, i) => $"cluster_formation.classic_config.nodes.{i + 1} = {RabbitMqServer.NodeNameFor(p.Amqp)}"),
            // A lost node must not split the cluster in two halves that both accept writes.
            "cluster_partition_handling = pause_minority",
            "",
        ]);
        var nodes = ports.Select(p => RabbitMqServer.ClusterMember(p.Amqp, p.Distribution, config, cookie)).ToList();
        var cluster = new RabbitMqCluster(nodes);
        try
        {
            foreach (var node in nodes)
            {
                await node.StartAgainAsync();
            }
            await cluster.WaitUntilFormedAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A queue declared through the first node is visible through every other node only when they
    /// share one cluster's metadata.
    /// </summary>
    private async Task WaitUntilFormedAsync()
    {
        var probe = $"cluster-probe-{Guid.NewGuid():N}";
        await using (var first = await new ConnectionFactory { Uri = Nodes[0].AmqpUri }.CreateConnectionAsync())
        await using (var channel = await first.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(probe, durable: true, exclusive: false, autoDelete: false);
        }
        foreach (var node in Nodes.Skip(1))
        {
            await using var connection = await new ConnectionFactory { Uri = node.AmqpUri }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeclarePassiveAsync(probe); // throws 404 NOT_FOUND on a node of another cluster
        }
        await using (var first = await new ConnectionFactory { Uri = Nodes[0].AmqpUri }.CreateConnectionAsync())
        await using (var channel = await first.CreateChannelAsync())
        {
            await channel.QueueDeleteAsync(probe);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Reverse())
        {
            await node.DisposeAsync();
        }
    }
}
