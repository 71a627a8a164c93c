namespace Microsoft.Extensions.Hosting;

/// <summary>Dates in the platform are local dates in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>dd/MM/yyyy, as Vietnamese documents write dates.</summary>
    public static string Format(DateOnly date) => date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
