namespace Platform.Gateway.Extensions;

internal static class GatewayProblems
{
    /// <summary>
    /// Writes an RFC 7807 body through the platform's ProblemDetails service (trace and request ids
    /// added), falling back to plain JSON when the client's Accept header rules that service out.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return TypedResults.Problem(detail: detail, instance: context.Request.Path, statusCode: status, title: title)
            .ExecuteAsync(context);
    }
}
