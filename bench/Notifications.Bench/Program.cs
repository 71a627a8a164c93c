using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.EndToEnd.Tests;
using Platform.ServiceDefaults;
using Platform.Testing;

// Event → inbox delay in the running platform, through the gateway only. The Department Office answers a
// question the THPT Ngô Quyền school asked on its seed assignment; each answer is one QuestionAnswered event
// (tasks' outbox → RabbitMQ → notifications' consumer → inbox → live stream). Measured per answer:
//   push:   the answer's POST sent → the notification arriving on the principal's SSE stream (gateway)
//   server: the event's OccurredAt (tasks) → the inbox item's CreatedAt (notifications), same machine clock
//   post:   the answer's own round trip, for the ratio
// Not a test: it prints a table and writes results.json.
//
//   dotnet run --project bench/Notifications.Bench -- [answers=40] [warmup=5] [--gateway=http://localhost:8080]
//
// The services run as the AppHost builds them (Debug); the bench itself only waits on the network.
//
// Without --gateway it boots the AppHost in local mode on free ports (temporary data folder), like the
// end-to-end tests; with it, it measures a platform started by ./run.sh.

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var answers = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 40;
var warmup = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 5;
var gatewayArg = args.FirstOrDefault(a => a.StartsWith("--gateway=", StringComparison.Ordinal))?["--gateway=".Length..];

DistributedApplication? app = null;
string? dataDirectory = null;
Uri gatewayUri;
var boot = Stopwatch.StartNew();
if (gatewayArg is null)
{
    dataDirectory = Directory.CreateTempSubdirectory("platform-bench-").FullName;
    Console.WriteLine("Booting the AppHost in local mode on free ports…");
    var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
    [
        "--Infra:Mode=local",
        $"--Infra:DataDir={dataDirectory}",
        $"--Infra:PostgresPort={NativeProcess.FreeTcpPort()}",
        $"--Infra:RabbitMqPort={NativeProcess.FreeTcpPort()}",
        $"--Infra:RabbitMqDistPort={NativeProcess.FreeTcpPort()}",
        "--Infra:DisposableStorage=true",
        $"--Gateway:Port={NativeProcess.FreeTcpPort()}",
        "--Demo:Enabled=false",
        $"--Demo:{ResourceNames.Identity}:Enabled=true",
        $"--Demo:{ResourceNames.Units}:Enabled=true",
        $"--Demo:{ResourceNames.Tasks}:Enabled=true",
        "--MailSink:Enabled=true",
        $"--MailSink:WebPort={NativeProcess.FreeTcpPort()}",
        $"--MailSink:SmtpPort={NativeProcess.FreeTcpPort()}",
    ]);
    builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    app = await builder.BuildAsync();
    using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
    await app.StartAsync(startTimeout.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, startTimeout.Token);
    gatewayUri = app.GetEndpoint(ResourceNames.Gateway, "http");
    Console.WriteLine($"Platform healthy after {boot.Elapsed.TotalSeconds:F0} s at {gatewayUri}");
}
else
{
    gatewayUri = new Uri(gatewayArg);
}

