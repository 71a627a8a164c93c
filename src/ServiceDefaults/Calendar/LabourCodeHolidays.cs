namespace Platform.WorkCalendar;

/// <summary>
/// The public holidays of a year as the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Art. 112, fixes
/// them, for years whose holidays the government has not announced yet:
/// <list type="bullet">
/// <item>Tết Dương lịch: 1 January;</item>
/// <item>Tết Âm lịch: 5 days — taken, as the government's announcements usually do, as the last day of the
/// lunar year and mùng 1 to mùng 4 of the new one;</item>
/// <item>Ngày Chiến thắng 30/4 and Ngày Quốc tế Lao động 1/5;</item>
/// <item>Quốc khánh: 2 September and "01 ngày liền kề trước hoặc sau" — assumed to be the day before, 1 September
/// (the government chose it in 2025 and 2026; the law leaves it open);</item>
/// <item>Giỗ Tổ Hùng Vương: 10/3 of the lunar calendar.</item>
/// </list>
/// A holiday on a Saturday or Sunday gives the next working day off (Art. 112(3)). Bridges and make-up
/// Saturdays are the government's yearly choice and are not guessed.
/// </summary>
public static class LabourCodeHolidays
{
    public const string NewYear = "Tết Dương lịch";
    public const string Tet = "Tết Nguyên đán";
    public const string HungKings = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
    public const string Reunification = "Ngày Chiến thắng (30/4)";
    public const string Labour = "Ngày Quốc tế Lao động (1/5)";
    public const string National = "Quốc khánh (2/9)";
    public const string Substitute = " (nghỉ bù)";

    /// <summary>The fixed holidays of <paramref name="year"/> followed by the weekday substitutes for those on a weekend.</summary>
    public static IReadOnlyList<Holiday> For(int year)
    {
        var tetDay1 = VietnamLunarCalendar.NewYear(year);
        var fixedDays = new List<(DateOnly Date, string Name)>
        {
            (new DateOnly(year, 1, 1), NewYear),
            (tetDay1.AddDays(-1), Tet),
            (tetDay1, Tet),
            (tetDay1.AddDays(1), Tet),
            (tetDay1.AddDays(2), Tet),
            (tetDay1.AddDays(3), Tet),
            (VietnamLunarCalendar.ToSolar(year, 3, 10), HungKings),
            (new DateOnly(year, 4, 30), Reunification),
            (new DateOnly(year, 5, 1), Labour),
            (new DateOnly(year, 9, 1), National),
            (new DateOnly(year, 9, 2), National),
        };
        fixedDays.Sort((a, b) => a.Date.CompareTo(b.Date));

        var taken = fixedDays.Select(d => d.Date).ToHashSet();
        var holidays = fixedDays.Select(d => Off(d.Date, d.Name)).ToList();
        foreach (var (date, name) in fixedDays.Where(d => IsWeekend(d.Date)))
        {
            // The next day that is neither a weekend nor already off (fixed or given in substitution before).
            var substitute = date.AddDays(1);
            while (IsWeekend(substitute) || taken.Contains(substitute)) substitute = substitute.AddDays(1);
            taken.Add(substitute);
            holidays.Add(Off(substitute, name + Substitute));
        }
        return holidays.OrderBy(h => h.Date).ToList();
    }

    /// <summary>
    /// The days around Tết that an announced calendar always fills: from a week before the computed Tết eve to
    /// ten days after mùng 1. A maintained day off in this window means the year's holidays have been announced.
    /// </summary>
    public static (DateOnly From, DateOnly To) TetWindow(int year)
    {
        var tetDay1 = VietnamLunarCalendar.NewYear(year);
        return (tetDay1.AddDays(-8), tetDay1.AddDays(10));
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static Holiday Off(DateOnly date, string name) => new() { Date = date, Name = name, Kind = HolidayKind.DayOff };
}
