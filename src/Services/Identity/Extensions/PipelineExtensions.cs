using Microsoft.AspNetCore.Mvc;
using Platform.Identity.Infrastructure;
using Platform.Messaging;

namespace Platform.Identity.Extensions;

internal static class PipelineExtensions
{
    /// <summary>
    /// Forwarded headers from the gateway, routing, then health probes straight to their endpoints, then a gate that answers 503 until the
    /// database (and so the token server's keys) is ready, then authentication and authorisation.
    /// Probes skip authentication because the token server's handlers wait for its keys, and a probe
    /// must report that wait rather than join it.
    /// </summary>
    public static WebApplication UseIdentityPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (IsProbe(context.Request.Path) && context.GetEndpoint()?.RequestDelegate is { } probe)
            {
                await probe(context);
                return;
            }
            var readiness = context.RequestServices.GetRequiredService<DatabaseReadiness<IdentityDbContext>>();
            if (!readiness.IsReady)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = Text.Pick("Dịch vụ đang khởi động.", "The service is starting."),
                        Detail = Text.Pick($"Dịch vụ định danh chưa sẵn sàng ({readiness.Stage}); hãy thử lại sau ít giây.",
                            $"The identity service is not ready yet ({readiness.Stage}); try again in a few seconds."),
                    },
                });
                return;
            }
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath);
}
