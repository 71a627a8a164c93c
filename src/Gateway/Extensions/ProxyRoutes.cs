using Platform.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Which path goes to which service. Paths are forwarded unchanged; each service's address is
/// <c>http://&lt;service&gt;</c>, resolved through service discovery (<c>services:&lt;service&gt;:http:0</c>).
/// </summary>
internal static class ProxyRoutes
{
    /// <summary>Policy of routes anyone may call: sign-in and discovery.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Policy of API routes: a valid access token is checked here before the service checks it again.</summary>
    public const string SignedIn = "default";

    private static readonly (string RouteId, string Path, string Service, string Policy)[] Table =
    [
        ("units", "/api/units/{**rest}", ResourceNames.Units, SignedIn),
        ("tasks", "/api/tasks/{**rest}", ResourceNames.Tasks, SignedIn),
        ("reports", "/api/reports/{**rest}", ResourceNames.Reporting, SignedIn),
        ("coordination", "/api/coordination/{**rest}", ResourceNames.Coordination, SignedIn),
        ("identity-users", "/api/identity/{**rest}", ResourceNames.Identity, SignedIn),
        ("notifications", "/api/notifications/{**rest}", ResourceNames.Notifications, SignedIn),
        ("identity-connect", "/connect/{**rest}", ResourceNames.Identity, Anonymous),
        ("identity-discovery", "/.well-known/{**rest}", ResourceNames.Identity, Anonymous),
    ];

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Table.Select(r => new RouteConfig
        {
            RouteId = r.RouteId,
            ClusterId = r.Service,
            Match = new RouteMatch { Path = r.Path },
            AuthorizationPolicy = r.Policy,
        }),
    ];

    /// <summary>One cluster per service, named after the service so logs and errors can say which one failed.</summary>
    public static IReadOnlyList<ClusterConfig> Clusters() =>
    [
        .. Table.Select(r => r.Service).Distinct().Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = $"http://{service}" },
            },
        }),
    ];
}
