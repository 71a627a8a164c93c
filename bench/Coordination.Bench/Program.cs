using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Contracts.Reporting;
using Platform.Coordination.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Tools.PoliceSimulator;
using Platform.UnitDirectory;

// Incident → police acknowledgement latency, in process: the coordination service (real PostgreSQL, real
// RabbitMQ, outbox relay, MassTransit, police gateway, reply listener) and the reference police simulator
// answering at once (plain AMQP as the police-system broker user). The clock starts when IncidentReported
// is published (what the reporting service does when a school submits) and stops when the platform has
// committed the police acknowledgement. Not a test: it prints a table and writes results.json.
//
//   dotnet run -c Release --project bench/Coordination.Bench -- [incidents=250] [warmup=20]

var incidents = args.Length > 0 ? int.Parse(args[0]) : 250;
var warmup = args.Length > 1 ? int.Parse(args[1]) : 20;

Console.WriteLine("Starting PostgreSQL and RabbitMQ from the machine's binaries…");
var postgres = await SharedServers.Postgres;
var rabbit = await SharedServers.RabbitMq;
var vhost = $"bench-{Guid.NewGuid():N}"[..20];
await Ctl(rabbit, "add_user", "police-system", "bench-secret");
await Ctl(rabbit, "add_vhost", vhost);
await Ctl(rabbit, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
await Ctl(rabbit, "set_permissions", "-p", vhost, "police-system", "^$", @"^police\.v1\.replies$", @"^police\.v1\.inbox$");
var database = await postgres.CreateDatabaseAsync("coordination_bench");

// The service's content root, found from the repository (the factory looks for it only beside test projects).
var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Platform.sln"))) repository = repository.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_COORDINATION",
    Path.Combine(repository?.FullName ?? throw new InvalidOperationException("Run the bench from the repository."), "src", "Services", "Coordination"));
// Any type of the service's assembly finds its entry point (the bench has a Program of its own).
await using var service = new WebApplicationFactory<CoordinationDbContext>().WithWebHostBuilder(b =>
{
    b.UseEnvironment("Benchmark");
    b.UseSetting($"ConnectionStrings:{ResourceNames.CoordinationDatabase}", database);
    b.UseSetting("ConnectionStrings:rabbitmq", $"amqp://guest:guest@127.0.0.1:{rabbit.Port}/{vhost}");
    b.UseSetting("Demo:Enabled", "false");
    b.UseSetting("Coordination:Scheduler:Enabled", "false");
    b.UseSetting("Coordination:Referrals:MonitorEnabled", "false");
    // Start-up (health polled while migrating) and shutdown are noisy; the numbers are what matters here.
    b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical));
});
using (var client = service.CreateClient())
{
    while (!(await client.GetAsync("/health")).IsSuccessStatusCode) await Task.Delay(100);
}

var school = Guid.NewGuid();
var office = Guid.NewGuid();
var department = Guid.NewGuid();
var wardPolice = Guid.NewGuid();
await using (var db = NewDb())
{
    UnitReplica U(Guid id, string code, string name, string kind, Guid? parent, string area) => new()
    {
        Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, AreaCode = area, EffectiveFrom = new DateOnly(2024, 1, 1),
    };
    db.Units.AddRange(U(department, "SGD", "Sở GDĐT", "Department", null, "HP"), U(office, "PGD", "Phòng GDĐT quận Lê Chân", "DistrictEducationOffice", department, "HP-LC"),
        U(school, "THCS-LC", "Trường THCS Lê Chân", "LowerSecondarySchool", office, "HP-LC-LS"), U(wardPolice, "CAP-LC-LS", "Công an phường Lam Sơn", "WardPolice", null, "HP-LC-LS"));
    await db.SaveChangesAsync();
}

var simulator = new PoliceSimulatorWorker(Options.Create(new SimulatorOptions
{
    BrokerUri = $"amqp://police-system:bench-secret@127.0.0.1:{rabbit.Port}/{vhost}",
    AcknowledgeAfter = TimeSpan.Zero,
    AcknowledgeOnly = true,
}), new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<PoliceSimulatorWorker>.Instance);
await simulator.StartAsync(default);

