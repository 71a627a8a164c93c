namespace Platform.Coordination.Domain;

/// <summary>The referral lifecycle, in order: a later status never goes back to an earlier one.</summary>
public enum ReferralStatus
{
    /// <summary>Written with its outgoing message in the outbox; not yet confirmed by the broker.</summary>
    Requested,
    /// <summary>The broker confirmed the message on the police exchange.</summary>
    Sent,
    Acknowledged,
    Accepted,
    Declined,
    OutcomeRecorded,
    Closed,
}

public enum ReferralSeverity
{
    /// <summary>Someone's life or safety is at risk.</summary>
    LifeSafety,
    /// <summary>Drugs or child abuse without immediate danger.</summary>
    Urgent,
    Routine,
}

public enum ReferralTrigger
{
    /// <summary>Referred at once by the rules (life-safety, drugs).</summary>
    Automatic,
    /// <summary>A school or district chose to refer it.</summary>
    Manual,
}

/// <summary>What became of a reply from the police.</summary>
public enum ReplyEffect
{
    Applied,
    /// <summary>The referral had already moved past what the reply says (late or out of order): nothing changes.</summary>
    IgnoredLate,
    /// <summary>The reply contradicts an earlier decision (accepted after declined, or the reverse): the first one stands.</summary>
    IgnoredConflict,
    /// <summary>
    /// The referral had moved past the reply, but the reply carries what the referral lacks: an acceptance that came
    /// after the outcome (replies are applied side by side) still gives the police case reference. The status stays.
    /// </summary>
    DetailsAdded,
}

