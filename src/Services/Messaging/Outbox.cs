using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Messaging;

public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues an integration event in the service's outbox. Nothing leaves the process here: the row is
    /// saved with the caller's <c>SaveChanges</c>, in the same transaction as the state change.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<T>(this DbContext db, T message) where T : class
    {
        var now = DateTimeOffset.UtcNow;
        var type = message.GetType();
        var row = new OutboxMessage
        {
            Id = SequentialGuid.NewVersion7(now),
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, type, Json),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(row);
        return row;
    }
}

/// <summary>Wakes the relay as soon as a transaction that may hold outbox rows commits.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: the relay drains everything pending each time it wakes.
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); }
            catch (SemaphoreFullException) { /* another thread already signalled; one wake-up is enough */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}

internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
        return result;
    }
}
