using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.Messaging;

public static class MessagingSetup
{
    /// <summary>Name of the broker's connection string, shared with the AppHost.</summary>
    public const string BrokerConnectionName = "rabbitmq";

    /// <summary>
    /// Registers the service's DbContext on PostgreSQL (snake_case names), the initializer that applies
    /// its migrations, and a health check that stays unhealthy until the database is ready.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is not configured.");
        // Database:MaxPoolSize caps this process's pool, so that replicas × pool stays within the server's
        // max_connections (the AppHost sets it per replica count; on Kubernetes: pods × pool ≤ the cluster's limit).
        if (builder.Configuration.GetValue<int?>("Database:MaxPoolSize") is { } maxPoolSize)
        {
            connectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxPoolSize }.ConnectionString;
        }

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContext<TContext>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                // Commands are traced only inside a recorded unit of work, never as root spans of idle polls (ScanTrace).
                .ConfigureDataSource(PlatformDatabase.ConfigureDataSource))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));

        builder.Services.AddSingleton<DatabaseReadiness<TContext>>();
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessHealthCheck<TContext>>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ with publisher confirms, durable queues named after the service, retry
    /// with exponential backoff and then the <c>_error</c> queue; plus the outbox relay for
    /// <typeparamref name="TContext"/>. On a RabbitMQ cluster, <c>Messaging:Broker:ClusterNodes</c>
    /// (<c>host:port</c>, comma-separated) lists every node to connect to, and
    /// <c>Messaging:QuorumQueues=true</c> declares the receive queues as quorum queues, replicated on
    /// the nodes.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TContext : DbContext
    {
        var brokerUri = builder.Configuration.GetConnectionString(BrokerConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{BrokerConnectionName}' is not configured.");

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddOptions<OutboxRelayOptions>().BindConfiguration("Messaging:Outbox");
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        var clusterNodes = (builder.Configuration["Messaging:Broker:ClusterNodes"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var quorumQueues = builder.Configuration.GetValue("Messaging:QuorumQueues", false);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            if (quorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
                });
            }
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                ConfigureHost(rabbit, new Uri(brokerUri), clusterNodes);
                rabbit.UseMessageRetry(retry => retry.Exponential(
                    retryLimit: 5,
                    minInterval: TimeSpan.FromMilliseconds(100),
                    maxInterval: TimeSpan.FromSeconds(5),
                    intervalDelta: TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    internal static void ConfigureHost(IRabbitMqBusFactoryConfigurator rabbit, Uri uri, IReadOnlyCollection<string> clusterNodes)
    {
        var (user, password) = ParseUserInfo(uri);
        var virtualHost = uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), virtualHost, host =>
        {
            host.Username(user);
            host.Password(password);
            host.PublisherConfirmation = true;
            if (clusterNodes.Count > 0)
            {
                // Connects to the first node that answers and fails over to the others.
                host.UseCluster(cluster =>
                {
                    foreach (var node in clusterNodes) cluster.Node(node);
                });
            }
        });
    }

    private static (string User, string Password) ParseUserInfo(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return ("guest", "guest");
        }
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
