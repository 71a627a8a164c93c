using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Reporting.Apis;
using Platform.Reporting.Domain;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// The seed's task 4 report — preventing school violence, crime and social evils in schools — and a monthly
/// schedule (Decree 09 cut-off, deadline 5 days after) for every school and centre of the Hải Phòng demo.
/// Loaded only when <c>Demo:Enabled</c> and the template is not there yet. The schedule starts with the current month;
/// the past months of the school year are opened and played by <see cref="LiveSchoolYear"/> once the unit replica has
/// settled, relative to this moment (the schedule's <c>CreatedAt</c>).
/// </summary>
public sealed class DemoTemplateSeeder(IConfiguration configuration, TimeProvider clock, ILogger<DemoTemplateSeeder> logger) : IDatabaseSeeder<ReportingDbContext>
{
    public const string Code = "BC-PCBLHD";
    public static readonly Guid TemplateId = DemoUnitIds.For("TEMPLATE:" + Code);
    public static readonly Guid ScheduleId = DemoUnitIds.For("SCHEDULE:" + Code + ":MONTHLY");

    public static readonly IReadOnlyList<string> ReportingKinds =
        ["Preschool", "PrimarySchool", "LowerSecondarySchool", "UpperSecondarySchool", "MultiLevelSchool", "ContinuingEducationCentre"];

