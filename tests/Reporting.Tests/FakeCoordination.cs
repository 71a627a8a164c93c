using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Reporting.Tests;

/// <summary>
/// A stand-in for the coordination service's <c>GET /api/coordination/statistics</c> on a real loopback port,
/// answering what a test set per unit and recording what reporting asked (with which bearer token).
/// <see cref="Down"/> makes it drop every connection, as an unreachable service would.
/// </summary>
public sealed class FakeCoordination : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<Guid, Dictionary<string, int>> Statistics { get; } = new();
    public ConcurrentQueue<(Guid UnitId, string From, string To, string? Authorization)> Requests { get; } = new();
    public volatile bool Down;

    public string BaseAddress { get; private set; } = "";

    private FakeCoordination(WebApplication app) => _app = app;

    public static async Task<FakeCoordination> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCoordination(app);
        app.MapGet("/api/coordination/statistics", (HttpContext http, Guid unitId, string from, string to) =>
        {
            if (fake.Down)
            {
                http.Abort();
                return Results.Empty;
            }
            fake.Requests.Enqueue((unitId, from, to, http.Request.Headers.Authorization.ToString()));
            var values = fake.Statistics.GetValueOrDefault(unitId) ?? new Dictionary<string, int>
            {
                ["coordination.briefing-meetings-held"] = 0, ["coordination.programmes-signed"] = 0, ["coordination.referred-to-police"] = 0,
            };
            return Results.Ok(new { unitId, from, to, values });
        });
        await app.StartAsync();
        fake.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
