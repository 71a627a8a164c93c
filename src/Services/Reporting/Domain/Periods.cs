using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Reporting.Domain;

public enum PeriodType
{
    Monthly,
    Quarterly,
    SixMonthly,
    Yearly,
    /// <summary>Năm học: September to May.</summary>
    SchoolYear,
    /// <summary>The window of an ad-hoc request (đột xuất).</summary>
    AdHoc,
    /// <summary>Học kỳ I: September to January, reported by 25 January.</summary>
    SchoolSemester1,
    /// <summary>Học kỳ II: February to May, reported by 25 June.</summary>
    SchoolSemester2,
}

/// <summary>
/// A reporting period: its calendar span and its data cut-off window. Decree 09/2019/NĐ-CP counts data
/// from the 15th of the month before the period to the 14th of the period's last month; the day is
/// configurable per schedule.
/// </summary>
public sealed record ReportingPeriod(PeriodType Type, string Key, DateOnly Start, DateOnly End, DateOnly CutoffFrom, DateOnly CutoffTo)
{
    /// <summary>
    /// The deadline (a local date): the school year's fixed date for its periods (<see cref="PeriodCalendar.FixedDeadline"/>),
    /// otherwise <paramref name="days"/> days after the end of the data window; a deadline that falls on a day off
    /// (weekend, holiday, Tết — announced or, for later years, provisional) ends on the next working day, as the Civil
    /// Code (Art. 148(5)) counts time limits. The same calendar as the tasks service's.
    /// </summary>
    public DateOnly DeadlineAfter(int days, Platform.WorkCalendar.HolidayCalendar calendar) =>
        calendar.WorkingDayOnOrAfter(PeriodCalendar.FixedDeadline(this) is { } fixedDate && fixedDate >= CutoffTo ? fixedDate : CutoffTo.AddDays(days));

    public string Label => PeriodCalendar.Label(this);
}

public static partial class PeriodCalendar
{
    public const int DefaultCutoffDay = 15;

    [GeneratedRegex(@"^(\d{4})-(0[1-9]|1[0-2])$")] private static partial Regex MonthKey();
    [GeneratedRegex(@"^(\d{4})-Q([1-4])$")] private static partial Regex QuarterKey();
    [GeneratedRegex(@"^(\d{4})-H([12])$")] private static partial Regex HalfKey();
    [GeneratedRegex(@"^(\d{4})$")] private static partial Regex YearKey();
    [GeneratedRegex(@"^(\d{4})-(\d{4})$")] private static partial Regex SchoolYearKey();
    [GeneratedRegex(@"^(\d{4})-(\d{4})-HK([12])$")] private static partial Regex SemesterKey();

    /// <summary>Semester I's report is due on 25 January, semester II's and the whole school year's on 25 June.</summary>
    public static DateOnly? FixedDeadline(ReportingPeriod period) => period.Type switch
    {
        PeriodType.SchoolSemester1 => new DateOnly(SchoolYearOf(period), 1, 25).AddYears(1),
        PeriodType.SchoolSemester2 or PeriodType.SchoolYear => new DateOnly(SchoolYearOf(period) + 1, 6, 25),
        _ => null,
    };

    /// <summary>The year the period's school year starts in (September).</summary>
    private static int SchoolYearOf(ReportingPeriod period) => period.Start.Month >= 8 ? period.Start.Year : period.Start.Year - 1;

