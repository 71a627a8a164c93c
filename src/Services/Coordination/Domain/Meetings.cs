namespace Platform.Coordination.Domain;

public enum MeetingStatus
{
    Scheduled,
    Held,
    Cancelled,
}

/// <summary>A briefing meeting (giao ban an ninh, trật tự trường học) with local authority and police.</summary>
public sealed class BriefingMeeting
{
    public const int TitleMax = 300;

    public Guid Id { get; set; }
    public Guid OrganiserUnitId { get; set; }
    /// <summary>The cadence this meeting fulfils, if any (any held meeting of the unit counts anyway).</summary>
    public Guid? CadenceId { get; set; }
    public required string Title { get; set; }
    public string? Agenda { get; set; }
    public required string Location { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public MeetingStatus Status { get; set; }
    /// <summary>iCalendar SEQUENCE: counts up with every change sent to participants.</summary>
    public int Sequence { get; set; }
    public string? Minutes { get; set; }
    public DateOnly? HeldOn { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
    public string? CancelReason { get; set; }
    public List<MeetingParticipant> Participants { get; set; } = [];
    public List<MeetingDecision> Decisions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public Guid CreatedByUnitId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    public DateOnly LocalDate => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(StartsAt, VietnamTime.Zone).DateTime);

    public bool HasPolice => Participants.Any(p => p.IsPolice);

    public IEnumerable<Guid> ParticipantUnitIds => Participants.Where(p => p.UnitId is not null).Select(p => p.UnitId!.Value);

    /// <summary>Records attendance and minutes; the first record marks the meeting held.</summary>
    /// <returns>True when this record made the meeting held.</returns>
    public bool Record(string minutes, IReadOnlyDictionary<Guid, bool> attendance, Actor actor)
    {
        if (Status == MeetingStatus.Cancelled)
        {
            throw new DomainException("Cuộc giao ban đã bị hủy.", "The meeting was cancelled.");
        }
        if (StartsAt > actor.At)
        {
            throw new DomainException("Chưa thể ghi biên bản cho cuộc giao ban chưa diễn ra.", "Minutes cannot be recorded before the meeting has started.");
        }
        var unknown = attendance.Keys.Where(id => Participants.All(p => p.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Không có người tham dự {unknown[0]} trong cuộc giao ban này.", $"Participant {unknown[0]} is not part of this meeting.");
        }
        foreach (var p in Participants)
        {
            if (attendance.TryGetValue(p.Id, out var present)) p.Attended = present;
        }
        var first = Status == MeetingStatus.Scheduled;
        Minutes = minutes;
        Status = MeetingStatus.Held;
        HeldOn = LocalDate;
        RecordedAt = actor.At;
        RecordedBy = actor.UserId;
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
        return first;
    }

    public MeetingDecision AddDecision(Guid id, string text, Guid ownerUnitId, DateOnly dueDate, Actor actor)
    {
        if (Status != MeetingStatus.Held)
        {
            throw new DomainException("Chỉ ghi kết luận cho cuộc giao ban đã diễn ra và có biên bản.", "Decisions can be recorded only for a meeting that was held and minuted.");
        }
        if (dueDate < HeldOn)
        {
            throw new DomainException("Hạn thực hiện không được trước ngày họp.", "A decision's deadline cannot be before the meeting.");
        }
        var decision = new MeetingDecision
        {
            Id = id,
            MeetingId = Id,
            Number = Decisions.Count + 1,
            Text = text,
            OwnerUnitId = ownerUnitId,
            DueDate = dueDate,
            RecordedAt = actor.At,
            RecordedBy = actor.UserId,
        };
        Decisions.Add(decision);
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
        return decision;
    }

    public void Cancel(string reason, Actor actor)
    {
        if (Status != MeetingStatus.Scheduled)
        {
            throw new DomainException($"Chỉ hủy được cuộc giao ban chưa diễn ra (hiện: {Status}).", $"Only a scheduled meeting can be cancelled (it is {Status}).");
        }
        Status = MeetingStatus.Cancelled;
        CancelReason = reason;
        Sequence++;
        UpdatedAt = actor.At;
        UpdatedBy = actor.UserId;
    }
}

/// <summary>Someone invited: a unit of the directory, or a person from an outside agency.</summary>
public sealed class MeetingParticipant
{
    public Guid Id { get; set; }
    public Guid MeetingId { get; set; }
    public Guid? UnitId { get; set; }
    public required string Name { get; set; }
    public string? Organisation { get; set; }
    public string? Email { get; set; }
    public required string Kind { get; set; }
    public bool IsPolice { get; set; }
    public bool IsLocalAuthority { get; set; }
    /// <summary>Null until attendance is recorded.</summary>
    public bool? Attended { get; set; }
}

/// <summary>A decision (kết luận) of a meeting: a unit must do something by a date.</summary>
public sealed class MeetingDecision
{
    public Guid Id { get; set; }
    public Guid MeetingId { get; set; }
    public int Number { get; set; }
    public required string Text { get; set; }
    public Guid OwnerUnitId { get; set; }
    public DateOnly DueDate { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}

public enum CadenceInterval
{
    Weekly,
    Monthly,
    Quarterly,
}

/// <summary>
/// A required rhythm of briefing meetings (chế độ giao ban) for one unit, or for every unit of some kinds
/// under it (a group: e.g. all lower-secondary schools under a district office, monthly).
/// </summary>
public sealed class BriefingCadence
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public Guid UnitId { get; set; }
    /// <summary>Empty: the cadence applies to <see cref="UnitId"/> itself; otherwise to every unit of these kinds under it.</summary>
    public List<string> AppliesToKinds { get; set; } = [];
    public CadenceInterval Interval { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EndedOn { get; set; }
    /// <summary>Why it ended, when the platform ended it (its unit was dissolved).</summary>
    public string? EndReason { get; set; }
    /// <summary>The dissolved unit whose cadence this one carries on.</summary>
    public Guid? SucceededFromUnitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public Guid CreatedByUnitId { get; set; }
}

/// <summary>A period in which a unit held no briefing meeting although its cadence required one.</summary>
public sealed class MissedBriefing
{
    public Guid Id { get; set; }
    public Guid CadenceId { get; set; }
    public Guid UnitId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
}

public readonly record struct CadencePeriod(DateOnly Start, DateOnly End);

/// <summary>Calendar periods of a cadence: weeks from Monday, calendar months, calendar quarters.</summary>
public static class CadencePeriods
{
    public static CadencePeriod Containing(CadenceInterval interval, DateOnly date)
    {
        switch (interval)
        {
            case CadenceInterval.Weekly:
                var offset = ((int)date.DayOfWeek + 6) % 7;
                var monday = date.AddDays(-offset);
                return new(monday, monday.AddDays(6));
            case CadenceInterval.Monthly:
                var first = new DateOnly(date.Year, date.Month, 1);
                return new(first, first.AddMonths(1).AddDays(-1));
            case CadenceInterval.Quarterly:
                var q = new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1);
                return new(q, q.AddMonths(3).AddDays(-1));
            default:
                throw new ArgumentOutOfRangeException(nameof(interval));
        }
    }

    /// <summary>
    /// Whole periods that began on or after <paramref name="effectiveFrom"/> and ended before
    /// <paramref name="today"/> (and on or before <paramref name="endedOn"/>), newest
    /// <paramref name="lookback"/> of them, oldest first. A partial first period is not required.
    /// </summary>
    public static IReadOnlyList<CadencePeriod> Completed(CadenceInterval interval, DateOnly effectiveFrom, DateOnly? endedOn, DateOnly today, int lookback)
    {
        var periods = new List<CadencePeriod>();
        var p = Containing(interval, today);
        while (periods.Count < lookback)
        {
            p = Containing(interval, p.Start.AddDays(-1));
            if (p.Start < effectiveFrom) break;
            if (endedOn is { } ended && p.End > ended) continue;
            periods.Add(p);
        }
        periods.Reverse();
        return periods;
    }
}
