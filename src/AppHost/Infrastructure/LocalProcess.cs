using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Infrastructure;

/// <summary>Helpers to run the machine's server binaries, as another user when we are root.</summary>
internal static class LocalProcess
{
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public static string? FindExecutable(string name, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>
    /// Command and leading arguments that run <paramref name="executable"/> as <paramref name="user"/>
    /// when we are root. <c>setpriv</c> execs the program, so the signals DCP sends reach it directly.
    /// </summary>
    public static (string Command, List<string> Arguments) AsUser(string? user, string executable)
    {
        if (user is null || !IsRoot) return (executable, []);
        var setpriv = FindExecutable("setpriv", "/usr/bin/setpriv", "/bin/setpriv")
            ?? throw new InvalidOperationException("setpriv (util-linux) is needed to run PostgreSQL as the postgres user when the AppHost runs as root.");
        return (setpriv, [$"--reuid={user}", $"--regid={user}", "--init-groups", "--", executable]);
    }

    /// <summary>
    /// Fails with a clear message when a fixed port is taken (typically by a second ./run.sh), instead
    /// of letting the server die with "address already in use" while every service waits for it.
    /// </summary>
    public static void EnsurePortIsFree(int port, string what, string setting)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException exception)
        {
            throw new InvalidOperationException(
                $"Port {port} for {what} is already in use on 127.0.0.1 (another ./run.sh, or another server). Stop it, or choose another port with --{setting}=<port>.",
                exception);
        }
    }

    /// <summary>Runs a command to completion and throws with its output when it fails.</summary>
    public static async Task RunAsync(string command, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{command} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