    public async Task SeedAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false) || await db.Templates.AnyAsync(t => t.Id == TemplateId, cancellationToken))
        {
            return;
        }
        var validator = new RequestValidator();
        var version = Definition(validator);
        if (!validator.IsValid)
        {
            throw new InvalidOperationException($"The demo template is invalid: {string.Join("; ", validator.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
        }
        var now = clock.GetUtcNow();
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var actor = new Actor("system:demo-data", department, now);
        db.Templates.Add(TemplateDefinitions.NewTemplate(TemplateId, Code,
            "Báo cáo công tác phòng, chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong trường học",
            "Thực hiện Chỉ thị 02/CT-TTg ngày 26/01/2024; nhiệm vụ 4 của công văn Sở GDĐT Hải Phòng (kiểm tra, đánh giá, báo cáo thường xuyên, đột xuất).",
            actor, version));
        var today = VietnamTime.Today(clock);
        db.Schedules.Add(new ReportSchedule
        {
            Id = ScheduleId,
            TemplateId = TemplateId,
            Name = "Báo cáo tháng công tác phòng, chống bạo lực học đường",
            PeriodType = PeriodType.Monthly,
            CutoffDay = PeriodCalendar.DefaultCutoffDay,
            DeadlineDays = 5,
            UnitKinds = [.. ReportingKinds],
            FirstPeriodKey = PeriodCalendar.Containing(PeriodType.Monthly, today).Key,
            OwnerUnitId = department,
            OwnerIsProvinceWide = true,
            CreatedAt = now,
            CreatedBy = actor.UserId,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo report template {Code} and its monthly schedule loaded", Code);
    }

    /// <summary>The demo template's content, built through the same checks as a template created over the API.</summary>
    public static TemplateVersion Definition(RequestValidator validator)
    {
        SectionRequest[] sections =
        [
            new("tuyen_truyen", "I. Công tác tuyên truyền, giáo dục pháp luật"),
            new("phoi_hop", "II. Công tác phối hợp với chính quyền địa phương và công an"),
            new("vu_viec", "III. Tình hình vụ việc liên quan đến học sinh"),
            new("kiem_tra", "IV. Công tác kiểm tra"),
            new("danh_gia", "V. Đánh giá chung"),
        ];
        IndicatorRequest Int(string section, string code, string label, string uom, bool required = true, string? prefill = null) =>
            new(code, section, label, uom, "Integer", required, 0, 100000, null, "Sum", prefill);
        IndicatorRequest[] indicators =
        [
            Int("tuyen_truyen", "dissemination_sessions", "Số buổi tuyên truyền về phòng, chống bạo lực học đường, tội phạm, tệ nạn xã hội", "buổi"),
            Int("tuyen_truyen", "participants_pupils", "Số lượt học sinh tham gia tuyên truyền", "lượt"),
            Int("tuyen_truyen", "participants_parents", "Số lượt cha mẹ học sinh tham gia tuyên truyền", "lượt"),
            Int("tuyen_truyen", "participants_staff", "Số lượt cán bộ, giáo viên, nhân viên tham gia tuyên truyền", "lượt"),
            Int("tuyen_truyen", "legal_education_with_police", "Số buổi giáo dục pháp luật phối hợp với công an", "buổi"),
            Int("phoi_hop", "coordination_programmes_signed", "Số chương trình phối hợp đã ký với chính quyền địa phương", "chương trình", prefill: PrefillKeys.ProgrammesSigned),
            Int("phoi_hop", "briefing_meetings_held", "Số cuộc giao ban về an ninh, trật tự trường học với chính quyền, công an", "cuộc", prefill: PrefillKeys.BriefingMeetingsHeld),
            new("has_hotline", "phoi_hop", "Nhà trường có đường dây nóng và hòm thư góp ý (Nghị định 80/2017)", null, "YesNo", true, null, null, null, "Sum", null),
            Int("vu_viec", "violence_serious", "Số vụ bạo lực học đường nghiêm trọng (đe dọa tính mạng, sức khỏe)", "vụ", prefill: PrefillKeys.IncidentsViolenceLifeSafety),
            Int("vu_viec", "violence_other", "Số vụ bạo lực học đường khác", "vụ", prefill: PrefillKeys.IncidentsViolenceOther),
            Int("vu_viec", "pupils_involved", "Số học sinh liên quan đến các vụ việc", "học sinh", prefill: PrefillKeys.PupilsInvolved),
            Int("vu_viec", "drug_cases", "Số vụ việc liên quan đến ma túy", "vụ", prefill: PrefillKeys.IncidentsDrugs),
            Int("vu_viec", "child_abuse_cases", "Số vụ xâm hại trẻ em", "vụ", prefill: PrefillKeys.IncidentsChildAbuse),
            Int("vu_viec", "other_social_evil_cases", "Số vụ việc tệ nạn xã hội khác", "vụ", prefill: PrefillKeys.IncidentsOtherSocialEvil),
            Int("vu_viec", "traffic_violations", "Số lượt học sinh vi phạm trật tự, an toàn giao thông", "lượt"),
            Int("vu_viec", "traffic_accidents", "Số vụ tai nạn giao thông liên quan đến học sinh", "vụ", prefill: PrefillKeys.IncidentsTraffic),
            Int("vu_viec", "cases_referred_to_police", "Số vụ việc chuyển cơ quan công an giải quyết", "vụ", prefill: PrefillKeys.ReferredToPolice),
            Int("kiem_tra", "inspections_carried_out", "Số cuộc kiểm tra đã thực hiện", "cuộc", prefill: PrefillKeys.InspectionsCarriedOut),
            new("overall_situation", "danh_gia", "Tình hình an ninh, trật tự trường học", null, "Choice", true, null, null,
                ["Ổn định", "Có vụ việc nhưng đã kiểm soát", "Diễn biến phức tạp"], "None", null),
            new("narrative", "danh_gia", "Đánh giá chung, khó khăn, vướng mắc và đề xuất, kiến nghị", null, "Text", true, null, null, null, "None", null),
        ];
        RuleRequest[] rules =
        [
            new("pupils_cover_violence", "pupils_involved >= violence_serious + violence_other when violence_serious + violence_other > 0",
                "Số học sinh liên quan phải ít nhất bằng số vụ bạo lực học đường khi có vụ việc.",
                "Pupils involved must be at least the number of school-violence incidents when there are any."),
            new("participants_when_sessions", "participants_pupils + participants_parents + participants_staff > 0 when dissemination_sessions > 0",
                "Đã có buổi tuyên truyền thì phải có người tham gia.",
                "Dissemination sessions were held, so someone must have taken part."),
            new("referred_within_cases", "cases_referred_to_police <= violence_serious + violence_other + drug_cases + child_abuse_cases + other_social_evil_cases + traffic_accidents",
                "Số vụ chuyển công an không thể nhiều hơn tổng số vụ việc.",
                "Cases referred to police cannot exceed the total number of cases."),
            new("legal_within_sessions", "legal_education_with_police <= dissemination_sessions",
                "Số buổi giáo dục pháp luật với công an nằm trong tổng số buổi tuyên truyền.",
                "Legal-education sessions with police are part of the dissemination sessions."),
        ];
        return TemplateDefinitions.Build(validator, sections, indicators, rules, "Phiên bản đầu tiên");
    }
}
