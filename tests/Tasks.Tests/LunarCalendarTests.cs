using System.Globalization;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Tests;

public sealed class VietnamLunarCalendarTests
{
    [Theory]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    // 2030: the new moon falls at 16:07 UTC on 2 February, 23:07 in Hà Nội and 00:07 on 3 February in Beijing, so
    // Tết Canh Tuất is on 2 February in Vietnam; 3 February, the date lists copied from the Chinese calendar give, is China's.
    [InlineData(2030, "2030-02-02")]
    // Other years in which Vietnam's Tết (UTC+7) is not China's (UTC+8): the 2007 new moon fell at 23:14 in Hà Nội,
    // 00:14 the next day in Beijing; in 1985 month 11 itself differed, putting Tết a month apart.
    [InlineData(2007, "2007-02-17")]
    [InlineData(1985, "1985-01-21")]
    public void Tet_falls_on_the_known_dates(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnamLunarCalendar.NewYear(year));
    }

    [Theory]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    [InlineData(2027, "2027-04-16")]
    [InlineData(2028, "2028-04-04")]
    public void Hung_Kings_day_is_the_tenth_of_the_third_lunar_month(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), VietnamLunarCalendar.ToSolar(year, 3, 10));
    }

    [Fact]
    public void Chinas_calendar_in_dotnet_would_put_Tet_2007_and_2030_a_day_late()
    {
        // Why the lunar calendar is computed for UTC+7 rather than taken from ChineseLunisolarCalendar.
        var chinese = new ChineseLunisolarCalendar();
        Assert.Equal(new DateOnly(2007, 2, 18), DateOnly.FromDateTime(chinese.ToDateTime(2007, 1, 1, 0, 0, 0, 0)));
        Assert.Equal(new DateOnly(2007, 2, 17), VietnamLunarCalendar.NewYear(2007));
        Assert.Equal(new DateOnly(2030, 2, 3), DateOnly.FromDateTime(chinese.ToDateTime(2030, 1, 1, 0, 0, 0, 0)));
        Assert.Equal(new DateOnly(2030, 2, 2), VietnamLunarCalendar.NewYear(2030));
        // The years they agree on: 2024–2029.
        for (var year = 2024; year <= 2029; year++)
        {
            Assert.Equal(DateOnly.FromDateTime(chinese.ToDateTime(year, 1, 1, 0, 0, 0, 0)), VietnamLunarCalendar.NewYear(year));
        }
    }

    [Fact]
    public void Leap_months_are_the_first_without_a_principal_term()
    {
        // Quý Mão 2023 had a leap second month, Ất Tỵ 2025 a leap sixth.
        Assert.Equal(new LunarDate(2023, 2, 1, LeapMonth: true), VietnamLunarCalendar.FromSolar(new DateOnly(2023, 3, 22)));
        Assert.Equal(new LunarDate(2025, 6, 1, LeapMonth: true), VietnamLunarCalendar.FromSolar(new DateOnly(2025, 7, 25)));
        Assert.Equal(new DateOnly(2025, 7, 25), VietnamLunarCalendar.ToSolar(2025, 6, 1, leapMonth: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietnamLunarCalendar.ToSolar(2024, 6, 1, leapMonth: true));
    }

    [Fact]
    public void Solar_to_lunar_and_back_is_the_identity_and_months_have_29_or_30_days()
    {
        for (var date = new DateOnly(2023, 1, 1); date <= new DateOnly(2031, 12, 31); date = date.AddDays(1))
        {
            var lunar = VietnamLunarCalendar.FromSolar(date);
            Assert.InRange(lunar.Day, 1, 30);
            Assert.Equal(date, VietnamLunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.LeapMonth));
        }
        // The eve of Tết 2027 is the last day of month 12 of the lunar year that began in 2026.
        var eve = VietnamLunarCalendar.FromSolar(new DateOnly(2027, 2, 5));
        Assert.Equal((2026, 12, false), (eve.Year, eve.Month, eve.LeapMonth));
        Assert.Equal(new LunarDate(2027, 1, 1, false), VietnamLunarCalendar.FromSolar(new DateOnly(2027, 2, 6)));
    }
}

public sealed class LabourCodeHolidayTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Year_2027_has_the_eleven_holidays_and_weekday_substitutes_for_those_on_a_weekend()
    {
        var days = LabourCodeHolidays.For(2027).Select(h => h.Date).ToList();
        // Tết Đinh Mùi: 30 Tết Friday 05/02 to mùng 4 Tuesday 09/02; Saturday and Sunday are made good on 10/02 and 11/02.
        // 1/5 is a Saturday: Monday 03/05. Quốc khánh: 01/09 and 02/09.
        Assert.Equal(
            ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
             "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-01", "2027-09-02"],
            days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.All(LabourCodeHolidays.For(2027), h => Assert.Equal(HolidayKind.DayOff, h.Kind));
        Assert.Contains(LabourCodeHolidays.For(2027), h => h.Date == D("2027-05-03") && h.Name.EndsWith("(nghỉ bù)", StringComparison.Ordinal));
    }

    [Fact]
    public void Year_2028_substitutes_never_land_on_another_holiday()
    {
        var days = LabourCodeHolidays.For(2028).Select(h => h.Date).ToHashSet();
        // 1/1 Saturday → Monday 03/01; Tết 25/01–29/01 with Saturday 29/01 → Monday 31/01;
        // 30/4 Sunday → Tuesday 02/05 (Monday is 1/5); 2/9 Saturday → Monday 04/9.
        foreach (var expected in new[] { "2028-01-03", "2028-01-25", "2028-01-28", "2028-01-31", "2028-04-04", "2028-05-01", "2028-05-02", "2028-09-01", "2028-09-04" })
        {
            Assert.Contains(D(expected), days);
        }
        Assert.DoesNotContain(D("2028-02-01"), days);
        Assert.Equal(11 + 4, days.Count);
    }
}

