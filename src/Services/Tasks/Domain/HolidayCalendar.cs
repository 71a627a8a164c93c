namespace Platform.Tasks.Domain;

public enum HolidayKind
{
    /// <summary>A public holiday or a day off given in compensation (ngày nghỉ).</summary>
    DayOff,
    /// <summary>A Saturday or Sunday worked to make up for a bridged day (ngày làm bù).</summary>
    WorkingDay,
}

/// <summary>One entry of the maintained holiday calendar. Tết moves every year, so these are data, not a formula.</summary>
public sealed class Holiday
{
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
    public HolidayKind Kind { get; set; }
}

/// <summary>Working days in Vietnam: Monday–Friday, less the calendar's days off, plus its make-up working days.</summary>
public sealed class HolidayCalendar
{
    private readonly HashSet<DateOnly> _daysOff;
    private readonly HashSet<DateOnly> _workingWeekends;

    public HolidayCalendar(IEnumerable<Holiday> holidays)
    {
        var list = holidays.ToList();
        _daysOff = list.Where(h => h.Kind == HolidayKind.DayOff).Select(h => h.Date).ToHashSet();
        _workingWeekends = list.Where(h => h.Kind == HolidayKind.WorkingDay).Select(h => h.Date).ToHashSet();
    }

    public static readonly HolidayCalendar WeekendsOnly = new([]);

    public bool IsWorkingDay(DateOnly date)
    {
        if (_workingWeekends.Contains(date)) return true;
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return !_daysOff.Contains(date);
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
