using System.Globalization;

namespace Platform.Tasks.Domain;

public enum TaskKind
{
    /// <summary>Done once, by a deadline.</summary>
    OneOff,
    /// <summary>Done every period (report each quarter…): one assignment per unit per period.</summary>
    Recurring,
    /// <summary>Ongoing duty without a deadline (thường xuyên).</summary>
    Standing,
}

public enum RecurrencePeriod
{
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

/// <summary>A numbered task (nhiệm vụ) of a document.</summary>
public sealed class DocumentTask
{
    public Guid Id { get; set; }
    public Guid DocumentId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
    public TaskKind Kind { get; set; }
    /// <summary>One-off: a fixed local date…</summary>
    public DateOnly? Deadline { get; set; }
    /// <summary>…or N working days after the issue date (weekends and the holiday calendar skipped).</summary>
    public int? DeadlineWorkingDays { get; set; }
    public RecurrencePeriod? Period { get; set; }
    /// <summary>Recurring: last date a period may start on.</summary>
    public DateOnly? RepeatUntil { get; set; }
    /// <summary>Recurring: day of the period's last month the occurrence is due (last day when null).</summary>
    public int? DueDay { get; set; }
    /// <summary>What the unit is expected to show (sản phẩm): a report, minutes, a signed programme…</summary>
    public string? ExpectedEvidence { get; set; }
    /// <summary>The one-off deadline as fixed at issue.</summary>
    public DateOnly? DueDate { get; set; }
    /// <summary>
    /// True when the deadline was counted in working days through a year whose holidays were provisional at issue
    /// (computed from the Labour Code, not yet announced): the announced days may move it.
    /// </summary>
    public bool DeadlineProvisional { get; set; }
    /// <summary>
    /// What a recorded task came from, unique: <c>decision:{DecisionId}</c> for a briefing meeting's decision,
    /// <c>obligation:{OccurrenceKey}</c> for a programme obligation's occurrence. Null for drafted tasks.
    /// </summary>
    public string? SourceKey { get; set; }

    internal void FixSchedule(DateOnly issueDate, HolidayCalendar calendar)
    {
        if (Kind == TaskKind.OneOff)
        {
            DueDate = Deadline ?? calendar.AddWorkingDays(issueDate, DeadlineWorkingDays ?? 0);
            DeadlineProvisional = Deadline is null && calendar.IsProvisional(issueDate, DueDate.Value);
        }
    }

    /// <summary>The occurrences to assign for this task (one for one-off and standing tasks).</summary>
    public IReadOnlyList<Occurrence> Occurrences(DateOnly issueDate) => Kind switch
    {
        TaskKind.Recurring => Recurrence.Occurrences(Period!.Value, issueDate, RepeatUntil!.Value, DueDay),
        TaskKind.OneOff => [new Occurrence(1, null, DueDate)],
        _ => [new Occurrence(1, null, null)],
    };
}

/// <summary>One period of a task: its ordinal, label (e.g. <c>2024-Q2</c>) and due date.</summary>
public sealed record Occurrence(int Ordinal, string? Period, DateOnly? DueDate);

public static class Recurrence
{
    public const int MaxOccurrences = 36;

    /// <summary>
    /// Periods from the one containing <paramref name="from"/> to the one containing <paramref name="until"/>,
    /// each due on <paramref name="dueDay"/> of its last month (the month's last day when null or beyond it).
    /// </summary>
    public static IReadOnlyList<Occurrence> Occurrences(RecurrencePeriod period, DateOnly from, DateOnly until, int? dueDay)
    {
        var months = MonthsPerPeriod(period);
        var startMonth = (from.Month - 1) / months * months + 1;
        var start = new DateOnly(from.Year, startMonth, 1);
        var result = new List<Occurrence>();
        while (start <= until && result.Count < MaxOccurrences + 1)
        {
            var lastMonth = start.AddMonths(months - 1);
            var daysInMonth = DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month);
            var due = new DateOnly(lastMonth.Year, lastMonth.Month, Math.Min(dueDay ?? daysInMonth, daysInMonth));
            result.Add(new Occurrence(result.Count + 1, Label(period, start), due));
            start = start.AddMonths(months);
        }
        return result;
    }

    public static int MonthsPerPeriod(RecurrencePeriod period) => period switch
    {
        RecurrencePeriod.Monthly => 1,
        RecurrencePeriod.Quarterly => 3,
        RecurrencePeriod.HalfYearly => 6,
        _ => 12,
    };

    private static string Label(RecurrencePeriod period, DateOnly start) => period switch
    {
        RecurrencePeriod.Monthly => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        RecurrencePeriod.Quarterly => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
        RecurrencePeriod.HalfYearly => $"{start.Year}-H{(start.Month - 1) / 6 + 1}",
        _ => start.Year.ToString(CultureInfo.InvariantCulture),
    };
}
