using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Platform.Gateway;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Units.Infrastructure;

// Gateway overhead: the units service's GET /api/units?pageSize=20 (a database-backed, scope-checked
// list of the Hải Phòng demo organisation) called directly on the service's own Kestrel port vs through
// the YARP gateway's Kestrel port, both in this process over loopback TCP, with real PostgreSQL.
// For each concurrency: closed-loop clients for a fixed time, direct and gateway alternating within a
// round; medians over rounds. Not a test: it prints a table and writes JSON.
// Usage: dotnet run -c Release --project bench/Gateway.Bench [-- --seconds 5 --rounds 3 --concurrency 1,16,64 --out file.json]

var options = BenchOptions.Parse(args);
Console.WriteLine($"Gateway overhead benchmark: GET /api/units?pageSize=20, {options.Seconds} s per measurement × {options.Rounds} rounds, concurrency {string.Join(",", options.Concurrency)}, {Environment.ProcessorCount} cores");
Console.WriteLine("Starting a throwaway PostgreSQL and RabbitMQ from the machine's binaries…");
await using var postgres = await PostgresServer.StartAsync();
await using var rabbit = await RabbitMqServer.StartAsync();
var database = await postgres.CreateDatabaseAsync("units_bench");

var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Platform.sln"))) repository = repository.Parent;
if (repository is null) throw new InvalidOperationException("Run the bench from the repository.");
// The services' content roots (the factory looks for them only beside test projects).
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_UNITS", Path.Combine(repository.FullName, "src", "Services", "Units"));
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_GATEWAY", Path.Combine(repository.FullName, "src", "Gateway"));

var unitsPort = NativeProcess.FreeTcpPort();
var gatewayPort = NativeProcess.FreeTcpPort();
// Any type of a service's assembly finds its entry point (both have a Program of their own).
await using var units = new WebApplicationFactory<UnitsDbContext>().WithWebHostBuilder(b =>
{
    b.UseEnvironment("Benchmark");
    b.UseUrls($"http://127.0.0.1:{unitsPort}");
    b.UseSetting($"ConnectionStrings:{ResourceNames.UnitsDatabase}", database);
    b.UseSetting("ConnectionStrings:rabbitmq", rabbit.ConnectionString);
    b.UseSetting("Demo:Enabled", "true");
    b.ConfigureLogging(l => l.ClearProviders().AddSimpleConsole().AddFilter((category, level) => level >= LogLevel.Error));
    b.ConfigureTestServices(s => s.TrustTestTokens());
});
units.UseKestrel();
units.StartServer();

await using var gateway = StartGateway(gatewayPort, unitsPort);

var direct = new Uri($"http://127.0.0.1:{unitsPort}/api/units?pageSize=20");
var proxied = new Uri($"http://127.0.0.1:{gatewayPort}/api/units?pageSize=20");
var token = TestTokens.Create(DemoUnitIds.For(DemoUnitIds.DepartmentOffice), PlatformRoles.DepartmentOfficer);

string pageBody;
using (var probe = new HttpClient())
{
    var deadline = DateTime.UtcNow.AddMinutes(3);
    while (!(await probe.GetAsync($"http://127.0.0.1:{unitsPort}/health")).IsSuccessStatusCode)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException("The units service did not become healthy.");
        await Task.Delay(200);
    }
    probe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    // Both paths must answer the same page, or the comparison means nothing.
    var a = await probe.GetStringAsync(direct);
    var b = await probe.GetStringAsync(proxied);
    using var page = JsonDocument.Parse(a);
    Console.WriteLine($"  units service ready; the page has {page.RootElement.GetProperty("items").GetArrayLength()} units of {page.RootElement.GetProperty("total").GetInt32():N0}; direct and gateway bodies {(a == b ? "identical" : "DIFFER")}");
    if (a != b) return 1;
    pageBody = a;
}

// Warm-up: JIT, connection pools, EF query cache.
await MeasureAsync(direct, 16, TimeSpan.FromSeconds(2));
await MeasureAsync(proxied, 16, TimeSpan.FromSeconds(2));

