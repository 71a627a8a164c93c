using Microsoft.Extensions.Configuration;

namespace Platform.AppHost.Infrastructure;

/// <summary>
/// Lets <c>dotnet run --project src/AppHost</c> bring up the dashboard with or without a launch
/// profile and without a developer certificate: plain HTTP on localhost, fixed ports. Anything set in
/// the environment or on the command line wins.
/// </summary>
internal static class LocalRunDefaults
{
    public const string DashboardUrl = "http://localhost:18888";
    public const string OtlpUrl = "http://localhost:18889";

    private static readonly (string Key, string Value)[] Defaults =
    [
        ("ASPNETCORE_URLS", DashboardUrl),
        ("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", OtlpUrl),
        // HTTP on loopback only, for local development.
        ("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true"),
        // Local development only: the dashboard opens without a login token. It listens on localhost;
        // set ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=false to get the login URL printed instead.
        ("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true"),
        // Ctrl+C returns only once every service and server has stopped, so an immediate second
        // ./run.sh never finds the ports still taken.
        ("DcpPublisher:WaitForResourceCleanup", "true"),
    ];

    public static string[] Apply(string[] args)
    {
        var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var extra = Defaults
            .Where(d => string.IsNullOrEmpty(given[d.Key]))
            .Select(d => $"--{d.Key}={d.Value}");
        return [.. extra, .. args];
    }
}
