using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults;

namespace Platform.AppHost.Infrastructure;

/// <summary>
/// The servers and connection strings every service needs, whatever the infra mode. Services call
/// <c>.WithReference(database).WithReference(broker)</c> and wait for <see cref="Servers"/> the same
/// way in every mode.
/// </summary>
public sealed record PlatformInfrastructure(
    InfraMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Broker,
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> Databases,
    IReadOnlyList<IResourceBuilder<IResource>> Servers)
{
    public const string PoliceBrokerConnectionName = "police-broker";

    /// <summary>
    /// The police system's own broker account (<see cref="PoliceSystemAccount"/>) for the reference police
    /// system: created by the AppHost in local mode, named by <c>ConnectionStrings:police-broker</c> in
    /// external mode; null in containers mode, where Aspire's RabbitMQ container has one account only.
    /// </summary>
    public ReferenceExpression? PoliceBroker { get; init; }

    /// <summary>
    /// <c>host:port</c> of every node when the broker is a cluster (local mode with <c>Infra:RabbitMqNodes</c> &gt; 1),
    /// for <c>Messaging:Broker:ClusterNodes</c>; null for a single broker.
    /// </summary>
    public string? BrokerClusterNodes { get; init; }

    public static readonly string[] DatabaseNames =
    [
        ResourceNames.UnitsDatabase,
        ResourceNames.IdentityDatabase,
        ResourceNames.TasksDatabase,
        ResourceNames.ReportingDatabase,
        ResourceNames.CoordinationDatabase,
        ResourceNames.NotificationsDatabase,
        ResourceNames.SafeLineDatabase,
    ];

    /// <summary><c>units-db</c> → <c>units</c>: the PostgreSQL database behind a connection-string name.</summary>
    public static string DatabaseName(string resourceName) =>
        resourceName.EndsWith("-db", StringComparison.Ordinal) ? resourceName[..^3] : resourceName;
}

internal static class PlatformInfrastructureExtensions
{
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder, InfraSettings settings) =>
        settings.Mode switch
        {
            InfraMode.Containers => AddContainers(builder),
            InfraMode.Local => AddLocal(builder, settings),
            InfraMode.External => AddExternal(builder),
            _ => throw new InvalidOperationException($"Infra mode {settings.Mode} must be resolved before the model is built."),
        };

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres);
        var broker = builder.AddRabbitMQ(ResourceNames.RabbitMq);
        var databases = PlatformInfrastructure.DatabaseNames.ToDictionary(
            name => name,
            name => (IResourceBuilder<IResourceWithConnectionString>)postgres.AddDatabase(name, PlatformInfrastructure.DatabaseName(name)));
        return new PlatformInfrastructure(InfraMode.Containers, broker, databases, [postgres, broker]);
    }

    private static PlatformInfrastructure AddLocal(IDistributedApplicationBuilder builder, InfraSettings settings)
    {
        var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, settings);
        var rabbit = builder.AddLocalRabbitMqNodes(ResourceNames.RabbitMq, settings);
        var broker = rabbit.First;
        var databases = PlatformInfrastructure.DatabaseNames.ToDictionary(
            name => name,
            name => (IResourceBuilder<IResourceWithConnectionString>)builder
                .AddConnectionString(name, postgres.Resource.ConnectionStringFor(PlatformInfrastructure.DatabaseName(name)))
                .WithParentRelationship(postgres)
                .WaitFor(postgres));
        return new PlatformInfrastructure(InfraMode.Local, broker, databases, [postgres, .. rabbit.Nodes])
        {
            PoliceBroker = broker.Resource.PoliceSystemConnectionString,
            BrokerClusterNodes = rabbit.IsCluster ? rabbit.ClusterNodes : null,
        };
    }

    /// <summary>Connection strings from configuration (<c>ConnectionStrings:units-db</c>, <c>ConnectionStrings:rabbitmq</c>, …).</summary>
    private static PlatformInfrastructure AddExternal(IDistributedApplicationBuilder builder)
    {
        var broker = builder.AddConnectionString(ResourceNames.RabbitMq);
        var databases = PlatformInfrastructure.DatabaseNames.ToDictionary(name => name, name => builder.AddConnectionString(name));
        // The operators create the police system's user (docs/asyncapi.yaml) and may hand its URI to the simulator.
        var police = builder.Configuration.GetConnectionString(PlatformInfrastructure.PoliceBrokerConnectionName) is { Length: > 0 } uri
            ? ReferenceExpression.Create($"{uri}")
            : null;
        return new PlatformInfrastructure(InfraMode.External, broker, databases, []) { PoliceBroker = police };
    }
}
