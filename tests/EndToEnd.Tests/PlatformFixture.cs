using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// One AppHost for the whole collection, in local mode: the machine's PostgreSQL and RabbitMQ on free
/// ports with a temporary data folder, demo units off, demo accounts on (the tests sign in as a user
/// would). Disposing it stops everything and fails the run if a server process outlives it.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>
    /// 8 minutes (on a shared 2-core machine six services, PostgreSQL and RabbitMQ can take minutes to
    /// start), or <c>PLATFORM_E2E_START_MINUTES</c>.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(
        int.TryParse(Environment.GetEnvironmentVariable("PLATFORM_E2E_START_MINUTES"), out var minutes) && minutes > 0 ? minutes : 8);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("platform-e2e-").FullName;
    private readonly RecentLogs _logs = new();
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    public IReadOnlyList<IResource> Resources { get; private set; } = [];

    public TimeSpan StartupTime { get; private set; }

    /// <summary>Changes to the model before it is built (the platform benchmark links this file and tunes the simulator).</summary>
    public Action<IDistributedApplicationTestingBuilder>? Configure { get; init; }

    /// <summary>AppHost settings added after the local-mode ones (<c>--Key=value</c>; the scale-out tests ask for replicas and a cluster).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The folder the AppHost keeps the servers' data in for this run.</summary>
    public string DataDirectory => _dataDirectory;

    private string[] _arguments = [];

    public static string[] LocalModeArguments(string dataDirectory) =>
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
        $"--Demo:{ResourceNames.PoliceSimulator}:Enabled=true",
        $"--Demo:{ResourceNames.Tasks}:Enabled=true",
        $"--Demo:{ResourceNames.Reporting}:Enabled=true",
        // The local mail sink (smtp4dev) on free ports: the tests read the emails through its REST API.
        "--MailSink:Enabled=true",
        $"--MailSink:WebPort={NativeProcess.FreeTcpPort()}",
        $"--MailSink:SmtpPort={NativeProcess.FreeTcpPort()}",
    ];

    public async Task InitializeAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await RestoreDotnetToolsAsync();
        _arguments = [.. LocalModeArguments(_dataDirectory), .. ExtraArguments];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(_arguments);
        builder.Services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Information));
        Configure?.Invoke(builder);
        _app = await builder.BuildAsync();
        Resources = [.. _app.Services.GetRequiredService<DistributedApplicationModel>().Resources];

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await _app.StartAsync(timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"The platform did not become healthy within {StartTimeout}. Last log lines:\n{_logs.Tail(120)}", exception);
        }
        StartupTime = started.Elapsed;
    }

    /// <summary>Runs <c>rabbitmqctl</c> against the platform's RabbitMQ node (its Erlang cookie is in the node's HOME) and returns its output.</summary>
    public Task<string> RabbitMqCtlAsync(params string[] arguments) => RabbitMqCtlOnNodeAsync(1, arguments);

    /// <summary>
    /// <c>rabbitmqctl</c> against node <paramref name="node"/> of a local cluster (node 1 is the one the connection
    /// string names; node n listens on <c>Infra:RabbitMq{n}Port</c>). Every node of a cluster shares node 1's cookie.
    /// </summary>
    public async Task<string> RabbitMqCtlOnNodeAsync(int node, params string[] arguments)
    {
        var setting = node == 1 ? "--Infra:RabbitMqPort=" : $"--Infra:RabbitMq{node}Port=";
        var port = _arguments.Last(a => a.StartsWith(setting, StringComparison.Ordinal)).Split('=')[1];
        var ctl = NativeProcess.FindExecutable("rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl", "/usr/sbin/rabbitmqctl")
            ?? throw new InvalidOperationException("rabbitmqctl not found");
        var info = new System.Diagnostics.ProcessStartInfo(ctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-q", "-n", $"platform-{port}@localhost", .. arguments]) info.ArgumentList.Add(a);
        info.Environment["HOME"] = Path.Combine(RabbitMqNodeFolder("rabbitmq"), "home");
        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmqctl.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output} {await error}");
    }

    /// <summary>
    /// The data folder of a local RabbitMQ node (its pid file, its HOME with the Erlang cookie): <c>{DataDir}/{resource}</c>
    /// for a single node, <c>{DataDir}/rabbitmq-cluster/{resource}</c> for the nodes of a cluster (the AppHost keeps them apart).
    /// </summary>
    public string RabbitMqNodeFolder(string resource) =>
        Directory.Exists(Path.Combine(_dataDirectory, "rabbitmq-cluster", resource))
            ? Path.Combine(_dataDirectory, "rabbitmq-cluster", resource)
            : Path.Combine(_dataDirectory, resource);

    /// <summary>The mail sink is the repository's smtp4dev dotnet tool; a fresh clone has not restored it yet.</summary>
    private static async Task RestoreDotnetToolsAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "dotnet-tools.json")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("dotnet-tools.json not found above the test binaries.");
        }
        using var restore = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = restore.StandardOutput.ReadToEndAsync();
        var errors = await restore.StandardError.ReadToEndAsync();
        await restore.WaitForExitAsync();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed ({restore.ExitCode}): {await output}{errors}");
        }
    }

    /// <summary>The last log lines of the AppHost and every resource, for assertion messages.</summary>
    public string RecentLogLines(int count = 60) => _logs.Tail(count);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        // PostgreSQL and RabbitMQ run with the data folder on their command line or in their
        // environment; none may survive the AppHost.
        var survivors = await ProcessesMentioningAsync(_dataDirectory, TimeSpan.FromSeconds(15));
        foreach (var pid in survivors)
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
            catch (ArgumentException) { /* exited meanwhile */ }
        }
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* best effort: it is under the temp folder */ }
        if (survivors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Processes outlived the AppHost: {string.Join(", ", survivors.Select(Describe))}");
        }
    }

    private static async Task<List<int>> ProcessesMentioningAsync(string text, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (true)
        {
            var found = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
                try
                {
                    var cmdline = await File.ReadAllTextAsync(Path.Combine(dir, "cmdline"));
                    if (cmdline.Contains(text, StringComparison.Ordinal)) found.Add(pid);
                }
                catch (IOException) { /* the process exited while we looked */ }
                catch (UnauthorizedAccessException) { /* not ours to read */ }
            }
            if (found.Count == 0 || DateTime.UtcNow > deadline) return found;
            await Task.Delay(250);
        }
    }

    private static string Describe(int pid)
    {
        try { return $"{pid} {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}"; }
        catch (IOException) { return pid.ToString(); }
    }

    /// <summary>Keeps the last lines logged by the AppHost, including the resources' console output.</summary>
    private sealed class RecentLogs : ILoggerProvider
    {
        private const int Capacity = 2000;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly ConcurrentQueue<string> _problems = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        /// <summary>The first warnings and errors (where a failure usually starts), then the last lines.</summary>
        public string Tail(int count) =>
            $"-- first warnings and errors --\n{string.Join('\n', _problems.ToArray().Take(40))}\n-- last {count} lines --\n{string.Join('\n', _lines.ToArray().TakeLast(count))}";

        public void Dispose()
        {
        }

        private void Add(LogLevel level, string line)
        {
            if (level >= LogLevel.Warning && _problems.Count < 200)
            {
                _problems.Enqueue(line);
            }
            _lines.Enqueue(line);
            while (_lines.Count > Capacity && _lines.TryDequeue(out _))
            {
            }
        }

        private sealed class Logger(RecentLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                owner.Add(logLevel, $"{DateTime.Now:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
