namespace Platform.SafeLine.Domain;

/// <summary>
/// How long a high-severity case may wait for a handler: shorter in school hours (Monday to Saturday, between the
/// school day's start and end, Vietnamese time), longer otherwise.
/// </summary>
public sealed record AcknowledgementPolicy(TimeSpan InSchoolHours, TimeSpan Otherwise, TimeOnly SchoolDayStart, TimeOnly SchoolDayEnd)
{
    public static readonly AcknowledgementPolicy Default = new(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60), new TimeOnly(7, 0), new TimeOnly(17, 30));

    public TimeSpan WindowAt(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Microsoft.Extensions.Hosting.VietnamTime.Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var schoolHours = local.DayOfWeek != DayOfWeek.Sunday && time >= SchoolDayStart && time < SchoolDayEnd;
        return schoolHours ? InSchoolHours : Otherwise;
    }
}
