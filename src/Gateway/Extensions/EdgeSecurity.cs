using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

/// <summary>
/// What the gateway does as the platform's edge. Behind an ingress or load balancer it believes
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the networks configured in
/// <c>Gateway:ForwardedHeaders:KnownNetworks</c>, so the rate limit sees the real client address (not the
/// ingress's, which would put every anonymous user in one bucket), the services see <c>https</c> and issue
/// <c>Secure</c> cookies, and nobody else can forge their address or scheme. Every answer carries the
/// browser protections: <c>nosniff</c>, no framing (<c>frame-ancestors 'none'</c>, <c>X-Frame-Options</c>), no
/// plug-ins, a strict referrer policy, and HSTS when the request came over HTTPS.
/// </summary>
public static class EdgeSecurity
{
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";
    public const string ContentSecurityPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    public static IServiceCollection AddEdgeSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((o, gateway) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = Math.Max(1, gateway.Value.ForwardedHeaders.ForwardLimit);
            // Nothing is trusted by default, not even loopback: only the proxies a deployment names.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in gateway.Value.ForwardedHeaders.Networks())
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>Forwarded headers from trusted proxies (when any are configured), then the security headers on every answer.</summary>
    public static WebApplication UseEdgeSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ForwardedHeaders.Networks().Count > 0)
        {
            app.UseForwardedHeaders();
        }
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // A service's own policy (the web client's) stays; both apply.
                headers.Append("Content-Security-Policy", ContentSecurityPolicy);
                if (http.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}

/// <summary>The proxies in front of the gateway (section <c>Gateway:ForwardedHeaders</c>).</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>
    /// Comma-separated CIDR networks of the ingress or load balancer (e.g. <c>10.42.0.0/16</c>); empty (the default):
    /// no forwarded header is believed.
    /// </summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>How many proxies in a row may have added to <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    public IReadOnlyList<System.Net.IPNetwork> Networks() => KnownNetworks
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(System.Net.IPNetwork.Parse).ToList();

    internal bool IsValid() => ForwardLimit > 0
        && KnownNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(n => System.Net.IPNetwork.TryParse(n, out _));
}
