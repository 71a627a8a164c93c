using Platform.Reporting.Domain;

namespace Platform.Reporting.Tests.Domain;

public sealed class SubmissionStateTests
{
    private static readonly DateTimeOffset Deadline = new(2024, 3, 19, 23, 59, 59, TimeSpan.FromHours(7));
    private static readonly Guid School = Guid.NewGuid();
    private static readonly Guid District = Guid.NewGuid();

    private static TemplateVersion Version()
    {
        var v = new TemplateVersion { Id = Guid.NewGuid() };
        v.Indicators.Add(new Indicator { Id = 1, SectionCode = "s", Code = "incidents_total", Label = "Số vụ", Type = IndicatorType.Integer, Required = true, Min = 0, Max = 1000, PrefillKey = "incidents.x" });
        v.Indicators.Add(new Indicator { Id = 2, SectionCode = "s", Code = "pupils_involved", Label = "Số học sinh", Type = IndicatorType.Integer, Required = true, Min = 0 });
        v.Indicators.Add(new Indicator { Id = 3, SectionCode = "s", Code = "narrative", Label = "Đánh giá", Type = IndicatorType.Text, Required = false });
        v.Rules.Add(new ValidationRule { Code = "pupils_cover", Expression = "pupils_involved >= incidents_total when incidents_total > 0", Message = "Số học sinh phải ≥ số vụ.", MessageEnglish = "Pupils must be at least incidents." });
        return v;
    }

    private static Submission NewReport() => new()
    {
        Id = Guid.NewGuid(), UnitId = School, Chain = [District], DeadlineAt = Deadline, Status = SubmissionStatus.NotStarted,
    };

    private static Actor At(Guid unit, int day, int hour = 10) => new("user", unit, new DateTimeOffset(2024, 3, day, hour, 0, 0, TimeSpan.FromHours(7)));

    private static Dictionary<int, StoredValue?> Values(decimal incidents, decimal pupils) => new() { [1] = new(incidents, null), [2] = new(pupils, null) };

