using System.Globalization;

namespace Platform.Web.Localization;

/// <summary>
/// The web client's texts: Vietnamese by default, English when the user switches (culture cookie, read by
/// request localization when the circuit starts). Page texts are written in place as a pair, as the
/// services' <c>Text.Pick</c> does; texts used in many places (statuses, errors) are kept here by key.
/// </summary>
public sealed class Loc
{
    private static readonly Dictionary<string, (string Vi, string En)> Shared = new(StringComparer.Ordinal)
    {
        ["error.unreachable"] = ("Không kết nối được tới hệ thống.", "The platform could not be reached."),
        ["error.unreachable.detail"] = ("Vui lòng thử lại sau ít phút.", "Please try again in a few minutes."),
        ["error.signedOut"] = ("Phiên đăng nhập đã hết hạn.", "Your session has ended."),
        ["error.signedOut.detail"] = ("Vui lòng tải lại trang để đăng nhập lại.", "Reload the page to sign in again."),
        ["error.forbidden"] = ("Bạn không có quyền thực hiện thao tác này.", "You may not do this."),
        ["error.notFound"] = ("Không tìm thấy.", "Not found."),
        ["error.tooMany"] = ("Quá nhiều yêu cầu, vui lòng thử lại sau.", "Too many requests; try again shortly."),
        ["error.server"] = ("Hệ thống gặp sự cố, vui lòng thử lại sau.", "The platform had a problem; please try again later."),
        ["error.generic"] = ("Không thực hiện được yêu cầu.", "The request could not be completed."),

        // Assignments (tasks service)
        ["assignment.Assigned"] = ("Mới giao", "Assigned"),
        ["assignment.Acknowledged"] = ("Đã tiếp nhận", "Acknowledged"),
        ["assignment.InProgress"] = ("Đang thực hiện", "In progress"),
        ["assignment.Completed"] = ("Hoàn thành", "Completed"),
        ["assignment.Cancelled"] = ("Đã kết thúc", "Closed"),
        ["tracking.CompletedOnTime"] = ("Hoàn thành đúng hạn", "Completed on time"),
        ["tracking.CompletedLate"] = ("Hoàn thành quá hạn", "Completed late"),
        ["tracking.InProgressWithinDeadline"] = ("Đang thực hiện trong hạn", "In progress, within deadline"),
        ["tracking.Overdue"] = ("Quá hạn", "Overdue"),

        // Report submissions (reporting service)
        ["submission.NotStarted"] = ("Chưa nhập", "Not started"),
        ["submission.Draft"] = ("Bản nháp", "Draft"),
        ["submission.Submitted"] = ("Đã gửi", "Submitted"),
        ["submission.Returned"] = ("Bị trả lại", "Returned"),
        ["submission.Approved"] = ("Đã phê duyệt", "Approved"),
        ["submission.Reopened"] = ("Mở lại", "Reopened"),

        // Referrals and meetings (coordination service)
        ["referral.Requested"] = ("Đã yêu cầu", "Requested"),
        ["referral.Sent"] = ("Đã gửi Công an", "Sent to police"),
        ["referral.Acknowledged"] = ("Công an đã tiếp nhận", "Acknowledged by police"),
        ["referral.Accepted"] = ("Công an thụ lý", "Accepted"),
        ["referral.Declined"] = ("Công an từ chối", "Declined"),
        ["referral.OutcomeRecorded"] = ("Đã có kết quả", "Outcome recorded"),
        ["referral.Closed"] = ("Đã đóng", "Closed"),
        ["referral.Escalated"] = ("Báo lên cấp trên", "Escalated"),
        ["referral.ReplyIgnored"] = ("Bỏ qua phản hồi", "Reply ignored"),
        ["meeting.Scheduled"] = ("Đã lên lịch", "Scheduled"),
        ["meeting.Held"] = ("Đã họp", "Held"),
        ["meeting.Cancelled"] = ("Đã huỷ", "Cancelled"),

        ["category.SchoolViolence"] = ("Bạo lực học đường", "School violence"),
        ["category.Drugs"] = ("Ma tuý", "Drugs"),
        ["category.ChildAbuse"] = ("Xâm hại trẻ em", "Child abuse"),
        ["category.TrafficAccident"] = ("Tai nạn giao thông", "Traffic accident"),
        ["category.OtherSocialEvil"] = ("Tệ nạn xã hội khác", "Other social evil"),
        ["person.Victim"] = ("Bị hại", "Victim"),
        ["person.Perpetrator"] = ("Gây ra", "Perpetrator"),
        ["person.Witness"] = ("Người chứng kiến", "Witness"),
        ["person.Other"] = ("Khác", "Other"),
        ["programme.Draft"] = ("Dự thảo", "Draft"),
        ["programme.Signed"] = ("Đã ký", "Signed"),
        ["programme.Expired"] = ("Hết hiệu lực", "Expired"),
        ["programme.Terminated"] = ("Đã chấm dứt", "Terminated"),

        // Referrals: how urgent (coordination's ReferralSeverity), why (ReferralTrigger), and what the police did (docs/asyncapi.yaml outcomes)
        ["severity.LifeSafety"] = ("Nguy hiểm đến tính mạng, an toàn", "Life or safety at risk"),
        ["severity.Urgent"] = ("Khẩn cấp", "Urgent"),
        ["severity.Routine"] = ("Thông thường", "Routine"),
        ["trigger.Automatic"] = ("Chuyển tự động theo quy tắc", "Referred automatically by the rules"),
        ["trigger.Manual"] = ("Chuyển theo đề nghị", "Referred on request"),
        ["outcome.Resolved"] = ("Đã giải quyết", "Resolved"),
        ["outcome.AdministrativeSanction"] = ("Xử phạt hành chính", "Administrative sanction"),
        ["outcome.CriminalProceedings"] = ("Khởi tố hình sự", "Criminal proceedings"),
        ["outcome.TransferredToOtherAgency"] = ("Chuyển cơ quan khác", "Transferred to another agency"),
        ["outcome.NoViolationFound"] = ("Không có vi phạm", "No violation found"),
        ["replyEffect.IgnoredLate"] = ("đến muộn", "came late"),
        ["replyEffect.IgnoredConflict"] = ("trái với quyết định trước", "contradicts an earlier decision"),
        ["replyEffect.DetailsAdded"] = ("bổ sung thông tin", "added details"),
        ["replyEffect.Applied"] = ("đã áp dụng", "applied"),

        // Assignments: how a delegating unit's assignment follows its children (tasks' CompletionRule), and its history (AssignmentHistoryEntry kinds)
        ["completionRule.Manual"] = ("đơn vị tự báo cáo hoàn thành", "the unit reports completion itself"),
        ["completionRule.AllChildren"] = ("hoàn thành khi tất cả đơn vị cấp dưới hoàn thành", "complete when every unit below is"),
        ["completionRule.Threshold"] = ("hoàn thành khi đủ tỷ lệ đơn vị cấp dưới hoàn thành", "complete when enough units below are"),
        ["history.Assigned"] = ("Giao nhiệm vụ", "Assigned"),
        ["history.Acknowledged"] = ("Tiếp nhận", "Acknowledged"),
        ["history.Started"] = ("Bắt đầu thực hiện", "Started"),
        ["history.Progress"] = ("Cập nhật tiến độ", "Progress"),
        ["history.Completed"] = ("Hoàn thành", "Completed"),
        ["history.Delegated"] = ("Giao cho đơn vị trực thuộc", "Handed on"),
        ["history.DueSoon"] = ("Nhắc sắp đến hạn", "Due-soon reminder"),
        ["history.Overdue"] = ("Quá hạn", "Overdue"),
        ["history.Escalated"] = ("Báo cáo lên cấp trên", "Escalated"),
        ["history.Transferred"] = ("Chuyển đơn vị", "Transferred"),
        ["history.Cancelled"] = ("Kết thúc nhiệm vụ (không hoàn thành)", "Closed without completion"),
        ["recurrence.Monthly"] = ("Định kỳ hằng tháng", "Monthly"),
        ["recurrence.Quarterly"] = ("Định kỳ hằng quý", "Quarterly"),
        ["recurrence.HalfYearly"] = ("Định kỳ 6 tháng", "Half-yearly"),
        ["recurrence.Yearly"] = ("Định kỳ hằng năm", "Yearly"),
        ["reportAction.Saved"] = ("Lưu nháp", "Draft saved"),
        ["reportAction.Submitted"] = ("Gửi báo cáo", "Submitted"),
        ["reportAction.Resubmitted"] = ("Gửi lại", "Resubmitted"),
        ["reportAction.Returned"] = ("Trả lại", "Returned"),
        ["reportAction.Approved"] = ("Phê duyệt", "Approved"),
        ["reportAction.Reopened"] = ("Mở lại", "Reopened"),
        ["unitChange.Merged"] = ("sáp nhập", "merged"),
        ["unitChange.Dissolved"] = ("giải thể", "dissolved"),
        ["unitChange.Split"] = ("chia tách", "split"),

        // Unit kinds and statuses (units service)
        ["unitKind.Department"] = ("Sở GDĐT", "Department of Education"),
        ["unitKind.DistrictEducationOffice"] = ("Phòng GDĐT", "District education office"),
        ["unitKind.Preschool"] = ("Trường mầm non", "Preschool"),
        ["unitKind.PrimarySchool"] = ("Trường tiểu học", "Primary school"),
        ["unitKind.LowerSecondarySchool"] = ("Trường THCS", "Lower-secondary school"),
        ["unitKind.UpperSecondarySchool"] = ("Trường THPT", "Upper-secondary school"),
        ["unitKind.MultiLevelSchool"] = ("Trường nhiều cấp học", "Multi-level school"),
        ["unitKind.ContinuingEducationCentre"] = ("Trung tâm GDNN-GDTX", "Continuing education centre"),
        ["unitKind.DepartmentDivision"] = ("Phòng chuyên môn thuộc Sở", "Department division"),
        ["unitKind.AffiliatedUnit"] = ("Đơn vị trực thuộc", "Affiliated unit"),
        ["unitKind.DistrictPolice"] = ("Công an quận/huyện", "District police"),
        ["unitKind.WardPolice"] = ("Công an phường/xã", "Ward police"),
        ["unitKind.CityPolice"] = ("Công an thành phố", "City police"),
        ["unitKind.DistrictPeoplesCommittee"] = ("UBND quận/huyện", "District people's committee"),
        ["unitKind.WardPeoplesCommittee"] = ("UBND phường/xã", "Ward people's committee"),
        ["unitKind.OtherAgency"] = ("Cơ quan khác", "Other agency"),
        ["unitKind.CommuneDivision"] = ("Phòng Văn hóa – Xã hội", "Culture–Society division"),
        ["unitStatus.Active"] = ("Đang hoạt động", "Active"),
        ["unitStatus.Dissolved"] = ("Đã giải thể", "Dissolved"),

        // Roles (Platform.ServiceDefaults.PlatformRoles)
        ["role.SystemAdmin"] = ("Quản trị hệ thống", "System administrator"),
        ["role.DepartmentLeader"] = ("Lãnh đạo Sở", "Department leader"),
        ["role.DepartmentOfficer"] = ("Chuyên viên Sở", "Department officer"),
        ["role.DistrictOfficer"] = ("Chuyên viên quản lý giáo dục cấp xã (trước 01/07/2025: Phòng GDĐT)", "Local education officer"),
        ["role.SchoolManager"] = ("Ban giám hiệu", "School manager"),
        ["role.SchoolStaff"] = ("Cán bộ, giáo viên", "School staff"),
        ["role.PoliceLiaison"] = ("Cán bộ Công an", "Police liaison"),
        ["role.Auditor"] = ("Thanh tra", "Auditor"),
        ["role.DataProtectionOfficer"] = ("Cán bộ bảo vệ dữ liệu cá nhân", "Data-protection officer"),

        // Audit trails: what was done (reporting's AuditActions, identity's user actions)
        ["auditAction.incident.read"] = ("Xem vụ việc", "Read an incident"),
        ["auditAction.incident.names.read"] = ("Xem họ tên người liên quan", "Read the names of the people involved"),
        ["auditAction.incident.list"] = ("Xem danh sách vụ việc", "Listed incidents"),
        ["auditAction.export.consolidated"] = ("Xuất báo cáo tổng hợp", "Exported consolidated figures"),
        ["auditAction.export.completeness"] = ("Xuất tình hình nộp báo cáo", "Exported report completeness"),
        ["auditAction.export.audit"] = ("Xuất nhật ký", "Exported the audit trail"),
        ["auditAction.audit.verified"] = ("Kiểm tra toàn vẹn nhật ký", "Verified the audit trail"),
        ["auditAction.user.created"] = ("Tạo tài khoản", "Created an account"),
        ["auditAction.user.roles-changed"] = ("Đổi vai trò", "Changed roles"),
        ["auditAction.user.locked"] = ("Khóa tài khoản", "Locked an account"),
        ["auditAction.user.unlocked"] = ("Mở khóa", "Unlocked an account"),
        ["auditAction.user.password-reset"] = ("Đặt lại mật khẩu", "Reset a password"),
        // …and to what
        ["auditSubject.incident"] = ("Vụ việc", "Incident"),
        ["auditSubject.incidents"] = ("Danh sách vụ việc", "Incident list"),
        ["auditSubject.unit"] = ("Đơn vị", "Unit"),
        ["auditSubject.audit"] = ("Nhật ký truy cập", "Audit trail"),
        ["auditSubject.user"] = ("Tài khoản", "Account"),
    };

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public string Pick(string vietnamese, string english) => IsEnglish ? english : vietnamese;

