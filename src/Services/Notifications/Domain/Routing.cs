using System.Globalization;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Coordination;
using Platform.Contracts.Reporting;
using Platform.Contracts.SafeLine;
using Platform.Contracts.Tasks;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Domain;

/// <summary>The people of one unit who hold one of the roles.</summary>
public sealed record AudienceRule(Guid UnitId, IReadOnlySet<string> Roles);

/// <summary>What one event becomes: the same text for everyone in its audience.</summary>
public sealed record NotificationDraft(
    NotificationKind Kind,
    string Title,
    string Body,
    string Link,
    bool IsUrgent,
    Guid? UnitId,
    DateTimeOffset OccurredAt,
    IReadOnlyList<AudienceRule> Audience);

/// <summary>A recipient as routing sees them.</summary>
public sealed record RecipientCandidate(string UserId, Guid UnitId, IReadOnlyCollection<string> Roles);

/// <summary>Names and parents of the units an event mentions, read from the unit replica.</summary>
public sealed class UnitTree(IReadOnlyDictionary<Guid, (string Name, Guid? ParentId)> units)
{
    public static readonly UnitTree Empty = new(new Dictionary<Guid, (string, Guid?)>());

    public string NameOf(Guid id) => units.TryGetValue(id, out var u) && u.Name.Length > 0 ? u.Name : "Đơn vị";

    public Guid? ParentOf(Guid id) => units.TryGetValue(id, out var u) ? u.ParentId : null;

    /// <summary>Supervising units, nearest first.</summary>
    public IReadOnlyList<Guid> AncestorsOf(Guid id)
    {
        var result = new List<Guid>();
        for (var p = ParentOf(id); p is { } parent && result.Count < 64 && !result.Contains(parent); p = ParentOf(parent))
        {
            result.Add(parent);
        }
        return result;
    }
}

/// <summary>
/// Who must know about each event (routing rules), and what they are told, in Vietnamese, with the
/// path of the object in the web client.
/// </summary>
public static class NotificationRules
{
    /// <summary>The people who act for a unit, whatever its level: principal, district or Department officers.</summary>
    public static readonly IReadOnlySet<string> UnitManagers = new HashSet<string>(StringComparer.Ordinal)
    {
        PlatformRoles.SchoolManager, PlatformRoles.DistrictOfficer, PlatformRoles.DepartmentOfficer, PlatformRoles.DepartmentLeader,
    };

    /// <summary>The people of a supervising unit who follow up on the units under it.</summary>
    public static readonly IReadOnlySet<string> Supervisors = new HashSet<string>(StringComparer.Ordinal)
    {
        PlatformRoles.DistrictOfficer, PlatformRoles.DepartmentOfficer, PlatformRoles.DepartmentLeader,
    };

    private static AudienceRule Managers(Guid unitId) => new(unitId, UnitManagers);
    private static AudienceRule SupervisorsOf(Guid unitId) => new(unitId, Supervisors);

    private static string Date(DateOnly d) => VietnamTime.Format(d);

    private static string Instant(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, VietnamTime.Zone).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static NotificationDraft For(TaskAssigned e, UnitTree units) => new(
        NotificationKind.TaskAssigned,
        "Nhiệm vụ mới được giao",
        $"{units.NameOf(e.UnitId)} được giao nhiệm vụ số {e.TaskNumber}"
            + (e.DueDate is { } due ? $", hạn hoàn thành {Date(due)}." : " (nhiệm vụ thường xuyên).")
            + (e.TransferredFromUnitId is { } from ? $" Nhiệm vụ được chuyển từ {units.NameOf(from)}." : ""),
        $"/tasks/assignments/{e.AssignmentId}", false, e.UnitId, e.OccurredAt, [Managers(e.UnitId)]);

    public static NotificationDraft For(AssignmentDueSoon e, UnitTree units) => new(
        NotificationKind.AssignmentDueSoon,
        "Nhiệm vụ sắp đến hạn",
        $"Nhiệm vụ của {units.NameOf(e.UnitId)} đến hạn ngày {Date(e.DueDate)} (còn {e.WorkingDaysLeft} ngày làm việc).",
        $"/tasks/assignments/{e.AssignmentId}", false, e.UnitId, e.OccurredAt, [Managers(e.UnitId)]);

