namespace Platform.Testing;

/// <summary>
/// One PostgreSQL server and one RabbitMQ node per test process, started on first use and stopped
/// when the process exits (or, if the test host is killed, by the servers' watchdogs). Test classes
/// take a throwaway database each.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<PostgresServer>> PostgresLazy = new(StartPostgres);
    private static readonly Lazy<Task<RabbitMqServer>> RabbitLazy = new(StartRabbit);

    public static Task<PostgresServer> Postgres => PostgresLazy.Value;
    public static Task<RabbitMqServer> RabbitMq => RabbitLazy.Value;

    private static async Task<PostgresServer> StartPostgres()
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private static async Task<RabbitMqServer> StartRabbit()
    {
        var server = await RabbitMqServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
