using Microsoft.AspNetCore.TestHost;
using Platform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults;

namespace Platform.Gateway.Tests;

/// <summary>
/// The gateway in memory, pointed at one fake per downstream service the way Aspire points it at the
/// real ones: <c>services:&lt;name&gt;:http:0</c>.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public static readonly string[] DownstreamServices =
        [ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination, ResourceNames.Identity, ResourceNames.Notifications,
         ResourceNames.SafeLine, ResourceNames.Web];

    private readonly Factory _factory;

    private GatewayHost(Dictionary<string, FakeService> services, Factory factory)
    {
        Services = services;
        _factory = factory;
    }

    public IReadOnlyDictionary<string, FakeService> Services { get; }

    public FakeService this[string service] => Services[service];

    /// <param name="settings">Extra configuration; a <c>services:…</c> entry overrides a fake's address.</param>
    /// <param name="peer">The address every request comes from (the in-memory server has none of its own): a proxy in front, say.</param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, System.Net.IPAddress? peer = null)
    {
        var fakes = await Task.WhenAll(DownstreamServices.Select(FakeService.StartAsync));
        var services = fakes.ToDictionary(f => f.Name);

        var configuration = services.Values.ToDictionary(
            f => $"services:{f.Name}:http:0", f => (string?)f.Address.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        return new GatewayHost(services, new Factory(configuration, peer));
    }

    /// <summary>A client signed in as a Department officer (the gateway checks tokens on /api routes).</summary>
    public HttpClient CreateClient() => _factory.CreateClient().WithToken(
        TestTokens.Create(DemoUnitIds.For(DemoUnitIds.DepartmentOffice), PlatformRoles.DepartmentOfficer));

    public HttpClient CreateAnonymousClient() => _factory.CreateClient();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        foreach (var fake in Services.Values)
        {
            await fake.DisposeAsync();
        }
    }

    private sealed class Factory(IDictionary<string, string?> configuration, System.Net.IPAddress? peer) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(configuration));
            builder.ConfigureTestServices(services =>
            {
                services.TrustTestTokens();
                if (peer is not null)
                {
                    services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerAddress(peer));
                }
            });
        }
    }

    /// <summary>Sets the connection's remote address before the gateway's pipeline runs.</summary>
    private sealed class PeerAddress(System.Net.IPAddress peer) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = peer;
                return following(context);
            });
            next(app);
        };
    }
}