var bus = service.Services.GetRequiredService<IBus>();
Console.WriteLine($"Warming up with {warmup} incidents…");
await RunSequential(warmup);
Console.WriteLine($"Measuring {incidents} incidents one after another…");
var sequential = await RunSequential(incidents);
Console.WriteLine($"Measuring {incidents} incidents reported at once…");
var burst = await RunBurst(incidents);
await simulator.StopAsync(default);

var rows = new[] { ("one at a time", sequential), ("all at once", burst) };
Console.WriteLine();
Console.WriteLine($"Incident reported → police acknowledgement received (simulator answers at once), n = {incidents} each");
Console.WriteLine($"{"mode",-15} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"wall s",8}");
foreach (var (mode, r) in rows)
{
    Console.WriteLine($"{mode,-15} {r.P(50),8:0.0} {r.P(90),8:0.0} {r.P(99),8:0.0} {r.Latencies.Max(),8:0.0} {r.Wall.TotalSeconds,8:0.00}");
}
var json = JsonSerializer.Serialize(rows.Select(r => new
{
    mode = r.Item1, n = r.Item2.Latencies.Count, p50Ms = r.Item2.P(50), p90Ms = r.Item2.P(90), p99Ms = r.Item2.P(99), maxMs = r.Item2.Latencies.Max(), wallSeconds = r.Item2.Wall.TotalSeconds,
    machine = $"{Environment.ProcessorCount} cores", measuredAt = DateTimeOffset.UtcNow,
}), new JsonSerializerOptions { WriteIndented = true });
var output = Path.Combine(repository.FullName, "bench", "Coordination.Bench", "results.json");
await File.WriteAllTextAsync(output, json);
Console.WriteLine($"Written to {output}");
return;

async Task<Result> RunSequential(int n)
{
    var latencies = new List<double>();
    var wall = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        var (id, reportedAt) = await Report();
        latencies.Add(await AcknowledgedAfter(id, reportedAt));
    }
    return new Result(latencies, wall.Elapsed);
}

async Task<Result> RunBurst(int n)
{
    var wall = Stopwatch.StartNew();
    var sent = new List<(Guid Id, DateTimeOffset At)>();
    for (var i = 0; i < n; i++) sent.Add(await Report());
    var latencies = new List<double>();
    foreach (var (id, at) in sent) latencies.Add(await AcknowledgedAfter(id, at));
    return new Result(latencies, wall.Elapsed);
}

async Task<(Guid, DateTimeOffset)> Report()
{
    var id = Guid.NewGuid();
    var at = DateTimeOffset.UtcNow;
    await bus.Publish(new IncidentReported
    {
        IncidentId = id, ReportingUnitId = school, SupervisingUnitIds = [office, department], Category = "SchoolViolence", IsLifeSafety = true,
        OccurredAt = at.AddMinutes(-5), Place = "Cổng trường", PupilsInvolved = 2, OthersInvolved = 0,
        People = [new IncidentPerson { PseudonymousId = "HS-0000AAAA", Role = "Victim", IsPupil = true, AgeBand = "11-14" }], ReportedAt = at,
    });
    return (id, at);
}

async Task<double> AcknowledgedAfter(Guid incident, DateTimeOffset reportedAt)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        await using var db = NewDb();
        var received = await db.Referrals.AsNoTracking().Where(r => r.IncidentId == incident && r.AcknowledgementReceivedAt != null)
            .Select(r => r.AcknowledgementReceivedAt).FirstOrDefaultAsync();
        if (received is { } at) return (at - reportedAt).TotalMilliseconds;
        await Task.Delay(2);
    }
    throw new TimeoutException($"Incident {incident} was not acknowledged within 60 s.");
}

CoordinationDbContext NewDb() => new(new DbContextOptionsBuilder<CoordinationDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options);

static async Task Ctl(RabbitMqServer server, params string[] arguments)
{
    var root = (string)typeof(RabbitMqServer).GetField("_root", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(server)!;
    await NativeProcess.RunAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", server.NodeName, .. arguments], new Dictionary<string, string> { ["HOME"] = root });
}

sealed record Result(List<double> Latencies, TimeSpan Wall)
{
    public double P(int percentile)
    {
        var sorted = Latencies.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
