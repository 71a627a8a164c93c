using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Resilience.Consumer;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Units.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Platform.Resilience.Tests;

/// <summary>
/// A PostgreSQL server and a RabbitMQ node of this test class's own (the faults stop, freeze and restart
/// them, which shared servers would not survive), kept across its tests, which run one after the other.
/// </summary>
public sealed class FaultServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RabbitMqServer Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await Task.WhenAll(PostgresServer.StartAsync().ContinueWith(t => (object)t.Result), RabbitMqServer.StartAsync().ContinueWith(t => (object)t.Result));
        Postgres = (PostgresServer)servers[0];
        Broker = (RabbitMqServer)servers[1];
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>How long the faults last: short in ./test.sh, the issue's figures with RESILIENCE_LONG=1 (./bench.sh).</summary>
public static class FaultPlan
{
    public static readonly bool Long = Environment.GetEnvironmentVariable("RESILIENCE_LONG") is "1" or "true";
    public static int Writes => Long ? 2000 : 80;
    public static TimeSpan Freeze => TimeSpan.FromSeconds(Long ? 30 : 6);
    public static TimeSpan Outage => TimeSpan.FromSeconds(Long ? 10 : 3);
    /// <summary>Pause between two writes of the stream: a steady stream, not a burst.</summary>
    public static TimeSpan Pace => TimeSpan.FromMilliseconds(15);
}

/// <summary>One write of the stream as the client saw it.</summary>
public sealed record WriteResult(int Index, string Code, HttpStatusCode Status, Guid? UnitId, double Milliseconds, string? ContentType, string? RetryAfter, string Body);

/// <summary>
/// One scenario's world: the units service (in process, real database and broker) taking a steady stream
/// of unit registrations, and the consumer service as a child process applying each UnitRegistered once.
/// </summary>
public sealed class StreamWorld : IAsyncDisposable
{
    private readonly FaultServers _servers;
    private readonly ITestOutputHelper _output;
    private readonly WebApplicationFactory<UnitsDbContext> _units;
    private readonly string _prefix = $"RES{Guid.NewGuid():N}"[..11].ToUpperInvariant();
    private readonly List<ConsumerProcess> _consumers = [];
    private Guid _root;

    public string UnitsDatabase { get; }
    public string ConsumerDatabase { get; }
    public string ServiceName { get; }
    public ConcurrentQueue<WriteResult> Writes { get; } = new();
    public HttpClient Admin { get; }

