using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;

namespace Platform.Testing;

/// <summary>
/// A throwaway RabbitMQ node from the machine's <c>rabbitmq-server</c>: own node name, AMQP and
/// distribution ports, data and log folders. It can be stopped, started again on the same port with
/// the same data (durable queues survive), and frozen with SIGSTOP, for fault tests.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public int Port { get; }
    public int DistributionPort { get; }
    public string NodeName { get; }
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");
    public string ConnectionString => AmqpUri.ToString();

    /// <summary>rabbitmq.conf of a cluster member and the Erlang cookie its cluster shares; null for a lone node.</summary>
    private readonly (string Config, string Cookie)? _clusterMember;

    private RabbitMqServer(string root, int port, int distributionPort, (string Config, string Cookie)? clusterMember = null)
    {
        _root = root;
        Port = port;
        DistributionPort = distributionPort;
        NodeName = NodeNameFor(port);
        _clusterMember = clusterMember;
    }

    internal static string NodeNameFor(int port) => $"platform-test-{port}@localhost";

    /// <summary>A node that joins the other nodes named in <paramref name="config"/> (see <see cref="RabbitMqCluster"/>).</summary>
    internal static RabbitMqServer ClusterMember(int port, int distributionPort, string config, string cookie) =>
        new(Directory.CreateTempSubdirectory("platform-rabbit-").FullName, port, distributionPort, (config, cookie));

    /// <summary>Ends the node at once (SIGKILL of its process group), as a crashed machine would.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        NativeProcess.SignalGroup(_process, NativeProcess.SigKill);
        await _process.WaitForExitAsync();
    }

    public static string ServerExecutable() =>
        NativeProcess.FindExecutable("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server")
        ?? throw new InvalidOperationException("rabbitmq-server not found; run ./test.sh, which installs it.");

    public static async Task<RabbitMqServer> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("platform-rabbit-").FullName;
        var server = new RabbitMqServer(root, NativeProcess.FreeTcpPort(), NativeProcess.FreeTcpPort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the node (again, after <see cref="StopAsync"/>) and waits until it accepts AMQP connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) return;
        Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_root, "log"));
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].");
        if (_clusterMember is { } member)
        {
            await File.WriteAllTextAsync(Path.Combine(_root, "rabbitmq.conf"), member.Config);
            var cookie = Path.Combine(_root, ".erlang.cookie");
            if (!File.Exists(cookie))
            {
                await File.WriteAllTextAsync(cookie, member.Cookie);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(cookie, UnixFileMode.UserRead); // Erlang refuses a cookie others can read
            }
        }

        // Its own process group (setsid execs in place), so the broker's shell script and the Erlang VM it
        // starts can be stopped together.
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServerExecutable());
        info.Environment["HOME"] = _root;
        info.Environment["RABBITMQ_NODENAME"] = NodeName;
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = Port.ToString();
        info.Environment["RABBITMQ_DIST_PORT"] = DistributionPort.ToString();
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins");
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq");
        info.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_root, "rabbit.pid");
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        NativeProcess.StopWhenThisProcessExits(_process, NativeProcess.SigTerm, _root, wholeProcessGroup: true);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var factory = new ConnectionFactory { Uri = AmqpUri };
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited with {_process.ExitCode}:\n{_log}");
            }
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Stops the node gracefully; its durable queues and messages stay in its data folder.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        NativeProcess.Signal(_process, NativeProcess.SigTerm);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Freeze() => NativeProcess.Signal(_process!, NativeProcess.SigStop);

    public void Thaw() => NativeProcess.Signal(_process!, NativeProcess.SigCont);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Thaw();
            await StopAsync();
            _process.Dispose();
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* best effort: the folder is under the temp root */ }
    }
}
