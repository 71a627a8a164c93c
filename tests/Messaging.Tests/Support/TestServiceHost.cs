using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests.Support;

/// <summary>
/// A generic host wired the way a service wires itself: <c>AddServiceDatabase</c> for
/// <see cref="TestDbContext"/> and, when a broker is given, <c>AddPlatformMessaging</c> with the
/// test's consumers and the outbox relay.
/// </summary>
public sealed class TestServiceHost : IAsyncDisposable
{
    public const string DatabaseName = "widgets";

    private readonly IHost _host;
    private readonly TestOutputLoggerProvider _log;

    private TestServiceHost(IHost host, TestOutputLoggerProvider log, string serviceName)
    {
        _host = host;
        _log = log;
        ServiceName = serviceName;
    }

    public string ServiceName { get; }
    public IServiceProvider Services => _host.Services;
    public IBusControl Bus => _host.Services.GetRequiredService<IBusControl>();

    /// <summary>Queue of <typeparamref name="TConsumer"/> as the platform's endpoint name formatter names it.</summary>
    public static string QueueOf<TConsumer>(string serviceName) where TConsumer : class, IConsumer =>
        new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false).Consumer<TConsumer>();

    public static async Task<TestServiceHost> StartAsync(
        ITestOutputHelper output,
        string databaseConnection,
        string? brokerConnection = null,
        string serviceName = "widgets",
        Action<IBusRegistrationConfigurator>? consumers = null,
        DeliveryLog? deliveries = null,
        IDictionary<string, string?>? settings = null,
        bool waitForBus = true,
        string hostName = "host")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        var configuration = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseName}"] = databaseConnection,
            // Short waits so a test sees retries within seconds, not the production defaults.
            ["Messaging:Outbox:IdlePollInterval"] = "00:00:00.100",
            ["Messaging:Outbox:MinBackoff"] = "00:00:00.100",
            ["Messaging:Outbox:MaxBackoff"] = "00:00:01",
        };
        if (brokerConnection is not null)
        {
            configuration[$"ConnectionStrings:{MessagingSetup.BrokerConnectionName}"] = brokerConnection;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(configuration);

        var log = new TestOutputLoggerProvider(output, hostName);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(deliveries ?? new DeliveryLog());

        builder.AddServiceDatabase<TestDbContext>(DatabaseName);
        if (brokerConnection is not null)
        {
            builder.AddPlatformMessaging<TestDbContext>(serviceName, consumers);
        }

        var host = builder.Build();
        var started = new TestServiceHost(host, log, serviceName);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        await host.Services.GetRequiredService<DatabaseReadiness<TestDbContext>>().WaitAsync(timeout.Token);
        if (brokerConnection is not null && waitForBus)
        {
            // Receive endpoints must have bound their queues before anything is published to them.
            await Eventually.HoldsAsync(() => started.Bus.CheckHealth().Status == BusHealthStatus.Healthy,
                TimeSpan.FromSeconds(30), $"the bus of {hostName} is healthy");
        }
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _log.Close();
        _host.Dispose();
    }
}