public sealed class ProvisionalCalendarTests
{
    private static readonly HolidayCalendar Seeded = new(HolidaySeed.VietnamPublicHolidays2024To2026);

    [Theory]
    // Tết Đinh Mùi 2027 (computed): Wednesday 03/02 + 1 is Thursday 04/02; the next is Friday 12/02, after 30 Tết,
    // mùng 1–4, the weekend and the two substitute days.
    [InlineData("2027-02-03", 1, "2027-02-04")]
    [InlineData("2027-02-03", 2, "2027-02-12")]
    [InlineData("2027-02-04", 5, "2027-02-18")]
    // Tết Mậu Thân 2028 (computed): 25/01–28/01, Saturday 29/01 made good on Monday 31/01.
    [InlineData("2028-01-24", 1, "2028-02-01")]
    [InlineData("2028-01-21", 2, "2028-02-01")]
    [InlineData("2028-01-20", 10, "2028-02-10")]
    // Across the new year into a provisional year: 01/01/2027 is off.
    [InlineData("2026-12-31", 1, "2027-01-04")]
    public void Working_days_skip_computed_Tet_substitutes_and_weekends(string start, int days, string expected)
    {
        var from = DateOnly.Parse(start, CultureInfo.InvariantCulture);
        var due = Seeded.AddWorkingDays(from, days);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), due);
        Assert.Equal(days, Seeded.WorkingDaysBetween(from, due));
        Assert.Equal(from, Seeded.AddWorkingDays(due, -days));
    }

    [Fact]
    public void Seeded_years_are_announced_and_later_ones_provisional()
    {
        Assert.Equal([2024, 2025, 2026], Seeded.AnnouncedYears.Order());
        Assert.False(Seeded.IsProvisional(2026));
        Assert.True(Seeded.IsProvisional(2027));
        Assert.True(Seeded.IsProvisional(2031));
        Assert.False(Seeded.IsProvisional(new DateOnly(2025, 3, 1), new DateOnly(2026, 12, 31)));
        Assert.True(Seeded.IsProvisional(new DateOnly(2026, 12, 20), new DateOnly(2027, 1, 10)));
        Assert.Empty(Seeded.ComputedHolidays(2026));
        Assert.Contains(Seeded.ComputedHolidays(2027), h => h.Date == new DateOnly(2027, 2, 6) && h.Name == LabourCodeHolidays.Tet);
        // An announced year follows its rows alone: 2026's Quốc khánh is 01/09–02/09 as seeded, nothing computed.
        Assert.True(Seeded.IsWorkingDay(new DateOnly(2026, 2, 13)));
    }

    [Fact]
    public void Maintained_rows_apply_on_top_of_a_provisional_year_until_its_Tet_is_entered()
    {
        var adHoc = new Holiday { Date = new DateOnly(2027, 6, 7), Name = "Nghỉ đột xuất", Kind = HolidayKind.DayOff };
        var madeUp = new Holiday { Date = new DateOnly(2027, 2, 11), Name = "Đi làm (thử)", Kind = HolidayKind.WorkingDay };
        var calendar = new HolidayCalendar([.. HolidaySeed.VietnamPublicHolidays2024To2026, adHoc, madeUp]);
        Assert.True(calendar.IsProvisional(2027));
        Assert.False(calendar.IsWorkingDay(adHoc.Date));
        Assert.True(calendar.IsWorkingDay(madeUp.Date));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 4, 16)));
        Assert.DoesNotContain(calendar.ComputedHolidays(2027), h => h.Date == madeUp.Date);

        // The announcement arrives: its Tết rows make 2027 announced, and the computed days no longer apply.
        var announced = new HolidayCalendar([.. HolidaySeed.VietnamPublicHolidays2024To2026,
            .. Enumerable.Range(0, 7).Select(i => new Holiday { Date = new DateOnly(2027, 2, 5).AddDays(i), Name = "Tết Nguyên đán", Kind = HolidayKind.DayOff })]);
        Assert.False(announced.IsProvisional(2027));
        Assert.Empty(announced.ComputedHolidays(2027));
        Assert.True(announced.IsWorkingDay(new DateOnly(2027, 4, 16)));
        Assert.True(announced.IsProvisional(2028));
    }

    [Fact]
    public void A_working_day_deadline_counted_into_a_provisional_year_is_marked_and_a_fixed_date_is_not()
    {
        var counted = new DocumentTask { Text = "x", Kind = TaskKind.OneOff, DeadlineWorkingDays = 10 };
        counted.FixSchedule(new DateOnly(2026, 12, 21), Seeded);
        Assert.Equal(new DateOnly(2027, 1, 5), counted.DueDate);
        Assert.True(counted.DeadlineProvisional);

        var inside = new DocumentTask { Text = "x", Kind = TaskKind.OneOff, DeadlineWorkingDays = 5 };
        inside.FixSchedule(new DateOnly(2026, 12, 1), Seeded);
        Assert.False(inside.DeadlineProvisional);

        var fixedDate = new DocumentTask { Text = "x", Kind = TaskKind.OneOff, Deadline = new DateOnly(2027, 3, 1) };
        fixedDate.FixSchedule(new DateOnly(2026, 12, 21), Seeded);
        Assert.False(fixedDate.DeadlineProvisional);
    }
}
