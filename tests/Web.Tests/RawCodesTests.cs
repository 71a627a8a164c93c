using System.Text.Json;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Components.Shared;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

/// <summary>
/// "Pages without raw codes" (the dispatch's duty 5): fed with data as the services write it, codes and all (ids, enum names,
/// the scheduler's actor id, ISO periods and instants), the pages show Vietnamese words and dd/MM/yyyy, never the codes.
/// </summary>
public sealed class RawCodesTests : IAsyncLifetime
{
    private static readonly Guid DistrictId = Guid.Parse("0f3c5ac8-a22f-4b8e-9d0c-2f1e6a7b8c01");
    private static readonly Guid LeChanId = Guid.Parse("0f3c5ac8-a22f-4b8e-9d0c-2f1e6a7b8c02");
    private static readonly Guid NgoQuyenId = Guid.Parse("0f3c5ac8-a22f-4b8e-9d0c-2f1e6a7b8c03");
    private static readonly Guid PoliceId = Guid.Parse("0f3c5ac8-a22f-4b8e-9d0c-2f1e6a7b8c04");
    private static readonly Guid AssignmentId = Guid.Parse("0190f2a1-0000-7000-8000-00000000a001");
    private static readonly Guid ChildAssignmentId = Guid.Parse("0190f2a1-0000-7000-8000-00000000a002");
    private static readonly Guid DocumentId = Guid.Parse("0190f2a1-0000-7000-8000-00000000d002");
    private static readonly Guid TaskId = Guid.Parse("0190f2a1-0000-7000-8000-00000000f001");
    private static readonly Guid ReferralId = Guid.Parse("0190f2a1-0000-7000-8000-00000000e001");
    private static readonly Guid TemplateId = DashboardView.MonthlyTemplateId;
    private static readonly string UserId = "0190f2a1-0000-7000-8000-0000000000c1";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly FakePlatformApi _api = new();
    private readonly List<BunitContext> _contexts = [];
    private BunitContext Context(string role, Guid unitId)
    {
        var bunit = PageTestContext.Create(_api, role, unitId);
        _contexts.Add(bunit);
        return bunit;
    }

    private static readonly DocumentSummary Directive = new(DocumentId, "Directive", "Issued", "2/CT-TTg", new DateOnly(2024, 1, 26), "Thủ tướng Chính phủ",
        "Về tăng cường phối hợp phòng, chống bạo lực học đường");

    private static AssignmentSummary Summary(Guid id, Guid unitId, string? unitName, string status, string? tracking, Guid? parent = null) =>
        new(id, DocumentId, "2/CT-TTg", TaskId, 1, 12, "2026-12", unitId, unitName, parent, new DateOnly(2026, 12, 31), status, tracking, 40,
            At, null, parent is null);

