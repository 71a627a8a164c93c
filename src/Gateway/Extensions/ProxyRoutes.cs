using Platform.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Which path goes to which service. Paths are forwarded unchanged; each service's address is
/// <c>http://&lt;service&gt;</c>, resolved through service discovery (<c>services:&lt;service&gt;:http:0</c>).
/// </summary>
internal static class ProxyRoutes
{
    private static readonly (string RouteId, string Path, string Service)[] Table =
    [
        ("units", "/api/units/{**rest}", ResourceNames.Units),
        ("tasks", "/api/tasks/{**rest}", ResourceNames.Tasks),
        ("reports", "/api/reports/{**rest}", ResourceNames.Reporting),
        ("coordination", "/api/coordination/{**rest}", ResourceNames.Coordination),
        ("identity-users", "/api/identity/{**rest}", ResourceNames.Identity),
        ("identity-connect", "/connect/{**rest}", ResourceNames.Identity),
        ("identity-discovery", "/.well-known/{**rest}", ResourceNames.Identity),
    ];

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Table.Select(r => new RouteConfig
        {
            RouteId = r.RouteId,
            ClusterId = r.Service,
            Match = new RouteMatch { Path = r.Path },
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
