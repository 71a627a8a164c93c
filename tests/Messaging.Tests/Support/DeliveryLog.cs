using System.Collections.Concurrent;

namespace Platform.Messaging.Tests.Support;

/// <summary>One delivery a test consumer saw.</summary>
public sealed record Delivery(Guid? MessageId, string Key, Uri? SourceAddress, bool? Applied = null, bool? ArrivedTogether = null);

/// <summary>What the test consumers of one test received; shared by every host of that test.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentDictionary<Guid, Rendezvous> _rendezvous = new();

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public void Record(Delivery delivery) => _deliveries.Enqueue(delivery);

    public int CountAttempt(Guid messageId) => _attempts.AddOrUpdate(messageId, 1, static (_, n) => n + 1);

    public int Attempts(Guid messageId) => _attempts.GetValueOrDefault(messageId);

    /// <summary>
    /// Waits until <paramref name="parties"/> deliveries of <paramref name="messageId"/> have arrived;
    /// <c>false</c> when the others did not arrive in time (they were not processed concurrently).
    /// </summary>
    public async Task<bool> ArriveTogetherAsync(Guid messageId, int parties, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rendezvous = _rendezvous.GetOrAdd(messageId, static (_, n) => new Rendezvous(n), parties);
        if (Interlocked.Decrement(ref rendezvous.Remaining) == 0)
        {
            rendezvous.AllArrived.TrySetResult();
        }
        try
        {
            await rendezvous.AllArrived.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private sealed class Rendezvous(int parties)
    {
        public int Remaining = parties;
        public readonly TaskCompletionSource AllArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
