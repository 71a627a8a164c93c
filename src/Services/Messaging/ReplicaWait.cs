using MassTransit;

namespace Platform.Messaging;

/// <summary>
/// For consumers that need a unit their service's replica may not hold yet. The replica is fed on another queue,
/// so after a large change of the organisation (the demo's 2025 reform is some 3,200 events) a move or dissolution
/// can arrive well before the units it names: the consumer throws, and this policy redelivers it every
/// <see cref="Interval"/> for up to <see cref="Attempts"/> tries — long enough for the replica to catch up — before the
/// bus's own retries and the error queue. The bus-wide policy alone (five tries within seconds) lost such moves.
/// </summary>
public static class ReplicaWait
{
    public const int Attempts = 120;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static void Apply<TConsumer>(IRegistrationContext context, IConsumerConfigurator<TConsumer> consumer) where TConsumer : class, IConsumer =>
        consumer.UseMessageRetry(retry => retry.Interval(Attempts, Interval));
}
