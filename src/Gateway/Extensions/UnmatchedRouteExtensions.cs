using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Gateway.Extensions;

public static class UnmatchedRouteExtensions
{
    /// <summary>
    /// What no proxy route or endpoint matched gets a 404 ProblemDetails. When the web client arrives
    /// it takes "/": replace the second fallback with a proxy route to it and keep the <c>/api</c> one,
    /// so an unknown API path still answers ProblemDetails rather than the web client's page.
    /// </summary>
    public static WebApplication MapUnmatchedRoutes(this WebApplication app)
    {
        app.MapFallback("/api/{**path}", NotFound).RequireRateLimiting(RateLimitingExtensions.PerClientPolicy).AllowAnonymous();
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
