using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Units.Infrastructure;

namespace Platform.Units.Tests;

/// <summary>
/// The units service on a throwaway database of the test process's PostgreSQL and its RabbitMQ,
/// trusting test-signed tokens.
/// </summary>
public class UnitsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    private string _brokerUri = "";

    /// <summary>Load the Hải Phòng demo organisation at start-up.</summary>
    protected virtual bool DemoData => false;

    public static readonly Guid Department = DemoUnitIds.For(DemoUnitIds.Department);

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        var rabbit = await SharedServers.RabbitMq;
        ConnectionString = await postgres.CreateDatabaseAsync("units");
        _brokerUri = rabbit.ConnectionString;
        await WaitUntilReadyAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.UnitsDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", _brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("Demo:Enabled", DemoData.ToString());
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
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Units service not healthy: {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient ClientFor(Guid unitId, params string[] roles) => CreateClient().WithToken(TestTokens.Create(unitId, roles));

    public HttpClient AdminClient() => ClientFor(Department, PlatformRoles.SystemAdmin);

    public UnitsDbContext NewDbContext() => new(new DbContextOptionsBuilder<UnitsDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

/// <summary>The units service with the Hải Phòng 2024 demo organisation loaded.</summary>
public sealed class DemoUnitsApiFactory : UnitsApiFactory
{
    protected override bool DemoData => true;
}
