using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Gateway.Extensions;

public static class UnmatchedRouteExtensions
{
    /// <summary>
    /// An <c>/api</c> path no service route matched gets a 404 ProblemDetails, ordered before the web
    /// client's catch-all (<see cref="ProxyRoutes.WebOrder"/>) so a script never gets the web client's page.
    /// The web client takes every other path; the last fallback answers only if that route is removed.
    /// </summary>
    public static WebApplication MapUnmatchedRoutes(this WebApplication app)
    {
        app.Map("/api/{**path}", NotFound).WithOrder(ProxyRoutes.UnmatchedApiOrder)
            .RequireRateLimiting(RateLimitingExtensions.PerClientPolicy).AllowAnonymous();
        app.MapFallback("{**path}", NotFound).RequireRateLimiting(RateLimitingExtensions.PerClientPolicy).AllowAnonymous();
        return app;
    }

    private static ProblemHttpResult NotFound(HttpContext context) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: Text.Pick("Không tìm thấy.", "Not found."),
            detail: Text.Pick(
                $"Không có dịch vụ nào phục vụ đường dẫn '{context.Request.Path}'.",
                $"No service serves the path '{context.Request.Path}'."));
}