    /// <summary>A shared text by key; an unknown key (a status the client does not know yet) reads "Khác", never its code.</summary>
    public string this[string key] =>
        Shared.TryGetValue(key, out var text) ? (IsEnglish ? text.En : text.Vi) : Other;

    /// <summary>What a value the client does not know reads as: neutral, never the code.</summary>
    public string Other => Pick("Khác", "Other");

    /// <summary>Whether <paramref name="key"/> has a shared text (a code the client knows).</summary>
    public static bool Knows(string key) => Shared.ContainsKey(key);

    /// <summary>Every code the client names, by its concept prefix ("assignment", "severity"…): for tests that no page shows one.</summary>
    public static IEnumerable<string> KnownCodes(params string[] prefixes) =>
        Shared.Keys.Where(k => prefixes.Length == 0 || prefixes.Any(p => k.StartsWith(p + ".", StringComparison.Ordinal)))
            .Select(k => k[(k.IndexOf('.') + 1)..]);

    private string Known(string prefix, string? code) => code is null ? "" : this[prefix + "." + code];

    /// <summary>An incident's category (Bạo lực học đường…).</summary>
    public string Category(string? category) => Known("category", category);

    public string Severity(string? severity) => Known("severity", severity);

    public string Trigger(string? trigger) => Known("trigger", trigger);

