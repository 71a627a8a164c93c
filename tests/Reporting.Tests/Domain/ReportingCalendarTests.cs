using Platform.WorkCalendar;
using Platform.Reporting.Domain;

namespace Platform.Reporting.Tests.Domain;

/// <summary>
/// Reporting deadlines on the working-day calendar the tasks service uses (shared in ServiceDefaults): announced days
/// off to 2026, the Labour Code's days with Tết from the lunar calendar after that (provisional); a deadline that
/// falls on a day off ends on the next working day. And the school year as periods: semester I, semester II and the
/// whole year, with their fixed deadlines (25/01, 25/06).
/// </summary>
public sealed class ReportingCalendarTests
{
    private static readonly HolidayCalendar Calendar = HolidaySeed.AsAnnounced;
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void A_monthly_deadline_that_falls_in_Tet_2027_moves_past_the_holiday_and_its_weekend_substitutes()
    {
        // Tết Đinh Mùi: mùng 1 on Saturday 06/02/2027. Provisional days off: eve Fri 05/02, Mon 08 and Tue 09/02, and
        // Wed 10 and Thu 11/02 for mùng 1 and mùng 2 falling on the weekend.
        Assert.Equal(D(2027, 2, 6), VietnamLunarCalendar.NewYear(2027));
        Assert.True(Calendar.IsProvisional(2027));
        var january = PeriodCalendar.Parse("2027-01")!; // data window to 14/01/2027
        Assert.Equal(D(2027, 2, 12), january.DeadlineAfter(22, Calendar)); // 05/02, Tết eve
        Assert.Equal(D(2027, 2, 12), january.DeadlineAfter(24, Calendar)); // 07/02, a Sunday of Tết
        Assert.Equal(D(2027, 2, 12), january.DeadlineAfter(28, Calendar)); // 11/02, a substitute day
        Assert.Equal(D(2027, 2, 4), january.DeadlineAfter(21, Calendar));  // Thursday before Tết: unchanged
        Assert.Equal(D(2027, 1, 19), january.DeadlineAfter(5, Calendar));
    }

    [Fact]
    public void Semester_I_of_2027_2028_is_due_on_25_January_2028_which_is_Tet_eve_so_the_deadline_is_the_first_working_day_after_Tet()
    {
        // Tết Mậu Thân: mùng 1 on Wednesday 26/01/2028; eve Tue 25/01, mùng 1–3 Wed–Fri, mùng 4 on Saturday 29/01 → Monday 31/01 off.
        Assert.Equal(D(2028, 1, 26), VietnamLunarCalendar.NewYear(2028));
        var semester = PeriodCalendar.Parse("2027-2028-HK1")!;
        Assert.Equal(D(2028, 1, 25), PeriodCalendar.FixedDeadline(semester));
        Assert.Equal(D(2028, 2, 1), semester.DeadlineAfter(5, Calendar));
        Assert.True(Calendar.IsProvisional(2028));
        // The year before, 25/01/2027 is a Monday ten days before Tết: the fixed date holds.
        Assert.Equal(D(2027, 1, 25), PeriodCalendar.Parse("2026-2027-HK1")!.DeadlineAfter(5, Calendar));
    }

    [Theory]
    [InlineData("2026-2027-HK1", PeriodType.SchoolSemester1, "2026-09-01", "2027-01-31", "2026-08-15", "2027-01-14", "2027-01-25", "Học kỳ I năm học 2026-2027")]
    [InlineData("2026-2027-HK2", PeriodType.SchoolSemester2, "2027-02-01", "2027-05-31", "2027-01-15", "2027-05-14", "2027-06-25", "Học kỳ II năm học 2026-2027")]
    [InlineData("2026-2027", PeriodType.SchoolYear, "2026-09-01", "2027-05-31", "2026-08-15", "2027-05-14", "2027-06-25", "Năm học 2026-2027")]
    // 25/06/2028 is a Sunday: the whole year's report of 2027-2028 is due on Monday 26/06.
    [InlineData("2027-2028", PeriodType.SchoolYear, "2027-09-01", "2028-05-31", "2027-08-15", "2028-05-14", "2028-06-26", "Năm học 2027-2028")]
    public void The_school_year_and_its_semesters_are_periods_with_fixed_deadlines(string key, PeriodType type, string start, string end,
        string from, string to, string deadline, string label)
    {
        var p = PeriodCalendar.Parse(key)!;
        Assert.Equal(type, p.Type);
        Assert.Equal(key, p.Key);
        Assert.Equal(DateOnly.Parse(start), p.Start);
        Assert.Equal(DateOnly.Parse(end), p.End);
        Assert.Equal(DateOnly.Parse(from), p.CutoffFrom);
        Assert.Equal(DateOnly.Parse(to), p.CutoffTo);
        Assert.Equal(label, p.Label);
        // The schedule's "N days after" does not apply to a fixed deadline.
        Assert.Equal(DateOnly.Parse(deadline), p.DeadlineAfter(5, Calendar));
        Assert.Equal(DateOnly.Parse(deadline), p.DeadlineAfter(60, Calendar));
    }

    [Theory]
    [InlineData("2026-10-10", PeriodType.SchoolSemester1, "2026-2027-HK1")]
    [InlineData("2027-01-20", PeriodType.SchoolSemester1, "2026-2027-HK1")]
    [InlineData("2027-07-01", PeriodType.SchoolSemester1, "2027-2028-HK1")]
    [InlineData("2027-03-01", PeriodType.SchoolSemester2, "2026-2027-HK2")]
    [InlineData("2026-12-07", PeriodType.SchoolSemester2, "2026-2027-HK2")]
    public void A_date_belongs_to_the_semester_of_its_school_year(string date, PeriodType type, string key)
    {
        var p = PeriodCalendar.Containing(type, DateOnly.Parse(date));
        Assert.Equal(key, p.Key);
        Assert.Equal(p.Key, PeriodCalendar.Parse(p.Key)!.Key);
        Assert.Equal(PeriodCalendar.Parse(key)!.Start.AddYears(1), PeriodCalendar.Next(p).Start);
    }

    [Theory]
    [InlineData("2026-2028-HK1")]
    [InlineData("2026-2027-HK3")]
    [InlineData("2026-HK1")]
    public void Semester_keys_that_name_no_semester_are_rejected(string key) => Assert.Null(PeriodCalendar.Parse(key));
}
