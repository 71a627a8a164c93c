using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Testing;
using RabbitMQ.Client;

namespace Platform.Coordination.Tests.Support;

/// <summary>
/// The coordination service on a throwaway PostgreSQL database and its own RabbitMQ virtual host, trusting
/// test-signed tokens, with the test world's units in its replica. Background scans are off: tests drive
/// them with a fake clock.
/// </summary>
public class CoordinationApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public string VirtualHost { get; private set; } = "";
    public RabbitMqServer Broker { get; private set; } = null!;

    /// <summary>The units in the service's replica.</summary>
    protected virtual IEnumerable<Platform.UnitDirectory.UnitReplica> Units => TestUnits.All();

    /// <summary>Extra configuration of a test class.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        Broker = await SharedServers.RabbitMq;
        ConnectionString = await postgres.CreateDatabaseAsync("coordination");
        VirtualHost = await BrokerAdmin.CreateVirtualHostAsync(Broker, "coord");
        await WaitUntilReadyAsync();
        await using var db = NewDbContext();
        db.Units.AddRange(Units);
        AddReplicaHistory(db);
        await db.SaveChangesAsync();
    }

    /// <summary>Moves and dissolutions the replica's units went through, saved with them in one transaction.</summary>
    protected virtual void AddReplicaHistory(CoordinationDbContext db)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.CoordinationDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", BrokerAdmin.UriFor(Broker, VirtualHost).ToString());
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.050");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Coordination:Scheduler:Enabled", "false");
        builder.UseSetting("Coordination:Referrals:MonitorEnabled", "false");
        builder.UseSetting("Coordination:Police:ReplyUserId", BrokerAdmin.PoliceUser);
        builder.UseSetting("Coordination:Police:RedeliveryDelay", "00:00:00.200");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.TrustTestTokens());
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Coordination service not healthy: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public HttpClient ClientFor(Guid unitId, params string[] roles) => CreateClient().WithToken(TestTokens.Create(unitId, roles));

    public HttpClient AdminClient() => ClientFor(TestUnits.Department, PlatformRoles.SystemAdmin);

    public CoordinationDbContext NewDbContext() => new(new DbContextOptionsBuilder<CoordinationDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    public IServiceScopeFactory Scopes => Services.GetRequiredService<IServiceScopeFactory>();

    /// <summary>The SLA monitor on a clock the test moves.</summary>
    public ReferralSlaMonitor SlaMonitor(TimeProvider clock, ReferralOptions? options = null) => new(Scopes, clock,
        Services.GetRequiredService<DatabaseReadiness<CoordinationDbContext>>(), Options.Create(options ?? Services.GetRequiredService<IOptions<ReferralOptions>>().Value),
        Services.GetRequiredService<ILogger<ReferralSlaMonitor>>());

    public CoordinationScheduler Scheduler(TimeProvider clock, SchedulerOptions? options = null) => new(Scopes, clock,
        Services.GetRequiredService<DatabaseReadiness<CoordinationDbContext>>(), Options.Create(options ?? new SchedulerOptions()),
        Services.GetRequiredService<ILogger<CoordinationScheduler>>());

    public static FakeTimeProvider FakeClock(DateTimeOffset start) => new(start);

    public async Task<IConnection> BrokerConnectionAsync(string user = "guest", string password = "guest") =>
        await new ConnectionFactory { Uri = BrokerAdmin.UriFor(Broker, VirtualHost, user, password) }.CreateConnectionAsync();

    public async Task<long> OutboxMarkAsync()
    {
        await using var db = NewDbContext();
        return await db.Set<OutboxMessage>().MaxAsync(m => (long?)m.Sequence) ?? 0;
    }

    /// <summary>Events written after <paramref name="mark"/>, in commit order: (contract name, body).</summary>
    public async Task<List<(string Type, string Body)>> OutboxSinceAsync(long mark)
    {
        await using var db = NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Sequence > mark).OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(r => (r.MessageType.Split(',')[0].Split('.')[^1], r.Body)).ToList();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

internal static class EventExtensions
{
    public static List<T> OfEvent<T>(this IEnumerable<(string Type, string Body)> events) =>
        events.Where(e => e.Type == typeof(T).Name).Select(e => JsonSerializer.Deserialize<T>(e.Body, JsonSerializerOptions.Web)!).ToList();

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).JsonAsync(System.Net.HttpStatusCode.OK);

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string url, object body, System.Net.HttpStatusCode expected) =>
        await (await client.PostAsJsonAsync(url, body)).JsonAsync(expected);

    public static void AssertNames(this JsonElement problem, string field) =>
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"the problem should name '{field}': {problem}");
}

/// <summary>Polls until a condition holds (messages cross the broker asynchronously).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
