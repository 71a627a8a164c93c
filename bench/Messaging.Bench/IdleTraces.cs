using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Testing;

namespace Platform.Messaging.Bench;

/// <summary>
/// How many traces an idle service sends the dashboard: one host with the outbox relay (production poll interval,
/// 500 ms) and a scheduled scan (PeriodicScan, a look at the database that finds nothing), nobody writing, for
/// <c>--seconds</c> (60). An in-process OpenTelemetry in-memory exporter (sources as the service defaults register
/// them, default sampler) receives what an OTLP exporter would send; the bench prints the traces (root spans) and
/// spans per idle minute.
/// Usage: dotnet run -c Release --project bench/Messaging.Bench -- --idle-traces [--seconds 60] [--scan-interval 10]
/// (Built with -p:DefineConstants=OLD_API against the code before ScanTrace, the same harness measures the old figure.)
/// </summary>
public static class IdleTraces
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 60);
        var scanInterval = TimeSpan.FromSeconds(Option(args, "--scan-interval", 10));
        Console.WriteLine($"Idle traces: outbox relay (500 ms polls) + one scan every {scanInterval.TotalSeconds:0} s, idle for {seconds} s");
        await using var postgres = await PostgresServer.StartAsync();
        await using var rabbit = await RabbitMqServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("idle_traces");
        await using (var create = BenchDbContext.Open(connectionString))
        {
            await create.Database.EnsureCreatedAsync();
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:bench"] = connectionString,
            [$"ConnectionStrings:{MessagingSetup.BrokerConnectionName}"] = rabbit.ConnectionString,
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.AddServiceDatabase<BenchDbContext>("bench");
        builder.Services.ConfigureDbContext<BenchDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
        builder.AddPlatformMessaging<BenchDbContext>("idle-bench");
        builder.Services.AddSingleton(new IdleScanInterval(scanInterval));
        builder.Services.AddHostedService<IdleScan>();

        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<DatabaseReadiness<BenchDbContext>>().WaitAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2)); // start-up done; what follows is idle time

        var exported = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder()
                   .AddSource("Platform.*", "MassTransit", "Npgsql")
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }
        await host.StopAsync();

        List<Activity> spans;
        lock (exported) spans = [.. exported];
        var roots = spans.Where(a => a.ParentSpanId == default).ToList();
        var perMinute = 60.0 / seconds;
        Console.WriteLine($"  traces (root spans): {roots.Count} in {seconds} s = {roots.Count * perMinute:0.#} per idle minute");
        Console.WriteLine($"  spans:               {spans.Count} in {seconds} s = {spans.Count * perMinute:0.#} per idle minute");
        foreach (var group in roots.GroupBy(a => $"{a.Source.Name}: {a.DisplayName}").OrderByDescending(g => g.Count()).Take(8))
        {
            Console.WriteLine($"    {group.Count(),5} × {group.Key}");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

public sealed record IdleScanInterval(TimeSpan Value);

/// <summary>A scheduled scan that looks at the database and finds nothing, as the services' scans do when idle.</summary>
public sealed class IdleScan(IServiceScopeFactory scopes, DatabaseReadiness<BenchDbContext> readiness, IdleScanInterval interval, ILogger<IdleScan> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
#if OLD_API
        PeriodicScan.RunAsync(readiness, () => interval.Value, TimeProvider.System, logger, "Idle scan", async ct => await LookAsync(ct), stoppingToken);
#else
        PeriodicScan.RunAsync(readiness, () => interval.Value, TimeProvider.System, logger, "Idle scan", "idle scan", LookAsync, stoppingToken);
#endif

    private async Task<bool> LookAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        return await db.Applied.AnyAsync(a => a.Round < 0, ct);
    }
}
