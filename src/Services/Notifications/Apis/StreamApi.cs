using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Apis;

/// <summary>
/// <c>GET /api/notifications/stream</c>: server-sent events (<c>text/event-stream</c>) with the caller's new
/// notifications, event type <c>notification</c>, id = the notification's sequence. A reconnecting client
/// sends <c>Last-Event-ID</c> and gets what it missed. A <c>heartbeat</c> event keeps proxies from closing
/// an idle connection; the database is read again at each heartbeat so items written by another replica arrive too.
/// </summary>
public static class StreamApi
{
    public const string NotificationEvent = "notification";
    public const string HeartbeatEvent = "heartbeat";

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapNotificationsGroup().MapGet("/stream", StreamAsync);
        return app;
    }

    public static async Task<ServerSentEventsResult<NotificationResponse?>> StreamAsync(
        HttpContext http, NotificationsDbContext db, NotificationStream stream, PlatformUser user, IConfiguration configuration, CancellationToken ct)
    {
        long cursor;
        if (long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var lastSeen) && lastSeen >= 0)
        {
            cursor = lastSeen;
        }
        else
        {
            cursor = await db.Notifications.Where(n => n.RecipientId == user.Id).MaxAsync(n => (long?)n.Sequence, ct) ?? 0;
        }
        var heartbeat = configuration.GetValue("Notifications:Stream:Heartbeat", TimeSpan.FromSeconds(15));
        http.Response.Headers.CacheControl = "no-cache";
        // Tells nginx-like proxies not to buffer the stream.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(db, stream, user.Id, cursor, heartbeat, ct));
    }

    private static async IAsyncEnumerable<SseItem<NotificationResponse?>> Events(
        NotificationsDbContext db, NotificationStream stream, string userId, long cursor, TimeSpan heartbeat,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = stream.Subscribe(userId);
        // The first item flushes the headers, so the client knows it is connected.
        yield return new SseItem<NotificationResponse?>(null, HeartbeatEvent) { EventId = cursor.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        while (!ct.IsCancellationRequested)
        {
            var fresh = await db.Notifications.AsNoTracking()
                .Where(n => n.RecipientId == userId && n.Sequence > cursor)
                .OrderBy(n => n.Sequence).Take(100).ToListAsync(ct);
            foreach (var n in fresh)
            {
                cursor = n.Sequence;
                yield return new SseItem<NotificationResponse?>(NotificationResponse.From(n), NotificationEvent)
                {
                    EventId = n.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }
            if (fresh.Count == 0 && !await subscription.WaitAsync(heartbeat, ct) && !ct.IsCancellationRequested)
            {
                yield return new SseItem<NotificationResponse?>(null, HeartbeatEvent);
            }
        }
    }
}
