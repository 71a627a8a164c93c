using System.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Gives every request an <c>X-Request-Id</c>: the client's own when it sent a usable one, a new one
/// otherwise. The id travels to the service (YARP copies request headers) and back to the client, and
/// tags the request's logs and trace so support can find a request from the id a user reports.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    /// <summary>Longer or stranger values are replaced rather than copied into logs and other services.</summary>
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[HeaderName];
        var requestId = IsUsable(sent) ? sent.ToString() : Guid.CreateVersion7().ToString();
        if (sent.Count > 0 && requestId != sent.ToString())
        {
            logger.LogDebug("Replaced unusable {Header} header sent by the client", HeaderName);
        }

        context.Request.Headers[HeaderName] = requestId;
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context.Response, requestId));
        Activity.Current?.SetTag("http.request.header.x-request-id", requestId);

        // "RequestId" is already ASP.NET Core's own scope (the connection-local trace identifier).
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = requestId }))
        {
            await next(context);
        }
    }

    private static bool IsUsable(StringValues sent) =>
        sent.Count == 1
        && sent[0] is { Length: > 0 and <= MaxLength } value
        && value.All(c => c is > ' ' and <= '~');
}

public static class RequestIdExtensions
{
    /// <summary>First in the pipeline, so that every later answer, errors included, carries the id.</summary>
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>();
}
