using System.IO.Compression;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Tests;

public sealed class WorkingDayTests
{
    private static readonly HolidayCalendar Calendar = new(HolidaySeed.VietnamPublicHolidays2024To2026);

    [Theory]
    // Friday before Tết Giáp Thìn (08/02–14/02/2024): 1 working day later is Thursday 15/02.
    [InlineData("2024-02-07", 1, "2024-02-15")]
    [InlineData("2024-02-02", 5, "2024-02-16")]
    // Tết Ất Tỵ 2025 (27/01–31/01 off, weekends around it): Friday 24/01 + 1 = Monday 03/02.
    [InlineData("2025-01-24", 1, "2025-02-03")]
    // A plain week: Friday + 1 = Monday.
    [InlineData("2024-03-08", 1, "2024-03-11")]
    // Saturday 04/05/2024 is a make-up working day; 30/04 and 01/05 are off, 29/04 bridged.
    [InlineData("2024-04-26", 1, "2024-05-02")]
    [InlineData("2024-05-03", 1, "2024-05-04")]
    // Tết Bính Ngọ 2026 (16/02–20/02 off).
    [InlineData("2026-02-13", 1, "2026-02-23")]
    // Tết Đinh Mùi 2027 is computed, not seeded (see ProvisionalCalendarTests): 05/02–11/02 off.
    [InlineData("2027-02-03", 1, "2027-02-04")]
    [InlineData("2027-02-04", 1, "2027-02-12")]
    [InlineData("2024-04-22", 0, "2024-04-22")]
    public void N_working_days_skip_weekends_Tet_and_holidays_and_count_make_up_Saturdays(string start, int days, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Calendar.AddWorkingDays(DateOnly.Parse(start), days));
    }

    [Fact]
    public void Going_back_and_counting_between_agree_with_going_forward()
    {
        var from = new DateOnly(2024, 2, 1);
        var to = Calendar.AddWorkingDays(from, 12);
        Assert.Equal(12, Calendar.WorkingDaysBetween(from, to));
        Assert.Equal(-12, Calendar.WorkingDaysBetween(to, from));
        Assert.Equal(from, Calendar.AddWorkingDays(to, -12));
    }

    [Fact]
    public void Tet_is_data_for_every_announced_year_from_2024_to_2026()
    {
        Assert.DoesNotContain(HolidaySeed.VietnamPublicHolidays2024To2026, h => h.Date.Year > 2026);
        foreach (var year in new[] { 2024, 2025, 2026 })
        {
            Assert.Contains(HolidaySeed.VietnamPublicHolidays2024To2026, h => h.Date.Year == year && h.Name == "Tết Nguyên đán");
            Assert.Contains(HolidaySeed.VietnamPublicHolidays2024To2026, h => h.Date == new DateOnly(year, 1, 1));
        }
        Assert.Equal(HolidaySeed.VietnamPublicHolidays2024To2026.Length, HolidaySeed.VietnamPublicHolidays2024To2026.Select(h => h.Date).Distinct().Count());
    }
}

public sealed class TrackingRuleTests
{
    private static readonly DateOnly Due = new(2024, 5, 10);

    [Theory]
    [InlineData(AssignmentStatus.Assigned, "2024-05-10", TrackingStatus.InProgressWithinDeadline)]
    [InlineData(AssignmentStatus.Acknowledged, "2024-05-11", TrackingStatus.Overdue)]
    [InlineData(AssignmentStatus.InProgress, "2024-05-01", TrackingStatus.InProgressWithinDeadline)]
    [InlineData(AssignmentStatus.InProgress, "2024-06-01", TrackingStatus.Overdue)]
    public void Open_assignments_are_within_deadline_until_the_due_date_and_overdue_after(AssignmentStatus status, string today, TrackingStatus expected)
    {
        Assert.Equal(expected, TrackingRules.Status(status, Due, null, DateOnly.Parse(today)));
    }

    [Fact]
    public void Completion_on_the_due_date_is_on_time_and_the_day_after_is_late()
    {
        Assert.True(TrackingRules.IsOnTime(Due, Due));
        Assert.False(TrackingRules.IsOnTime(Due.AddDays(1), Due));
        Assert.True(TrackingRules.IsOnTime(Due.AddDays(100), null));
        Assert.Equal(TrackingStatus.CompletedLate, TrackingRules.Status(AssignmentStatus.Completed, Due, false, Due.AddDays(30)));
        Assert.Equal(TrackingStatus.CompletedOnTime, TrackingRules.Status(AssignmentStatus.Completed, Due, true, Due.AddDays(30)));
    }

