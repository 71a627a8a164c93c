using System.Collections.Concurrent;
using System.Globalization;
using Platform.EndToEnd.Tests;
using Platform.ServiceDefaults;

namespace Platform.ScaleOut.Tests;

/// <summary>
/// The platform as the end-to-end tests boot it (<see cref="PlatformFixture"/>, linked), with two replicas of
/// every backend service (<c>Scale:Replicas=2</c>) and a three-node RabbitMQ cluster on loopback
/// (<c>Infra:RabbitMqNodes=3</c>, quorum queues). It watches the resource snapshots so a test can find the
/// process of one replica, or of one broker node, and kill it.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const int Replicas = 2;
    public const int BrokerNodes = 3;

    /// <summary>Short in ./test.sh; the issue's long stream with <c>SCALEOUT_LONG=1</c> (./bench.sh scaleout-long).</summary>
    public static readonly bool Long = Environment.GetEnvironmentVariable("SCALEOUT_LONG") is "1" or "true";

    public static readonly string[] Services =
        [ResourceNames.Identity, ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination, ResourceNames.Notifications];

    private readonly ConcurrentDictionary<string, (string Resource, CustomResourceSnapshot Snapshot)> _instances = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private Task? _watcher;

    public PlatformFixture Platform { get; } = new()
    {
        ExtraArguments =
        [
            $"--Scale:Replicas={Replicas}",
            $"--Infra:RabbitMqNodes={BrokerNodes}",
            .. Enumerable.Range(2, BrokerNodes - 1).SelectMany(n => new[]
            {
                $"--Infra:RabbitMq{n}Port={PortBelowEphemeralRange()}",
                $"--Infra:RabbitMq{n}DistPort={PortBelowEphemeralRange()}",
            }),
            // Demo documents and reports are not what this test measures; they only add start-up work.
            $"--Demo:{ResourceNames.Tasks}:Enabled=false",
            $"--Demo:{ResourceNames.Reporting}:Enabled=false",
            "--MailSink:Enabled=false",
        ],
    };

    private static readonly HashSet<int> Picked = [];

    /// <summary>
    /// A free port from 20000–32767, below Linux's ephemeral range. The fixture's own ports (and the replicas'
    /// proxies) are ephemeral ones the kernel hands out when asked, and it may hand out again one this fixture
    /// picked before its server has bound it: PostgreSQL and a broker node once got the same port.
    /// </summary>
    private static string PortBelowEphemeralRange()
    {
        while (true)
        {
            var port = Random.Shared.Next(20000, 32768);
            if (!Picked.Add(port)) continue;
            try
            {
                var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port.ToString(CultureInfo.InvariantCulture);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // taken: try another
            }
        }
    }

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        _watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in Platform.App.ResourceNotifications.WatchAsync(_stopWatching.Token))
                {
                    _instances[change.ResourceId] = (change.Resource.Name, change.Snapshot);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>The running instances (replicas, or the one process) of a resource, with their process ids.</summary>
    public async Task<IReadOnlyList<(string Id, int Pid)>> RunningInstancesAsync(string resource, int atLeast, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var running = _instances
                .Where(i => i.Value.Resource == resource && i.Value.Snapshot.State?.Text == KnownResourceStates.Running)
                .Select(i => (Id: i.Key, Pid: Pid(i.Value.Snapshot)))
                .Where(i => i.Pid is not null)
                .Select(i => (i.Id, i.Pid!.Value))
                .OrderBy(i => i.Id, StringComparer.Ordinal)
                .ToList();
            if (running.Count >= atLeast || DateTime.UtcNow > deadline) return running;
            await Task.Delay(200);
        }
    }

    /// <summary>Every instance of a resource with its state, exit code and process id, for a failure message.</summary>
    public string DescribeInstances(string resource) => string.Join("; ", _instances
        .Where(i => i.Value.Resource == resource)
        .OrderBy(i => i.Key, StringComparer.Ordinal)
        .Select(i => $"{i.Key}: {i.Value.Snapshot.State?.Text ?? "no state"}, exit code {i.Value.Snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}, pid {Pid(i.Value.Snapshot)?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));

    private static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    public async Task DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        if (_watcher is not null) await _watcher;
        await Platform.DisposeAsync();
        _stopWatching.Dispose();
    }
}
