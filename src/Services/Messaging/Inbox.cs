using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging;

public static class Inbox
{
    /// <summary>
    /// Applies a consumed message at most once per consumer. The inbox row, the consumer's own writes
    /// and any events it queues in the outbox commit in one transaction; a message already recorded
    /// for this consumer is acknowledged and skipped.
    /// </summary>
    /// <returns><c>true</c> when applied now, <c>false</c> when it had been applied before.</returns>
    public static async Task<bool> ApplyOnceAsync<TContext>(
        this TContext db,
        ConsumeContext context,
        string consumer,
        Func<CancellationToken, Task> apply)
        where TContext : DbContext
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A message for {consumer} arrived without a MessageId.");
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A concurrent duplicate blocks on this row until the first commits, then inserts nothing.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, {DateTimeOffset.UtcNow}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            MessagingMetrics.InboxDuplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            return false;
        }

        await apply(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MessagingMetrics.InboxApplied.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
        return true;
    }
}
