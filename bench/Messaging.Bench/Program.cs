using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging;
using Platform.Messaging.Bench;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// The event pipeline, side by side in one run on one broker and one database:
//   relay       rows committed to the outbox → the platform's OutboxRelay → RabbitMQ (publisher
//               confirms, persistent, durable queue) → a MassTransit consumer that applies each
//               event through the inbox (one transaction per event);
//   masstransit the same messages published with IBus.Publish (confirms on), same consumer;
//   raw         RabbitMQ.Client 7 with publisher confirms into a durable queue: the broker's ceiling.
// Medians over rounds; the paths alternate within each round, so ratios are measured under the same load.
// Usage: dotnet run -c Release --project bench/Messaging.Bench [-- --events 5000 --rounds 5 --writers 8 --batch 100 --out file.json]
//        dotnet run -c Release --project bench/Messaging.Bench -- --idle-traces [--seconds 60 --scan-interval 10]: traces per idle minute

if (args.Contains("--idle-traces"))
{
    // Traces an idle service sends the dashboard (IdleTraces.cs).
    await IdleTraces.RunAsync(args);
    return 0;
}

var options = BenchOptions.Parse(args);
Console.WriteLine($"Event pipeline benchmark: {options.Events:N0} events × {options.Rounds} rounds, {options.Writers} writers, relay batch {options.Batch}, {Environment.ProcessorCount} cores");
Console.WriteLine("Starting a throwaway PostgreSQL and RabbitMQ from the machine's binaries…");
await using var postgres = await PostgresServer.StartAsync();
await using var rabbit = await RabbitMqServer.StartAsync();
var connectionString = await postgres.CreateDatabaseAsync("messaging_bench");
await using (var create = BenchDbContext.Open(connectionString))
{
    await create.Database.EnsureCreatedAsync();
}

var progress = new Progress();
using var published = new PublishedCounter();
using var host = BuildHost(connectionString, rabbit.ConnectionString, options, progress);
await host.StartAsync();
await host.Services.GetRequiredService<DatabaseReadiness<BenchDbContext>>().WaitAsync(CancellationToken.None);
var bus = host.Services.GetRequiredService<IBusControl>();
while (bus.CheckHealth().Status != BusHealthStatus.Healthy) await Task.Delay(50);

var factory = new ConnectionFactory { Uri = rabbit.AmqpUri };
await using var amqp = await factory.CreateConnectionAsync("bench-raw");
const string rawQueue = "bench-raw";
await using (var setup = await amqp.CreateChannelAsync())
{
    await setup.QueueDeclareAsync(rawQueue, durable: true, exclusive: false, autoDelete: false);
}
var rawBody = Encoding.UTF8.GetBytes(SampleEnvelope());

// Warm-up (not timed): JIT, connection pools, exchanges; and the order check: a plain AMQP queue bound
// to the relay's exchange records the order the broker received the relayed events in.
var order = await CheckRelayOrderAsync();
Console.WriteLine($"  warm-up done; relay order check: {order.Received:N0} events, {order.OutOfOrder} received out of commit order");

var samples = new Dictionary<string, List<double>>();
var sequential = Math.Min(options.Events, 1000);
for (var round = 1; round <= options.Rounds; round++)
{
    Record("relay: committed backlog → consumed", await RelayBacklogAsync(round, options.Events));
    Record("relay: backlog published (confirmed)", published.LastRate);
    Record($"relay: {options.Writers} writers, 1 event per transaction → consumed", await RelayWritersAsync(round, options.Events));
    Record("masstransit publish, concurrent → confirmed", (await MassTransitAsync(round, options.Events, concurrent: true)).Confirmed);
    Record("masstransit publish, concurrent → consumed", published.LastConsumedRate);
    Record("masstransit publish, one at a time → confirmed", (await MassTransitAsync(round, sequential, concurrent: false)).Confirmed);
    Record("raw RabbitMQ.Client, concurrent → confirmed", await RawAsync(options.Events, concurrent: true));
    Record("raw RabbitMQ.Client, one at a time → confirmed", await RawAsync(sequential, concurrent: false));
    Console.WriteLine($"  round {round}: " + string.Join(", ", samples.Select(s => $"{s.Value[^1]:N0}")));
}