    /// <summary>
    /// The period a key names: <c>2024-03</c> (month), <c>2024-Q1</c>, <c>2024-H2</c>, <c>2024</c> (year),
    /// <c>2024-2025</c> (school year), <c>2024-2025-HK1</c> / <c>2024-2025-HK2</c> (its semesters). Null when the key is not one of these.
    /// </summary>
    public static ReportingPeriod? Parse(string? key, int? cutoffDay = DefaultCutoffDay)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        key = key.Trim().ToUpperInvariant();
        Match m;
        if ((m = MonthKey().Match(key)).Success)
        {
            var start = new DateOnly(Year(m), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), 1);
            return Build(PeriodType.Monthly, start, 1, cutoffDay);
        }
        if ((m = QuarterKey().Match(key)).Success)
        {
            return Build(PeriodType.Quarterly, new DateOnly(Year(m), (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - 1) * 3 + 1, 1), 3, cutoffDay);
        }
        if ((m = HalfKey().Match(key)).Success)
        {
            return Build(PeriodType.SixMonthly, new DateOnly(Year(m), m.Groups[2].Value == "1" ? 1 : 7, 1), 6, cutoffDay);
        }
        if ((m = YearKey().Match(key)).Success)
        {
            return Build(PeriodType.Yearly, new DateOnly(Year(m), 1, 1), 12, cutoffDay);
        }
        if ((m = SchoolYearKey().Match(key)).Success && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == Year(m) + 1)
        {
            // September to May: nine months.
            return Build(PeriodType.SchoolYear, new DateOnly(Year(m), 9, 1), 9, cutoffDay);
        }
        if ((m = SemesterKey().Match(key)).Success && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == Year(m) + 1)
        {
            // Semester I: September to January; semester II: February to May.
            return m.Groups[3].Value == "1"
                ? Build(PeriodType.SchoolSemester1, new DateOnly(Year(m), 9, 1), 5, cutoffDay)
                : Build(PeriodType.SchoolSemester2, new DateOnly(Year(m) + 1, 2, 1), 4, cutoffDay);
        }
        return null;
    }

    /// <summary>The period of <paramref name="type"/> that contains the calendar date <paramref name="date"/>; for the school year, June–August belong to the school year that starts in September.</summary>
    public static ReportingPeriod Containing(PeriodType type, DateOnly date, int? cutoffDay = DefaultCutoffDay) => type switch
    {
        PeriodType.Monthly => Build(type, new DateOnly(date.Year, date.Month, 1), 1, cutoffDay),
        PeriodType.Quarterly => Build(type, new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1), 3, cutoffDay),
        PeriodType.SixMonthly => Build(type, new DateOnly(date.Year, date.Month <= 6 ? 1 : 7, 1), 6, cutoffDay),
        PeriodType.Yearly => Build(type, new DateOnly(date.Year, 1, 1), 12, cutoffDay),
        PeriodType.SchoolYear => Build(type, new DateOnly(date.Month >= 6 ? date.Year : date.Year - 1, 9, 1), 9, cutoffDay),
        // February–May is semester II; June to January belongs to semester I of the school year starting that (or the last) September.
        PeriodType.SchoolSemester1 => Build(type, new DateOnly(date.Month >= 6 ? date.Year : date.Year - 1, 9, 1), 5, cutoffDay),
        PeriodType.SchoolSemester2 => Build(type, new DateOnly(date.Month >= 6 ? date.Year + 1 : date.Year, 2, 1), 4, cutoffDay),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Ad-hoc windows are not calendar periods."),
    };

    /// <summary>The period after <paramref name="period"/> (same type and cut-off day).</summary>
    public static ReportingPeriod Next(ReportingPeriod period, int? cutoffDay = DefaultCutoffDay) => period.Type switch
    {
        PeriodType.SchoolYear => Build(period.Type, period.Start.AddYears(1), 9, cutoffDay),
        PeriodType.SchoolSemester1 => Build(period.Type, period.Start.AddYears(1), 5, cutoffDay),
        PeriodType.SchoolSemester2 => Build(period.Type, period.Start.AddYears(1), 4, cutoffDay),
        PeriodType.AdHoc => throw new ArgumentOutOfRangeException(nameof(period), "Ad-hoc windows do not repeat."),
        _ => Containing(period.Type, period.End.AddDays(1), cutoffDay),
    };

    /// <summary>Every period of <paramref name="type"/> from the one containing <paramref name="from"/> to the one containing <paramref name="to"/>.</summary>
    public static IEnumerable<ReportingPeriod> Between(PeriodType type, DateOnly from, DateOnly to, int? cutoffDay = DefaultCutoffDay)
    {
        for (var p = Containing(type, from, cutoffDay); p.Start <= to; p = Next(p, cutoffDay))
        {
            yield return p;
        }
    }

    /// <summary>An ad-hoc request's data window.</summary>
    public static ReportingPeriod AdHoc(string key, DateOnly from, DateOnly to) => new(PeriodType.AdHoc, key, from, to, from, to);

    /// <summary>How an ad-hoc request's window key starts: <c>ADHOC-</c> and the first 16 hex digits of the request's id.</summary>
    public const string AdHocPrefix = "ADHOC-";

    public static string AdHocKey(Guid requestId) => $"{AdHocPrefix}{requestId:N}"[..22];

    /// <summary>The stored form of an ad-hoc window key typed in any letter case; null when <paramref name="key"/> is not one.</summary>
    public static string? NormalizeAdHocKey(string? key) =>
        key?.Trim() is { } trimmed && trimmed.StartsWith(AdHocPrefix, StringComparison.OrdinalIgnoreCase)
            ? AdHocPrefix + trimmed[AdHocPrefix.Length..].ToLowerInvariant()
            : null;

    public static string KeyOf(PeriodType type, DateOnly start) => type switch
    {
        PeriodType.Monthly => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodType.Quarterly => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
        PeriodType.SixMonthly => $"{start.Year}-H{(start.Month <= 6 ? 1 : 2)}",
        PeriodType.Yearly => start.Year.ToString(CultureInfo.InvariantCulture),
        PeriodType.SchoolYear => $"{start.Year}-{start.Year + 1}",
        PeriodType.SchoolSemester1 or PeriodType.SchoolSemester2 => start.Month >= 8
            ? $"{start.Year}-{start.Year + 1}-HK{(type == PeriodType.SchoolSemester1 ? 1 : 2)}"
            : $"{start.Year - 1}-{start.Year}-HK{(type == PeriodType.SchoolSemester1 ? 1 : 2)}",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// Builds a period of <paramref name="months"/> months from <paramref name="start"/>. With a cut-off day
    /// D the data window runs from day D of the month before the period to day D−1 of its last month;
    /// without one (null) it is the calendar span.
    /// </summary>
    private static ReportingPeriod Build(PeriodType type, DateOnly start, int months, int? cutoffDay)
    {
        var end = start.AddMonths(months).AddDays(-1);
        var (from, to) = cutoffDay is { } d
            ? (new DateOnly(start.AddMonths(-1).Year, start.AddMonths(-1).Month, d), new DateOnly(end.Year, end.Month, d - 1))
            : (start, end);
        return new ReportingPeriod(type, KeyOf(type, start), start, end, from, to);
    }

    public static bool IsValidCutoffDay(int day) => day is >= 2 and <= 28;

    public static string Label(ReportingPeriod p) => p.Type switch
    {
        PeriodType.Monthly => $"Tháng {p.Start.Month}/{p.Start.Year}",
        PeriodType.Quarterly => $"Quý {(p.Start.Month - 1) / 3 + 1}/{p.Start.Year}",
        PeriodType.SixMonthly => $"{(p.Start.Month <= 6 ? "6 tháng đầu" : "6 tháng cuối")} năm {p.Start.Year}",
        PeriodType.Yearly => $"Năm {p.Start.Year}",
        PeriodType.SchoolYear => $"Năm học {p.Start.Year}-{p.Start.Year + 1}",
        PeriodType.SchoolSemester1 => $"Học kỳ I năm học {p.Start.Year}-{p.Start.Year + 1}",
        PeriodType.SchoolSemester2 => $"Học kỳ II năm học {p.Start.Year - 1}-{p.Start.Year}",
        _ => p.Key,
    };

    private static int Year(Match m) => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
}