    public static NotificationDraft For(AssignmentOverdue e, UnitTree units) => new(
        NotificationKind.AssignmentOverdue,
        "Nhiệm vụ quá hạn",
        $"Nhiệm vụ của {units.NameOf(e.UnitId)} đã quá hạn hoàn thành ({Date(e.DueDate)}).",
        $"/tasks/assignments/{e.AssignmentId}", false, e.UnitId, e.OccurredAt, [Managers(e.UnitId)]);

    /// <summary>Goes to the supervising unit named by the event, or else the unit's parent in the replica.</summary>
    public static NotificationDraft For(AssignmentEscalated e, UnitTree units)
    {
        var supervisor = e.SupervisingUnitId != Guid.Empty ? e.SupervisingUnitId : units.ParentOf(e.UnitId);
        return new(
            NotificationKind.AssignmentEscalated,
            "Nhiệm vụ quá hạn của đơn vị cấp dưới",
            $"{units.NameOf(e.UnitId)} chưa hoàn thành nhiệm vụ hạn {Date(e.DueDate)}, đã quá {e.WorkingDaysOverdue} ngày làm việc.",
            $"/tasks/assignments/{e.AssignmentId}", false, e.UnitId, e.OccurredAt,
            supervisor is { } s ? [SupervisorsOf(s)] : []);
    }

    public static NotificationDraft For(QuestionAnswered e, UnitTree units) => new(
        NotificationKind.QuestionAnswered,
        "Câu hỏi đã được trả lời",
        $"Câu hỏi của {units.NameOf(e.UnitId)} về nhiệm vụ đã được trả lời.",
        $"/tasks/assignments/{e.AssignmentId}/questions/{e.QuestionId}", false, e.UnitId, e.OccurredAt,
        [new AudienceRule(e.UnitId, new HashSet<string>(UnitManagers) { PlatformRoles.SchoolStaff })]);

    public static NotificationDraft For(ReportRequested e, UnitTree units) => new(
        NotificationKind.ReportRequested,
        $"Yêu cầu báo cáo: {e.Title}",
        $"{units.NameOf(e.RequestedByUnitId)} yêu cầu nộp báo cáo \"{e.Title}\" kỳ {e.PeriodKey}, hạn {Instant(e.DeadlineAt)}.",
        $"/reporting/requests/{e.RequestId}", false, null, e.OccurredAt,
        e.UnitIds.Distinct().Select(Managers).ToList());

    public static NotificationDraft For(ReportReturned e, UnitTree units) => new(
        NotificationKind.ReportReturned,
        e.Reopened ? "Báo cáo đã duyệt được mở lại" : "Báo cáo bị trả lại",
        $"{units.NameOf(e.ReturnedByUnitId)} đã {(e.Reopened ? "mở lại" : "trả lại")} báo cáo của {units.NameOf(e.UnitId)}. Ý kiến: {e.Comment}",
        $"/reporting/submissions/{e.SubmissionId}", false, e.UnitId, e.OccurredAt, [Managers(e.UnitId)]);

    public static NotificationDraft For(ReportApproved e, UnitTree units) => new(
        NotificationKind.ReportApproved,
        "Báo cáo đã được duyệt",
        $"{units.NameOf(e.ApprovedByUnitId)} đã duyệt báo cáo kỳ {e.PeriodKey} của {units.NameOf(e.UnitId)}.",
        $"/reporting/submissions/{e.SubmissionId}", false, e.UnitId, e.OccurredAt, [Managers(e.UnitId)]);

    /// <summary>The late unit and its supervising unit (to follow up).</summary>
    public static NotificationDraft For(ReportOverdue e, UnitTree units)
    {
        var supervisor = e.SupervisingUnitId ?? units.ParentOf(e.UnitId);
        List<AudienceRule> audience = [Managers(e.UnitId)];
        if (supervisor is { } s)
        {
            audience.Add(SupervisorsOf(s));
        }
        return new(
            NotificationKind.ReportOverdue,
            "Báo cáo quá hạn chưa nộp",
            $"{units.NameOf(e.UnitId)} chưa nộp báo cáo kỳ {e.PeriodKey}; hạn nộp là {Instant(e.DeadlineAt)}.",
            $"/reporting/submissions/{e.SubmissionId}", false, e.UnitId, e.OccurredAt, audience);
    }

