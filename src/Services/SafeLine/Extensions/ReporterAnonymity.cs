using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Options;

namespace Platform.SafeLine.Extensions;

/// <summary>
/// What the safe line does so that nothing identifies a reporter. Before anything else of the request runs, the
/// client's address is turned into a keyed hash (HMAC with a key made when the process starts and never written
/// down) used only as the rate limiter's in-memory partition; then the address, the forwarded-for headers, the
/// user agent, cookies and the referrer are removed from the request, so no handler, log or trace can see them.
/// </summary>
public static class ReporterAnonymity
{
    public const string Prefix = "/api/safeline";
    public const string ReportPolicy = "safeline-report";
    public const string FollowPolicy = "safeline-follow";
    private const string PartitionItem = "safeline.partition";

    public const string RelayHeader = "X-SafeLine-Relay";
    public const string RelayClientHeader = "X-SafeLine-Client";

    private static readonly string[] IdentifyingHeaders =
        [RelayHeader, RelayClientHeader, "X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Client-IP", "CF-Connecting-IP", "True-Client-IP", "User-Agent", "Cookie", "Referer", "Sec-CH-UA",
         "Sec-CH-UA-Platform", "Sec-CH-UA-Mobile"];

    private static readonly byte[] PartitionKey = RandomNumberGenerator.GetBytes(32);

    public static IServiceCollection AddReporterAnonymity(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(ReportPolicy, context => Limiter(context, s => s.ReportsPerWindow, "report"));
            options.AddPolicy(FollowPolicy, context => Limiter(context, s => s.FollowUpsPerWindow, "follow"));
        });
        return services;
    }

    public static IApplicationBuilder UseReporterAnonymity(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Prefix))
        {
            context.Items[PartitionItem] = Partition(context);
            foreach (var header in IdentifyingHeaders) context.Request.Headers.Remove(header);
            context.Connection.RemoteIpAddress = null;
            context.Connection.RemotePort = 0;
            var max = context.RequestServices.GetRequiredService<IOptionsMonitor<SafeLineOptions>>().CurrentValue.MaxBodyBytes;
            if (context.Request.ContentLength > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: Text.Pick("Nội dung yêu cầu quá lớn.", "The request body is too large."),
                    detail: Text.Pick($"Tin báo dài tối đa {max / 1024} KB.", $"A request is at most {max / 1024} KB.")).ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        }
        await next(context);
    });

    /// <summary>
    /// The gateway puts the address it saw last in <c>X-Forwarded-For</c>; without a gateway (tests, a direct call)
    /// the connection's own address. Only its keyed hash leaves this method.
    /// </summary>
    private static string Partition(HttpContext context)
    {
        var secret = context.RequestServices.GetRequiredService<IOptionsMonitor<SafeLineOptions>>().CurrentValue.RelaySecret;
        var relay = context.Request.Headers[RelayHeader].ToString();
        var client = context.Request.Headers[RelayClientHeader].ToString();
        if (!string.IsNullOrEmpty(secret) && relay.Length > 0 && client.Length is > 0 and <= 128
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(relay), Encoding.UTF8.GetBytes(secret)))
        {
            return Convert.ToHexString(HMACSHA256.HashData(PartitionKey, Encoding.UTF8.GetBytes("relay:" + client)), 0, 16);
        }
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var address = forwarded.Length > 0
            ? forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? ""
            : context.Connection.RemoteIpAddress?.ToString() ?? "";
        return Convert.ToHexString(HMACSHA256.HashData(PartitionKey, Encoding.UTF8.GetBytes(address)), 0, 16);
    }

    private static RateLimitPartition<string> Limiter(HttpContext context, Func<RateLimitSettings, int> permits, string kind)
    {
        var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<SafeLineOptions>>().CurrentValue.RateLimit;
        var key = $"{kind}:{context.Items[PartitionItem] as string ?? "none"}";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(settings),
            Window = TimeSpan.FromSeconds(settings.WindowSeconds),
            QueueLimit = 0,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var window = context.RequestServices.GetRequiredService<IOptionsMonitor<SafeLineOptions>>().CurrentValue.RateLimit.WindowSeconds;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(window);
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        SafeLineMetrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", "rate-limit"));
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: Text.Pick("Quá nhiều yêu cầu.", "Too many requests."),
            detail: Text.Pick($"Bạn đã gửi quá nhiều lần. Hãy thử lại sau {minutes} phút. Nếu đang gặp nguy hiểm, hãy gọi 111 hoặc 113.",
                $"Too many requests. Try again in {minutes} minutes. If you are in danger, call 111 or 113.")).ExecuteAsync(context);
    }
}
