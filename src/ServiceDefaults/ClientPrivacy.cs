using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps who a caller is off the traces of paths that promise anonymity (the safe line): the client's address,
/// port and user agent are removed from the server spans of those paths, when the ASP.NET Core instrumentation
/// enriches them and again before any exporter sees them.
/// </summary>
public static class ClientPrivacy
{
    /// <summary>Span tags that would identify a caller (current and older OpenTelemetry semantic conventions).</summary>
    public static readonly IReadOnlyList<string> IdentifyingTags =
    [
        "client.address", "client.port", "user_agent.original", "http.user_agent", "http.client_ip",
        "net.peer.ip", "net.peer.port", "net.sock.peer.addr", "net.sock.peer.port", "network.peer.address", "network.peer.port",
        "http.request.header.user-agent", "http.request.header.x-forwarded-for", "http.request.header.cookie",
    ];

    public static TBuilder AddClientPrivacy<TBuilder>(this TBuilder builder, params string[] pathPrefixes) where TBuilder : IHostApplicationBuilder
    {
        var prefixes = pathPrefixes.Select(p => new PathString(p)).ToArray();
        bool Private(PathString path) => prefixes.Any(p => path.StartsWithSegments(p));
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var request = options.EnrichWithHttpRequest;
            options.EnrichWithHttpRequest = (activity, http) =>
            {
                request?.Invoke(activity, http);
                if (Private(http.Path)) Scrub(activity);
            };
            var response = options.EnrichWithHttpResponse;
            options.EnrichWithHttpResponse = (activity, http) =>
            {
                response?.Invoke(activity, http);
                if (Private(http.HttpContext.Request.Path)) Scrub(activity);
            };
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new ScrubProcessor(prefixes)));
        return builder;
    }

    public static void Scrub(Activity activity)
    {
        foreach (var tag in IdentifyingTags)
        {
            if (activity.GetTagItem(tag) is not null) activity.SetTag(tag, null);
        }
    }

    private sealed class ScrubProcessor(PathString[] prefixes) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (activity.Kind == ActivityKind.Server
                && (activity.GetTagItem("url.path") ?? activity.GetTagItem("http.target")) is string path
                && prefixes.Any(p => new PathString(path).StartsWithSegments(p)))
            {
                Scrub(activity);
            }
        }
    }
}
