using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Caps the request target (path and query) at <c>Gateway:MaxRequestTargetBytes</c> with a 414 ProblemDetails.
/// The services' servers refuse a request line over 8 KB with a bare 414 and no body; the gateway's own server
/// accepts a longer one (<see cref="KestrelHeadroomBytes"/>) so that the refusal happens here, readably, and
/// an over-long address is never forwarded.
/// </summary>
internal sealed class RequestTargetLimitMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ILogger<RequestTargetLimitMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestTargetBytes;
        var request = context.Request;
        // The request target as the client sent it (percent-encoded), which is what the service's server counts;
        // a host that does not keep the raw target (a test server) has the path and query re-encoded instead.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var length = !string.IsNullOrEmpty(raw)
            ? System.Text.Encoding.UTF8.GetByteCount(raw)
            : System.Text.Encoding.UTF8.GetByteCount(request.Path.ToUriComponent()) + (request.QueryString.Value?.Length ?? 0);
        if (length <= limit)
        {
            return next(context);
        }
        logger.LogInformation("Refused {Method}: request target of {Length} bytes exceeds the limit of {Limit} bytes", request.Method, length, limit);
        return GatewayProblems.WriteAsync(context, StatusCodes.Status414UriTooLong,
            Text.Pick("Địa chỉ yêu cầu quá dài.", "The request address is too long."),
            Text.Pick($"Đường dẫn và tham số truy vấn vượt quá {limit} byte; hãy thu hẹp tìm kiếm hoặc gửi dữ liệu trong nội dung yêu cầu.",
                $"The path and query exceed {limit} bytes; narrow the search or send the data in the request body."));
    }
}

public static class RequestTargetLimit
{
    /// <summary>How much longer than the limit a request line may be before the gateway's server refuses it bare.</summary>
    internal const int KestrelHeadroomBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestTargetLimit(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestTargetLimitMiddleware>();

    internal static void AllowLongRequestLines(KestrelServerOptions kestrel, GatewayOptions options) =>
        kestrel.Limits.MaxRequestLineSize = Math.Max(options.MaxRequestTargetBytes + 1024, KestrelHeadroomBytes);
}
