using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.EndToEnd.Tests;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.ScaleOut.Tests;

/// <summary>
/// A steady stream of incident reports through the gateway while one replica of every backend service and
/// one RabbitMQ node are killed. Each accepted incident (201) is committed in reporting with its
/// <c>IncidentReported</c> event (outbox); coordination's replicas compete for that event on a quorum queue
/// and turn it into a police referral (inbox). Afterwards every accepted incident must have exactly one
/// referral, and every refused write must have been a gateway ProblemDetails (502/503/504), never a 500 or
/// a hang; and the police side must have kept working: the referrals of incidents accepted after the kill were
/// acknowledged by the police simulator over the police exchanges (quorum queues on the cluster). Prints the
/// accepted writes per second before, during and after the fault, and the recovery time.
/// </summary>
public sealed class FailoverTests(ScaleOutFixture fixture, ITestOutputHelper output) : IClassFixture<ScaleOutFixture>
{
    private static readonly TimeSpan Before = ScaleOutFixture.Long ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(15);
    private static readonly TimeSpan During = ScaleOutFixture.Long ? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(20);
    private static readonly TimeSpan After = ScaleOutFixture.Long ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(15);
    private static readonly int RatePerSecond = ScaleOutFixture.Long ? 10 : 5;

    /// <summary>A write that gets no answer in this time counts as hung.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_a_replica_of_every_service_and_a_broker_node_loses_no_committed_write_and_applies_each_event_once()
    {
        var platform = fixture.Platform;
        using var school = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var district = platform.App.CreateHttpClient(ResourceNames.Gateway);
        school.Timeout = WriteTimeout;
        district.Timeout = TimeSpan.FromSeconds(60);
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(district, "admin"));
        await DemoPlatform.WaitForDemoUnitsAsync(district);
        school.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(school, "school.principal"));
        district.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(district, "commune.officer"));

        // Every service really runs twice, and the broker three times, before anything is killed.
        var victims = new List<(string Resource, string Instance, int Pid)>();
        foreach (var service in ScaleOutFixture.Services)
        {
            var instances = await fixture.RunningInstancesAsync(service, ScaleOutFixture.Replicas, TimeSpan.FromSeconds(30));
            Assert.True(instances.Count == ScaleOutFixture.Replicas, $"{service}: {instances.Count} running replicas, expected {ScaleOutFixture.Replicas}; " +
                $"{fixture.DescribeInstances(service)}\nLast log lines of the platform:\n{platform.RecentLogLines(150)}");
            victims.Add((service, instances[0].Id, instances[0].Pid));
        }
        var clusterStatus = await platform.RabbitMqCtlAsync("cluster_status", "--formatter", "json");
        var runningNodes = JsonDocument.Parse(clusterStatus).RootElement.GetProperty("running_nodes").GetArrayLength();
        Assert.Equal(ScaleOutFixture.BrokerNodes, runningNodes);
        // Each durable queue's type and where its replicas are: a queue without a replica outside node 1 cannot survive its loss.
        var queuesBefore = await QueuesAsync(platform, node: 1);
        output.WriteLine($"Queues before the kill:\n{queuesBefore}");
        // The first node: where every client connects first, so its loss moves every connection and the queue leaders.
        // The process DCP started is rabbitmq-server's shell script; the node itself (beam.smp) writes its pid file.
        var brokerPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(platform.RabbitMqNodeFolder(ResourceNames.RabbitMq), "rabbitmq.pid")), System.Globalization.CultureInfo.InvariantCulture);
        victims.Add((ResourceNames.RabbitMq, "beam.smp", brokerPid));

        var writes = new ConcurrentBag<Write>();
        var clock = Stopwatch.StartNew();
        var total = Before + During + After;
        var count = (int)(total.TotalSeconds * RatePerSecond);
        var sends = new List<Task>();
        var faultAt = TimeSpan.Zero;
        Task<TimeSpan>? fault = null;
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)RatePerSecond);
            if (due - clock.Elapsed is { } wait && wait > TimeSpan.Zero) await Task.Delay(wait);
            if (fault is null && clock.Elapsed >= Before)
            {
                faultAt = clock.Elapsed;
                // Beside the stream, which goes on at its rate while the processes die.
                fault = Task.Run(() => KillAllAsync(victims, clock));
            }
            sends.Add(SubmitAsync(school, i, clock, writes));
        }
        await Task.WhenAll(sends);
        var streamEnded = clock.Elapsed;
        Assert.NotNull(fault);
        var killsConfirmedAt = await fault;
        foreach (var line in _killLog) output.WriteLine(line);

        // What the stream saw.
        var all = writes.OrderBy(w => w.SentAt).ToList();
        var accepted = all.Where(w => w.IncidentId is not null).ToList();
        var refused = all.Where(w => w.IncidentId is null).ToList();
        var faultEnd = faultAt + During;
        double Rate(IEnumerable<Write> ws, TimeSpan from, TimeSpan to) => ws.Count(w => w.SentAt >= from && w.SentAt < to) / (to - from).TotalSeconds;
        var lastRefusal = refused.Where(w => w.SentAt >= faultAt).Select(w => w.SentAt).DefaultIfEmpty(faultAt).Max();
        var recoveredAt = accepted.Where(w => w.SentAt > lastRefusal).Select(w => w.SentAt).DefaultIfEmpty(streamEnded).Min();

        // Every accepted incident's referral, once: coordination's remaining replica applies what the killed one left.
        var expected = accepted.Select(w => w.IncidentId!.Value).ToHashSet();
        var referralTimeout = TimeSpan.FromSeconds(ScaleOutFixture.Long ? 180 : 90);
        var referrals = await ReferralsOfAsync(district, expected, found => found.Count == expected.Count, referralTimeout);
        var allApplied = clock.Elapsed;

        // The police side kept working too: the referrals of incidents accepted after the kill went out on the police
        // exchange (quorum queue police.v1.inbox, which outlives node 1) and the simulator's acknowledgements came back
        // (coordination.police-replies, also quorum). The simulator answers each after Simulator:AcknowledgeAfter (2 s).
        var afterKill = accepted.Where(w => w.SentAt >= faultAt).Select(w => w.IncidentId!.Value).ToHashSet();
        bool AllAcknowledged(Dictionary<Guid, Referrals> found) => afterKill.All(id => found.TryGetValue(id, out var r) && r.Acknowledged);
        if (!AllAcknowledged(referrals))
        {
            referrals = await ReferralsOfAsync(district, expected, AllAcknowledged, referralTimeout);
        }
        var allAcknowledged = clock.Elapsed;
        var unacknowledged = afterKill.Where(id => !referrals.TryGetValue(id, out var r) || !r.Acknowledged).ToList();

        output.WriteLine($"Writes: {all.Count} sent at {RatePerSecond}/s, {accepted.Count} accepted, {refused.Count} refused ({Describe(refused)})");
        output.WriteLine($"Accepted writes/s  before {Rate(accepted, TimeSpan.Zero, faultAt),5:0.0}   during {Rate(accepted, faultAt, faultEnd),5:0.0}   after {Rate(accepted, faultEnd, streamEnded),5:0.0}   (offered {RatePerSecond}/s)");
        var refusedAfterKill = refused.Count(w => w.SentAt >= faultAt);
        var slowest = all.Where(w => w.SentAt >= faultAt && w.SentAt < faultAt + TimeSpan.FromSeconds(10)).Select(w => w.Latency.TotalMilliseconds).DefaultIfEmpty(0).Max();
        output.WriteLine(refusedAfterKill == 0
            ? $"Recovery: no write was refused after the kill (all {victims.Count} killed processes were gone {(killsConfirmedAt - faultAt).TotalSeconds:0.0} s after it); the slowest write sent in the 10 s after it took {slowest:0} ms"
            : $"Recovery: {refusedAfterKill} writes refused after the kill, the last {(lastRefusal - faultAt).TotalSeconds:0.0} s after it; writes flow without refusal from {(recoveredAt - faultAt).TotalSeconds:0.0} s after it (all {victims.Count} killed processes were gone {(killsConfirmedAt - faultAt).TotalSeconds:0.0} s after the kill)");
        output.WriteLine($"Referrals: {referrals.Values.Sum(r => r.Count)} for {expected.Count} accepted incidents, all applied {(allApplied - streamEnded).TotalSeconds:0.0} s after the stream ended");
        output.WriteLine($"Police acknowledgements: {afterKill.Count - unacknowledged.Count} of the {afterKill.Count} referrals of incidents accepted after the kill, " +
            $"{referrals.Values.Count(r => r.Acknowledged)} of {referrals.Count} in all; {(unacknowledged.Count == 0 ? "the last" : "waited until")} {(allAcknowledged - streamEnded).TotalSeconds:0.0} s after the stream ended");
        output.WriteLine($"Write latency p50 {P(all, 50):0} ms, p99 {P(all, 99):0} ms, max {all.Max(w => w.Latency.TotalMilliseconds):0} ms");

        // Nothing hung, nothing crashed: a refusal is the gateway's ProblemDetails for a service it could not reach.
        Assert.All(refused, w => Assert.True(w.Status is 502 or 503 or 504 && w.IsProblemDetails,
            $"write {w.Index} at {w.SentAt.TotalSeconds:0.0} s answered {(w.Status == 0 ? "nothing (" + w.Error + ")" : w.Status.ToString())}"));
        // The stream went on: writes were accepted during the fault window and after it.
        Assert.True(accepted.Any(w => w.SentAt >= faultAt && w.SentAt < faultEnd), "no write was accepted while a replica of every service and a broker node were down");
        Assert.True(Rate(accepted, faultEnd, streamEnded) >= RatePerSecond * 0.8, $"after the fault only {Rate(accepted, faultEnd, streamEnded):0.0} writes/s were accepted");
        // Nothing committed is lost, nothing applied twice.
        var missing = expected.Where(id => !referrals.ContainsKey(id)).ToList();
        // The services' last log lines go with a failure: once in CI no event accepted after the kill reached coordination,
        // and the test's own lines could not say whether reporting's relay or coordination's consumer had stalled.
        var queuesAfter = missing.Count == 0 ? "" : await QueuesAsync(platform, node: 2);
        Assert.True(missing.Count == 0, $"{missing.Count} accepted incidents never got a referral, e.g. {string.Join(", ", missing.Take(5))}\n" +
            $"Queues on node 2 after the kill:\n{queuesAfter}\nLast log lines of the platform:\n{platform.RecentLogLines(150)}");
        var twice = referrals.Where(r => r.Value.Count > 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} incidents got more than one referral, e.g. {string.Join(", ", twice.Take(5).Select(t => $"{t.Key}×{t.Value.Count}"))}");
        // The police interface survived the loss of node 1: every referral made after it was acknowledged by the police.
        Assert.True(afterKill.Count > 0, "no incident was accepted after the kill");
        Assert.True(unacknowledged.Count == 0,
            $"{unacknowledged.Count} of the {afterKill.Count} referrals of incidents accepted after the kill never got the police acknowledgement, e.g. {string.Join(", ", unacknowledged.Take(5))}");
    }

    /// <summary>The durable queues as node <paramref name="node"/> sees them: name, type, leader, replicas and which of them are online.</summary>
    private static async Task<string> QueuesAsync(PlatformFixture platform, int node)
    {
        try
        {
            var json = await platform.RabbitMqCtlOnNodeAsync(node, "list_queues", "name", "type", "durable", "leader", "members", "online", "messages", "consumers", "--formatter", "json");
            return string.Join('\n', JsonDocument.Parse(json).RootElement.EnumerateArray()
                .Where(q => q.TryGetProperty("durable", out var durable) && durable.ValueKind == JsonValueKind.True)
                .Select(q => $"  {q.GetProperty("name")}  {q.GetProperty("type")}  leader {Text(q, "leader")}  members {Text(q, "members")}  online {Text(q, "online")}  " +
                             $"messages {Text(q, "messages")}  consumers {Text(q, "consumers")}"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or OperationCanceledException)
        {
            return $"  (rabbitmqctl on node {node} failed: {ex.Message})";
        }

        static string Text(JsonElement queue, string property) =>
            queue.TryGetProperty(property, out var value) ? value.ValueKind == JsonValueKind.Array ? $"[{string.Join(",", value.EnumerateArray())}]" : value.ToString() : "-";
    }

    private readonly ConcurrentQueue<string> _killLog = new();

    /// <summary>Kills every victim, then waits until each has really exited (not only been signalled); returns when that was.</summary>
    private async Task<TimeSpan> KillAllAsync(IReadOnlyList<(string Resource, string Instance, int Pid)> victims, Stopwatch clock)
    {
        // One look at the process table, then SIGKILL to every victim and its descendants at once: Process.Kill with
        // entireProcessTree reads the whole table per call, and on a loaded machine the seven kills took 8–15 s.
        var killed = KillTrees(victims.Select(v => v.Pid));
        _killLog.Enqueue($"{clock.Elapsed.TotalSeconds,6:0.0} s  killed {string.Join(", ", victims.Select(v => $"{v.Resource} ({v.Instance}, pid {v.Pid})"))}; {killed} processes with their children");
        foreach (var (resource, _, pid) in victims)
        {
            Assert.True(await ExitedAsync(pid, TimeSpan.FromSeconds(10)), $"{resource} (pid {pid}) still runs after being killed");
        }
        _killLog.Enqueue($"{clock.Elapsed.TotalSeconds,6:0.0} s  all {victims.Count} have exited");
        return clock.Elapsed;
    }

    /// <summary>Sends SIGKILL to each root process and every descendant of it; returns how many were signalled.</summary>
    private static int KillTrees(IEnumerable<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
                list.Add(pid);
            }
            catch (IOException)
            {
                // exited while the table was read
            }
        }
        var targets = new List<int>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            targets.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? []) pending.Enqueue(child);
        }
        foreach (var pid in targets)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // exited already
            }
        }
        return targets.Count;
    }

    private static async Task<bool> ExitedAsync(int pid, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z") return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static async Task SubmitAsync(HttpClient school, int index, Stopwatch clock, ConcurrentBag<Write> writes)
    {
        var sentAt = clock.Elapsed;
        try
        {
            using var response = await school.PostAsJsonAsync("/api/reports/incidents", new
            {
                category = "SchoolViolence",
                isLifeSafety = true,
                occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                place = "Sân trường, khu nhà B",
                description = $"Hai học sinh xô xát (lần {index}).",
                actionsTaken = "Sơ cứu và báo gia đình.",
                people = new[] { new { role = "Victim", isPupil = true, fullName = "Nguyễn Văn Bình", identifier = "HS-2024-0815", className = "8A", age = 13 } },
            });
            var latency = clock.Elapsed - sentAt;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            Guid? id = response.StatusCode == HttpStatusCode.Created
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
                : null;
            writes.Add(new Write(index, sentAt, latency, (int)response.StatusCode, problem, id, null));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            writes.Add(new Write(index, sentAt, clock.Elapsed - sentAt, 0, false, null, ex.Message));
        }
    }

    /// <summary>
    /// How many referrals each wanted incident has and whether the police acknowledged them, once <paramref name="done"/>
    /// holds or the time is up.
    /// </summary>
    private static async Task<Dictionary<Guid, Referrals>> ReferralsOfAsync(HttpClient district, HashSet<Guid> wanted, Func<Dictionary<Guid, Referrals>, bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = new Dictionary<Guid, Referrals>();
            for (var page = 1; ; page++)
            {
                using var response = await district.GetAsync($"/api/coordination/referrals?pageSize=200&page={page}");
                if (!response.IsSuccessStatusCode) break; // coordination still recovering: look again
                var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
                foreach (var item in items)
                {
                    var incident = item.GetProperty("incidentId").GetGuid();
                    if (!wanted.Contains(incident)) continue;
                    var acknowledged = item.TryGetProperty("acknowledgementReceivedAt", out var at) && at.ValueKind != JsonValueKind.Null;
                    var before = found.GetValueOrDefault(incident);
                    found[incident] = new Referrals(before.Count + 1, before.Count == 0 ? acknowledged : before.Acknowledged && acknowledged);
                }
                if (items.Count < 200) break;
            }
            if (done(found) || deadline.Elapsed > timeout) return found;
            await Task.Delay(1000);
        }
    }

    /// <summary>An incident's referrals: how many, and whether every one shows the police acknowledgement.</summary>
    private readonly record struct Referrals(int Count, bool Acknowledged);

    private static string Describe(IEnumerable<Write> refused) =>
        string.Join(", ", refused.GroupBy(w => w.Status == 0 ? "no answer" : w.Status.ToString()).Select(g => $"{g.Key}: {g.Count()}")) is { Length: > 0 } text ? text : "none";

    private static double P(IReadOnlyList<Write> writes, int percentile)
    {
        var sorted = writes.Select(w => w.Latency.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed record Write(int Index, TimeSpan SentAt, TimeSpan Latency, int Status, bool IsProblemDetails, Guid? IncidentId, string? Error);
}