var results = new List<(int Concurrency, string Path, int Round, Sample Sample)>();
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var c in options.Concurrency)
    {
        // Alternate which path goes first, so a slow moment of the machine does not always hit the same one.
        var order = round % 2 == 1 ? new[] { ("direct", direct), ("gateway", proxied) } : [("gateway", proxied), ("direct", direct)];
        foreach (var (name, uri) in order)
        {
            var sample = await MeasureAsync(uri, c, TimeSpan.FromSeconds(options.Seconds));
            results.Add((c, name, round, sample));
            Console.WriteLine($"  round {round}, {c,2} connections, {name,-7}: {sample.RequestsPerSecond,8:N0} req/s, p50 {sample.P50Ms,6:N2} ms, p99 {sample.P99Ms,7:N2} ms{(sample.Errors > 0 ? $", {sample.Errors} errors" : "")}");
        }
    }
}

Console.WriteLine();
Console.WriteLine($"{"connections",11} {"direct req/s",13} {"gateway req/s",14} {"ratio",7} {"direct p50",11} {"gateway p50",12} {"added p50",10} {"direct p99",11} {"gateway p99",12} {"added p99",10}");
var table = new List<object>();
foreach (var c in options.Concurrency)
{
    double Med(string path, Func<Sample, double> f) => Median(results.Where(r => r.Concurrency == c && r.Path == path).Select(r => f(r.Sample)));
    // Ratios within each round (same moment of the machine), then their median.
    double RoundRatio(Func<Sample, double> f, bool difference) => Median(Enumerable.Range(1, options.Rounds).Select(round =>
    {
        var d = f(results.Single(r => r.Concurrency == c && r.Path == "direct" && r.Round == round).Sample);
        var g = f(results.Single(r => r.Concurrency == c && r.Path == "gateway" && r.Round == round).Sample);
        return difference ? g - d : g / d;
    }));
    var row = new
    {
        connections = c,
        directRps = Med("direct", s => s.RequestsPerSecond), gatewayRps = Med("gateway", s => s.RequestsPerSecond),
        ratio = RoundRatio(s => s.RequestsPerSecond, false),
        directP50 = Med("direct", s => s.P50Ms), gatewayP50 = Med("gateway", s => s.P50Ms), addedP50 = RoundRatio(s => s.P50Ms, true),
        directP99 = Med("direct", s => s.P99Ms), gatewayP99 = Med("gateway", s => s.P99Ms), addedP99 = RoundRatio(s => s.P99Ms, true),
    };
    table.Add(row);
    Console.WriteLine($"{c,11} {row.directRps,13:N0} {row.gatewayRps,14:N0} {row.ratio,6:0.00}× {row.directP50,8:N2} ms {row.gatewayP50,9:N2} ms {row.addedP50,7:N2} ms {row.directP99,8:N2} ms {row.gatewayP99,9:N2} ms {row.addedP99,7:N2} ms");
}
var at64 = (dynamic)table.Last();
Console.WriteLine();
Console.WriteLine($"targets: gateway ≥ 0.8× direct at {options.Concurrency.Max()} connections: {at64.ratio:0.00}× → {(at64.ratio >= 0.8 ? "met" : "MISSED")}; " +
                  $"added p50 ≤ 1 ms: {at64.addedP50:N2} ms at {options.Concurrency.Max()}, {((dynamic)table.First()).addedP50:N2} ms at {options.Concurrency.Min()} → {(((dynamic)table.First()).addedP50 <= 1 ? "met at 1 connection" : "MISSED at 1 connection")}");
Console.WriteLine("The load generator, the gateway, the service and PostgreSQL share this machine's cores: the ratios are what carries over.");

