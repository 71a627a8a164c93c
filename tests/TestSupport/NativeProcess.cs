using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Platform.Testing;

/// <summary>Small process helpers for servers the tests start from the machine's own binaries.</summary>
public static partial class NativeProcess
{
    public const int SigTerm = 15;
    public const int SigInt = 2;
    public const int SigStop = 19;
    public const int SigCont = 18;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static bool IsRoot => GetEuid() == 0;

    public static void Signal(Process process, int signal)
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, signal);
        }
    }

    /// <summary>Signals every process of the group <paramref name="leader"/> leads (it was started with setsid).</summary>
    public static void SignalGroup(Process leader, int signal)
    {
        if (!leader.HasExited)
        {
            _ = Kill(-leader.Id, signal);
        }
    }

    /// <summary>
    /// Starts a detached watchdog that signals <paramref name="server"/> and removes <paramref name="folder"/>
    /// once this test process is gone, however it ended: test hosts are often killed rather than shut
    /// down, and a leaked database or broker would pile up across test runs.
    /// </summary>
    public static void StopWhenThisProcessExits(Process server, int signal, string folder, bool wholeProcessGroup = false)
    {
        var owner = Environment.ProcessId;
        var target = wholeProcessGroup ? $"-- -{server.Id}" : server.Id.ToString();
        // Signal only while the pid still belongs to our server (its command line or environment names our folder).
        var ours = $"cat /proc/{server.Id}/cmdline /proc/{server.Id}/environ 2>/dev/null | grep -qaF '{folder}'";
        var script = $"while kill -0 {owner} 2>/dev/null; do sleep 1; done; " +
                     $"{ours} && kill -{signal} {target}; " +
                     $"for i in $(seq 1 30); do {ours} || break; sleep 1; done; " +
                     $"{ours} && kill -9 {target}; rm -rf '{folder}'";
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = false };
        foreach (var a in new[] { "bash", "-c", script }) info.ArgumentList.Add(a);
        using var watchdog = Process.Start(info);
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion and throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>
    /// A start description that runs <paramref name="fileName"/> as <paramref name="user"/> when we are root
    /// (PostgreSQL refuses to run as root). <c>setpriv</c> execs the program, so signals reach it directly.
    /// </summary>
    public static ProcessStartInfo AsUser(string? user, string fileName, IEnumerable<string> arguments)
    {
        ProcessStartInfo info;
        if (user is not null && IsRoot)
        {
            info = new ProcessStartInfo("setpriv");
            foreach (var a in new[] { $"--reuid={user}", $"--regid={user}", "--init-groups", "--", fileName }) info.ArgumentList.Add(a);
        }
        else
        {
            info = new ProcessStartInfo(fileName);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        return info;
    }

    public static string? FindExecutable(string name, params string[] candidates)
    {
        foreach (var c in candidates)
        {
            if (File.Exists(c)) return c;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
