using Microsoft.Extensions.Configuration;
using System.Diagnostics;

namespace Platform.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from.</summary>
public enum InfraMode
{
    /// <summary><see cref="Containers"/> when a container runtime answers, else <see cref="Local"/>.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and RabbitMQ container resources.</summary>
    Containers,

    /// <summary>The machine's own PostgreSQL and RabbitMQ binaries, started by the AppHost as executables.</summary>
    Local,

    /// <summary>Servers someone else runs: connection strings come from configuration, as in production.</summary>
    External,
}

/// <summary>The <c>Infra:*</c> settings, read once from the AppHost's configuration.</summary>
public sealed record InfraSettings(
    InfraMode Mode,
    string DataDirectory,
    int PostgresPort,
    int RabbitMqPort,
    int RabbitMqDistributionPort,
    bool DisposableStorage)
{
    /// <summary>
    /// <c>Infra:RabbitMqNodes</c> (local mode, default 1): how many RabbitMQ nodes to run on loopback, joined
    /// into one cluster when more than one.
    /// </summary>
    public int RabbitMqNodes { get; init; } = 1;

    /// <summary>
    /// AMQP and Erlang distribution ports of every node: node 1 has <see cref="RabbitMqPort"/> and
    /// <see cref="RabbitMqDistributionPort"/>; node n (2, 3, …) <c>Infra:RabbitMq{n}Port</c> and
    /// <c>Infra:RabbitMq{n}DistPort</c>, by default the next pairs after node 1's (55674/55675, 55676/55677).
    /// </summary>
    public IReadOnlyList<(int Amqp, int Distribution)> RabbitMqNodePorts { get; init; } = [];

    public const int MaxRabbitMqNodes = 5;

    /// <summary>The local PostgreSQL's <c>max_connections</c>; the AppHost sets it from the replicas' pools (<see cref="ScaleSettings.PostgresMaxConnections"/>).</summary>
    public int PostgresMaxConnections { get; init; } = 200;

    public const string Section = "Infra";

    // Non-default ports, so a PostgreSQL/RabbitMQ/epmd the machine already runs (5432, 5672, 4369,
    // 15672, 25672) never clashes with ours.
    public const int DefaultPostgresPort = 55432;
    public const int DefaultRabbitMqPort = 55672;
    public const int DefaultRabbitMqDistributionPort = 55673;

    public static InfraSettings Read(IConfiguration configuration, string repositoryRoot)
    {
        var section = configuration.GetSection(Section);
        var modeText = section["Mode"];
        var mode = InfraMode.Auto;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            throw new InvalidOperationException(
                $"Infra:Mode '{modeText}' is not one of auto, containers, local, external.");
        }

        var dataDirectory = section["DataDir"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(repositoryRoot, ".data");

        var rabbitPort = ReadPort(section, "RabbitMqPort", DefaultRabbitMqPort);
        var rabbitDistPort = ReadPort(section, "RabbitMqDistPort", DefaultRabbitMqDistributionPort);
        var nodes = section.GetValue("RabbitMqNodes", 1);
        if (nodes is < 1 or > MaxRabbitMqNodes)
        {
            throw new InvalidOperationException($"Infra:RabbitMqNodes must be from 1 to {MaxRabbitMqNodes}, not {nodes}.");
        }
        var ports = new List<(int, int)> { (rabbitPort, rabbitDistPort) };
        for (var n = 2; n <= nodes; n++)
        {
            ports.Add((ReadPort(section, $"RabbitMq{n}Port", rabbitPort + 2 * (n - 1)),
                       ReadPort(section, $"RabbitMq{n}DistPort", rabbitDistPort + 2 * (n - 1))));
        }
        var taken = ports.SelectMany(p => new[] { p.Item1, p.Item2 }).GroupBy(p => p).FirstOrDefault(g => g.Count() > 1);
        if (taken is not null)
        {
            throw new InvalidOperationException($"Port {taken.Key} is given to two RabbitMQ nodes; set Infra:RabbitMq<n>Port / Infra:RabbitMq<n>DistPort apart.");
        }

        return new InfraSettings(
            mode,
            dataDirectory,
            ReadPort(section, "PostgresPort", DefaultPostgresPort),
            rabbitPort,
            rabbitDistPort,
            section.GetValue("DisposableStorage", false))
        {
            RabbitMqNodes = nodes,
            RabbitMqNodePorts = ports,
        };
    }

    /// <summary>Replaces <see cref="InfraMode.Auto"/> by what this machine can actually run.</summary>
    public InfraSettings Resolve(IConfiguration configuration) =>
        Mode == InfraMode.Auto
            ? this with { Mode = ContainerRuntimeAnswers(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker") ? InfraMode.Containers : InfraMode.Local }
            : this;

    private static int ReadPort(IConfigurationSection section, string key, int fallback)
    {
        var port = section.GetValue(key, fallback);
        if (port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Infra:{key} must be a TCP port (1-65535), not {port}.");
        }
        return port;
    }

    /// <summary>
    /// A runtime "answers" when <c>docker info</c> (or podman's) exits 0 within a few seconds. A client
    /// without a running engine fails fast, and a hung engine counts as absent.
    /// </summary>
    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            var info = new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null) return false;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such client on PATH
        }
    }
}