    [Fact]
    public async Task The_assignment_page_names_the_chosen_schools_the_completion_rule_and_the_scheduler_never_their_codes()
    {
        var detail = new AssignmentDetail(
            Summary(AssignmentId, DistrictId, "Phòng GDĐT Lê Chân", "InProgress", "Overdue"),
            Directive,
            new TaskInfo(TaskId, 1, "Báo cáo tình hình an ninh trường học hằng tháng", "Recurring", null, "Monthly", "Báo cáo tháng", new DateOnly(2026, 12, 31)),
            UserId, At, false, "AllChildren", At.AddDays(2),
            [Summary(ChildAssignmentId, LeChanId, "THCS Lê Chân", "Completed", "CompletedOnTime", AssignmentId)],
            [new ProgressEntry(Guid.NewGuid(), At, UserId, "Đã tổ chức 2 buổi tuyên truyền", 40, [])],
            [
                new HistoryEntry(At.AddDays(-10), "Assigned", UserId, DistrictId, "V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg"),
                new HistoryEntry(At.AddDays(-9), "Delegated", UserId, DistrictId, "Giao tiếp cho 2 đơn vị; quy tắc hoàn thành: AllChildren"),
                new HistoryEntry(At.AddDays(-8), "Progress", UserId, DistrictId, "40%"),
                new HistoryEntry(At.AddDays(-3), "DueSoon", null, null, "system:follow-up"),
                new HistoryEntry(At.AddDays(1), "Overdue", null, null, "system:follow-up"),
                new HistoryEntry(At.AddDays(2), "Escalated", null, null, "system:follow-up"),
                new HistoryEntry(At.AddDays(3), "Transferred", "system:restructuring", null, "Chuyển cho đơn vị kế thừa (Merged)"),
                new HistoryEntry(At.AddDays(4), "Reassessed", UserId, null, null),
            ]);
        _api.On(HttpMethod.Get, $"api/tasks/assignments/{AssignmentId}", _ => detail);
        _api.On(HttpMethod.Get, $"api/tasks/assignments/{AssignmentId}/questions", _ => Array.Empty<QuestionThread>());
        _api.On(HttpMethod.Get, $"api/units/{DistrictId}/children", _ => new[]
        {
            School(NgoQuyenId, "THCS-NQ", "THCS Ngô Quyền"),
            School(LeChanId, "THCS-LC", "THCS Lê Chân"),
        });
        var page = Context(PlatformRoles.DistrictOfficer, DistrictId).Render<AssignmentPage>(p => p.Add(x => x.Id, AssignmentId));
        page.WaitForAssertion(() => page.Find("[data-testid=delegate-form]"));

        var picker = page.FindComponent<MudBlazor.MudSelect<Guid>>();
        await page.InvokeAsync(() => picker.Instance.SelectedValuesChanged.InvokeAsync(new HashSet<Guid> { LeChanId, NgoQuyenId }));

        page.WaitForAssertion(() =>
        {
            var box = page.Find("#delegate-units").GetAttribute("value") ?? "";
            Assert.Contains("THCS Lê Chân", box);
            Assert.Contains("THCS Ngô Quyền", box);
        });
        var text = RenderedText.Visible(page.Nodes);
        Assert.Contains("Nhiệm vụ 1 — 02/CT-TTg (Tháng 12/2026)", page.Find("[data-testid=assignment-title]").TextContent);
        Assert.Contains("Quy tắc hoàn thành: hoàn thành khi tất cả đơn vị cấp dưới hoàn thành", text);
        var history = page.FindAll("[data-testid=history-entry]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains(history, h => h.EndsWith("Giao cho đơn vị trực thuộc: Giao tiếp cho 2 đơn vị; hoàn thành khi tất cả đơn vị cấp dưới hoàn thành", StringComparison.Ordinal));
        Assert.Contains(history, h => h.EndsWith("Nhắc sắp đến hạn: do hệ thống nhắc việc tự động", StringComparison.Ordinal));
        Assert.Contains(history, h => h.EndsWith("Báo cáo lên cấp trên: do hệ thống nhắc việc tự động", StringComparison.Ordinal));
        Assert.Contains(history, h => h.EndsWith("Chuyển đơn vị: Chuyển cho đơn vị kế thừa (sáp nhập)", StringComparison.Ordinal));
        Assert.Contains(history, h => h.EndsWith("— Khác", StringComparison.Ordinal));
        Assert.Contains(history, h => h.StartsWith("02/12/2026 09:00", StringComparison.Ordinal));
        RenderedText.AssertNoRawCodes(page);
    }

    [Fact]
    public void The_referral_page_reads_its_severity_outcome_and_log_in_words()
    {
        var district = new UnitLabel(DistrictId, "PGD-LC", "Phòng GDĐT Lê Chân", "DistrictEducationOffice");
        var referral = new ReferralDetail(ReferralId, Guid.NewGuid(), new UnitLabel(LeChanId, "THCS-LC", "THCS Lê Chân", "LowerSecondarySchool"),
            new UnitLabel(PoliceId, "CA-LC", "Công an quận Lê Chân", "DistrictPolice"), "SchoolViolence", "LifeSafety", "Automatic", "Closed",
            At.AddHours(-3), "Cổng trường THCS Lê Chân", At, At.AddMinutes(1), At.AddHours(4), false, 2, At.AddHours(5), At.AddHours(6), At.AddDays(3),
            At.AddDays(4), "Đội Cảnh sát hình sự", "45/CSHS", null, "Resolved", "Đã hoà giải, nhắc nhở học sinh và gia đình", 1, [district],
            [
                new ReferralEvent(At, "Requested", "Chuyển tự động theo quy tắc (LifeSafety)"),
                new ReferralEvent(At.AddMinutes(1), "Sent", "Lần gửi 1"),
                new ReferralEvent(At.AddHours(4), "Escalated", "Quá hạn xác nhận 2026-12-01T06:00:00.0000000+00:00; cấp 1, gửi lại lần 2"),
                new ReferralEvent(At.AddHours(5), "Acknowledged", "Đội Cảnh sát hình sự"),
                new ReferralEvent(At.AddHours(6), "Accepted", "45/CSHS"),
                new ReferralEvent(At.AddDays(3), "OutcomeRecorded", "Resolved"),
                new ReferralEvent(At.AddDays(3).AddHours(1), "ReplyIgnored", "Declined (IgnoredConflict) khi đã ở trạng thái OutcomeRecorded"),
                new ReferralEvent(At.AddDays(4), "Closed", null),
            ]);
        _api.On(HttpMethod.Get, $"api/coordination/referrals/{ReferralId}", _ => referral);

        var page = Context(PlatformRoles.DistrictOfficer, DistrictId).Render<ReferralPage>(p => p.Add(x => x.Id, ReferralId));

        page.WaitForAssertion(() => page.Find("[data-testid=referral-timeline]"));
        Assert.Contains("Bạo lực học đường — THCS Lê Chân", page.Find("h1").TextContent);
        Assert.Equal("Nguy hiểm đến tính mạng, an toàn", page.Find("[data-testid=referral-severity]").TextContent.Trim());
        Assert.Contains("Kết quả: Đã giải quyết — Đã hoà giải", page.Find("[data-testid=referral-outcome]").TextContent);
        var log = page.FindAll("[data-testid=referral-log-entry]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal("01/12/2026 09:00 — Đã yêu cầu: Chuyển tự động theo quy tắc (mức độ: Nguy hiểm đến tính mạng, an toàn)", log[0]);
        Assert.EndsWith("Báo lên cấp trên: Quá hạn xác nhận 01/12/2026 13:00; cấp 1, gửi lại lần 2", log[2]);
        Assert.EndsWith("Đã có kết quả: Đã giải quyết", log[5]);
        Assert.EndsWith("Bỏ qua phản hồi: Phản hồi «Công an từ chối» trái với quyết định trước; hồ sơ đang ở trạng thái «Đã có kết quả»", log[6]);
        Assert.EndsWith("Đã đóng", log[7]);
        RenderedText.AssertNoRawCodes(page);
    }

    [Fact]
    public void The_completeness_page_heads_its_columns_by_month_and_takes_a_quarter_as_people_write_it()
    {
        _api.On(HttpMethod.Get, "api/reports/templates", _ => new Paged<TemplateSummary>([new TemplateSummary(TemplateId, "BC-ANTH-THANG", "Báo cáo an ninh trường học tháng", null, 3)], 1, 100, 1));
        _api.On(HttpMethod.Get, "api/reports/submissions", _ => new Paged<SubmissionSummary>(
        [
            Submission("ADHOC-0190f2a1000070008000", "Submitted"),
            Submission("2026-12", "Approved"),
        ], 1, 20, 2));
        _api.On(HttpMethod.Get, "api/reports/completeness", call =>
        {
            string[] periods = call.Path.Contains("period=2026-Q4", StringComparison.Ordinal) ? ["2026-Q4"] : ["2026-10", "2026-11", "2026-12"];
            var cell = new CompletenessCell(2, 1, 1, 0, 1, 0, 1, 50m, 50m);
            return new Completeness(new UnitLabel(DistrictId, "PGD-LC", "Phòng GDĐT Lê Chân", "DistrictEducationOffice"), TemplateId, periods, "child",
                [new CompletenessRow(LeChanId, "THCS-LC", "THCS Lê Chân", "LowerSecondarySchool", periods.Select(p => new PeriodCell(p, cell)).ToList(), cell)],
                periods.Select(p => new PeriodCell(p, cell)).ToList(), cell);
        });

        var page = Context(PlatformRoles.DistrictOfficer, DistrictId).Render<CompletenessPage>();

        page.WaitForAssertion(() => Assert.Equal(["Đơn vị", "10/2026", "11/2026", "12/2026", "Đã duyệt"],
            page.FindAll("[data-testid=completeness-matrix] thead th").Select(th => th.TextContent.Trim())));
        Assert.Equal("12/2026", page.Find("#scope-period").GetAttribute("value"));
        Assert.Contains(_api.Calls, c => c.Path.StartsWith("api/reports/completeness", StringComparison.Ordinal) && c.Path.Contains("period=2026-12", StringComparison.Ordinal));
        RenderedText.AssertNoRawCodes(page);

        page.Find("#scope-period").Change("Quý IV/2026");

        page.WaitForAssertion(() => Assert.Contains(_api.Calls, c => c.Path.Contains("period=2026-Q4", StringComparison.Ordinal)));
        page.WaitForAssertion(() => Assert.Contains("Quý IV/2026", page.Find("[data-testid=completeness-matrix] thead").TextContent));
        RenderedText.AssertNoRawCodes(page);
    }

    [Fact]
    public void An_ad_hoc_report_is_titled_by_its_dates_and_its_history_by_words()
    {
        var submissionId = Guid.Parse("0190f2a1-0000-7000-8000-00000000b001");
        var detail = new SubmissionDetail(Submission("ADHOC-0190f2a1000070008000", "Returned", submissionId), 3, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7),
            "Thiếu số liệu tuần đầu tháng", [new ReportValue("narrative", "a", "Ghi chú", "Text", null, false, JsonSerializer.SerializeToElement("Bình thường"), null, false)],
            [
                new ReportHistory("Submitted", null, UserId, LeChanId, At),
                new ReportHistory("Returned", "Thiếu số liệu tuần đầu tháng", UserId, DistrictId, At.AddHours(2)),
                new ReportHistory("Archived", null, "system:demo-data", DistrictId, At.AddHours(3)),
            ],
            ["save", "submit"]);
        _api.On(HttpMethod.Get, $"api/reports/submissions/{submissionId}", _ => detail);
        _api.On(HttpMethod.Get, $"api/reports/templates/{TemplateId}/versions/3", _ => new TemplateVersionInfo(Guid.NewGuid(), 3,
            [new SectionInfo("a", "I. Tình hình", [new IndicatorInfo(1, "narrative", "a", "Ghi chú", null, "Text", false, null, null, [])])], []));

        var form = Context(PlatformRoles.SchoolManager, LeChanId).Render<ReportForm>(p => p.Add(f => f.SubmissionId, submissionId).Add(f => f.AutosaveDelay, TimeSpan.FromMinutes(5)));

        form.WaitForAssertion(() => Assert.Equal("Trường THCS Lê Chân — Đột xuất (01/12/2026 – 07/12/2026)", form.Find("[data-testid=report-title]").TextContent.Trim()));
        Assert.Contains("Trả lại: Thiếu số liệu", form.Markup);
        Assert.Contains("— Khác", form.Markup);
        RenderedText.AssertNoRawCodes(form);
    }

    [Fact]
    public void A_document_reads_its_number_as_issued_and_its_recurrence_in_words()
    {
        var document = new DocumentDetail(DocumentId, "Directive", "Issued", "2/CT-TTg", new DateOnly(2024, 1, 26), "Thủ tướng Chính phủ", "Trần Lưu Quang",
            "KT. THỦ TƯỚNG - PHÓ THỦ TƯỚNG", "Về tăng cường phối hợp phòng, chống bạo lực học đường", null, "Hà Nội",
            [
                new TaskInfo(TaskId, 1, "Báo cáo tình hình hằng tháng", "Recurring", null, "Monthly", "Báo cáo tháng", null),
                new TaskInfo(Guid.NewGuid(), 2, "Rà soát định kỳ", "Recurring", null, "Fortnightly", null, null),
                new TaskInfo(Guid.NewGuid(), 3, "Tổ chức quán triệt", "OneOff", new DateOnly(2026, 12, 15), null, null, null),
            ], 2, Number: 2, Symbol: "CT-TTg");
        _api.On(HttpMethod.Get, $"api/tasks/documents/{DocumentId}", _ => document);
        _api.On(HttpMethod.Get, "api/tasks/assignments", _ => new Paged<AssignmentSummary>(
        [
            Summary(AssignmentId, DistrictId, "Phòng GDĐT Lê Chân", "InProgress", "Overdue"),
            Summary(ChildAssignmentId, LeChanId, null, "Assigned", "InProgressWithinDeadline", AssignmentId),
        ], 1, 200, 2));

        var page = Context(PlatformRoles.DistrictOfficer, DistrictId).Render<DocumentPage>(p => p.Add(x => x.Id, DocumentId));

        page.WaitForAssertion(() => Assert.Equal("02/CT-TTg", page.Find("h1").TextContent.Trim()));
        Assert.Contains("Định kỳ hằng tháng", page.Find("[data-testid=document-task-1]").TextContent);
        Assert.Contains("Định kỳ", page.Find("[data-testid=document-task-2]").TextContent);
        Assert.Contains("15/12/2026", page.Find("[data-testid=document-task-3]").TextContent);
        Assert.Contains("Quá hạn", page.Find("[data-testid=document-task-1]").TextContent);
        RenderedText.AssertNoRawCodes(page);
    }

    [Theory]
    [InlineData("Chuyển cho 0f3c5ac8-a22f-4b8e-9d0c-2f1e6a7b8c01")]
    [InlineData("Kỳ 2026-12")]
    [InlineData("Kỳ 2026-Q4")]
    [InlineData("Kỳ 2026-H1")]
    [InlineData("ngày 2026-12-01")]
    [InlineData("do system:follow-up")]
    [InlineData("quy tắc: AllChildren")]
    [InlineData("mức độ LifeSafety")]
    [InlineData("kết quả Resolved")]
    [InlineData("vai trò SchoolManager")]
    [InlineData("loại SchoolViolence")]
    [InlineData("trạng thái InProgress")]
    public void The_guard_fails_on_each_kind_of_raw_code(string text) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => RenderedText.AssertNoRawCodes(text));