    private StreamWorld(FaultServers servers, ITestOutputHelper output, string unitsDatabase, string consumerDatabase)
    {
        _servers = servers;
        _output = output;
        UnitsDatabase = unitsDatabase;
        ConsumerDatabase = consumerDatabase;
        ServiceName = $"res-{Guid.NewGuid():N}"[..12];
        _units = new WebApplicationFactory<UnitsDbContext>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting($"ConnectionStrings:{ResourceNames.UnitsDatabase}", unitsDatabase);
            b.UseSetting("ConnectionStrings:rabbitmq", servers.Broker.ConnectionString);
            b.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
            b.UseSetting("Demo:Enabled", "false");
            b.ConfigureLogging(l => l.ClearProviders());
            b.ConfigureTestServices(s => s.TrustTestTokens());
        });
        Admin = _units.CreateClient().WithToken(TestTokens.Create(DemoUnitIds.For(DemoUnitIds.Department), PlatformRoles.SystemAdmin));
        Admin.Timeout = TimeSpan.FromSeconds(60);
    }

    public static async Task<StreamWorld> StartAsync(FaultServers servers, ITestOutputHelper output, int holdAfterApplyMs = 0)
    {
        var world = new StreamWorld(servers, output,
            await servers.Postgres.CreateDatabaseAsync("units_res"), await servers.Postgres.CreateDatabaseAsync("consumer_res"));
        var deadline = Stopwatch.StartNew();
        while (!(await world.Admin.GetAsync("/health")).IsSuccessStatusCode)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("The units service did not become healthy.");
            await Task.Delay(100);
        }
        // The consumer's queue exists before the first write, as a deployed consumer's does.
        await world.StartConsumerAsync(holdAfterApplyMs);
        var root = await world.Admin.PostAsJsonAsync("/api/units", new { code = $"{world._prefix}-SGD", name = "Sở GDĐT thử nghiệm", kind = "Department", effectiveFrom = "2024-01-01" });
        Assert.Equal(HttpStatusCode.Created, root.StatusCode);
        world._root = (await root.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return world;
    }

    public async Task<ConsumerProcess> StartConsumerAsync(int holdAfterApplyMs = 0)
    {
        var consumer = await ConsumerProcess.StartAsync(ConsumerDatabase, _servers.Broker.ConnectionString, ServiceName, holdAfterApplyMs, _output);
        _consumers.Add(consumer);
        return consumer;
    }

    public IReadOnlyList<ConsumerProcess> Consumers => _consumers;

    /// <summary>Registers <paramref name="count"/> schools one after the other; <paramref name="during"/> runs the fault once a third are written.</summary>
    public async Task StreamAsync(int count, Func<Task> during)
    {
        var fault = Task.CompletedTask;
        for (var i = 0; i < count; i++)
        {
            if (i == count / 3) fault = Task.Run(during);
            await WriteAsync(i);
            await Task.Delay(FaultPlan.Pace);
        }
        await fault;
        // On a slow machine the fault can outlast the planned writes: the stream goes on until a write made
        // after the fault has ended succeeds (or 30 s pass), so "the stream went on afterwards" is observed.
        var after = Stopwatch.StartNew();
        for (var i = count; await WriteAsync(i) != HttpStatusCode.Created && after.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            await Task.Delay(FaultPlan.Pace);
        }
        var statuses = Writes.GroupBy(w => (int)w.Status).Select(g => $"{g.Key}×{g.Count()}");
        _output.WriteLine($"stream of {count} writes: {string.Join(", ", statuses)}; slowest {Writes.Max(w => w.Milliseconds):N0} ms");
    }

    private async Task<HttpStatusCode> WriteAsync(int i)
    {
        var code = $"{_prefix}-{i:D5}";
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await Admin.PostAsJsonAsync("/api/units", new { code, name = $"Trường Tiểu học Hoa Sen {i}", kind = "PrimarySchool", parentId = _root, effectiveFrom = "2024-01-01" });
        }
        catch (Exception ex)
        {
            Writes.Enqueue(new WriteResult(i, code, 0, null, clock.Elapsed.TotalMilliseconds, null, null, ex.Message));
            return 0;
        }
        var body = await response.Content.ReadAsStringAsync();
        Guid? id = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : null;
        Writes.Enqueue(new WriteResult(i, code, response.StatusCode, id, clock.Elapsed.TotalMilliseconds,
            response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.ToString(), body));
        return response.StatusCode;
    }

    /// <summary>Ids of the schools of this stream that the units database holds: the committed writes.</summary>
    public async Task<HashSet<Guid>> CommittedAsync()
    {
        await using var db = new UnitsDbContext(new DbContextOptionsBuilder<UnitsDbContext>().UseNpgsql(UnitsDatabase).UseSnakeCaseNamingConvention().Options);
        return [.. await db.Units.Where(u => u.Code.StartsWith(_prefix + "-") && u.Id != _root).Select(u => u.Id).ToListAsync()];
    }

    /// <summary>What the consumer applied, by unit id; the key would have refused a second apply of one unit.</summary>
    public async Task<(List<Guid> Units, int InboxRows)> AppliedAsync()
    {
        await using var db = ConsumerDbContext.Open(ConsumerDatabase);
        var units = await db.AppliedUnits.Where(a => a.Code.StartsWith(_prefix + "-") && a.UnitId != _root).Select(a => a.UnitId).ToListAsync();
        var inbox = await db.InboxMessages.CountAsync();
        return (units, inbox);
    }

    /// <summary>
    /// Waits until the consumer has applied every committed write, and checks it applied each exactly
    /// once and nothing else; returns how long it took from the call.
    /// </summary>
    public async Task<TimeSpan> AssertEveryCommittedWriteAppliedOnceAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var committed = await CommittedAsync();
        // The API said "created" only for what it committed.
        Assert.Subset(committed, Writes.Where(w => w.UnitId is not null).Select(w => w.UnitId!.Value).ToHashSet());
        List<Guid> applied;
        while (true)
        {
            (applied, _) = await AppliedAsync();
            if (applied.Count >= committed.Count || clock.Elapsed > within) break;
            await Task.Delay(200);
        }
        var elapsed = clock.Elapsed;
        // A duplicate would arrive close behind its original.
        await Task.Delay(1000);
        (applied, var inboxRows) = await AppliedAsync();
        _output.WriteLine($"{committed.Count} committed writes, {applied.Count} applied after {elapsed.TotalSeconds:N1} s; inbox rows {inboxRows}");
        Assert.True(committed.SetEquals(applied), $"committed {committed.Count} writes but the consumer applied {applied.Count} ({committed.Except(applied).Count()} missing, {applied.Except(committed).Count()} unknown)");
        Assert.Equal(applied.Count, applied.Distinct().Count());
        // One inbox row per applied event, plus the root department's.
        Assert.Equal(applied.Count + 1, inboxRows);
        Assert.True(elapsed <= within, $"the consumer needed {elapsed.TotalSeconds:N1} s to catch up (allowed {within.TotalSeconds} s)");
        return elapsed;
    }

    /// <summary>Messages in the consumer's <c>_error</c> queue (0 when MassTransit never had to create it).</summary>
    public async Task<uint> ErrorQueueDepthAsync()
    {
        var queue = new MassTransit.KebabCaseEndpointNameFormatter(ServiceName, includeNamespace: false).Consumer<UnitRegisteredConsumer>() + "_error";
        await using var connection = await new ConnectionFactory { Uri = _servers.Broker.AmqpUri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers) await consumer.DisposeAsync();
        Admin.Dispose();
        await _units.DisposeAsync();
    }
}

/// <summary>The consumer service running as a child process (<c>dotnet Resilience.Consumer.dll</c>).</summary>
public sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ConsumerProcess(Process process) => _process = process;

    public int Duplicates => _lines.Count(l => l.StartsWith("duplicate ", StringComparison.Ordinal));
    public int Applied => _lines.Count(l => l.StartsWith("applied ", StringComparison.Ordinal));

    public static async Task<ConsumerProcess> StartAsync(string database, string broker, string service, int holdAfterApplyMs, ITestOutputHelper output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Resilience.Consumer.dll"));
        info.ArgumentList.Add($"--ConnectionStrings:consumer={database}");
        info.ArgumentList.Add($"--ConnectionStrings:rabbitmq={broker}");
        info.ArgumentList.Add($"--Service={service}");
        info.ArgumentList.Add($"--HoldAfterApplyMs={holdAfterApplyMs}");
        // Production-like retries, but no MassTransit usage report from a test machine.
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the consumer process.");
        var consumer = new ConsumerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "ready") consumer._ready.TrySetResult();
            else consumer._lines.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            try { output.WriteLine($"[consumer {process.Id}] {e.Data}"); } catch (InvalidOperationException) { /* the test is over */ }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await consumer._ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return consumer;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement of what it holds.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            NativeProcess.Signal(_process, NativeProcess.SigTerm);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
