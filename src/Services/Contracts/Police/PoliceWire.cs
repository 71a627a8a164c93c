namespace Platform.Contracts.Police.V1;

/// <summary>
/// Where the police contract lives on the broker (docs/asyncapi.yaml is the full description). Two topic
/// exchanges, one per direction; the routing key names the message; the body is plain JSON (camelCase).
/// </summary>
public static class PoliceWire
{
    public const string Version = "1";

    /// <summary>Platform → police. Topic exchange, durable.</summary>
    public const string OutboundExchange = "police.v1.outbound";

    /// <summary>Durable queue bound to <see cref="OutboundExchange"/> with <c>#</c>: the police system consumes it.</summary>
    public const string PoliceInboxQueue = "police.v1.inbox";

    /// <summary>Police → platform. Topic exchange, durable; only the police system's broker user may publish.</summary>
    public const string RepliesExchange = "police.v1.replies";

    /// <summary>The platform's queue of police replies, bound to <see cref="RepliesExchange"/> with <c>referral.*</c>.</summary>
    public const string RepliesQueue = "coordination.police-replies";

    /// <summary>Replies the platform refused (wrong sender, unreadable, unknown type) end up here for operators.</summary>
    public const string RejectedExchange = "police.v1.replies.rejected";
    public const string RejectedQueue = "coordination.police-replies.rejected";

    /// <summary>
    /// The queue argument that makes the three queues above quorum queues on a RabbitMQ cluster (value <c>quorum</c>);
    /// a single broker has them classic (no argument). A client that declares one of them actively must pass the same
    /// type, or the broker refuses the declaration (406 PRECONDITION_FAILED); a passive declaration fits either.
    /// </summary>
    public const string QueueTypeArgument = "x-queue-type";

    /// <summary>AMQP header carrying the contract version.</summary>
    public const string VersionHeader = "contract-version";
    /// <summary>W3C trace context header, so a trace spans platform → police → platform.</summary>
    public const string TraceParentHeader = "traceparent";

    public const string ContentType = "application/json";

    public const string ReferralRequested = "referral.requested";
    public const string MeetingScheduled = "meeting.scheduled";
    public const string MeetingCancelled = "meeting.cancelled";
    public const string ProgrammeSigned = "programme.signed";
    public const string ReferralAcknowledged = "referral.acknowledged";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralDeclined = "referral.declined";
    public const string ReferralOutcomeRecorded = "referral.outcome-recorded";

    /// <summary>Routing key → AMQP <c>type</c> property (the contract type's name).</summary>
    public static readonly IReadOnlyDictionary<string, string> MessageTypes = new Dictionary<string, string>
    {
        [ReferralRequested] = nameof(PoliceReferralRequested),
        [MeetingScheduled] = nameof(BriefingMeetingScheduled),
        [MeetingCancelled] = nameof(BriefingMeetingCancelled),
        [ProgrammeSigned] = nameof(CoordinationProgrammeSigned),
        [ReferralAcknowledged] = nameof(PoliceReferralAcknowledged),
        [ReferralAccepted] = nameof(PoliceReferralAccepted),
        [ReferralDeclined] = nameof(PoliceReferralDeclined),
        [ReferralOutcomeRecorded] = nameof(PoliceReferralOutcomeRecorded),
    };
}
