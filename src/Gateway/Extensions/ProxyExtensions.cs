using Microsoft.AspNetCore.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.Gateway.Extensions;

public static class ProxyExtensions
{
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services)
    {
        services.AddReverseProxy()
            .LoadFromMemory(ProxyRoutes.Routes(), ProxyRoutes.Clusters())
            .AddServiceDiscoveryDestinationResolver();
        return services;
    }

    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ExplainForwardingFailureAsync);
            // The default pipeline, which passing a configuration callback replaces.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).RequireRateLimiting(RateLimitingExtensions.PerClientPolicy);
        return app;
    }

    /// <summary>
    /// YARP answers a failed forward with a bare status code; the client gets a ProblemDetails that says
    /// which service could not be reached instead. A service's own response passes through untouched.
    /// </summary>
    private static async Task ExplainForwardingFailureAsync(HttpContext context, Func<Task> next)
    {
        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null)
        {
            // The service answered: its status and body are its own, even an empty 404.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }
            return;
        }

        var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        if (context.Response.HasStarted || error.Error == ForwarderError.RequestCanceled)
        {
            // Either part of the service's answer is already on the wire or the client has gone away.
            return;
        }

        if (RequestBodyLimit.WasExceeded(context))
        {
            await RequestBodyLimit.WriteTooLargeAsync(context);
            return;
        }

        // YARP has already logged the exception with its stack; this names the service in one line.
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyExtensions));
        logger.LogWarning("Forwarding {Method} {Path} to {Service} failed: {ForwarderError} ({Reason})",
            context.Request.Method, context.Request.Path, service, error.Error, error.Exception?.Message);

        var (status, title, detail) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable,
                Text.Pick("Dịch vụ tạm thời không khả dụng.", "The service is temporarily unavailable."),
                Text.Pick($"Dịch vụ '{service}' hiện không có phiên bản nào đang chạy.", $"No instance of the '{service}' service is available.")),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout,
                Text.Pick("Dịch vụ không phản hồi kịp thời.", "The service did not answer in time."),
                Text.Pick($"Dịch vụ '{service}' không phản hồi kịp thời.", $"The '{service}' service did not answer in time.")),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest,
                Text.Pick("Yêu cầu không hợp lệ.", "The request is not valid."),
                Text.Pick("Không đọc được nội dung yêu cầu.", "The request body could not be read.")),
            _ => (StatusCodes.Status502BadGateway,
                Text.Pick("Không kết nối được tới dịch vụ.", "The service could not be reached."),
                Text.Pick($"Cổng API không nhận được phản hồi hợp lệ từ dịch vụ '{service}'.", $"The gateway got no valid answer from the '{service}' service.")),
        };
        await GatewayProblems.WriteAsync(context, status, title, detail);
    }
}
