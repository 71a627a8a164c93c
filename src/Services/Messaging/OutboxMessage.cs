namespace Platform.Messaging;

/// <summary>
/// An integration event waiting to be published. It is written in the same transaction as the state
/// change that caused it, so the event exists if and only if the change committed.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Also the MassTransit MessageId, so consumers' inboxes recognise a republished row.</summary>
    public Guid Id { get; set; }

    /// <summary>Commit order; the relay publishes in this order while the broker is healthy.</summary>
    public long Sequence { get; set; }

    /// <summary>CLR type of the contract, e.g. <c>Platform.Contracts.Units.UnitRegistered, Platform.Contracts</c>.</summary>
    public required string MessageType { get; set; }

    public required string Body { get; set; }

    /// <summary>W3C traceparent of the request that wrote the row, so the trace continues through the relay.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

/// <summary>A message a consumer has applied; its key makes a redelivery a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