    /// <summary>
    /// A life-safety incident is urgent and goes to the school's managers and every supervising level
    /// (district office, Department); any other incident to the nearest supervising unit. The text carries the
    /// school, the category and the time only: the place and the description are the school's free text, which may
    /// point to a pupil, and stay in the platform, not in mailboxes.
    /// </summary>
    public static NotificationDraft For(IncidentReported e, UnitTree units)
    {
        var supervisors = e.SupervisingUnitIds.Count > 0 ? e.SupervisingUnitIds : units.AncestorsOf(e.ReportingUnitId);
        var audience = e.IsLifeSafety
            ? [Managers(e.ReportingUnitId), .. supervisors.Select(SupervisorsOf)]
            : supervisors.Take(1).Select(SupervisorsOf).ToList();
        return new(
            NotificationKind.IncidentReported,
            e.IsLifeSafety ? "KHẨN: Sự việc đe dọa tính mạng, an toàn" : "Sự việc mới được báo cáo",
            $"{units.NameOf(e.ReportingUnitId)} báo cáo sự việc ({CategoryLabel(e.Category)}) xảy ra lúc {Instant(e.OccurredAt)}. Xem chi tiết trên hệ thống.",
            $"/reporting/incidents/{e.IncidentId}", e.IsLifeSafety, e.ReportingUnitId, e.ReportedAt, audience);
    }

    /// <summary>The reporting unit hears what the police did; null for statuses nobody needs to hear about.</summary>
    public static NotificationDraft? For(ReferralStatusChanged e, UnitTree units)
    {
        var title = e.Status switch
        {
            "Acknowledged" => "Công an đã xác nhận tiếp nhận thông tin sự việc",
            "Accepted" => "Công an đã thụ lý sự việc",
            "Declined" => "Công an không thụ lý sự việc",
            "OutcomeRecorded" => "Công an đã ghi nhận kết quả xử lý",
            _ => null,
        };
        return title is null ? null : new(
            NotificationKind.ReferralStatusChanged, title,
            $"Sự việc do {units.NameOf(e.ReportingUnitId)} báo cáo: {title.ToLowerInvariant()}.",
            $"/coordination/referrals/{e.ReferralId}", false, e.ReportingUnitId, e.OccurredAt, [Managers(e.ReportingUnitId)]);
    }

    /// <summary>A police SLA miss: urgent, to the unit it was escalated to and the reporting school.</summary>
    public static NotificationDraft For(ReferralEscalated e, UnitTree units) => new(
        NotificationKind.ReferralEscalated,
        "KHẨN: Công an chưa xác nhận tiếp nhận sự việc đúng hạn",
        $"Sự việc do {units.NameOf(e.ReportingUnitId)} báo cáo chưa được công an xác nhận trước {Instant(e.MissedDeadline)}; "
            + $"đã gửi lại lần {e.SendAttempts} và chuyển lên {units.NameOf(e.EscalatedToUnitId)} theo dõi.",
        $"/coordination/referrals/{e.ReferralId}", true, e.ReportingUnitId, e.OccurredAt,
        [SupervisorsOf(e.EscalatedToUnitId), Managers(e.ReportingUnitId)]);

    public static NotificationDraft For(BriefingCadenceMissed e, UnitTree units)
    {
        var supervisor = e.SupervisingUnitIds.Count > 0 ? e.SupervisingUnitIds[0] : units.ParentOf(e.UnitId);
        List<AudienceRule> audience = [Managers(e.UnitId)];
        if (supervisor is { } s)
        {
            audience.Add(SupervisorsOf(s));
        }
        return new(
            NotificationKind.BriefingCadenceMissed,
            "Chưa tổ chức giao ban theo định kỳ",
            $"{units.NameOf(e.UnitId)} chưa tổ chức giao ban an ninh, trật tự trường học trong kỳ {Date(e.PeriodStart)}–{Date(e.PeriodEnd)}.",
            $"/coordination/cadences/{e.CadenceId}", false, e.UnitId, e.OccurredAt, audience);
    }