try
{
    using var principal = await SignedInAsync(gatewayUri, "thpt.principal");
    using var office = await SignedInAsync(gatewayUri, "department.officer");

    // The seed dispatch reaches the school once the tasks service's unit replica holds the organisation.
    Guid assignment = default;
    var wait = Stopwatch.StartNew();
    while (assignment == default)
    {
        if (wait.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("thpt.principal has no seed assignment after 5 minutes.");
        var mine = await principal.GetFromJsonAsync<JsonElement>("/api/tasks/assignments?mine=true&taskNumber=1&pageSize=10");
        assignment = mine.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).FirstOrDefault();
        if (assignment == default) await Task.Delay(1000);
    }
    using var asked = await principal.PostAsJsonAsync($"/api/tasks/assignments/{assignment}/questions",
        new { text = "Nhà trường xin hướng dẫn cách lập biên bản quán triệt Chỉ thị 02." });
    asked.EnsureSuccessStatusCode();
    var question = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

    // The principal's live stream through the gateway, as the web client holds it.
    using var streamClient = new HttpClient { BaseAddress = gatewayUri, Timeout = Timeout.InfiniteTimeSpan };
    streamClient.DefaultRequestHeaders.Authorization = principal.DefaultRequestHeaders.Authorization;
    using var stream = await streamClient.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead);
    stream.EnsureSuccessStatusCode();
    using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

    var push = new List<double>();
    var server = new List<double>();
    var post = new List<double>();
    for (var i = 0; i < warmup + answers; i++)
    {
        var clock = Stopwatch.StartNew();
        using (var reply = await office.PostAsJsonAsync($"/api/tasks/questions/{question}/replies",
                   new { text = $"Văn phòng Sở trả lời lần {i + 1}: theo mẫu gửi kèm." }))
        {
            reply.EnsureSuccessStatusCode();
        }
        var posted = clock.Elapsed.TotalMilliseconds;
        var item = await NextAnswerAsync(reader, question, TimeSpan.FromSeconds(60));
        var pushed = clock.Elapsed.TotalMilliseconds;
        if (i < warmup) continue;
        post.Add(posted);
        push.Add(pushed);
        server.Add((item.GetProperty("createdAt").GetDateTimeOffset() - item.GetProperty("occurredAt").GetDateTimeOffset()).TotalMilliseconds);
    }

    Console.WriteLine();
    Console.WriteLine($"QuestionAnswered → thpt.principal's inbox, {answers} answers after {warmup} warm-up, gateway {gatewayUri}");
    Console.WriteLine($"{"",-44}{"p50 ms",10}{"p90 ms",10}{"max ms",10}");
    Row("answer POST round trip", post);
    Row("event OccurredAt → inbox item CreatedAt", server);
    Row("answer POST sent → item on the SSE stream", push);
    Console.WriteLine($"ratio push p50 / POST p50: {Percentile(push, 50) / Percentile(post, 50):F1}x");

    var results = new
    {
        machine = Environment.MachineName, cores = Environment.ProcessorCount, at = DateTimeOffset.UtcNow, answers, warmup,
        gateway = gatewayUri.ToString(), bootedAppHost = app is not null,
        postMs = Summary(post), serverMs = Summary(server), pushMs = Summary(push),
    };
    var path = Path.Combine(AppContext.BaseDirectory, "results.json");
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"Written {path}");
}
finally
{
    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
    if (dataDirectory is not null)
    {
        try { Directory.Delete(dataDirectory, recursive: true); }
        catch (IOException) { /* under the temp folder */ }
    }
}

static async Task<HttpClient> SignedInAsync(Uri gateway, string userName)
{
    var client = new HttpClient { BaseAddress = gateway };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(client, userName));
    return client;
}

// Reads server-sent events until a QuestionAnswered notification about the question arrives.
static async Task<JsonElement> NextAnswerAsync(StreamReader reader, Guid question, TimeSpan timeout)
{
    using var cancel = new CancellationTokenSource(timeout);
    string? eventType = null;
    var data = new System.Text.StringBuilder();
    while (true)
    {
        var line = await reader.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("The stream ended.");
        if (line.StartsWith("event:", StringComparison.Ordinal)) eventType = line[6..].Trim();
        else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line[5..].Trim());
        else if (line.Length == 0)
        {
            if (eventType == "notification" && data.Length > 0)
            {
                var item = JsonDocument.Parse(data.ToString()).RootElement.Clone();
                if (item.GetProperty("kind").GetString() == "QuestionAnswered" && item.GetProperty("link").GetString()!.Contains(question.ToString(), StringComparison.Ordinal))
                {
                    return item;
                }
            }
            eventType = null;
            data.Clear();
        }
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

static object Summary(List<double> values) => new
{
    p50 = Math.Round(Percentile(values, 50), 1), p90 = Math.Round(Percentile(values, 90), 1), max = Math.Round(values.Max(), 1), n = values.Count,
};

static void Row(string label, List<double> values) =>
    Console.WriteLine($"{label,-44}{Percentile(values, 50),10:F1}{Percentile(values, 90),10:F1}{values.Max(),10:F1}");
