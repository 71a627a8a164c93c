using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Infrastructure;

/// <summary>The machine's own RabbitMQ node, run by DCP like any other executable.</summary>
public sealed class LocalRabbitMqResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "amqp";

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The default <c>guest</c> user, which RabbitMQ only admits from loopback: local development only.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");

    /// <summary>A fresh password for <see cref="PoliceSystemAccount.User"/> each time the AppHost starts.</summary>
    internal string PoliceSystemPassword { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The police system's own account on this node (<see cref="PoliceSystemAccount"/>).</summary>
    public ReferenceExpression PoliceSystemConnectionString =>
        ReferenceExpression.Create($"amqp://{PoliceSystemAccount.User}:{PoliceSystemPassword}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");
}

internal static class LocalRabbitMq
{
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, InfraSettings settings)
    {
        var server = LocalProcess.FindExecutable("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server")
            ?? throw new InvalidOperationException(
                "rabbitmq-server not found. Run ./run.sh, which installs it, or choose another Infra:Mode.");
        var root = Path.Combine(settings.DataDirectory, "rabbitmq");
        var port = settings.RabbitMqPort.ToString(CultureInfo.InvariantCulture);

        var healthCheck = $"{name}-accepts-amqp";
        builder.Services.AddHealthChecks().AddCheck(healthCheck,
            new RabbitMqAcceptsConnections(new Uri($"amqp://guest:guest@127.0.0.1:{port}/")));

        return builder.AddResource(new LocalRabbitMqResource(name, server, settings.DataDirectory))
            .WithEndpoint(port: settings.RabbitMqPort, targetPort: settings.RabbitMqPort, scheme: "amqp", name: LocalRabbitMqResource.EndpointName, isProxied: false)
            // Own node name, ports and folders: never touches a broker the machine already runs.
            .WithEnvironment("RABBITMQ_NODENAME", $"platform-{port}@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", port)
            .WithEnvironment("RABBITMQ_DIST_PORT", settings.RabbitMqDistributionPort.ToString(CultureInfo.InvariantCulture))
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
                LocalProcess.EnsurePortIsFree(settings.RabbitMqPort, "RabbitMQ (AMQP)", "Infra:RabbitMqPort");
                LocalProcess.EnsurePortIsFree(settings.RabbitMqDistributionPort, "RabbitMQ (Erlang distribution)", "Infra:RabbitMqDistPort");
                foreach (var folder in new[] { "mnesia", "log", "home" })
                {
                    Directory.CreateDirectory(Path.Combine(root, folder));
                }
                // No plugins: the management plugin would also claim port 15672.
                await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[].", cancellationToken);
                // The users are definitions the node imports at boot, before it listens: the police user
                // exists, with its narrow rights, before anything can connect.
                var definitions = Path.Combine(root, "definitions.json");
                await File.WriteAllTextAsync(definitions, PoliceSystemAccount.Definitions(resource.PoliceSystemPassword), cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(root, "rabbitmq.conf"), $"load_definitions = {definitions}\n", cancellationToken);
                evt.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource)
                    .LogInformation("RabbitMQ node data in {DataFolder}", root);
            });
    }
}
