namespace Platform.Notifications.Domain;

/// <summary>What a notification is about; each kind has its own email preference.</summary>
public enum NotificationKind
{
    TaskAssigned,
    AssignmentDueSoon,
    AssignmentOverdue,
    AssignmentEscalated,
    QuestionAnswered,
    ReportRequested,
    ReportReturned,
    ReportApproved,
    ReportOverdue,
    IncidentReported,
    ReferralStatusChanged,
    ReferralEscalated,
    BriefingCadenceMissed,
    MeetingDecisionRecorded,
    SafeLineCaseRaised,
    SafeLineCaseEscalated,
}

/// <summary>How a person wants email for a kind; the in-app inbox is always on.</summary>
public enum EmailMode
{
    Immediate,
    /// <summary>Collected into one email a day (bản tin tổng hợp hằng ngày).</summary>
    Digest,
    Off,
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    /// <summary>Gave up after the configured attempts; counted and logged for operators.</summary>
    Failed,
}

public static class NotificationKinds
{
    public static string Label(NotificationKind kind) => kind switch
    {
        NotificationKind.TaskAssigned => "Nhiệm vụ được giao",
        NotificationKind.AssignmentDueSoon => "Nhiệm vụ sắp đến hạn",
        NotificationKind.AssignmentOverdue => "Nhiệm vụ quá hạn",
        NotificationKind.AssignmentEscalated => "Nhiệm vụ quá hạn của đơn vị cấp dưới",
        NotificationKind.QuestionAnswered => "Trả lời câu hỏi",
        NotificationKind.ReportRequested => "Yêu cầu báo cáo",
        NotificationKind.ReportReturned => "Báo cáo bị trả lại",
        NotificationKind.ReportApproved => "Báo cáo được duyệt",
        NotificationKind.ReportOverdue => "Báo cáo quá hạn",
        NotificationKind.IncidentReported => "Sự việc được báo cáo",
        NotificationKind.ReferralStatusChanged => "Phản hồi của công an",
        NotificationKind.ReferralEscalated => "Công an chưa tiếp nhận đúng hạn",
        NotificationKind.BriefingCadenceMissed => "Chưa giao ban đúng định kỳ",
        NotificationKind.MeetingDecisionRecorded => "Kết luận giao ban",
        NotificationKind.SafeLineCaseRaised => "Tin báo ẩn danh khẩn",
        NotificationKind.SafeLineCaseEscalated => "Tin báo ẩn danh chưa được tiếp nhận",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A person who can be notified, as this service knows them: from identity's account events (the source
/// of truth once heard from), else from the token claims when the person calls this service, or from an
/// administrator's registration.
/// </summary>
public sealed class Recipient
{
    public const string FromIdentity = "identity";
    public const string FromToken = "token";
    public const string FromAdmin = "admin";

    public const int IdMax = 128;
    public const int EmailMax = 256;
    public const int NameMax = 256;

    /// <summary>The token's <c>sub</c>.</summary>
    public required string UserId { get; set; }
    public Guid UnitId { get; set; }
    public List<string> Roles { get; set; } = [];
    public string? Email { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>Local time (Asia/Ho_Chi_Minh) from which no ordinary email is sent (giờ yên tĩnh).</summary>
    public TimeOnly? QuietHoursStart { get; set; }
    public TimeOnly? QuietHoursEnd { get; set; }
    /// <summary><c>identity</c>, <c>token</c> or <c>admin</c>: where the unit and roles were last learnt.</summary>
    public required string Source { get; set; }
    /// <summary>False while identity reports the account locked by an administrator: nobody notifies a locked account.</summary>
    public bool IsActive { get; set; } = true;
    /// <summary>The <c>OccurredAt</c> of the last identity event applied; older ones are stale and ignored.</summary>
    public DateTimeOffset? IdentityUpdatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }

    public QuietHours? QuietHours => QuietHoursStart is { } s && QuietHoursEnd is { } e ? new QuietHours(s, e) : null;
}

public sealed class RecipientPreference
{
    public required string UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public EmailMode EmailMode { get; set; }
}

/// <summary>One item of one person's inbox.</summary>
public sealed class Notification
{
    public const int TitleMax = 300;
    public const int BodyMax = 2000;
    public const int LinkMax = 500;

    public Guid Id { get; set; }
    /// <summary>Insertion order: the live stream's cursor (SSE event id).</summary>
    public long Sequence { get; set; }
    public required string RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>Path of the object in the web client, e.g. <c>/tasks/assignments/{id}</c>.</summary>
    public required string Link { get; set; }
    public bool IsUrgent { get; set; }
    /// <summary>The MassTransit MessageId of the event: with the recipient, the notification's identity.</summary>
    public Guid EventId { get; set; }
    public Guid? UnitId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>The email of one notification: at most one per notification (unique), sent alone or in a digest.</summary>
public sealed class EmailDelivery
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    public required string RecipientId { get; set; }
    public required string ToAddress { get; set; }
    public EmailMode Mode { get; set; }
    public DeliveryStatus Status { get; set; }
    /// <summary>When it may go out next: now, the end of quiet hours, the digest hour, or after a backoff.</summary>
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The digest email that carried it.</summary>
    public Guid? DigestId { get; set; }
}
