using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

/// <summary>
/// Tests that listen to every activity in the process: they run alone, so other tests' spans do not mix in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTracing
{
    public const string Name = "process-wide tracing";
}

/// <summary>
/// What operators see on the dashboard while nobody uses the platform: the outbox relay's polls and the scheduled
/// scans that find nothing export no trace at all; a relay poll that publishes, or a scan that does work, is one
/// named trace with its database spans inside; a row written in a user's trace is still published in that trace.
/// </summary>
[Collection(ProcessWideTracing.Name)]
public sealed class IdleTraceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Idle_polls_and_scans_export_no_trace_and_work_is_one_named_trace_each()
    {
        var broker = await SharedServers.RabbitMq;
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("idle_traces");
        var exported = new List<Activity>();
        // As the service defaults register them: the platform's sources, MassTransit and Npgsql; the default sampler;
        // a batch export processor, as the OTLP exporter to the dashboard uses (it exports only recorded activities).
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Platform.*", "MassTransit", "Npgsql")
            .AddProcessor(new BatchActivityExportProcessor(new InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 100))
            .Build();
        List<Activity> Exported()
        {
            tracing.ForceFlush();
            lock (exported) return [.. exported];
        }

        await using var host = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, Units.ServiceName("idle"));
        var readiness = host.Services.GetRequiredService<DatabaseReadiness<TestDbContext>>();
        var scopes = host.Services.GetRequiredService<IServiceScopeFactory>();

        // A scan that looks at the database every 100 ms and does work only when asked to.
        var workAsked = 0;
        var scansRun = 0;
        using var stop = new CancellationTokenSource();
        var scan = PeriodicScan.RunAsync(readiness, () => TimeSpan.FromMilliseconds(100), TimeProvider.System, NullLogger.Instance,
            "Test scan", "test scan", async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                var found = await db.Counters.AnyAsync(ct) || Interlocked.Exchange(ref workAsked, 0) == 1;
                Interlocked.Increment(ref scansRun);
                if (!found) return false;
                ScanTrace.FoundWork();
                db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "scanned" });
                await db.SaveChangesAsync(ct);
                return true;
            }, stop.Token);

        // Idle: the relay polls every 100 ms (the test host's setting) and the scan runs every 100 ms.
        await Eventually.HoldsAsync(() => Volatile.Read(ref scansRun) >= 3, TimeSpan.FromSeconds(30), "the scan has run");
        tracing.ForceFlush();
        lock (exported) exported.Clear(); // the host's start-up (database initialization) is not idle time
        var idleScans = Volatile.Read(ref scansRun);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(Volatile.Read(ref scansRun) - idleScans >= 10, "the scan kept running while idle");
        var idle = Exported();
        Assert.True(idle.Count == 0,
            $"Idle polls and scans exported {idle.Count} spans, {idle.Count(a => a.ParentSpanId == default)} of them roots: "
            + string.Join(", ", idle.Take(10).Select(a => $"{a.Source.Name}/{a.DisplayName}")));

        // One outbox row, written outside any trace: one "outbox relay publish" trace with the relay's work inside.
        Guid rowId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            rowId = db.AddIntegrationEvent(Units.Registered("TRACE-1")).Id;
            await db.SaveChangesAsync();
        }
        await Eventually.HoldsAsync(async () =>
        {
            // Through the host's context: the test's own reads must not add spans (nor its own connections' opens).
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            return await db.OutboxMessages.AnyAsync(m => m.Id == rowId && m.PublishedAt != null);
        }, TimeSpan.FromSeconds(30), "the row is published");
        var relayRoot = await SingleRootAsync(Exported, OutboxRelay<TestDbContext>.PublishTraceName);
        await Task.Delay(TimeSpan.FromSeconds(1)); // more idle polls after the publish
        var relayTrace = Exported().Where(a => a.TraceId == relayRoot.TraceId).ToList();
        Assert.Single(Exported(), a => a.ParentSpanId == default);
        Assert.Contains(relayTrace, a => a.Source.Name == "Npgsql" && a.ParentSpanId == relayRoot.SpanId); // marking the row published
        Assert.Contains(relayTrace, a => a.DisplayName == "outbox relay UnitRegistered" && a.ParentSpanId == relayRoot.SpanId);
        Assert.Equal(1, relayRoot.GetTagItem("platform.scan.items"));
        Assert.All(Exported(), a => Assert.Equal(relayRoot.TraceId, a.TraceId));

        // A row written in a user's trace is published in that trace (the end-to-end trace), linked to the relay's batch.
        tracing.ForceFlush();
        lock (exported) exported.Clear();
        var request = new ActivitySource("Platform.Tests.Request");
        ActivityTraceId userTrace;
        Guid userRowId;
        using (var user = request.StartActivity("user request"))
        {
            Assert.NotNull(user);
            userTrace = user.TraceId;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            userRowId = db.AddIntegrationEvent(Units.Registered("TRACE-2")).Id;
            await db.SaveChangesAsync();
        }
        var batchRoot = await SingleRootAsync(Exported, OutboxRelay<TestDbContext>.PublishTraceName);
        await Eventually.HoldsAsync(() => Exported().Any(a => a.DisplayName == "outbox relay UnitRegistered"), TimeSpan.FromSeconds(30),
            "the user's row is relayed");
        var relayed = Exported().Single(a => a.DisplayName == "outbox relay UnitRegistered");
        Assert.Equal(userTrace, relayed.TraceId);
        Assert.Contains(relayed.Links, l => l.Context.SpanId == batchRoot.SpanId);
        Assert.Contains(Exported(), a => a.Source.Name == "MassTransit" && a.TraceId == userTrace); // the publish, as before
        Assert.Equal(2, Exported().Where(a => a.ParentSpanId == default).Count()); // the user's request and the relay's batch

        // A scan that does work: one "test scan" trace, with its database spans inside.
        tracing.ForceFlush();
        lock (exported) exported.Clear();
        Interlocked.Exchange(ref workAsked, 1);
        var scanRoot = await SingleRootAsync(Exported, "test scan");
        await Task.Delay(TimeSpan.FromSeconds(1)); // idle scans after it
        Assert.Equal(ScanTrace.SourceName, scanRoot.Source.Name);
        var scanTrace = Exported().Where(a => a.TraceId == scanRoot.TraceId).ToList();
        Assert.Contains(scanTrace, a => a.Source.Name == "Npgsql" && a.ParentSpanId == scanRoot.SpanId && a.DisplayName != "");
        Assert.Single(Exported(), a => a.ParentSpanId == default);
        Assert.All(Exported(), a => Assert.Equal(scanRoot.TraceId, a.TraceId));

        await stop.CancelAsync();
        await scan;
    }

    private static async Task<Activity> SingleRootAsync(Func<List<Activity>> exported, string name)
    {
        await Eventually.HoldsAsync(() => exported().Any(a => a.ParentSpanId == default && a.DisplayName == name), TimeSpan.FromSeconds(30),
            $"a '{name}' trace is exported");
        return exported().Single(a => a.ParentSpanId == default && a.DisplayName == name);
    }
}
