using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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
            Console.WriteLine($"Booting the platform with Scale:Replicas={replicas} ({Environment.ProcessorCount} cores, load average {Load()})…");
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
            Console.WriteLine($"Same-run ratio {r.Replicas} / {baseline.Replicas} replicas: writes/s {r.Writes / baseline.Writes:0.00}×, referrals/s {r.Referrals / baseline.Referrals:0.00}× ({Environment.ProcessorCount} cores; load average now {Load()})");
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
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(district, "district.officer"));

        // Warm-up: every replica's connection pools, JIT and caches, outside the measurement.
        await StreamAsync(school, TimeSpan.FromSeconds(10), concurrency);
        var before = await ReferralCountAsync(district);
        var started = Stopwatch.StartNew();
        var (accepted, refused, latencies) = await StreamAsync(school, TimeSpan.FromSeconds(seconds), concurrency);
        var writeSeconds = started.Elapsed.TotalSeconds;
        var wanted = before + accepted;
        var referrals = before;
        while (referrals < wanted && started.Elapsed < TimeSpan.FromSeconds(seconds + 180))
        {
            await Task.Delay(250);
            referrals = await ReferralCountAsync(district);
        }
        var referralSeconds = started.Elapsed.TotalSeconds;
        if (referrals < wanted) Console.WriteLine($"  only {referrals - before} of {accepted} referrals appeared");
        latencies.Sort();
        double P(int p) => latencies.Count == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(p / 100.0 * latencies.Count) - 1, 0, latencies.Count - 1)];
        Console.WriteLine($"  {replicas} replicas: {accepted} accepted ({accepted / writeSeconds:0.0}/s), {refused} refused, referrals {(referrals - before) / referralSeconds:0.0}/s");
        return (replicas, accepted / writeSeconds, (referrals - before) / referralSeconds, accepted, refused, P(50), P(99));
    }

    private static async Task<(int Accepted, int Refused, List<double> Latencies)> StreamAsync(HttpClient school, TimeSpan duration, int concurrency)
    {
        var accepted = 0;
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
                if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref accepted);
                else if (Interlocked.Increment(ref refused) <= 3) Console.WriteLine($"  POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
        return (accepted, refused, latencies);
    }

    private static async Task<int> ReferralCountAsync(HttpClient district)
    {
        var list = await district.GetFromJsonAsync<JsonElement>("/api/coordination/referrals?pageSize=1&page=1");
        return list.GetProperty("total").GetInt32();
    }


    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
