namespace Platform.Reporting.Domain;

/// <summary>
/// A periodic report (báo cáo định kỳ): a template, a period type, the data cut-off day, a deadline N days
/// after the data window closes, and who must report — recipient groups and/or unit kinds. Each period
/// it is opened for creates one expected report per unit.
/// </summary>
public sealed class ReportSchedule
{
    public Guid Id { get; set; }
    public Guid TemplateId { get; set; }
    public required string Name { get; set; }
    public PeriodType PeriodType { get; set; }
    /// <summary>Day of the month the data window starts (Decree 09: 15); null for calendar periods.</summary>
    public int? CutoffDay { get; set; }
    public int DeadlineDays { get; set; }
    public List<Guid> GroupIds { get; set; } = [];
    /// <summary>Unit kinds (as the units service names them) within the owner's subtree.</summary>
    public List<string> UnitKinds { get; set; } = [];
    public required string FirstPeriodKey { get; set; }
    public string? LastPeriodKey { get; set; }
    /// <summary>The unit that set the schedule; expected reports are limited to its subtree.</summary>
    public Guid OwnerUnitId { get; set; }
    public bool OwnerIsProvinceWide { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public ReportingPeriod? PeriodFor(string key)
    {
        var period = PeriodCalendar.Parse(key, CutoffDay);
        return period is not null && period.Type == PeriodType ? period : null;
    }

    /// <summary>Whether <paramref name="period"/> lies within the schedule's first and last period.</summary>
    public bool Covers(ReportingPeriod period)
    {
        var first = PeriodFor(FirstPeriodKey);
        var last = LastPeriodKey is null ? null : PeriodFor(LastPeriodKey);
        return first is not null && period.Start >= first.Start && (last is null || period.Start <= last.Start);
    }

    /// <summary>Periods whose data window has opened by <paramref name="today"/>, from the first period on.</summary>
    public IEnumerable<ReportingPeriod> OpenedBy(DateOnly today)
    {
        var first = PeriodFor(FirstPeriodKey);
        if (first is null) yield break;
        for (var p = first; p.CutoffFrom <= today && Covers(p); p = PeriodCalendar.Next(p, CutoffDay))
        {
            yield return p;
        }
    }
}

/// <summary>An ad-hoc request (yêu cầu báo cáo đột xuất): selected units report on a template by a deadline.</summary>
public sealed class AdHocRequest
{
    public Guid Id { get; set; }
    public Guid TemplateId { get; set; }
    public required string Title { get; set; }
    public string? Instructions { get; set; }
    public int PeriodId { get; set; }
    public DateOnly DataFrom { get; set; }
    public DateOnly DataTo { get; set; }
    public DateTimeOffset DeadlineAt { get; set; }
    public List<Guid> GroupIds { get; set; } = [];
    public List<Guid> UnitIds { get; set; } = [];
    public Guid OwnerUnitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>
/// Completeness and timeliness arithmetic (DHIS2's reporting rate): a report counts as submitted once it
/// arrived, on time when its first arrival was by the deadline; an expected report with nothing received
/// is missing once the deadline passed and pending before.
/// </summary>
public sealed record CompletenessCell(int Expected, int Submitted, int OnTime, int Late, int Missing, int Pending, int Approved)
{
    public static CompletenessCell Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public decimal SubmittedRate => Expected == 0 ? 0 : Math.Round(100m * Submitted / Expected, 1);
    public decimal OnTimeRate => Expected == 0 ? 0 : Math.Round(100m * OnTime / Expected, 1);

    public static Timeliness Classify(DateTimeOffset? firstSubmittedAt, DateTimeOffset deadlineAt, DateTimeOffset now) =>
        firstSubmittedAt is { } at
            ? at <= deadlineAt ? Timeliness.OnTime : Timeliness.Late
            : now > deadlineAt ? Timeliness.Missing : Timeliness.Pending;

    public static CompletenessCell From(IEnumerable<(DateTimeOffset? FirstSubmittedAt, DateTimeOffset DeadlineAt, bool Approved)> reports, DateTimeOffset now)
    {
        int expected = 0, onTime = 0, late = 0, missing = 0, pending = 0, approved = 0;
        foreach (var r in reports)
        {
            expected++;
            if (r.Approved) approved++;
            switch (Classify(r.FirstSubmittedAt, r.DeadlineAt, now))
            {
                case Timeliness.OnTime: onTime++; break;
                case Timeliness.Late: late++; break;
                case Timeliness.Missing: missing++; break;
                default: pending++; break;
            }
        }
        return new CompletenessCell(expected, onTime + late, onTime, late, missing, pending, approved);
    }
}

public enum Timeliness
{
    OnTime,
    Late,
    Missing,
    Pending,
}
