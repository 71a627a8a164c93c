using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

/// <summary>
/// A fixed window per client (<c>Gateway:RateLimit</c>): the signed-in user's <c>sub</c> when the
/// request is authenticated, otherwise the client's IP address (the real one behind a configured ingress: <see cref="EdgeSecurity"/>). No queue: a client over its limit is
/// told at once when to come back (429 + <c>Retry-After</c>) instead of being held. Token validation,
/// when it arrives, must run before <c>UseRateLimiter</c> for the <c>sub</c> partition to apply.
/// </summary>
public static class RateLimitingExtensions
{
    public const string PerClientPolicy = "per-client";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(PerClientPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    internal static string PartitionKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && (user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier)) is { Length: > 0 } subject)
        {
            return "sub:" + subject;
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var window = TimeSpan.FromSeconds(context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.RateLimit.WindowSeconds);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitingExtensions));
        // The safe line promises its reporters that no address of theirs is written down, here neither.
        var partition = context.Request.Path.StartsWithSegments("/api/safeline") ? "(withheld: safe line)" : PartitionKey(context);
        logger.LogWarning("Rate limit reached for {Partition} on {Method} {Path}; retry after {RetryAfterSeconds} s",
            partition, context.Request.Method, context.Request.Path, seconds);

        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            Text.Pick("Quá nhiều yêu cầu.", "Too many requests."),
            Text.Pick($"Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây.",
                $"You have sent too many requests. Please try again in {seconds} seconds."));
    }
}