    [Fact]
    public void Standing_tasks_never_become_overdue_and_cancelled_ones_leave_the_count()
    {
        Assert.Equal(TrackingStatus.InProgressWithinDeadline, TrackingRules.Status(AssignmentStatus.Assigned, null, null, new DateOnly(2030, 1, 1)));
        Assert.Null(TrackingRules.Status(AssignmentStatus.Cancelled, Due, null, Due.AddDays(5)));
    }

    private static Assignment NewAssignment(DateOnly? due = null)
    {
        var task = new DocumentTask { Id = Guid.NewGuid(), Number = 1, Text = "x", Kind = TaskKind.OneOff, DueDate = due ?? Due };
        return Assignment.Create(Guid.NewGuid(), Guid.NewGuid(), task, new Occurrence(1, null, due ?? Due), Guid.NewGuid(), null,
            new Actor("u", Guid.NewGuid(), DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Lifecycle_runs_assigned_acknowledged_in_progress_completed_and_refuses_repeats()
    {
        var a = NewAssignment();
        var actor = new Actor("principal", a.UnitId, new DateTimeOffset(2024, 5, 2, 1, 0, 0, TimeSpan.Zero));
        Assert.Throws<DomainException>(() => a.Complete(Due, actor));
        a.Acknowledge(actor);
        Assert.Equal("principal", a.AcknowledgedBy);
        Assert.Equal(actor.At, a.AcknowledgedAt);
        var second = Assert.Throws<DomainException>(() => a.Acknowledge(actor));
        Assert.Contains("twice", second.English);
        a.ReportProgress(40, actor);
        Assert.Equal(AssignmentStatus.InProgress, a.Status);
        Assert.Throws<DomainException>(() => a.ReportProgress(140, actor));
        a.Complete(Due.AddDays(3), actor);
        Assert.Equal(TrackingStatus.CompletedLate, a.Tracking(Due.AddDays(3)));
        Assert.Throws<DomainException>(() => a.Complete(Due, actor));
        Assert.Throws<DomainException>(() => a.ReportProgress(100, actor));
    }

    [Fact]
    public void Recurring_tasks_have_one_occurrence_per_period_due_on_the_chosen_day()
    {
        var quarters = Recurrence.Occurrences(RecurrencePeriod.Quarterly, new DateOnly(2024, 4, 22), new DateOnly(2024, 12, 31), 25);
        Assert.Equal(["2024-Q2", "2024-Q3", "2024-Q4"], quarters.Select(o => o.Period));
        Assert.Equal([new DateOnly(2024, 6, 25), new DateOnly(2024, 9, 25), new DateOnly(2024, 12, 25)], quarters.Select(o => o.DueDate!.Value));
        var months = Recurrence.Occurrences(RecurrencePeriod.Monthly, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 1), null);
        Assert.Equal([new DateOnly(2024, 1, 31), new DateOnly(2024, 2, 29), new DateOnly(2024, 3, 31)], months.Select(o => o.DueDate!.Value));
        Assert.Equal([1, 2, 3], months.Select(o => o.Ordinal));
    }
}

public sealed class CascadeRuleTests
{
    private static readonly Actor District = new("district-officer", Guid.NewGuid(), DateTimeOffset.UnixEpoch);
    private static readonly DateOnly Due = new(2024, 5, 31);

    private static (Assignment Parent, List<Assignment> Children) Delegated(CompletionRule rule, int? threshold, int children)
    {
        var task = new DocumentTask { Id = Guid.NewGuid(), Number = 3, Text = "Ký chương trình phối hợp", Kind = TaskKind.OneOff, DueDate = Due };
        var parent = Assignment.Create(Guid.NewGuid(), Guid.NewGuid(), task, new Occurrence(1, null, Due), District.UnitId, null, District);
        parent.Acknowledge(District);
        parent.MarkDelegated(rule, threshold);
        var list = Enumerable.Range(0, children).Select(_ => parent.DelegateTo(Guid.NewGuid(), Guid.NewGuid(), null, District)).ToList();
        return (parent, list);
    }

    private static void Finish(Assignment child, DateOnly on)
    {
        var school = new Actor("principal", child.UnitId, DateTimeOffset.UnixEpoch);
        child.Acknowledge(school);
        child.Complete(on, school);
    }

    [Fact]
    public void All_children_rule_completes_the_district_when_the_last_school_does()
    {
        var (parent, children) = Delegated(CompletionRule.AllChildren, null, 3);
        Finish(children[0], Due);
        Finish(children[1], Due);
        Assert.False(parent.DeriveFromChildren(children, Due, DateTimeOffset.UnixEpoch));
        Assert.Equal(66, parent.ProgressPercent);
        Finish(children[2], Due.AddDays(2));
        Assert.True(parent.DeriveFromChildren(children, Due.AddDays(2), DateTimeOffset.UnixEpoch));
        Assert.Equal(AssignmentStatus.Completed, parent.Status);
        Assert.True(parent.CompletedByChildren);
        Assert.Equal(TrackingStatus.CompletedLate, parent.Tracking(Due.AddDays(2)));
    }

    [Fact]
    public void Threshold_rule_completes_the_district_at_the_percentage()
    {
        var (parent, children) = Delegated(CompletionRule.Threshold, 75, 4);
        Finish(children[0], Due);
        Finish(children[1], Due);
        Assert.False(parent.DeriveFromChildren(children, Due, DateTimeOffset.UnixEpoch));
        Finish(children[2], Due);
        Assert.True(parent.DeriveFromChildren(children, Due, DateTimeOffset.UnixEpoch));
        Assert.Equal(TrackingStatus.CompletedOnTime, parent.Tracking(Due));
    }

    [Fact]
    public void Cancelled_children_leave_the_count_and_a_derived_assignment_cannot_be_completed_by_hand()
    {
        var (parent, children) = Delegated(CompletionRule.AllChildren, null, 2);
        Assert.Throws<DomainException>(() => parent.Complete(Due, District));
        children[1].Close(Due, "Đơn vị giải thể, không có đơn vị kế thừa");
        Finish(children[0], Due);
        Assert.True(parent.DeriveFromChildren(children, Due, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData(CompletionRule.AllChildren, null, 0, 0, false)]
    [InlineData(CompletionRule.AllChildren, null, 5, 5, true)]
    [InlineData(CompletionRule.Threshold, 50, 5, 2, false)]
    [InlineData(CompletionRule.Threshold, 50, 5, 3, true)]
    [InlineData(CompletionRule.Threshold, 100, 3, 3, true)]
    [InlineData(CompletionRule.Manual, null, 3, 3, false)]
    public void Cascade_rules(CompletionRule rule, int? threshold, int children, int completed, bool satisfied)
    {
        Assert.Equal(satisfied, CascadeRules.IsSatisfied(rule, threshold, children, completed));
    }
}

public sealed class FileInspectorTests
{
    internal static byte[] Pdf => "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"u8.ToArray();
    internal static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    internal static byte[] Jpeg => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];

    internal static byte[] Package(string part)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(part).Open());
            writer.Write("<x/>");
        }
        return memory.ToArray();
    }

    [Fact]
    public void Types_are_recognised_by_content()
    {
        FileInspector.FileType? Detect(byte[] data) => FileInspector.Detect(data, () => new MemoryStream(data));
        Assert.Equal(FileInspector.Pdf, Detect(Pdf));
        Assert.Equal(FileInspector.Png, Detect(Png));
        Assert.Equal(FileInspector.Jpeg, Detect(Jpeg));
        Assert.Equal(FileInspector.Docx, Detect(Package("word/document.xml")));
        Assert.Equal(FileInspector.Xlsx, Detect(Package("xl/workbook.xml")));
        Assert.Null(Detect(Package("readme.txt")));
        Assert.Null(Detect("MZ\u0090\0 an executable"u8.ToArray()));
        Assert.Null(Detect("PK\u0003\u0004 not really a zip"u8.ToArray()));
        Assert.True(FileInspector.ExtensionMatches("Bao cao.PDF", FileInspector.Pdf));
        Assert.False(FileInspector.ExtensionMatches("anh.png", FileInspector.Pdf));
    }
}
