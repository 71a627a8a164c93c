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

    /// <summary>
    /// Order of the web client's catch-all: after every service route (order 0) and after the
    /// <c>/api</c> not-found endpoint (<see cref="UnmatchedApiOrder"/>), so only what no service serves reaches it.
    /// </summary>
    public const int WebOrder = 1000;

    /// <summary>An unknown <c>/api</c> path answers a ProblemDetails 404 before the web client's catch-all sees it.</summary>
    public const int UnmatchedApiOrder = WebOrder - 1;

    private static readonly (string RouteId, string Path, string Service, string Policy, int? Order)[] Table =
    [
        ("units", "/api/units/{**rest}", ResourceNames.Units, SignedIn, null),
        ("tasks", "/api/tasks/{**rest}", ResourceNames.Tasks, SignedIn, null),
        ("reports", "/api/reports/{**rest}", ResourceNames.Reporting, SignedIn, null),
        ("coordination", "/api/coordination/{**rest}", ResourceNames.Coordination, SignedIn, null),
        ("identity-users", "/api/identity/{**rest}", ResourceNames.Identity, SignedIn, null),
        ("notifications", "/api/notifications/{**rest}", ResourceNames.Notifications, SignedIn, null),
        // The safe line takes anonymous reports: the service itself requires a token on its handlers' routes.
        ("safeline", "/api/safeline/{**rest}", ResourceNames.SafeLine, Anonymous, null),
        ("identity-connect", "/connect/{**rest}", ResourceNames.Identity, Anonymous, null),
        ("identity-discovery", "/.well-known/{**rest}", ResourceNames.Identity, Anonymous, null),
        // The web client: its pages, Blazor's /_blazor (WebSockets) and /_framework, /_content, static assets and
        // the OIDC callbacks (/signin-oidc, /signout-callback-oidc). Anonymous here: the web client requires sign-in itself.
        ("web", "/{**rest}", ResourceNames.Web, Anonymous, WebOrder),
    ];

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Table.Select(r => new RouteConfig
        {
            RouteId = r.RouteId,
            ClusterId = r.Service,
            Match = new RouteMatch { Path = r.Path },
            AuthorizationPolicy = r.Policy,
            Order = r.Order,
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
