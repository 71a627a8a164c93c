using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Infrastructure;

/// <summary>The machine's own PostgreSQL server, run by DCP like any other executable.</summary>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The server's maintenance database, for tools; services use their own database's resource.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor("postgres");

    /// <summary>
    /// Superuser <c>postgres</c> with trust authentication on loopback: local development only. The
    /// services create their own database (EF migrations), which needs CREATEDB.
    /// </summary>
    public ReferenceExpression ConnectionStringFor(string database) =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database={database}");
}

internal static class LocalPostgres
{
    private const string ServerUser = "postgres";

    private const string FastShutdownScript = """
        trap 'kill -INT "$pid" 2>/dev/null' TERM INT
        "$@" &
        pid=$!
        status=0
        while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
        exit "$status"
        """;

    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, InfraSettings settings)
    {
        var bin = FindBinDirectory(builder.Configuration["Infra:PostgresBin"]);
        var root = Path.Combine(settings.DataDirectory, "postgres");
        var data = Path.Combine(root, "data");
        var runAs = LocalProcess.IsRoot ? ServerUser : null;
        // DCP stops an executable with SIGTERM and kills it 6 s later. SIGTERM is PostgreSQL's "smart"
        // shutdown, which waits for every client to disconnect, so the services' pooled connections
        // would get the server killed mid-checkpoint. This small shell turns SIGTERM into SIGINT, the
        // "fast" shutdown that disconnects clients and checkpoints in well under a second.
        var (command, prefix) = LocalProcess.AsUser(runAs, "/bin/sh");
        prefix.AddRange(["-c", FastShutdownScript, "postgres", Path.Combine(bin, "postgres")]);

        var healthCheck = $"{name}-answers-queries";
        builder.Services.AddHealthChecks().AddCheck(healthCheck, new PostgresAnswersQueries(
            $"Host=127.0.0.1;Port={settings.PostgresPort};Username=postgres;Database=postgres;Pooling=false;Timeout=3;Command Timeout=3"));

        List<string> args =
        [
            .. prefix,
            "-D", data,
            "-p", settings.PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            // TCP only: a Unix socket path under a deep clone can exceed the kernel's 107-byte limit.
            "-c", "unix_socket_directories=",
            "-c", $"max_connections={settings.PostgresMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        ];
        if (settings.DisposableStorage)
        {
            // Throwaway data (tests): skip the disk flushes that dominate start-up on a small machine.
            args.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        return builder.AddResource(new LocalPostgresServerResource(name, command, settings.DataDirectory))
            .WithArgs([.. args])
            .WithEndpoint(port: settings.PostgresPort, targetPort: settings.PostgresPort, scheme: "tcp", name: LocalPostgresServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database")
            .OnBeforeResourceStarted(async (resource, evt, cancellationToken) =>
            {
                var logger = evt.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
                LocalProcess.EnsurePortIsFree(settings.PostgresPort, "PostgreSQL", "Infra:PostgresPort");
                await InitializeDataFolderAsync(bin, root, data, runAs, settings.DisposableStorage, logger, cancellationToken);
            });
    }

    /// <summary>Runs <c>initdb</c> once; afterwards the folder holds the databases across runs.</summary>
    private static async Task InitializeDataFolderAsync(
        string bin, string root, string data, string? runAs, bool disposable, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        if (runAs is not null && !OperatingSystem.IsWindows())
        {
            // PostgreSQL refuses to run as root and insists on owning its data folder; it must also be
            // able to pass through the (root-owned) folder above, which a temporary folder is not.
            var parent = Path.GetDirectoryName(root)!;
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent, mode | UnixFileMode.OtherExecute);
            }
            await LocalProcess.RunAsync("chown", ["-R", $"{runAs}:{runAs}", root], cancellationToken);
        }
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            logger.LogInformation("Using the PostgreSQL data folder {DataFolder}", data);
            return;
        }

        logger.LogInformation("Creating the PostgreSQL data folder {DataFolder} (initdb, first run only)", data);
        var (command, prefix) = LocalProcess.AsUser(runAs, Path.Combine(bin, "initdb"));
        List<string> args = [.. prefix, "-D", data, "-U", ServerUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (disposable) args.Add("--no-sync");
        try
        {
            await LocalProcess.RunAsync(command, args, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            logger.LogError(exception,
                "initdb failed. When running as root, every folder above {DataFolder} must be traversable by the {User} user; choose another folder with --Infra:DataDir", data, runAs ?? ServerUser);
            throw;
        }
    }

    private static string FindBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return Path.Combine(newest, "bin");
        }
        var onPath = LocalProcess.FindExecutable("postgres");
        return onPath is not null
            ? Path.GetDirectoryName(onPath)!
            : throw new InvalidOperationException(
                "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PATH). Run ./run.sh, which installs them, set Infra:PostgresBin, or choose another Infra:Mode.");
    }
}
