namespace Platform.Notifications.Domain;

/// <summary>Local quiet hours; may wrap midnight (21:00–06:30).</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly local) =>
        Start <= End ? local >= Start && local < End : local >= Start || local < End;
}

public sealed record EmailPlan(EmailMode Mode, DateTimeOffset DueAt);

/// <summary>Decides whether and when a notification is emailed. Pure: times are instants, the zone is passed in.</summary>
public static class EmailPlanner
{
    public static EmailPlan? Plan(bool hasEmail, bool urgent, EmailMode mode, QuietHours? quiet, DateTimeOffset now,
        TimeOnly digestLocalTime, TimeZoneInfo zone)
    {
        if (!hasEmail)
        {
            return null;
        }
        // Life-safety incidents and police SLA misses go out at once, whatever the person chose.
        if (urgent)
        {
            return new EmailPlan(EmailMode.Immediate, now);
        }
        return mode switch
        {
            EmailMode.Off => null,
            EmailMode.Digest => new EmailPlan(EmailMode.Digest, NextLocal(now, digestLocalTime, zone)),
            _ => quiet is not null && quiet.Contains(LocalTime(now, zone))
                ? new EmailPlan(EmailMode.Immediate, NextLocal(now, quiet.End, zone))
                : new EmailPlan(EmailMode.Immediate, now),
        };
    }

    public static TimeOnly LocalTime(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant after <paramref name="now"/> at which the local clock shows <paramref name="time"/>.</summary>
    public static DateTimeOffset NextLocal(DateTimeOffset now, TimeOnly time, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var candidate = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(time), local.Offset);
        if (candidate <= now)
        {
            candidate = candidate.AddDays(1);
        }
        return candidate.ToUniversalTime();
    }
}
