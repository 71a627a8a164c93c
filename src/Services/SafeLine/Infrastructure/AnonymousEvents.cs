using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.SafeLine.Domain;

namespace Platform.SafeLine.Infrastructure;

/// <summary>
/// The safe line's events through the shared outbox, without what would pin a case to the second it came in: a random
/// row id (the outbox's version 7 ids carry milliseconds, and become the message's id), no trace parent (the request's
/// trace), and creation times cut to the minute. The relay's <c>published_at</c> is cut to the minute by the escalation
/// scan.
/// </summary>
public static class AnonymousEvents
{
    public static OutboxMessage AddAnonymousEvent<T>(this SafeLineDbContext db, T message) where T : class
    {
        var row = db.AddIntegrationEvent(message);
        row.Id = Guid.NewGuid();
        row.TraceParent = null;
        row.CreatedAt = SafeCase.ToMinute(row.CreatedAt);
        row.NextAttemptAt = row.CreatedAt;
        return row;
    }

    public static Task<int> TrimPublishedTimesAsync(this SafeLineDbContext db, CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        UPDATE outbox_messages SET published_at = date_trunc('minute', published_at)
        WHERE published_at IS NOT NULL AND published_at <> date_trunc('minute', published_at)
        """, ct);
}
