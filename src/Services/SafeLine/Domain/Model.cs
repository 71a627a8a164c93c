namespace Platform.SafeLine.Domain;

/// <summary>What happened, as the reporter chose it.</summary>
public enum CaseCategory { Bullying, Violence, Drugs, Abuse, SelfHarm, Other }

public enum CaseSeverity { Normal, High }

/// <summary>New until a handler acknowledges it (đã được tiếp nhận); closed with an outcome the reporter can read.</summary>
public enum CaseStatus { New, Acknowledged, Closed }

/// <summary>
/// An anonymous report to a school's safe line (tin báo ẩn danh). Nothing here identifies the reporter: no address,
/// no browser, no account, and times only to the minute. The reporter comes back with <see cref="Code"/> and a
/// passphrase of which only a slow hash is kept.
/// </summary>
public sealed class SafeCase
{
    public const int TextMax = 4000;
    public const int PlaceMax = 200;
    public const int ContactMax = 200;
    public const int OutcomeMax = 1000;

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public byte[] PassphraseSalt { get; private set; } = [];
    public byte[] PassphraseHash { get; private set; } = [];
    public Guid SchoolId { get; private set; }
    public CaseCategory Category { get; private set; }
    public CaseSeverity Severity { get; private set; }
    /// <summary>When it happened, to the day …</summary>
    public DateOnly OccurredOn { get; private set; }
    /// <summary>… and to the hour when the reporter knows it (0–23, Vietnamese time).</summary>
    public int? OccurredHour { get; private set; }
    public string? Place { get; private set; }
    public string Text { get; private set; } = "";
    /// <summary>How the reporter may be reached, only when they chose to give it.</summary>
    public string? Contact { get; private set; }
    public CaseStatus Status { get; private set; }
    /// <summary>Received, to the minute.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }
    /// <summary>For a high-severity case not yet acknowledged: when the current level's time runs out.</summary>
    public DateTimeOffset? AcknowledgeBy { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    /// <summary>0: the school; 1: its supervising unit; 2: the Department.</summary>
    public int EscalationLevel { get; private set; }
    public Guid? EscalatedToUnitId { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? Outcome { get; private set; }
    public bool ClosedAsSpam { get; private set; }
    public DateTimeOffset LastActivityAt { get; private set; }
    public List<CaseMessage> Messages { get; private set; } = [];

    private SafeCase() { }

    public static SafeCase Open(string code, PassphraseHash passphrase, Guid schoolId, CaseCategory category, DateOnly occurredOn, int? occurredHour,
        string? place, string text, string? contact, DateTimeOffset now, Func<DateTimeOffset, TimeSpan> acknowledgementTime)
    {
        var received = ToMinute(now);
        var severity = Triage.Assess(category, text, place);
        var @case = new SafeCase
        {
            Id = Guid.NewGuid(), // random: a version 7 id would carry the millisecond it was made
            Code = code,
            PassphraseSalt = passphrase.Salt,
            PassphraseHash = passphrase.Hash,
            SchoolId = schoolId,
            Category = category,
            Severity = severity,
            OccurredOn = occurredOn,
            OccurredHour = occurredHour,
            Place = place,
            Text = text,
            Contact = contact,
            Status = CaseStatus.New,
            ReceivedAt = received,
            LastActivityAt = received,
            AcknowledgeBy = severity == CaseSeverity.High ? received + acknowledgementTime(now) : null,
        };
        return @case;
    }

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <param name="raised">Whether the new words raised the case to high severity (it now awaits acknowledgement).</param>
    public CaseMessage AddFromReporter(string text, DateTimeOffset now, Func<DateTimeOffset, TimeSpan> acknowledgementTime, out bool raised)
    {
        if (Status == CaseStatus.Closed) throw new SafeLineRuleException("Tin báo đã đóng; không thể viết thêm.", "The case is closed.");
        var message = new CaseMessage(Id, fromReporter: true, authorUserId: null, authorName: null, text, ToMinute(now));
        Messages.Add(message);
        LastActivityAt = message.At;
        // More words may raise the severity; they never lower it.
        raised = Severity == CaseSeverity.Normal && Triage.Assess(Category, text, null) == CaseSeverity.High;
        if (raised)
        {
            Severity = CaseSeverity.High;
            if (!IsAcknowledged) AcknowledgeBy = message.At + acknowledgementTime(now);
            else raised = false;
        }
        return message;
    }

    public CaseMessage Reply(string userId, string name, string text, DateTimeOffset now)
    {
        if (Status == CaseStatus.Closed) throw new SafeLineRuleException("Tin báo đã đóng; không thể trả lời.", "The case is closed.");
        Acknowledge(userId, now);
        var message = new CaseMessage(Id, fromReporter: false, userId, name, text, ToMinute(now));
        Messages.Add(message);
        LastActivityAt = message.At;
        return message;
    }

    /// <returns>Whether this call acknowledged it (false when it had been already).</returns>
    public bool Acknowledge(string userId, DateTimeOffset now)
    {
        if (IsAcknowledged) return false;
        AcknowledgedAt = ToMinute(now);
        AcknowledgedBy = userId;
        AcknowledgeBy = null;
        if (Status == CaseStatus.New) Status = CaseStatus.Acknowledged;
        return true;
    }

    public void Close(string userId, string? outcome, bool spam, DateTimeOffset now)
    {
        if (Status == CaseStatus.Closed) throw new SafeLineRuleException("Tin báo đã đóng.", "The case is already closed.");
        if (!spam) Acknowledge(userId, now);
        AcknowledgeBy = null;
        Status = CaseStatus.Closed;
        ClosedAt = ToMinute(now);
        ClosedAsSpam = spam;
        Outcome = spam ? null : outcome;
        LastActivityAt = ClosedAt.Value;
    }

    /// <summary>
    /// The acknowledgement time ran out: one level up (the school's supervising unit, then the Department), with a new
    /// deadline. Returns false when there is nowhere higher to go: the Department keeps the case until someone acts.
    /// </summary>
    public bool Escalate(IReadOnlyList<Guid> chainAbove, DateTimeOffset now, TimeSpan nextWindow)
    {
        if (IsAcknowledged || Status == CaseStatus.Closed || AcknowledgeBy is null || AcknowledgeBy > now) return false;
        // chainAbove: supervising unit first, Department (the top) last.
        Guid? target = EscalationLevel switch
        {
            0 when chainAbove.Count > 0 => chainAbove[0],
            1 when chainAbove.Count > 1 => chainAbove[^1],
            _ => null,
        };
        if (target is null)
        {
            AcknowledgeBy = null;
            return false;
        }
        EscalationLevel = EscalationLevel == 0 && chainAbove.Count == 1 ? 2 : EscalationLevel + 1;
        EscalatedToUnitId = target;
        AcknowledgeBy = ToMinute(now) + nextWindow;
        return true;
    }

    /// <summary>Times kept with a case are cut to the minute: finer ones could single a reporter out of the gateway's records.</summary>
    public static DateTimeOffset ToMinute(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }
}

/// <summary>One message of a case's conversation, from the reporter or from a handler.</summary>
public sealed class CaseMessage
{
    public const int TextMax = 4000;

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public long Sequence { get; private set; }
    public bool FromReporter { get; private set; }
    public string? AuthorUserId { get; private set; }
    public string? AuthorName { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    private CaseMessage() { }

    internal CaseMessage(Guid caseId, bool fromReporter, string? authorUserId, string? authorName, string text, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        FromReporter = fromReporter;
        AuthorUserId = authorUserId;
        AuthorName = authorName;
        Text = text;
        At = at;
    }
}

/// <summary>A member of staff reading a case's text: recorded every time, never changed or removed (append-only).</summary>
public sealed class CaseRead
{
    public long Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string UserId { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    private CaseRead() { }

    public CaseRead(Guid caseId, string userId, string userName, DateTimeOffset at)
    {
        CaseId = caseId;
        UserId = userId;
        UserName = userName;
        At = at;
    }
}

/// <summary>A member of staff the principal named to handle the school's safe line (cán bộ tiếp nhận).</summary>
public sealed class SchoolHandler
{
    public const int NameMax = 200;
    public const int UserIdMax = 128;

    public Guid SchoolId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NamedBy { get; private set; } = "";
    public DateTimeOffset NamedAt { get; private set; }

    private SchoolHandler() { }

    public SchoolHandler(Guid schoolId, string userId, string name, string namedBy, DateTimeOffset namedAt)
    {
        SchoolId = schoolId;
        UserId = userId;
        Name = name;
        NamedBy = namedBy;
        NamedAt = namedAt;
    }

    public void Rename(string name) => Name = name;
}

/// <summary>
/// A member of a school's staff who opened the safe line's page: how the principal, who cannot browse the accounts
/// directory, finds the people to name as handlers. Refreshed from the token each time they come.
/// </summary>
public sealed class StaffMember
{
    public Guid SchoolId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateOnly LastSeenOn { get; private set; }

    private StaffMember() { }

    public StaffMember(Guid schoolId, string userId, string name, DateOnly seenOn)
    {
        SchoolId = schoolId;
        UserId = userId;
        Name = name;
        LastSeenOn = seenOn;
    }

    public void Seen(string name, DateOnly on)
    {
        Name = name;
        LastSeenOn = on;
    }
}

/// <summary>A rule of the safe line broken by a request (closed case): a 409 with the message.</summary>
public sealed class SafeLineRuleException(string vietnamese, string english) : Exception(english)
{
    public string Vietnamese { get; } = vietnamese;
    public string English { get; } = english;
}