    /// <summary>The police's outcome as the school reads it.</summary>
    public string Outcome(string? outcome) => Known("outcome", outcome);

    public string CompletionRule(string? rule) => Known("completionRule", rule);

    /// <summary>What happened to an assignment (its history line's kind).</summary>
    public string AssignmentEvent(string? kind) => Known("history", kind);

    /// <summary>What happened to a report (its history line's action).</summary>
    public string ReportAction(string? action) => Known("reportAction", action);

    /// <summary>How often a recurring task comes back; an unknown recurrence reads "Định kỳ".</summary>
    public string Recurrence(string? recurrence) =>
        recurrence is not null && Shared.TryGetValue("recurrence." + recurrence, out var text) ? (IsEnglish ? text.En : text.Vi) : Pick("Định kỳ", "Recurring");

    public string Assignment(string? status) => status is null ? "" : this["assignment." + status];

    public string Tracking(string? tracking) => tracking is null ? "" : this["tracking." + tracking];

    public string Submission(string? status) => status is null ? "" : this["submission." + status];

    public string Referral(string? status) => status is null ? "" : this["referral." + status];

    public string Meeting(string? status) => status is null ? "" : this["meeting." + status];

    public string Role(string role) => this["role." + role];

    /// <summary>A role as people name it; a role the client does not know yet is not shown by its code.</summary>
    public string KnownRole(string role) =>
        Shared.TryGetValue("role." + role, out var text) ? (IsEnglish ? text.En : text.Vi) : Pick("Vai trò khác", "Another role");

    /// <summary>An audit line's action as people read it; never its code.</summary>
    public string AuditAction(string? action) =>
        action is not null && Shared.TryGetValue("auditAction." + action, out var text) ? (IsEnglish ? text.En : text.Vi) : Pick("Thao tác khác", "Another action");

    /// <summary>What an audit line's action touched (incident, unit, account…); never its code.</summary>
    public string AuditSubject(string? subjectType) =>
        subjectType is not null && Shared.TryGetValue("auditSubject." + subjectType, out var text) ? (IsEnglish ? text.En : text.Vi) : Pick("Đối tượng khác", "Another object");

    /// <summary>A unit's kind as people name it; a kind the client does not know yet is not shown by its code.</summary>
    public string UnitKind(string? kind) =>
        kind is not null && Shared.TryGetValue("unitKind." + kind, out var text) ? (IsEnglish ? text.En : text.Vi) : Pick("Loại đơn vị khác", "Another kind of unit");

    public string UnitStatus(string? status) =>
        status is not null && Shared.TryGetValue("unitStatus." + status, out var text) ? (IsEnglish ? text.En : text.Vi) : "";
}
