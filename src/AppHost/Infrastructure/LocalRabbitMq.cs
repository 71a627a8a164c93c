using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Infrastructure;

/// <summary>The machine's own RabbitMQ node, run by DCP like any other executable.</summary>
public sealed class LocalRabbitMqResource(string name, string command, string workingDirectory, string policeSystemPassword)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "amqp";

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The default <c>guest</c> user, which RabbitMQ only admits from loopback: local development only.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");

    /// <summary>A fresh password for <see cref="PoliceSystemAccount.User"/> each time the AppHost starts (one for every node of a cluster).</summary>
    internal string PoliceSystemPassword { get; } = policeSystemPassword;

    /// <summary>The police system's own account on this node (<see cref="PoliceSystemAccount"/>).</summary>
    public ReferenceExpression PoliceSystemConnectionString =>
        ReferenceExpression.Create($"amqp://{PoliceSystemAccount.User}:{PoliceSystemPassword}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");
}

/// <summary>
/// The local broker: one node, or with <c>Infra:RabbitMqNodes=3</c> a cluster of nodes on loopback, each with
/// its own node name, ports and data folder, sharing one Erlang cookie. The first node is the one the
/// connection string names; <see cref="ClusterNodes"/> lists them all for clients that fail over.
/// </summary>
internal sealed record LocalRabbitMqCluster(IReadOnlyList<IResourceBuilder<LocalRabbitMqResource>> Nodes, string ClusterNodes)
{
    public IResourceBuilder<LocalRabbitMqResource> First => Nodes[0];
    public bool IsCluster => Nodes.Count > 1;
}

internal static class LocalRabbitMq
{
    public static string NodeName(int port) => $"platform-{port.ToString(CultureInfo.InvariantCulture)}@localhost";

    /// <summary>
    /// Node 1 is named <paramref name="name"/>, node n <c>{name}-{n}</c>. A single node keeps its data in
    /// <c>&lt;DataDir&gt;/{name}</c>; the nodes of a cluster in <c>&lt;DataDir&gt;/rabbitmq-cluster/{resource}</c>, apart from it:
    /// the cluster declares its queues as quorum queues, and a queue the single node declared classic cannot change
    /// type (the broker would refuse every quorum declaration of it with 406 PRECONDITION_FAILED).
    /// </summary>
    public static LocalRabbitMqCluster AddLocalRabbitMqNodes(this IDistributedApplicationBuilder builder, string name, InfraSettings settings)
    {
        var ports = settings.RabbitMqNodePorts.Count > 0 ? settings.RabbitMqNodePorts : [(settings.RabbitMqPort, settings.RabbitMqDistributionPort)];
        var policePassword = RandomNumberGenerator.GetHexString(32, lowercase: true);
        string? clusterConfig = null;
        if (ports.Count > 1)
        {
            clusterConfig = string.Join('\n',
            [
                // Each node finds the others by name; a fresh node joins the cluster of the first one it reaches.
                "cluster_formation.peer_discovery_backend = classic_config",
                .. ports.Select((p, i) => $"cluster_formation.classic_config.nodes.{i + 1} = {NodeName(p.Amqp)}"),
                // A node cut off from the others stops serving rather than taking writes the majority never sees.
                "cluster_partition_handling = pause_minority",
                "",
            ]);
        }

        var nodes = new List<IResourceBuilder<LocalRabbitMqResource>>();
        for (var i = 0; i < ports.Count; i++)
        {
            var nodeName = i == 0 ? name : $"{name}-{i + 1}";
            var node = builder.AddLocalRabbitMqNode(nodeName, settings, ports[i].Amqp, ports[i].Distribution, policePassword, clusterConfig,
                i == 0 ? "Infra:RabbitMqPort" : $"Infra:RabbitMq{i + 1}Port", i == 0 ? "Infra:RabbitMqDistPort" : $"Infra:RabbitMq{i + 1}DistPort");
            // A fresh node must find a running cluster to join; nodes that were members before start together
            // (each waits at boot for the peers it last saw, so making one wait for another would deadlock).
            if (i > 0 && !Directory.Exists(Path.Combine(DataFolder(settings, nodeName, clustered: ports.Count > 1), "mnesia", NodeName(ports[i].Amqp))))
            {
                node.WaitFor(nodes[i - 1]);
            }
            nodes.Add(node);
        }
        if (ports.Count > 1)
        {
            // The last node is healthy only once it sees every node running: what waits for the broker (every service)
            // then declares its quorum queues with a member on each node.
            var ctl = LocalProcess.FindExecutable("rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl", "/usr/sbin/rabbitmqctl")
                ?? throw new InvalidOperationException("rabbitmqctl not found beside rabbitmq-server.");
            var last = nodes[^1];
            var check = $"{last.Resource.Name}-cluster-formed";
            builder.Services.AddHealthChecks().AddCheck(check, new RabbitMqClusterFormed(ctl, NodeName(ports[^1].Amqp),
                Path.Combine(DataFolder(settings, last.Resource.Name, clustered: true), "home"), ports.Count));
            last.WithHealthCheck(check);
        }
        return new LocalRabbitMqCluster(nodes, string.Join(',', ports.Select(p => $"127.0.0.1:{p.Amqp.ToString(CultureInfo.InvariantCulture)}")));
    }