// Every committed event applied exactly once: one applied row per outbox row and per published message.
await using (var check = BenchDbContext.Open(connectionString))
{
    var rows = await check.OutboxMessages.CountAsync();
    var unpublished = await check.OutboxMessages.CountAsync(m => m.PublishedAt == null);
    var appliedRelay = await check.Applied.CountAsync(a => a.Path == OutboxBenchEventConsumer.Path);
    var appliedDirect = await check.Applied.CountAsync(a => a.Path == DirectBenchEventConsumer.Path);
    Console.WriteLine($"  check: {rows:N0} outbox rows, {unpublished} unpublished, {appliedRelay:N0} relayed events applied, {appliedDirect:N0} published events applied");
    if (unpublished != 0 || appliedRelay != rows)
    {
        Console.Error.WriteLine("FAILED: relayed events were not applied exactly once.");
        return 1;
    }
}

var medians = samples.ToDictionary(s => s.Key, s => Median(s.Value));
double M(string prefix) => medians.First(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
var relayConsumed = M("relay: committed backlog");
var relayPublished = M("relay: backlog published");
var mtConfirmed = M("masstransit publish, concurrent → confirmed");
var rawConfirmed = M("raw RabbitMQ.Client, concurrent");
var ratios = new Dictionary<string, double>
{
    ["relay published / masstransit concurrent publish"] = relayPublished / mtConfirmed,
    ["relay published / raw RabbitMQ.Client"] = relayPublished / rawConfirmed,
    ["masstransit concurrent publish / raw RabbitMQ.Client"] = mtConfirmed / rawConfirmed,
    ["relay end to end (consumed) / masstransit end to end"] = relayConsumed / M("masstransit publish, concurrent → consumed"),
    ["masstransit one at a time / concurrent"] = M("masstransit publish, one at a time") / mtConfirmed,
};

Console.WriteLine();
Console.WriteLine($"{"path",-62} {"median events/s",16}   rounds");
foreach (var (name, values) in samples)
{
    Console.WriteLine($"{name,-62} {medians[name],16:N0}   {string.Join(" ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))}");
}
Console.WriteLine();
foreach (var (name, ratio) in ratios) Console.WriteLine($"{name,-62} {ratio,8:0.00}×");
Console.WriteLine();
Console.WriteLine($"target ≥ 2,000 events/s per relay (published and consumed): relay published {relayPublished:N0}/s, end to end {relayConsumed:N0}/s → {(Math.Min(relayPublished, relayConsumed) >= 2000 ? "met" : "MISSED")}");
Console.WriteLine("PostgreSQL runs as the tests run it (fsync off); RabbitMQ persists messages to disk before it confirms.");

var report = new
{
    options.Events, options.Rounds, options.Writers, options.Batch, machine = $"{Environment.ProcessorCount} cores",
    relayOrder = new { order.Received, order.OutOfOrder },
    medians, ratios, samples,
};
var outFile = Path.GetFullPath(options.Out);
Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
Console.WriteLine($"written {outFile}");
await host.StopAsync();
return 0;

void Record(string name, double eventsPerSecond)
{
    if (!samples.TryGetValue(name, out var list)) samples[name] = list = [];
    list.Add(eventsPerSecond);
}

async Task<double> RelayBacklogAsync(int round, int count)
{
    // The rows are committed together; the relay sees none of them before the commit, so the clock
    // starts there and measures the relay draining a backlog, and the consumer applying it.
    await using var db = BenchDbContext.Open(connectionString);
    for (var i = 0; i < count; i++) db.AddIntegrationEvent(NewOutboxEvent(round, i));
    var clock = new Stopwatch();
    var consumed = progress.Expect(OutboxBenchEventConsumer.Path, count, clock);
    var confirmed = published.Expect(count, clock);
    await using var transaction = await db.Database.BeginTransactionAsync();
    await db.SaveChangesAsync();
    clock.Start();
    await transaction.CommitAsync();
    // The bench's own context has no interceptor: wake the relay as a service's commit would.
    host.Services.GetRequiredService<OutboxSignal>().Notify();
    var publishedIn = await confirmed.WaitAsync(TimeSpan.FromMinutes(5));
    published.LastRate = count / publishedIn.TotalSeconds;
    var consumedIn = await consumed.WaitAsync(TimeSpan.FromMinutes(5));
    return count / consumedIn.TotalSeconds;
}

