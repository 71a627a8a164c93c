using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Gateway.Tests;

/// <summary>What a fake service saw of one forwarded request.</summary>
public sealed record SeenRequest(string Service, string Method, string Path, string? RequestId, string? TraceParent, long BodyLength,
    string? ForwardedFor = null, string? ForwardedProto = null);

/// <summary>
/// A real Kestrel server on a free 127.0.0.1 port standing in for one downstream service: it answers
/// <c>/health</c> with <see cref="HealthStatus"/> and echoes every other request as a <see cref="SeenRequest"/>.
/// </summary>
public sealed class FakeService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeService(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = null!;

    public int HealthStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>Paths of requests that arrived, recorded before their body is read.</summary>
    public ConcurrentQueue<string> Arrivals { get; } = new();

    /// <summary>Requests whose body was read to the end and echoed.</summary>
    public ConcurrentQueue<SeenRequest> Completed { get; } = new();

    public static async Task<FakeService> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeService(name, app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return fake;
    }

    /// <summary>An address on which nothing listens: a service that is down.</summary>
    public static Uri UnusedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public IEnumerable<SeenRequest> CompletedUnder(string pathPrefix) =>
        Completed.Where(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public IEnumerable<string> ArrivalsUnder(string pathPrefix) =>
        Arrivals.Where(p => p.StartsWith(pathPrefix, StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/health")
        {
            context.Response.StatusCode = HealthStatus;
            await context.Response.WriteAsync(HealthStatus == StatusCodes.Status200OK ? "Healthy" : "Unhealthy");
            return;
        }

        var path = request.Path + request.QueryString;
        Arrivals.Enqueue(path);
        long length = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            length += read;
        }

        var seen = new SeenRequest(Name, request.Method, path,
            request.Headers["X-Request-Id"].SingleOrDefault(), request.Headers["traceparent"].SingleOrDefault(), length,
            request.Headers["X-Forwarded-For"].ToString(), request.Headers["X-Forwarded-Proto"].ToString());
        Completed.Enqueue(seen);
        await context.Response.WriteAsJsonAsync(seen);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
