namespace Platform.Messaging.Tests;

// Test-only contracts: their own exchanges keep these tests apart from the ones that publish UnitRegistered.

/// <summary>Asks the inbox consumer to add one to a counter.</summary>
public sealed record WidgetCounted
{
    public required string CounterName { get; init; }

    /// <summary>When set, each delivery waits for its duplicate so both are in the consumer at once.</summary>
    public bool DeliverTogether { get; init; }
}

/// <summary>Handled by a consumer that always fails.</summary>
public sealed record WidgetInspected
{
    public required Guid WidgetId { get; init; }
}
