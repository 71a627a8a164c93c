using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Platform.EndToEnd.Tests;
using Platform.ServiceDefaults;

namespace Platform.Bench;

/// <summary>
/// Throughput of the platform with 1 and with N replicas of every backend service (Scale:Replicas), booted
/// one after the other on the same machine. For each: <c>concurrency</c> school principals' clients POST
/// incidents through the gateway as fast as they are answered for <c>seconds</c> (closed loop); then the
/// benchmark waits until coordination has turned every accepted incident into a referral. Figures: accepted
/// writes per second (gateway → reporting → commit with its outbox row) and referrals created per second
/// from the first write to the last referral (outbox relay → RabbitMQ → coordination's consumers), and the
/// ratio N / 1 of both, measured in the same run.
///
///   dotnet run -c Release --project bench/Platform.Bench -- replicas [counts=1,3] [seconds=30] [concurrency=16]
/// </summary>
internal static class ReplicaBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var counts = (args.Length > 0 ? args[0] : "1,3").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var results = new List<(int Replicas, double Writes, double Referrals, int Accepted, int Refused, double P50, double P99)>();
        foreach (var replicas in counts)
        {
            Console.WriteLine($"Booting the platform with Scale:Replicas={replicas} ({Environment.ProcessorCount} cores, load average {BenchStats.LoadAverage()})…");
            var platform = new PlatformFixture
            {
                ExtraArguments =
                [
                    $"--Scale:Replicas={replicas}",
                    $"--Demo:{ResourceNames.Tasks}:Enabled=false",
                    $"--Demo:{ResourceNames.Reporting}:Enabled=false",
                    "--MailSink:Enabled=false",
                ],
                // The gateway's per-user rate limit (60/s) would cap the figure, not the services.
                Configure = builder => builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Gateway))
                    .WithEnvironment("Gateway__RateLimit__PermitLimit", "1000000"),
            };
            try
            {
                await platform.InitializeAsync();
                Console.WriteLine($"  healthy after {platform.StartupTime.TotalSeconds:F1} s");
                results.Add(await MeasureAsync(platform, replicas, seconds, concurrency));
            }
            finally
            {
                await platform.DisposeAsync();
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Incidents POSTed through the gateway by {concurrency} closed-loop clients for {seconds} s; referrals created by coordination from their events");
        Console.WriteLine($"{"replicas",8} {"accepted",9} {"refused",8} {"writes/s",9} {"referrals/s",12} {"p50 ms",8} {"p99 ms",8}");
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Replicas,8} {r.Accepted,9} {r.Refused,8} {r.Writes,9:0.0} {r.Referrals,12:0.0} {r.P50,8:0} {r.P99,8:0}");
        }
        var baseline = results.First();
        foreach (var r in results.Skip(1))
        {
            Console.WriteLine($"Same-run ratio {r.Replicas} / {baseline.Replicas} replicas: writes/s {r.Writes / baseline.Writes:0.00}×, referrals/s {r.Referrals / baseline.Referrals:0.00}× ({Environment.ProcessorCount} cores; load average now {BenchStats.LoadAverage()})");
        }
        if (args.Length > 3)
        {
            // The figures as JSON (./bench.sh passes bench/results/replicas.json).
            var json = System.Text.Json.JsonSerializer.Serialize(new
            {
                benchmark = "incidents through the gateway with 1 vs N replicas of every service",
                machine = $"{Environment.ProcessorCount} cores",
                measuredAt = DateTimeOffset.UtcNow,
                loadAverageAfter = BenchStats.LoadAverage(),
                seconds, concurrency,
                runs = results.Select(r => new { replicas = r.Replicas, accepted = r.Accepted, refused = r.Refused, writesPerSecond = r.Writes, referralsPerSecond = r.Referrals, p50Ms = r.P50, p99Ms = r.P99 }),
                ratios = results.Skip(1).Select(r => new { replicas = r.Replicas, over = baseline.Replicas, writes = r.Writes / baseline.Writes, referrals = r.Referrals / baseline.Referrals }),
            }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(args[3], json);
            Console.WriteLine($"Written to {args[3]}");
        }
        return results.All(r => r.Accepted > 0) ? 0 : 1;
    }

    private static async Task<(int, double, double, int, int, double, double)> MeasureAsync(PlatformFixture platform, int replicas, int seconds, int concurrency)
    {
        using var school = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var district = platform.App.CreateHttpClient(ResourceNames.Gateway);
        school.Timeout = district.Timeout = TimeSpan.FromSeconds(60);
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(district, "admin"));
        await DemoPlatform.WaitForDemoUnitsAsync(district);
        school.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(school, "school.principal"));
        var databases = new Databases(
            await platform.App.GetConnectionStringAsync(ResourceNames.ReportingDatabase) ?? throw new InvalidOperationException("no reporting-db"),
            await platform.App.GetConnectionStringAsync(ResourceNames.CoordinationDatabase) ?? throw new InvalidOperationException("no coordination-db"));

        // Warm-up: every replica's connection pools, JIT and caches, outside the measurement. Its referrals
        // must be in before the measured stream starts, or their tail is counted as the stream's.
        var warmUp = await StreamAsync(school, TimeSpan.FromSeconds(10), concurrency);
        await WaitForReferralsAsync(databases, warmUp.Incidents, TimeSpan.FromSeconds(180));

        // Measured per incident from the databases (not from the referral list's total, which other
        // referrals move too): which of the incidents accepted in the stream have their referral, and when
        // coordination created the last one (its own clock; same machine as the benchmark).
        var startedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.StartNew();
        var (incidents, refused, latencies) = await StreamAsync(school, TimeSpan.FromSeconds(seconds), concurrency);
        var writeSeconds = started.Elapsed.TotalSeconds;
        var accepted = incidents.Count;
        var (referred, lastReferralAt) = await WaitForReferralsAsync(databases, incidents, TimeSpan.FromSeconds(180));
        var referralSeconds = ((lastReferralAt ?? DateTimeOffset.UtcNow) - startedAt).TotalSeconds;
        await DescribePipelineAsync(platform, databases, incidents, startedAt);
        Console.WriteLine($"  {replicas} replicas: {accepted} accepted ({accepted / writeSeconds:0.0}/s), {refused} refused, {referred} referrals, the last {referralSeconds:0.0} s after the first write ({referred / referralSeconds:0.0}/s)");
        return (replicas, accepted / writeSeconds, referred / referralSeconds, accepted, refused, BenchStats.Percentile(latencies, 50), BenchStats.Percentile(latencies, 99));
    }

    private sealed record Databases(string Reporting, string Coordination);

    /// <summary>Waits until every incident has its referral (or the time is up); returns how many have one and when the last was created.</summary>
    private static async Task<(int Referred, DateTimeOffset? LastAt)> WaitForReferralsAsync(Databases databases, IReadOnlyCollection<Guid> incidents, TimeSpan timeout)
    {
        var ids = incidents.ToArray();
        var deadline = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(databases.Coordination);
        await connection.OpenAsync();
        while (true)
        {
            await using var query = new NpgsqlCommand("SELECT count(DISTINCT incident_id), max(requested_at) FROM referrals WHERE incident_id = ANY(@ids)", connection);
            query.Parameters.AddWithValue("ids", ids);
            await using var reader = await query.ExecuteReaderAsync();
            await reader.ReadAsync();
            var referred = (int)reader.GetInt64(0);
            DateTimeOffset? last = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            if (referred >= ids.Length || deadline.Elapsed > timeout) return (referred, last);
            await reader.DisposeAsync();
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Where each incident's time went, from the rows the services wrote: reporting's commit (outbox row
    /// created) → the relay's publish confirmed (published_at) → coordination received the event (its
    /// incident record) → the referral. For an incident without a referral it says which step it is at:
    /// a pending outbox row (late, the relay backs off), published but not received (in a queue), or received
    /// without a referral.
    /// </summary>
    private static async Task DescribePipelineAsync(PlatformFixture platform, Databases databases, IReadOnlyCollection<Guid> incidents, DateTimeOffset since)
    {
        var wanted = incidents.ToHashSet();
        var outbox = new Dictionary<Guid, (Guid Row, DateTimeOffset Created, DateTimeOffset? Published, int Attempts, string? Error)>();
        await using (var reporting = new NpgsqlConnection(databases.Reporting))
        {
            await reporting.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT id, body::text, created_at, published_at, attempts, last_error FROM outbox_messages WHERE message_type LIKE 'Platform.Contracts.Reporting.IncidentReported,%' AND created_at >= @since", reporting);
            query.Parameters.AddWithValue("since", since.AddSeconds(-5));
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var incident = JsonDocument.Parse(reader.GetString(1)).RootElement.GetProperty("incidentId").GetGuid();
                if (!wanted.Contains(incident)) continue;
                outbox[incident] = (reader.GetGuid(0), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                    reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5));
            }
        }
        var received = new Dictionary<Guid, DateTimeOffset>();
        var referred = new Dictionary<Guid, DateTimeOffset>();
        var inbox = new HashSet<Guid>();
        await using (var coordination = new NpgsqlConnection(databases.Coordination))
        {
            await coordination.OpenAsync();
            var ids = wanted.ToArray();
            foreach (var (sql, target) in new[] { ("SELECT id, received_at FROM incidents WHERE id = ANY(@ids)", received), ("SELECT incident_id, requested_at FROM referrals WHERE incident_id = ANY(@ids)", referred) })
            {
                await using var query = new NpgsqlCommand(sql, coordination);
                query.Parameters.AddWithValue("ids", ids);
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync()) target[reader.GetGuid(0)] = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            }
            await using (var query = new NpgsqlCommand("SELECT message_id FROM inbox_messages WHERE consumer = 'IncidentReportedConsumer' AND message_id = ANY(@rows)", coordination))
            {
                query.Parameters.AddWithValue("rows", outbox.Values.Select(o => o.Row).ToArray());
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync()) inbox.Add(reader.GetGuid(0));
            }
        }

        static string Stage(IEnumerable<double> ms)
        {
            var values = ms.ToList();
            if (values.Count == 0) return "n/a";
            return $"p50 {BenchStats.Percentile(values, 50):0} ms, p99 {BenchStats.Percentile(values, 99):0} ms, max {values.Max():0} ms";
        }
        var relayed = outbox.Where(o => o.Value.Published is not null).ToList();
        Console.WriteLine($"  commit → relay published: {Stage(relayed.Select(o => (o.Value.Published!.Value - o.Value.Created).TotalMilliseconds))}; {outbox.Values.Count(o => o.Attempts > 0)} rows needed more than one attempt");
        Console.WriteLine($"  published → coordination received: {Stage(relayed.Where(o => received.ContainsKey(o.Key)).Select(o => (received[o.Key] - o.Value.Published!.Value).TotalMilliseconds))}");
        Console.WriteLine($"  received → referral: {Stage(received.Where(r => referred.ContainsKey(r.Key)).Select(r => (referred[r.Key] - r.Value).TotalMilliseconds))}");

        foreach (var incident in wanted.Where(i => !referred.ContainsKey(i)).Take(10))
        {
            var state = !outbox.TryGetValue(incident, out var row) ? "no IncidentReported outbox row in reporting"
                : row.Published is null ? $"outbox row {row.Row} not yet published (attempts {row.Attempts}, last error: {row.Error ?? "none"})"
                : !inbox.Contains(row.Row) ? $"published at {row.Published:HH:mm:ss.fff} as {row.Row}, not in coordination's inbox"
                : $"in coordination's inbox, received {(received.TryGetValue(incident, out var at) ? at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "-")}, no referral";
            Console.WriteLine($"  incident {incident} has no referral: {state}");
        }
        if (wanted.Count > referred.Count)
        {
            Console.WriteLine($"  queues: {(await platform.RabbitMqCtlAsync("list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers")).Replace("\n", "\n    ")}");
        }
    }

    private static async Task<(List<Guid> Incidents, int Refused, List<double> Latencies)> StreamAsync(HttpClient school, TimeSpan duration, int concurrency)
    {
        var incidents = new List<Guid>();
        var refused = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (clock.Elapsed < duration)
            {
                var sent = clock.Elapsed;
                using var response = await school.PostAsJsonAsync("/api/reports/incidents", new
                {
                    category = "SchoolViolence",
                    isLifeSafety = true,
                    occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                    place = "Sân trường, khu nhà B",
                    description = "Hai học sinh xô xát, một em bị thương ở đầu.",
                    actionsTaken = "Sơ cứu, gọi cấp cứu và báo gia đình.",
                    people = new[] { new { role = "Victim", isPupil = true, fullName = "Nguyễn Văn Bình", identifier = "HS-2024-0815", className = "8A", age = 13 } },
                });
                var ms = (clock.Elapsed - sent).TotalMilliseconds;
                lock (latencies) latencies.Add(ms);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                    lock (incidents) incidents.Add(id);
                }
                else if (Interlocked.Increment(ref refused) <= 3) Console.WriteLine($"  POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
        return (incidents, refused, latencies);
    }

}
