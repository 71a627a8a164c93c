using System.Collections.Concurrent;

namespace Platform.WorkCalendar;

public enum HolidayKind
{
    /// <summary>A public holiday or a day off given in compensation (ngày nghỉ).</summary>
    DayOff,
    /// <summary>A Saturday or Sunday worked to make up for a bridged day (ngày làm bù).</summary>
    WorkingDay,
}

/// <summary>
/// One entry of the maintained holiday calendar (the government's announced days, bridges and make-up days), or a
/// day computed from the Labour Code for a year not yet announced (<see cref="LabourCodeHolidays"/>).
/// </summary>
public sealed class Holiday
{
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
    public HolidayKind Kind { get; set; }
}

/// <summary>
/// Working days in Vietnam: Monday–Friday, less the days off, plus the make-up working days.
/// A year whose holidays have been announced (the maintained calendar holds its Tết: a day off near the computed
/// Tết, see <see cref="LabourCodeHolidays.TetWindow"/>) follows the maintained rows alone. Any other year is
/// <b>provisional</b>: its holidays are computed from the Labour Code (<see cref="LabourCodeHolidays"/>), and
/// maintained rows that year (an extra day off, a make-up Saturday) apply on top of them.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly HashSet<DateOnly> _daysOff;
    private readonly HashSet<DateOnly> _workingWeekends;
    private readonly HashSet<DateOnly> _maintainedDates;
    private readonly HashSet<int> _announcedYears;
    private readonly ConcurrentDictionary<int, IReadOnlyList<Holiday>> _computed = new();

    public HolidayCalendar(IEnumerable<Holiday> maintained)
    {
        var list = maintained.ToList();
        _daysOff = list.Where(h => h.Kind == HolidayKind.DayOff).Select(h => h.Date).ToHashSet();
        _workingWeekends = list.Where(h => h.Kind == HolidayKind.WorkingDay).Select(h => h.Date).ToHashSet();
        _maintainedDates = list.Select(h => h.Date).ToHashSet();
        _announcedYears = list.Select(h => h.Date.Year).Distinct().Where(year => HoldsTet(year, _daysOff)).ToHashSet();
    }

    private static bool HoldsTet(int year, HashSet<DateOnly> daysOff)
    {
        if (!ComputesYear(year)) return daysOff.Any(d => d.Year == year);
        var (from, to) = LabourCodeHolidays.TetWindow(year);
        return daysOff.Any(d => d >= from && d <= to);
    }

    private static bool ComputesYear(int year) => year is >= VietnamLunarCalendar.MinYear and <= VietnamLunarCalendar.MaxYear;

    /// <summary>The years whose holidays the maintained calendar holds as announced.</summary>
    public IReadOnlyCollection<int> AnnouncedYears => _announcedYears;

    /// <summary>True when <paramref name="year"/>'s holidays are computed from the Labour Code, not announced.</summary>
    public bool IsProvisional(int year) => !_announcedYears.Contains(year);

    /// <summary>True when any year from <paramref name="from"/>'s to <paramref name="to"/>'s is provisional.</summary>
    public bool IsProvisional(DateOnly from, DateOnly to)
    {
        var (first, last) = from <= to ? (from.Year, to.Year) : (to.Year, from.Year);
        for (var year = first; year <= last; year++)
        {
            if (IsProvisional(year)) return true;
        }
        return false;
    }

    /// <summary>
    /// The computed Labour Code holidays in force for a provisional <paramref name="year"/> (those a maintained
    /// row of the same date does not replace); none for an announced year.
    /// </summary>
    public IReadOnlyList<Holiday> ComputedHolidays(int year)
    {
        if (!IsProvisional(year) || !ComputesYear(year)) return [];
        return _computed.GetOrAdd(year, y => LabourCodeHolidays.For(y).Where(h => !_maintainedDates.Contains(h.Date)).ToList());
    }

    public bool IsWorkingDay(DateOnly date)
    {
        if (_workingWeekends.Contains(date)) return true;
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        if (_daysOff.Contains(date)) return false;
        return !IsProvisional(date.Year) || !ComputedHolidays(date.Year).Any(h => h.Date == date);
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="start"/> (the start itself does not
    /// count); negative counts go back. Zero is the start itself.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var step = days >= 0 ? 1 : -1;
        var remaining = Math.Abs(days);
        var date = start;
        while (remaining > 0)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date)) remaining--;
        }
        return date;
    }

    /// <summary>
    /// <paramref name="date"/> when it is a working day, else the next working day: where a time limit ends when its
    /// last day is a day off (Civil Code 2015, Art. 148(5)).
    /// </summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date) => IsWorkingDay(date) ? date : AddWorkingDays(date, 1);

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]; negative when <paramref name="to"/> is earlier.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from) return -WorkingDaysBetween(to, from);
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d)) count++;
        }
        return count;
    }
}