    public static NotificationDraft For(MeetingDecisionRecorded e, UnitTree units) => new(
        NotificationKind.MeetingDecisionRecorded,
        "Kết luận giao ban giao cho đơn vị",
        $"Kết luận số {e.Number} của cuộc họp \"{e.MeetingTitle}\" ({Date(e.MeetingHeldOn)}) giao {units.NameOf(e.OwnerUnitId)} thực hiện, hạn {Date(e.DueDate)}: {e.Text}",
        $"/coordination/meetings/{e.MeetingId}", false, e.OwnerUnitId, e.OccurredAt, [Managers(e.OwnerUnitId)]);

    /// <summary>
    /// A high-severity anonymous report: the school's managers, its supervising unit and the Department's officers, at
    /// once. The notice names the school, the category and the deadline only; the words stay in the safe line.
    /// </summary>
    public static NotificationDraft For(SafeLineCaseRaised e, UnitTree units)
    {
        List<AudienceRule> audience = [Managers(e.SchoolId)];
        if (e.SupervisingUnitId is { } s) audience.Add(SupervisorsOf(s));
        if (e.DepartmentUnitId is { } d && d != e.SupervisingUnitId) audience.Add(SupervisorsOf(d));
        return new(
            NotificationKind.SafeLineCaseRaised,
            "KHẨN: Tin báo ẩn danh cần tiếp nhận",
            $"{units.NameOf(e.SchoolId)} nhận một tin báo ẩn danh mức khẩn ({SafeLineCategoryLabel(e.Category)}); cần tiếp nhận trước {Instant(e.AcknowledgeBy)}.",
            "/an-toan/xu-ly", true, e.SchoolId, e.OccurredAt, audience);
    }

    public static NotificationDraft For(SafeLineCaseEscalated e, UnitTree units) => new(
        NotificationKind.SafeLineCaseEscalated,
        "KHẨN: Tin báo ẩn danh chưa được tiếp nhận đúng hạn",
        $"Tin báo ẩn danh mức khẩn ({SafeLineCategoryLabel(e.Category)}) gửi {units.NameOf(e.SchoolId)} chưa được tiếp nhận đúng hạn "
            + $"và đã chuyển lên {units.NameOf(e.EscalatedToUnitId)}; cần tiếp nhận trước {Instant(e.AcknowledgeBy)}.",
        "/an-toan/xu-ly", true, e.SchoolId, e.OccurredAt, [SupervisorsOf(e.EscalatedToUnitId), Managers(e.SchoolId)]);

    public static string SafeLineCategoryLabel(string category) => category switch
    {
        "Bullying" => "bắt nạt",
        "Violence" => "bạo lực",
        "Drugs" => "ma túy",
        "Abuse" => "xâm hại",
        "SelfHarm" => "tự làm hại bản thân",
        _ => "việc khác",
    };

    public static string CategoryLabel(string category) => category switch
    {
        "SchoolViolence" => "bạo lực học đường",
        "Drugs" => "ma túy",
        "ChildAbuse" => "xâm hại trẻ em",
        "TrafficAccident" => "tai nạn giao thông",
        "OtherSocialEvil" => "tệ nạn xã hội khác",
        _ => category,
    };

    /// <summary>Everyone the audience names, each once.</summary>
    public static IReadOnlyList<RecipientCandidate> Match(IEnumerable<RecipientCandidate> candidates, IReadOnlyList<AudienceRule> audience) =>
        candidates
            .Where(c => audience.Any(rule => rule.UnitId == c.UnitId && c.Roles.Any(rule.Roles.Contains)))
            .DistinctBy(c => c.UserId)
            .ToList();

    /// <summary>The units whose names or parents the rules may need.</summary>
    public static IEnumerable<Guid> UnitsMentioned(NotificationDraft draft) =>
        draft.Audience.Select(a => a.UnitId).Concat(draft.UnitId is { } u ? [u] : []);
}