/// <summary>An incident handed to the police, followed until closed.</summary>
public sealed class Referral
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public Guid ReportingUnitId { get; set; }
    /// <summary>The reporting unit's supervising units when reported, nearest first: whom a missed SLA escalates to.</summary>
    public List<Guid> SupervisingUnitIds { get; set; } = [];
    public Guid? PoliceUnitId { get; set; }
    public required string Category { get; set; }
    public ReferralSeverity Severity { get; set; }
    public ReferralTrigger Trigger { get; set; }
    public ReferralStatus Status { get; set; }
    public string? Note { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>When the police must have acknowledged by; moves on with every re-send.</summary>
    public DateTimeOffset AcknowledgeBy { get; set; }
    public int SendAttempts { get; set; } = 1;
    public DateTimeOffset? AcknowledgedAt { get; set; }
    /// <summary>When the platform received the acknowledgement (for latency and SLA reports).</summary>
    public DateTimeOffset? AcknowledgementReceivedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? HandlingUnit { get; set; }
    public string? PoliceCaseReference { get; set; }
    public string? DeclineReason { get; set; }
    public string? Outcome { get; set; }
    public string? OutcomeSummary { get; set; }
    /// <summary>0 until a missed SLA escalates it; then how far up the supervising chain it went.</summary>
    public int EscalationLevel { get; set; }
    public List<Guid> EscalatedToUnitIds { get; set; } = [];
    public DateTimeOffset? LastEscalatedAt { get; set; }
    public List<ReferralEvent> History { get; set; } = [];

    public bool AwaitsAcknowledgement => Status is ReferralStatus.Requested or ReferralStatus.Sent;

    /// <summary>The police still have something to do: not declined, no outcome yet, not closed.</summary>
    public bool AwaitsPolice => Status is not (ReferralStatus.Declined or ReferralStatus.OutcomeRecorded or ReferralStatus.Closed);

    /// <summary>
    /// The police unit it went to was dissolved: while the police still have something to do the referral passes to
    /// the successor; without a successor it stays where it was, with the reason in its history for the school to act on.
    /// </summary>
    /// <returns>True when the referral changed.</returns>
    public bool PoliceUnitDissolved(Guid dissolvedUnitId, Guid? successorUnitId, string detail, DateTimeOffset now)
    {
        if (PoliceUnitId != dissolvedUnitId || !AwaitsPolice) return false;
        if (successorUnitId is { } successor) PoliceUnitId = successor;
        Log(now, successorUnitId is null ? "PoliceUnitDissolved" : "PoliceUnitSucceeded", null, detail);
        return true;
    }

    /// <summary>A supervising unit was dissolved: escalation goes to its successor instead (or skips it).</summary>
    public bool SupervisingUnitDissolved(Guid dissolvedUnitId, Guid? successorUnitId)
    {
        var index = SupervisingUnitIds.IndexOf(dissolvedUnitId);
        if (index < 0 || Status == ReferralStatus.Closed) return false;
        SupervisingUnitIds = successorUnitId is { } s && !SupervisingUnitIds.Contains(s)
            ? [.. SupervisingUnitIds.Take(index), s, .. SupervisingUnitIds.Skip(index + 1)]
            : [.. SupervisingUnitIds.Where(u => u != dissolvedUnitId)];
        return true;
    }

    private static int Rank(ReferralStatus s) => s switch
    {
        ReferralStatus.Requested => 0,
        ReferralStatus.Sent => 1,
        ReferralStatus.Acknowledged => 2,
        ReferralStatus.Accepted or ReferralStatus.Declined => 3,
        ReferralStatus.OutcomeRecorded => 4,
        _ => 5,
    };

    public static Referral Create(Guid id, IncidentRecord incident, ReferralSeverity severity, ReferralTrigger trigger, Guid? policeUnitId,
        string requestedBy, string? note, DateTimeOffset now, TimeSpan acknowledgeWithin)
    {
        var referral = new Referral
        {
            Id = id,
            IncidentId = incident.Id,
            ReportingUnitId = incident.ReportingUnitId,
            SupervisingUnitIds = [.. incident.SupervisingUnitIds],
            PoliceUnitId = policeUnitId,
            Category = incident.Category,
            Severity = severity,
            Trigger = trigger,
            Status = ReferralStatus.Requested,
            Note = note,
            RequestedBy = requestedBy,
            RequestedAt = now,
            AcknowledgeBy = now + acknowledgeWithin,
        };
        referral.Log(now, "Requested", null, trigger == ReferralTrigger.Automatic
            ? $"Chuyển tự động theo quy tắc ({severity})" : $"Chuyển theo đề nghị của {requestedBy}");
        return referral;
    }

    /// <summary>The broker confirmed the message on the police exchange.</summary>
    /// <returns>True when this moved the referral from Requested to Sent.</returns>
    public bool MarkSent(DateTimeOffset now, int attempt)
    {
        SentAt ??= now;
        Log(now, "Sent", null, $"Lần gửi {attempt}");
        if (Status != ReferralStatus.Requested) return false;
        Status = ReferralStatus.Sent;
        return true;
    }

    public ReplyEffect Acknowledge(DateTimeOffset acknowledgedAt, string? handlingUnit, DateTimeOffset receivedAt, Guid messageId)
    {
        if (Rank(Status) >= Rank(ReferralStatus.Acknowledged))
        {
            return Ignore(receivedAt, messageId, "Acknowledged", ReplyEffect.IgnoredLate);
        }
        AcknowledgedAt = acknowledgedAt;
        AcknowledgementReceivedAt = receivedAt;
        HandlingUnit ??= handlingUnit;
        SentAt ??= acknowledgedAt;
        Status = ReferralStatus.Acknowledged;
        Log(receivedAt, "Acknowledged", messageId, handlingUnit);
        return ReplyEffect.Applied;
    }

    public ReplyEffect Accept(DateTimeOffset acceptedAt, string caseReference, string? handlingUnit, DateTimeOffset receivedAt, Guid messageId)
    {
        if (Status == ReferralStatus.Declined) return Ignore(receivedAt, messageId, "Accepted", ReplyEffect.IgnoredConflict);
        if (Status == ReferralStatus.OutcomeRecorded && PoliceCaseReference is null)
        {
            // The outcome came first and implied the acceptance; the acceptance's case reference and decision time are its own.
            DecidedAt = acceptedAt;
            PoliceCaseReference = caseReference;
            HandlingUnit = handlingUnit ?? HandlingUnit;
            Log(receivedAt, "Accepted", messageId, caseReference);
            return ReplyEffect.DetailsAdded;
        }
        if (Rank(Status) >= Rank(ReferralStatus.Accepted)) return Ignore(receivedAt, messageId, "Accepted", ReplyEffect.IgnoredLate);
        ImplyAcknowledged(acceptedAt, receivedAt);
        DecidedAt = acceptedAt;
        PoliceCaseReference = caseReference;
        HandlingUnit = handlingUnit ?? HandlingUnit;
        Status = ReferralStatus.Accepted;
        Log(receivedAt, "Accepted", messageId, caseReference);
        return ReplyEffect.Applied;
    }

    public ReplyEffect Decline(DateTimeOffset declinedAt, string reason, DateTimeOffset receivedAt, Guid messageId)
    {
        if (Status is ReferralStatus.Accepted or ReferralStatus.OutcomeRecorded) return Ignore(receivedAt, messageId, "Declined", ReplyEffect.IgnoredConflict);
        if (Rank(Status) >= Rank(ReferralStatus.Declined)) return Ignore(receivedAt, messageId, "Declined", ReplyEffect.IgnoredLate);
        ImplyAcknowledged(declinedAt, receivedAt);
        DecidedAt = declinedAt;
        DeclineReason = reason;
        Status = ReferralStatus.Declined;
        Log(receivedAt, "Declined", messageId, reason);
        return ReplyEffect.Applied;
    }

    public ReplyEffect RecordOutcome(DateTimeOffset recordedAt, string outcome, string? summary, DateTimeOffset receivedAt, Guid messageId)
    {
        if (Status == ReferralStatus.Declined) return Ignore(receivedAt, messageId, "OutcomeRecorded", ReplyEffect.IgnoredConflict);
        if (Rank(Status) >= Rank(ReferralStatus.OutcomeRecorded)) return Ignore(receivedAt, messageId, "OutcomeRecorded", ReplyEffect.IgnoredLate);
        // An outcome means the police took the case on, even when the acceptance is still on its way.
        ImplyAcknowledged(recordedAt, receivedAt);
        DecidedAt ??= recordedAt;
        OutcomeAt = recordedAt;
        Outcome = outcome;
        OutcomeSummary = summary;
        Status = ReferralStatus.OutcomeRecorded;
        Log(receivedAt, "OutcomeRecorded", messageId, outcome);
        return ReplyEffect.Applied;
    }

    /// <summary>The acknowledgement deadline passed: send again, and escalate one level up the supervising chain.</summary>
    /// <returns>The unit escalated to, or null when the chain is exhausted (it stays escalated at the top).</returns>
    public Guid? MissedAcknowledgement(DateTimeOffset now, TimeSpan acknowledgeWithin, int maxSendAttempts, out bool resend)
    {
        if (!AwaitsAcknowledgement)
        {
            throw new InvalidOperationException($"Referral {Id} is {Status}; it does not wait for an acknowledgement.");
        }
        var missed = AcknowledgeBy;
        resend = SendAttempts < maxSendAttempts;
        if (resend) SendAttempts++;
        AcknowledgeBy = now + acknowledgeWithin;
        Guid? target = null;
        if (EscalationLevel < SupervisingUnitIds.Count)
        {
            target = SupervisingUnitIds[EscalationLevel];
            EscalationLevel++;
            EscalatedToUnitIds.Add(target.Value);
        }
        LastEscalatedAt = now;
        Log(now, "Escalated", null, $"Quá hạn xác nhận {missed:O}; cấp {EscalationLevel}{(resend ? $", gửi lại lần {SendAttempts}" : "")}");
        return target;
    }

    public void Close(string userId, string? note, DateTimeOffset now)
    {
        if (Status is not (ReferralStatus.OutcomeRecorded or ReferralStatus.Declined))
        {
            throw new DomainException(
                $"Chỉ đóng được hồ sơ chuyển công an khi công an đã từ chối hoặc đã có kết quả (hiện: {Status}).",
                $"A referral can be closed only after the police declined it or recorded an outcome (it is {Status}).");
        }
        Status = ReferralStatus.Closed;
        ClosedAt = now;
        ClosedBy = userId;
        Log(now, "Closed", null, note);
    }

    private void ImplyAcknowledged(DateTimeOffset at, DateTimeOffset receivedAt)
    {
        AcknowledgedAt ??= at;
        AcknowledgementReceivedAt ??= receivedAt;
        SentAt ??= at;
    }

    private ReplyEffect Ignore(DateTimeOffset receivedAt, Guid messageId, string what, ReplyEffect effect)
    {
        Log(receivedAt, "ReplyIgnored", messageId, $"{what} ({effect}) khi đã ở trạng thái {Status}");
        return effect;
    }

    private void Log(DateTimeOffset at, string kind, Guid? messageId, string? detail) =>
        History.Add(new ReferralEvent { Id = Guid.CreateVersion7(at), ReferralId = Id, At = at, Kind = kind, MessageId = messageId, Detail = detail });
}

