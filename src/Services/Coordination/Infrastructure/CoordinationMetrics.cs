using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Coordination.Infrastructure;

/// <summary>The coordination service's own telemetry, shown on the Aspire dashboard.</summary>
public static class CoordinationMetrics
{
    public const string Name = "Platform.Coordination";
    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);
    private static long _awaitingAcknowledgement;

    /// <summary>Set by the SLA monitor's scans; read by the gauge.</summary>
    public static long AwaitingAcknowledgement
    {
        get => Interlocked.Read(ref _awaitingAcknowledgement);
        set => Interlocked.Exchange(ref _awaitingAcknowledgement, value);
    }

    public static readonly ObservableGauge<long> ReferralsAwaitingAcknowledgement = Meter.CreateObservableGauge(
        "platform.coordination.referrals_awaiting_acknowledgement", () => AwaitingAcknowledgement, "{referral}",
        "Referrals sent to the police that the police have not acknowledged yet");
    public static readonly Counter<long> ReferralsRequested = Meter.CreateCounter<long>(
        "platform.coordination.referrals_requested", "{referral}", "Incidents referred to the police");
    public static readonly Counter<long> ReferralsEscalated = Meter.CreateCounter<long>(
        "platform.coordination.referrals_escalated", "{escalation}", "Missed acknowledgement deadlines (re-sent and escalated)");
    public static readonly Counter<long> PoliceRepliesApplied = Meter.CreateCounter<long>(
        "platform.coordination.police_replies", "{message}", "Replies from the police, by effect");
    public static readonly Counter<long> PoliceRepliesRejected = Meter.CreateCounter<long>(
        "platform.coordination.police_replies_rejected", "{message}", "Replies refused: wrong sender, unreadable, unknown type or referral");
    public static readonly Histogram<double> AcknowledgementLatency = Meter.CreateHistogram<double>(
        "platform.coordination.acknowledgement_latency", "s", "From referral requested to police acknowledgement received");
    public static readonly Counter<long> BriefingsMissed = Meter.CreateCounter<long>(
        "platform.coordination.briefings_missed", "{period}", "Cadence periods without a briefing meeting");
}