async Task<double> RelayWritersAsync(int round, int count)
{
    // Writers as services write: a scope per request, one state change and its event per transaction.
    var clock = new Stopwatch();
    var consumed = progress.Expect(OutboxBenchEventConsumer.Path, count, clock);
    var next = -1;
    clock.Start();
    await Task.WhenAll(Enumerable.Range(0, options.Writers).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
            db.AddIntegrationEvent(NewOutboxEvent(round, 1_000_000 + i));
            await db.SaveChangesAsync();
        }
    })));
    var consumedIn = await consumed.WaitAsync(TimeSpan.FromMinutes(5));
    return count / consumedIn.TotalSeconds;
}

async Task<(double Confirmed, double Consumed)> MassTransitAsync(int round, int count, bool concurrent)
{
    var messages = Enumerable.Range(0, count).Select(i => new DirectBenchEvent
    {
        Round = round, Index = i, SubjectId = Guid.NewGuid(), Name = $"Trường THPT Bench {i}", OccurredAt = DateTimeOffset.UtcNow,
    }).ToList();
    var clock = Stopwatch.StartNew();
    var consumed = progress.Expect(DirectBenchEventConsumer.Path, count, clock);
    if (concurrent)
    {
        await Task.WhenAll(messages.Select(m => bus.Publish(m)));
    }
    else
    {
        foreach (var m in messages) await bus.Publish(m);
    }
    var confirmedIn = clock.Elapsed;
    var consumedIn = await consumed.WaitAsync(TimeSpan.FromMinutes(5));
    var rate = (count / confirmedIn.TotalSeconds, count / consumedIn.TotalSeconds);
    if (concurrent) published.LastConsumedRate = rate.Item2;
    return rate;
}

async Task<double> RawAsync(int count, bool concurrent)
{
    await using var channel = await amqp.CreateChannelAsync(new CreateChannelOptions(
        publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
        outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(100_000)));
    using var window = new SemaphoreSlim(1000);
    var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
    var clock = Stopwatch.StartNew();
    if (concurrent)
    {
        // At most 1,000 unconfirmed at a time, as many as a relay batch and more than MassTransit keeps.
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await window.WaitAsync();
            try { await channel.BasicPublishAsync("", rawQueue, false, properties, rawBody); }
            finally { window.Release(); }
        }));
    }
    else
    {
        for (var i = 0; i < count; i++) await channel.BasicPublishAsync("", rawQueue, false, properties, rawBody);
    }
    var elapsed = clock.Elapsed;
    await channel.QueuePurgeAsync(rawQueue);
    return count / elapsed.TotalSeconds;
}

async Task<(int Received, int OutOfOrder)> CheckRelayOrderAsync()
{
    var exchange = $"{typeof(OutboxBenchEvent).Namespace}:{nameof(OutboxBenchEvent)}";
    await using var channel = await amqp.CreateChannelAsync();
    var queue = (await channel.QueueDeclareAsync("bench-order-check", durable: false, exclusive: true, autoDelete: true)).QueueName;
    await channel.QueueBindAsync(queue, exchange, "");
    var received = new List<Guid>();
    var consumer = new AsyncEventingBasicConsumer(channel);
    consumer.ReceivedAsync += (_, delivery) =>
    {
        lock (received) received.Add(Guid.Parse(delivery.BasicProperties.MessageId!));
        return Task.CompletedTask;
    };
    await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

    // Only a backlog committed in one transaction has one commit order; concurrent writers commit in
    // an order of their own, which SKIP LOCKED follows.
    await RelayBacklogAsync(0, Math.Min(options.Events, 2000));
    await Task.Delay(500);
    await channel.QueueUnbindAsync(queue, exchange, "");
    await RelayWritersAsync(0, Math.Min(options.Events, 2000));
    await MassTransitAsync(0, 200, concurrent: true);
    await RawAsync(200, concurrent: true);

    await using var db = BenchDbContext.Open(connectionString);
    var bySequence = await db.OutboxMessages.OrderBy(m => m.Sequence).Select(m => m.Id).ToListAsync();
    lock (received) received.RemoveAll(id => !bySequence.Contains(id));
    var rank = bySequence.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
    List<Guid> got;
    lock (received) got = [.. received];
    var outOfOrder = got.Zip(got.Skip(1)).Count(pair => rank[pair.First] > rank[pair.Second]);
    return (got.Count, outOfOrder);
}