// The gateway's own cost, without the database: the same page as a constant answer from a bare Kestrel endpoint,
// called directly and through a second gateway (same configuration: token validation, rate limiter, telemetry,
// YARP) that routes /api/units to it. What the gateway adds here is its own work; the rest of the added latency
// above is the gateway and the service competing for the same cores while the service works.
var echoPort = NativeProcess.FreeTcpPort();
var echoBuilder = WebApplication.CreateSlimBuilder();
echoBuilder.WebHost.UseUrls($"http://127.0.0.1:{echoPort}");
echoBuilder.Logging.ClearProviders();
await using var echo = echoBuilder.Build();
echo.MapGet("/api/units", () => Results.Text(pageBody, "application/json"));
echo.MapGet("/health", () => "Healthy");
await echo.StartAsync();
var floorGatewayPort = NativeProcess.FreeTcpPort();
await using var floorGateway = StartGateway(floorGatewayPort, echoPort);
var echoDirect = new Uri($"http://127.0.0.1:{echoPort}/api/units?pageSize=20");
var echoProxied = new Uri($"http://127.0.0.1:{floorGatewayPort}/api/units?pageSize=20");
await MeasureAsync(echoDirect, 1, TimeSpan.FromSeconds(2));
await MeasureAsync(echoProxied, 1, TimeSpan.FromSeconds(2));
var floor = new List<(Sample Direct, Sample Gateway)>();
for (var round = 1; round <= options.Rounds; round++)
{
    var d = await MeasureAsync(echoDirect, 1, TimeSpan.FromSeconds(options.Seconds));
    var g = await MeasureAsync(echoProxied, 1, TimeSpan.FromSeconds(options.Seconds));
    floor.Add((d, g));
    Console.WriteLine($"  floor round {round}, 1 connection: constant answer direct p50 {d.P50Ms:N2} ms ({d.RequestsPerSecond:N0} req/s), through the gateway p50 {g.P50Ms:N2} ms ({g.RequestsPerSecond:N0} req/s){(d.Errors + g.Errors > 0 ? $", {d.Errors + g.Errors} errors" : "")}");
}
var floorAdded = Median(floor.Select(f => f.Gateway.P50Ms - f.Direct.P50Ms));
var floorAddedP99 = Median(floor.Select(f => f.Gateway.P99Ms - f.Direct.P99Ms));
var firstRow = (dynamic)table.First();
Console.WriteLine($"Gateway's own work at 1 connection (no database behind it): added p50 {floorAdded:N2} ms, p99 {floorAddedP99:N2} ms " +
                  $"(median over rounds) → {(floorAdded <= 1 ? "within" : "over")} the 1 ms target; with the database-backed page it added {firstRow.addedP50:N2} ms.");

var outFile = Path.GetFullPath(options.Out);
Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(new
{
    options.Seconds, options.Rounds, options.Concurrency, machine = $"{Environment.ProcessorCount} cores", endpoint = "GET /api/units?pageSize=20",
    table, samples = results.Select(r => new { r.Concurrency, r.Path, r.Round, r.Sample }),
    floor = new { addedP50 = floorAdded, addedP99 = floorAddedP99, rounds = floor.Select(f => new { direct = f.Direct, gateway = f.Gateway }) },
}, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
Console.WriteLine($"written {outFile}");
return 0;

async Task<Sample> MeasureAsync(Uri uri, int connections, TimeSpan duration)
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var latencies = new List<double>[connections];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
    {
        var mine = latencies[i] = new List<double>(4096);
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
            mine.Add(elapsed);
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToList();
    return new Sample(all.Count / seconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Count, errors);
}

// The gateway on its own Kestrel port, routing /api/units to the given port, trusting the benchmark's test tokens.
static WebApplicationFactory<GatewayOptions> StartGateway(int port, int unitsPort)
{
    var gateway = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Benchmark");
        b.UseUrls($"http://127.0.0.1:{port}");
        b.UseSetting("services:units:http:0", $"http://127.0.0.1:{unitsPort}");
        // The gateway's per-user limit (600 per 10 s) would turn most of a load test into 429s.
        b.UseSetting("Gateway:RateLimit:PermitLimit", "100000000");
        b.UseSetting("Gateway:Downstream", ResourceNames.Units);
        b.ConfigureLogging(l => l.ClearProviders().AddSimpleConsole().AddFilter((category, level) => level >= LogLevel.Error));
        b.ConfigureTestServices(s => s.TrustTestTokens());
    });
    gateway.UseKestrel();
    gateway.StartServer();
    return gateway;
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed record Sample(double RequestsPerSecond, double P50Ms, double P99Ms, int Requests, int Errors);

internal sealed record BenchOptions(int Seconds, int Rounds, int[] Concurrency, string Out)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            int.Parse(Get("--seconds") ?? "5", CultureInfo.InvariantCulture),
            int.Parse(Get("--rounds") ?? "3", CultureInfo.InvariantCulture),
            (Get("--concurrency") ?? "1,16,64").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Get("--out") ?? "bench/results/gateway.json");
    }
}