/// <summary>One line of a referral's history, including replies that changed nothing.</summary>
public sealed class ReferralEvent
{
    public Guid Id { get; set; }
    public Guid ReferralId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public Guid? MessageId { get; set; }
    public string? Detail { get; set; }
    /// <summary>W3C trace id (32 hex digits) of the step that wrote this line, when it ran inside a trace.</summary>
    public string? TraceId { get; set; }
}

/// <summary>
/// An incident as the reporting service published it (pseudonymous, without the school's narrative), kept so a
/// school or district can refer it later. The description and actions taken are read on reporting's incident page.
/// </summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public Guid ReportingUnitId { get; set; }
    public List<Guid> SupervisingUnitIds { get; set; } = [];
    public required string Category { get; set; }
    public bool IsLifeSafety { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Place { get; set; }
    public int PupilsInvolved { get; set; }
    public int OthersInvolved { get; set; }
    public List<IncidentPersonRecord> People { get; set; } = [];
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

public sealed class IncidentPersonRecord
{
    public required string PseudonymousId { get; set; }
    public required string Role { get; set; }
    public bool IsPupil { get; set; }
    public required string AgeBand { get; set; }
}

/// <summary>Which incidents go to the police at once, and how urgent each is.</summary>
public sealed class ReferralRules(IReadOnlyCollection<string> automaticCategories, IReadOnlyCollection<string> urgentCategories)
{
    public static readonly IReadOnlyList<string> DefaultAutomaticCategories = ["Drugs"];
    public static readonly IReadOnlyList<string> DefaultUrgentCategories = ["Drugs", "ChildAbuse"];

    public static ReferralRules Default { get; } = new(DefaultAutomaticCategories, DefaultUrgentCategories);

    /// <summary>Life-safety cases always; otherwise the categories referred at once whatever their severity.</summary>
    public bool IsReferredAtOnce(IncidentRecord incident) =>
        incident.IsLifeSafety || automaticCategories.Contains(incident.Category, StringComparer.OrdinalIgnoreCase);

    public ReferralSeverity SeverityOf(IncidentRecord incident) =>
        incident.IsLifeSafety ? ReferralSeverity.LifeSafety
        : urgentCategories.Contains(incident.Category, StringComparer.OrdinalIgnoreCase) ? ReferralSeverity.Urgent
        : ReferralSeverity.Routine;
}