    [Fact]
    public void Draft_is_submitted_returned_resubmitted_and_approved_with_every_step_in_the_history()
    {
        var report = NewReport();
        report.SaveDraft(Values(1, 2), At(School, 10));
        Assert.Equal(SubmissionStatus.Draft, report.Status);

        Assert.False(report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 12), out var errors));
        Assert.Empty(errors);
        Assert.Equal(SubmissionStatus.Submitted, report.Status);
        Assert.False(report.IsLate);

        report.Return("Thiếu số liệu tuyên truyền", At(District, 13));
        Assert.Equal(SubmissionStatus.Returned, report.Status);
        Assert.Equal("Thiếu số liệu tuyên truyền", report.LastComment);

        report.SaveDraft(Values(1, 3), At(School, 14));
        Assert.True(report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 14), out errors));
        Assert.Empty(errors);
        report.Approve(At(District, 15));
        Assert.Equal(SubmissionStatus.Approved, report.Status);
        Assert.Equal(District, report.ApprovedByUnitId);
        Assert.Equal(["Saved", "Submitted", "Returned", "Saved", "Resubmitted", "Approved"], report.History.Select(h => h.Action));
        Assert.Equal(new DateTimeOffset(2024, 3, 12, 10, 0, 0, TimeSpan.FromHours(7)), report.FirstSubmittedAt);
    }

    [Fact]
    public void Approved_data_is_locked_until_a_higher_level_reopens_it_with_a_reason()
    {
        var report = NewReport();
        report.SaveDraft(Values(0, 0), At(School, 10));
        report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 10), out _);
        report.Approve(At(District, 11));

        Assert.Throws<ReportStateException>(() => report.SaveDraft(Values(5, 5), At(School, 12)));
        Assert.Throws<ReportStateException>(() => report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 12), out _));
        Assert.Throws<ReportStateException>(() => report.Return("x", At(District, 12)));
        Assert.Throws<ReportStateException>(() => report.Approve(At(District, 12)));
        Assert.Equal(0, report.Values.Single(v => v.IndicatorId == 1).NumericValue);

        report.Reopen("Số liệu sai, cần sửa", At(Guid.NewGuid(), 13));
        Assert.Equal(SubmissionStatus.Returned, report.Status);
        Assert.Null(report.ApprovedAt);
        report.SaveDraft(Values(1, 1), At(School, 13));
        Assert.Equal(SubmissionStatus.Draft, report.Status);
        Assert.Throws<ReportStateException>(() => report.Reopen("again", At(District, 13)));
    }

    [Fact]
    public void A_submitted_report_awaits_review_and_cannot_be_edited_or_resubmitted()
    {
        var report = NewReport();
        report.Submit(Version(), new Dictionary<int, PrefillValue> { [1] = new(0, "src"), [2] = new(0, "src") }, At(School, 10), out _);
        Assert.Equal(SubmissionStatus.Submitted, report.Status);
        Assert.Throws<ReportStateException>(() => report.SaveDraft(Values(1, 1), At(School, 11)));
        Assert.Throws<ReportStateException>(() => report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 11), out _));
        Assert.Throws<ReportStateException>(() => report.Reopen("x", At(District, 11)));
    }

    [Fact]
    public void Late_is_judged_by_the_first_submission_in_Vietnam_time()
    {
        var onTime = NewReport();
        onTime.SaveDraft(Values(0, 0), At(School, 19, 23));
        onTime.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 19, 23), out _);
        onTime.Return("sửa", At(District, 20));
        onTime.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 25), out _);
        Assert.False(onTime.IsLate);

        var late = NewReport();
        late.SaveDraft(Values(0, 0), At(School, 20, 0));
        late.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 20, 0), out _);
        Assert.True(late.IsLate);
        Assert.Equal(SubmissionStatus.Submitted, late.Status);
    }

    [Fact]
    public void A_failed_submission_changes_nothing_and_names_each_field_and_rule()
    {
        var report = NewReport();
        report.SaveDraft(new Dictionary<int, StoredValue?> { [1] = new(3, null), [2] = new(1, null) }, At(School, 10));
        report.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 11), out var errors);
        Assert.Equal(["rules.pupils_cover"], errors.Select(e => e.Field));
        Assert.Equal("Pupils must be at least incidents.", errors[0].English);
        Assert.Equal(SubmissionStatus.Draft, report.Status);
        Assert.Null(report.FirstSubmittedAt);

        var empty = NewReport();
        empty.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 11), out errors);
        Assert.Equal(["values.incidents_total", "values.pupils_involved"], errors.Select(e => e.Field));

        var outOfBounds = NewReport();
        outOfBounds.SaveDraft(new Dictionary<int, StoredValue?> { [1] = new(1001, null), [2] = new(-1, null) }, At(School, 10));
        outOfBounds.Submit(Version(), new Dictionary<int, PrefillValue>(), At(School, 11), out errors);
        Assert.Equal(["values.incidents_total", "values.pupils_involved", "rules.pupils_cover"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Prefill_fills_only_what_the_unit_left_empty_and_keeps_its_source()
    {
        var report = NewReport();
        report.SaveDraft(new Dictionary<int, StoredValue?> { [2] = new(4, null) }, At(School, 10));
        report.Submit(Version(), new Dictionary<int, PrefillValue> { [1] = new(2, "Sự việc đã báo cáo"), [2] = new(9, "ignored") }, At(School, 11), out var errors);
        Assert.Empty(errors);
        Assert.Equal((2m, "Sự việc đã báo cáo"), report.Values.Where(v => v.IndicatorId == 1).Select(v => (v.NumericValue!.Value, v.Source)).Single());
        Assert.Equal((4m, (string?)null), report.Values.Where(v => v.IndicatorId == 2).Select(v => (v.NumericValue!.Value, v.Source)).Single());
    }
}