    /// <summary>Where a cluster's nodes keep their data, under <c>Infra:DataDir</c>.</summary>
    public const string ClusterFolder = "rabbitmq-cluster";

    /// <summary>The data folder of one node: <c>&lt;DataDir&gt;/{resource}</c> alone, <c>&lt;DataDir&gt;/rabbitmq-cluster/{resource}</c> in a cluster.</summary>
    public static string DataFolder(InfraSettings settings, string nodeName, bool clustered) =>
        clustered ? Path.Combine(settings.DataDirectory, ClusterFolder, nodeName) : Path.Combine(settings.DataDirectory, nodeName);

    private static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMqNode(
        this IDistributedApplicationBuilder builder, string name, InfraSettings settings, int amqpPort, int distributionPort,
        string policePassword, string? clusterConfig, string portSetting, string distributionPortSetting)
    {
        var server = LocalProcess.FindExecutable("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server")
            ?? throw new InvalidOperationException(
                "rabbitmq-server not found. Run ./run.sh, which installs it, or choose another Infra:Mode.");
        var root = DataFolder(settings, name, clustered: clusterConfig is not null);
        var port = amqpPort.ToString(CultureInfo.InvariantCulture);

        var healthCheck = $"{name}-accepts-amqp";
        builder.Services.AddHealthChecks().AddCheck(healthCheck,
            new RabbitMqAcceptsConnections(new Uri($"amqp://guest:guest@127.0.0.1:{port}/")));

        return builder.AddResource(new LocalRabbitMqResource(name, server, settings.DataDirectory, policePassword))
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, scheme: "amqp", name: LocalRabbitMqResource.EndpointName, isProxied: false)
            // Own node name, ports and folders: never touches a broker the machine already runs.
            .WithEnvironment("RABBITMQ_NODENAME", NodeName(amqpPort))
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", port)
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString(CultureInfo.InvariantCulture))
            // Erlang distribution listens on every interface unless told otherwise.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(root, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(root, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-") // to stdout, so the dashboard shows the node's log
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(root, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(root, "rabbitmq"))
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(root, "rabbitmq.pid"))
            .WithEnvironment("HOME", Path.Combine(root, "home")) // the Erlang cookie lives here
            .WithHealthCheck(healthCheck)
            .WithIconName("Mail")
            .OnBeforeResourceStarted(async (resource, evt, cancellationToken) =>
            {
                LocalProcess.EnsurePortIsFree(amqpPort, $"RabbitMQ {name} (AMQP)", portSetting);
                LocalProcess.EnsurePortIsFree(distributionPort, $"RabbitMQ {name} (Erlang distribution)", distributionPortSetting);
                foreach (var folder in new[] { "mnesia", "log", "home" })
                {
                    Directory.CreateDirectory(Path.Combine(root, folder));
                }
                if (clusterConfig is not null)
                {
                    await WriteClusterCookieAsync(settings, Path.Combine(root, "home", ".erlang.cookie"), cancellationToken);
                }
                // No plugins: the management plugin would also claim port 15672.
                await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[].", cancellationToken);
                // The users are definitions the node imports at boot, before it listens: the police user
                // exists, with its narrow rights, before anything can connect. Every node of a cluster imports
                // the same file (users are cluster-wide; importing again changes nothing).
                var definitions = Path.Combine(root, "definitions.json");
                await File.WriteAllTextAsync(definitions, PoliceSystemAccount.Definitions(resource.PoliceSystemPassword), cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(root, "rabbitmq.conf"), $"load_definitions = {definitions}\n{clusterConfig}", cancellationToken);
                evt.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource)
                    .LogInformation("RabbitMQ node {Node} data in {DataFolder}", NodeName(amqpPort), root);
            });
    }

    /// <summary>
    /// Nodes of one cluster authenticate each other with one Erlang cookie; it is kept beside their data
    /// folders so a restarted cluster keeps it. Erlang refuses a cookie file that others can read.
    /// </summary>
    private static async Task WriteClusterCookieAsync(InfraSettings settings, string target, CancellationToken cancellationToken)
    {
        var shared = Path.Combine(settings.DataDirectory, "rabbitmq-cluster.cookie");
        string cookie;
        lock (CookieGate)
        {
            if (!File.Exists(shared))
            {
                File.WriteAllText(shared, RandomNumberGenerator.GetHexString(40));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            cookie = File.ReadAllText(shared).Trim();
        }
        if (File.Exists(target))
        {
            if (File.ReadAllText(target).Trim() == cookie) return;
            File.Delete(target);
        }
        await File.WriteAllTextAsync(target, cookie, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead);
    }

    private static readonly Lock CookieGate = new();
}
