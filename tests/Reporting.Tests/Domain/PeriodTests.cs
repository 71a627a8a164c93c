using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;

namespace Platform.Reporting.Tests.Domain;

public sealed class PeriodTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData("2024-03", PeriodType.Monthly, "2024-03-01", "2024-03-31", "2024-02-15", "2024-03-14")]
    [InlineData("2024-01", PeriodType.Monthly, "2024-01-01", "2024-01-31", "2023-12-15", "2024-01-14")]
    [InlineData("2024-12", PeriodType.Monthly, "2024-12-01", "2024-12-31", "2024-11-15", "2024-12-14")]
    [InlineData("2024-02", PeriodType.Monthly, "2024-02-01", "2024-02-29", "2024-01-15", "2024-02-14")]
    [InlineData("2024-Q1", PeriodType.Quarterly, "2024-01-01", "2024-03-31", "2023-12-15", "2024-03-14")]
    [InlineData("2024-Q4", PeriodType.Quarterly, "2024-10-01", "2024-12-31", "2024-09-15", "2024-12-14")]
    [InlineData("2024-H1", PeriodType.SixMonthly, "2024-01-01", "2024-06-30", "2023-12-15", "2024-06-14")]
    [InlineData("2024-H2", PeriodType.SixMonthly, "2024-07-01", "2024-12-31", "2024-06-15", "2024-12-14")]
    [InlineData("2024", PeriodType.Yearly, "2024-01-01", "2024-12-31", "2023-12-15", "2024-12-14")]
    [InlineData("2024-2025", PeriodType.SchoolYear, "2024-09-01", "2025-05-31", "2024-08-15", "2025-05-14")]
    public void Decree_09_cut_off_runs_from_the_15th_of_the_month_before_to_the_14th_of_the_last_month(
        string key, PeriodType type, string start, string end, string from, string to)
    {
        var p = PeriodCalendar.Parse(key)!;
        Assert.Equal(type, p.Type);
        Assert.Equal(key, p.Key);
        Assert.Equal(DateOnly.Parse(start), p.Start);
        Assert.Equal(DateOnly.Parse(end), p.End);
        Assert.Equal(DateOnly.Parse(from), p.CutoffFrom);
        Assert.Equal(DateOnly.Parse(to), p.CutoffTo);
    }

    [Fact]
    public void Cut_off_day_is_configurable_and_calendar_periods_have_none()
    {
        var twentieth = PeriodCalendar.Parse("2024-01", cutoffDay: 20)!;
        Assert.Equal(D(2023, 12, 20), twentieth.CutoffFrom);
        Assert.Equal(D(2024, 1, 19), twentieth.CutoffTo);

        var calendar = PeriodCalendar.Parse("2024-02", cutoffDay: null)!;
        Assert.Equal(D(2024, 2, 1), calendar.CutoffFrom);
        Assert.Equal(D(2024, 2, 29), calendar.CutoffTo);
    }

    [Theory]
    [InlineData("2024-09-01", "2024-2025")]
    [InlineData("2025-01-10", "2024-2025")]
    [InlineData("2025-05-31", "2024-2025")]
    [InlineData("2025-06-01", "2025-2026")]
    [InlineData("2025-08-31", "2025-2026")]
    public void A_date_belongs_to_the_school_year_starting_the_September_before_and_summer_to_the_next_one(string date, string key) =>
        Assert.Equal(key, PeriodCalendar.Containing(PeriodType.SchoolYear, DateOnly.Parse(date)).Key);

    [Fact]
    public void Periods_run_across_the_year_boundary_without_gaps()
    {
        var months = PeriodCalendar.Between(PeriodType.Monthly, D(2024, 11, 5), D(2025, 2, 1)).ToList();
        Assert.Equal(["2024-11", "2024-12", "2025-01", "2025-02"], months.Select(m => m.Key));
        for (var i = 1; i < months.Count; i++)
        {
            Assert.Equal(months[i - 1].End.AddDays(1), months[i].Start);
            Assert.Equal(months[i - 1].CutoffTo.AddDays(1), months[i].CutoffFrom);
        }
        Assert.Equal(["2024-Q4", "2025-Q1"], PeriodCalendar.Between(PeriodType.Quarterly, D(2024, 12, 31), D(2025, 1, 1)).Select(p => p.Key));
        Assert.Equal("2025-2026", PeriodCalendar.Next(PeriodCalendar.Parse("2024-2025")!).Key);
        Assert.Equal("2025-H1", PeriodCalendar.Next(PeriodCalendar.Parse("2024-H2")!).Key);
    }

    [Theory]
    [InlineData("2024-13")]
    [InlineData("2024-00")]
    [InlineData("2024-Q5")]
    [InlineData("2024-H3")]
    [InlineData("2024-2026")]
    [InlineData("24-03")]
    [InlineData("march")]
    [InlineData("")]
    public void Keys_that_name_no_period_are_rejected(string key) => Assert.Null(PeriodCalendar.Parse(key));

    [Fact]
    public void Deadline_is_a_local_date_N_days_after_the_data_window_and_lasts_to_the_end_of_that_day_in_Vietnam()
    {
        // All three fall on working days, so the calendar leaves them where they are.
        var calendar = Platform.WorkCalendar.HolidaySeed.AsAnnounced;
        var march = PeriodCalendar.Parse("2024-03")!;
        Assert.Equal(D(2024, 3, 19), march.DeadlineAfter(5, calendar));
        var december = PeriodCalendar.Parse("2024-12")!;
        Assert.Equal(D(2024, 12, 24), december.DeadlineAfter(10, calendar));
        Assert.Equal(D(2025, 1, 3), PeriodCalendar.Parse("2024-12", cutoffDay: null)!.DeadlineAfter(3, calendar));

        var end = ExpectedReports.DeadlineInstant(D(2024, 3, 19));
        Assert.Equal(new DateTimeOffset(2024, 3, 19, 16, 59, 59, TimeSpan.Zero), end.AddTicks(-end.Ticks % TimeSpan.TicksPerSecond));
        Assert.True(end < new DateTimeOffset(2024, 3, 20, 0, 0, 0, TimeSpan.FromHours(7)));
        Assert.True(end > new DateTimeOffset(2024, 3, 19, 23, 59, 59, TimeSpan.FromHours(7)));
        // 23:30 UTC on the 19th is already the 20th in Hanoi: late.
        Assert.True(new DateTimeOffset(2024, 3, 19, 17, 30, 0, TimeSpan.Zero) > end);
    }

    [Fact]
    public void A_schedule_opens_each_period_once_its_data_window_has_begun()
    {
        var schedule = new ReportSchedule { Name = "m", FirstPeriodKey = "2024-11", LastPeriodKey = "2025-01", PeriodType = PeriodType.Monthly, CutoffDay = 15, CreatedBy = "t" };
        Assert.Equal(["2024-11"], schedule.OpenedBy(D(2024, 11, 14)).Select(p => p.Key));
        Assert.Equal(["2024-11", "2024-12"], schedule.OpenedBy(D(2024, 11, 15)).Select(p => p.Key));
        Assert.Equal(["2024-11", "2024-12", "2025-01"], schedule.OpenedBy(D(2025, 6, 1)).Select(p => p.Key));
        Assert.Null(schedule.PeriodFor("2024-Q4"));
    }
}