    [Fact]
    public void The_guard_lets_words_dates_and_document_numbers_through() =>
        RenderedText.AssertNoRawCodes("Nhiệm vụ 1 — 02/CT-TTg (Tháng 12/2026) · Quý IV/2026 · Năm học 2025–2026 · hạn 31/12/2026 09:00 · THCS Lê Chân · XLSX");

    [Theory]
    [InlineData(2, "CT-TTg", "02/CT-TTg")]
    [InlineData(9, "KH-SGDĐT", "09/KH-SGDĐT")]
    [InlineData(257, "SGDĐT-VP", "257/SGDĐT-VP")]
    [InlineData(null, "KH-UBND", "…/KH-UBND")]
    public void A_document_number_below_ten_is_written_with_its_leading_zero(int? number, string symbol, string expected)
    {
        Assert.Equal(expected, Fmt.DocumentNumber(number, symbol));
        if (number is not null) Assert.Equal(expected, Fmt.DocumentNumber($"{number}/{symbol}"));
    }

    [Theory]
    [InlineData("11/2026", "2026-11")]
    [InlineData("3/2026", "2026-03")]
    [InlineData("Tháng 3/2026", "2026-03")]
    [InlineData("Quý IV/2026", "2026-Q4")]
    [InlineData("6 tháng đầu năm 2026", "2026-H1")]
    [InlineData("Năm 2026", "2026")]
    [InlineData("Năm học 2025–2026", "2025-2026")]
    [InlineData("Năm học 2025-2026", "2025-2026")]
    [InlineData("2026-Q2", "2026-Q2")]
    [InlineData("Quý V/2026", null)]
    public void A_period_is_typed_as_people_write_it(string typed, string? key)
    {
        Assert.Equal(key, Fmt.ParsePeriod(typed));
    }

    [Fact]
    public void An_unknown_code_reads_Khac_never_itself()
    {
        var loc = new Loc();
        Assert.Equal("Khác", loc.Assignment("Suspended"));
        Assert.Equal("Khác", loc.Severity("Catastrophic"));
        Assert.Equal("Khác", loc.Outcome("Pardoned"));
        Assert.Equal("Khác", loc.CompletionRule("Majority"));
        Assert.Equal("Khác", loc.Category("Cyberbullying"));
        Assert.Equal("Kỳ khác", Fmt.Period("2026-W49"));
        Assert.Equal("do hệ thống", EventNotes.Assignment(loc, "system:night-batch"));
    }

    private static SubmissionSummary Submission(string period, string status, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), LeChanId, "THCS-LC", "Trường THCS Lê Chân", TemplateId, period, status, new DateOnly(2026, 12, 10), At, false, null, DistrictId);

    private static UnitInfo School(Guid id, string code, string name) =>
        new(id, code, name, null, "LowerSecondarySchool", DistrictId, "Active", null, null, null, null, null, null);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }
}
