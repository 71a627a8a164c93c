using Platform.Reporting.Domain;

namespace Platform.Reporting.Tests.Domain;

public sealed class CompletenessArithmeticTests
{
    private static readonly DateTimeOffset Deadline = new(2024, 3, 19, 23, 59, 59, TimeSpan.FromHours(7));

    [Fact]
    public void On_time_late_missing_and_pending_are_told_apart_at_the_deadline()
    {
        Assert.Equal(Timeliness.OnTime, CompletenessCell.Classify(Deadline, Deadline, Deadline.AddDays(9)));
        Assert.Equal(Timeliness.Late, CompletenessCell.Classify(Deadline.AddSeconds(1), Deadline, Deadline.AddDays(9)));
        Assert.Equal(Timeliness.Pending, CompletenessCell.Classify(null, Deadline, Deadline));
        Assert.Equal(Timeliness.Missing, CompletenessCell.Classify(null, Deadline, Deadline.AddSeconds(1)));
        // Submitted late stays late however the report fared later; missing becomes late once it arrives.
        Assert.Equal(Timeliness.Late, CompletenessCell.Classify(Deadline.AddDays(3), Deadline, Deadline.AddDays(2)));
    }

    [Fact]
    public void Rates_count_on_time_and_submitted_against_expected()
    {
        var now = Deadline.AddDays(1);
        var cell = CompletenessCell.From(
        [
            (Deadline.AddDays(-3), Deadline, true),
            (Deadline.AddDays(-1), Deadline, false),
            (Deadline.AddHours(5), Deadline, true),
            (null, Deadline, false),
            (null, Deadline.AddDays(7), false),
            (Deadline.AddDays(-2), Deadline, true),
        ], now);
        Assert.Equal(new CompletenessCell(6, 4, 3, 1, 1, 1, 3), cell);
        Assert.Equal(66.7m, cell.SubmittedRate);
        Assert.Equal(50.0m, cell.OnTimeRate);
        Assert.Equal(0m, CompletenessCell.Empty.OnTimeRate);
    }
}
