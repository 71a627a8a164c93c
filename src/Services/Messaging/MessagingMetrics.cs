using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Messaging;

/// <summary>Telemetry of the outbox and inbox, shown on the Aspire dashboard.</summary>
public static class MessagingMetrics
{
    public const string Name = "Platform.Messaging";
    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "platform.outbox.published", "{message}", "Outbox rows published and confirmed by the broker");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>(
        "platform.outbox.publish_failures", "{attempt}", "Publish attempts that failed and were rescheduled");
    public static readonly Counter<long> InboxApplied = Meter.CreateCounter<long>(
        "platform.inbox.applied", "{message}", "Messages applied by a consumer");
    public static readonly Counter<long> InboxDuplicates = Meter.CreateCounter<long>(
        "platform.inbox.duplicates", "{message}", "Redelivered messages recognised by the inbox and skipped");
}
