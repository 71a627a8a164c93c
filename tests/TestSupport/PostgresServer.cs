using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// A throwaway PostgreSQL server from the machine's binaries: its own temporary data folder, a free
/// port, trust authentication on loopback, and fsync off (test data is disposable).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private Process _process;
    private readonly StringBuilder _log = new();

    public int Port { get; }

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
        _process = null!;
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    public static string BinDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        foreach (var v in versions)
        {
            if (File.Exists(Path.Combine(v, "bin", "postgres"))) return Path.Combine(v, "bin");
        }
        throw new InvalidOperationException("PostgreSQL server binaries not found; run ./test.sh, which installs them, or set PG_BIN.");
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDirectory();
        var root = Directory.CreateTempSubdirectory("platform-pg-").FullName;
        var data = Path.Combine(root, "data");
        var user = NativeProcess.IsRoot ? "postgres" : null;
        if (user is not null)
        {
            await NativeProcess.RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        var init = NativeProcess.AsUser(user, Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await NativeProcess.RunAsync(init.FileName, init.ArgumentList);

        var port = NativeProcess.FreeTcpPort();
        var server = new PostgresServer(root, port);
        server._process = Launch(root, port, server);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private static Process Launch(string root, int port, PostgresServer server)
    {
        var user = NativeProcess.IsRoot ? "postgres" : null;
        var start = NativeProcess.AsUser(user, Path.Combine(BinDirectory(), "postgres"),
        [
            "-D", Path.Combine(root, "data"), "-p", port.ToString(), "-k", root, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
        ]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start postgres.");
        NativeProcess.StopWhenThisProcessExits(process, NativeProcess.SigInt, root);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Stops the server (fast shutdown: open sessions are disconnected, as in a real restart) and keeps
    /// its data; <see cref="StartAgainAsync"/> brings it back on the same port. For fault tests.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        NativeProcess.Signal(_process, NativeProcess.SigInt);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async Task StartAgainAsync()
    {
        if (!_process.HasExited) return;
        _process.Dispose();
        _process = Launch(_root, Port, this);
        await WaitUntilReadyAsync();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with {_process.ExitCode}:\n{_log}");
            }
            try
            {
                await using var conn = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await conn.OpenAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        NativeProcess.Signal(_process, NativeProcess.SigInt);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a straggling child may still hold a file; the folder is under the temp root */ }
    }
}