static OutboxBenchEvent NewOutboxEvent(int round, int index) => new()
{
    Round = round, Index = index, SubjectId = Guid.NewGuid(), Name = $"Trường THPT Bench {index}", OccurredAt = DateTimeOffset.UtcNow,
};

static string SampleEnvelope() => JsonSerializer.Serialize(new
{
    messageId = Guid.NewGuid(), conversationId = Guid.NewGuid(), sourceAddress = "rabbitmq://127.0.0.1/bench_bus",
    destinationAddress = "rabbitmq://127.0.0.1/Platform.Messaging.Bench:DirectBenchEvent",
    messageType = new[] { "urn:message:Platform.Messaging.Bench:DirectBenchEvent" },
    message = NewOutboxEvent(1, 1), sentTime = DateTimeOffset.UtcNow,
    headers = new { }, host = new { machineName = Environment.MachineName, processName = "Messaging.Bench", frameworkVersion = Environment.Version.ToString() },
});

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static IHost BuildHost(string database, string broker, BenchOptions options, Progress progress)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:bench"] = database,
        [$"ConnectionStrings:{MessagingSetup.BrokerConnectionName}"] = broker,
        ["Messaging:Outbox:BatchSize"] = options.Batch.ToString(CultureInfo.InvariantCulture),
    });
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)
        // The initializer's first look at a history table that does not exist yet is logged as a failed command.
        .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
    builder.Services.AddSingleton(progress);
    builder.AddServiceDatabase<BenchDbContext>("bench");
    // The bench creates its schema itself (EnsureCreated): it has no migrations to apply.
    builder.Services.ConfigureDbContext<BenchDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
    builder.AddPlatformMessaging<BenchDbContext>("bench", bus =>
    {
        bus.AddConsumer<OutboxBenchEventConsumer>();
        bus.AddConsumer<DirectBenchEventConsumer>();
    });
    return builder.Build();
}

/// <summary>Listens to the relay's own <c>platform.outbox.published</c> counter: the rows the broker confirmed.</summary>
internal sealed class PublishedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _remaining = long.MaxValue;
    private Stopwatch? _clock;
    private TaskCompletionSource<TimeSpan>? _done;

    public double LastRate { get; set; }
    public double LastConsumedRate { get; set; }

    public PublishedCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.Name && instrument.Name == "platform.outbox.published") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            if (value > 0 && Interlocked.Add(ref _remaining, -value) <= 0) _done?.TrySetResult(_clock!.Elapsed);
        });
        _listener.Start();
    }

    public Task<TimeSpan> Expect(int count, Stopwatch clock)
    {
        _clock = clock;
        _done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _remaining, count);
        return _done.Task;
    }

    public void Dispose() => _listener.Dispose();
}

internal sealed record BenchOptions(int Events, int Rounds, int Writers, int Batch, string Out)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            int.Parse(Get("--events") ?? "5000", CultureInfo.InvariantCulture),
            int.Parse(Get("--rounds") ?? "5", CultureInfo.InvariantCulture),
            int.Parse(Get("--writers") ?? "8", CultureInfo.InvariantCulture),
            int.Parse(Get("--batch") ?? "500", CultureInfo.InvariantCulture),
            Get("--out") ?? "bench/results/messaging.json");
    }
}
