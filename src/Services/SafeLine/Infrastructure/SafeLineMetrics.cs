using System.Diagnostics.Metrics;

namespace Platform.SafeLine.Infrastructure;

/// <summary>The safe line's own metrics on the dashboard (meter <c>Platform.SafeLine</c>): counts only, never who.</summary>
public static class SafeLineMetrics
{
    public static readonly Meter Meter = new("Platform.SafeLine");
    public static readonly Counter<long> Received = Meter.CreateCounter<long>("platform.safeline.cases_received", description: "Anonymous reports received");
    public static readonly Counter<long> Escalated = Meter.CreateCounter<long>("platform.safeline.cases_escalated", description: "High-severity cases escalated for want of acknowledgement");
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("platform.safeline.requests_rejected", description: "Requests refused by the rate limit or the honeypot");
}
