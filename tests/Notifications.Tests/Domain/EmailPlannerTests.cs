using Microsoft.Extensions.Hosting;
using Platform.Notifications.Domain;

namespace Platform.Notifications.Tests.Domain;

public sealed class EmailPlannerTests
{
    private static readonly TimeOnly DigestAt = new(17, 0);
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(6, 30));
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(22, 0, 4, 6, 30)]   // evening: held to the next morning
    [InlineData(2, 15, 3, 6, 30)]   // after midnight: held to the same morning
    [InlineData(6, 29, 3, 6, 30)]
    public void Quiet_hours_across_midnight_hold_an_email_until_they_end(int hour, int minute, int dueDay, int dueHour, int dueMinute)
    {
        var plan = EmailPlanner.Plan(true, false, EmailMode.Immediate, Night, Local(3, hour, minute), DigestAt, VietnamTime.Zone);
        Assert.Equal(new EmailPlan(EmailMode.Immediate, Local(dueDay, dueHour, dueMinute).ToUniversalTime()), plan);
    }

    [Fact]
    public void Outside_quiet_hours_an_email_goes_now()
    {
        var now = Local(3, 6, 30);
        Assert.Equal(new EmailPlan(EmailMode.Immediate, now), EmailPlanner.Plan(true, false, EmailMode.Immediate, Night, now, DigestAt, VietnamTime.Zone));
    }

    [Fact]
    public void Digest_is_due_at_the_next_local_digest_hour()
    {
        Assert.Equal(Local(3, 17).ToUniversalTime(), EmailPlanner.Plan(true, false, EmailMode.Digest, null, Local(3, 9), DigestAt, VietnamTime.Zone)!.DueAt);
        Assert.Equal(Local(4, 17).ToUniversalTime(), EmailPlanner.Plan(true, false, EmailMode.Digest, null, Local(3, 17), DigestAt, VietnamTime.Zone)!.DueAt);
        // Late evening: the next day's 17:00.
        Assert.Equal(Local(4, 17).ToUniversalTime(), EmailPlanner.Plan(true, false, EmailMode.Digest, null, Local(3, 23, 30), DigestAt, VietnamTime.Zone)!.DueAt);
    }

    [Theory]
    [InlineData(EmailMode.Off)]
    [InlineData(EmailMode.Digest)]
    [InlineData(EmailMode.Immediate)]
    public void Urgent_goes_now_whatever_the_mode_and_quiet_hours(EmailMode mode)
    {
        var now = Local(3, 23);
        Assert.Equal(new EmailPlan(EmailMode.Immediate, now), EmailPlanner.Plan(true, true, mode, Night, now, DigestAt, VietnamTime.Zone));
    }

    [Fact]
    public void No_address_or_email_off_means_no_email()
    {
        Assert.Null(EmailPlanner.Plan(false, true, EmailMode.Immediate, null, Local(3, 9), DigestAt, VietnamTime.Zone));
        Assert.Null(EmailPlanner.Plan(true, false, EmailMode.Off, null, Local(3, 9), DigestAt, VietnamTime.Zone));
    }
}
