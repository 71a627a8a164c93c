using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Platform.Notifications.Infrastructure;

/// <summary>
/// Wakes the live streams of people who just got a notification on this instance. The stream reads
/// the database itself (its cursor is the notification sequence), so a wake-up carries nothing and a
/// notification written by another instance still arrives, at the stream's poll interval.
/// </summary>
public sealed class NotificationStream
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _subscribers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string userId)
    {
        var subscription = new Subscription(this, userId);
        _subscribers.GetOrAdd(userId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Notify(string userId)
    {
        if (_subscribers.TryGetValue(userId, out var set))
        {
            foreach (var s in set.Keys)
            {
                s.Signal();
            }
        }
    }

    public int SubscriberCount(string userId) => _subscribers.TryGetValue(userId, out var set) ? set.Count : 0;

    private void Remove(Subscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.UserId, out var set))
        {
            set.TryRemove(subscription, out _);
        }
    }

    public sealed class Subscription(NotificationStream owner, string userId) : IDisposable
    {
        private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public string UserId => userId;

        internal void Signal() => _wake.Writer.TryWrite(true);

        /// <summary>True when woken, false when the timeout passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                return await _wake.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => owner.Remove(this);
    }
}
