using System.Globalization;

namespace Platform.Web.Localization;

/// <summary>Dates as Vietnamese documents write them (dd/MM/yyyy), instants in Asia/Ho_Chi_Minh.</summary>
public static class Fmt
{
    public static string Date(DateOnly? date) => date is { } d ? VietnamTime.Format(d) : "—";

    public static string Date(DateTimeOffset? at) => at is { } a ? VietnamTime.Format(DateOnly.FromDateTime(Local(a))) : "—";

    public static string DateTime(DateTimeOffset? at) =>
        at is { } a ? Local(a).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset at) => Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A date typed as dd/MM/yyyy (d/M/yyyy accepted); null when it is not one.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A day and time typed as dd/MM/yyyy HH:mm in Vietnam's time (Asia/Ho_Chi_Minh); null when it is not one.</summary>
    public static DateTimeOffset? ParseVietnamDateTime(string? text)
    {
        if (!System.DateTime.TryParseExact(text?.Trim(), ["dd/MM/yyyy HH:mm", "d/M/yyyy H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local));
    }

    /// <summary>A file's size as people read it: 850 B, 12,5 KB, 3,2 MB (Vietnamese decimal comma).</summary>
    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1048576.0).ToString("0.#", CultureInfo.CurrentCulture) + " MB",
    };

    public static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Percent(decimal rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Number(decimal? value) => value is { } v ? v.ToString("#,##0.##", CultureInfo.CurrentCulture) : "—";

    /// <summary>A period key as people read it: "Kỳ 2026-11", or "Đột xuất" for an ad-hoc request's own key.</summary>
    public static string Period(string key) =>
        key.StartsWith("ADHOC", StringComparison.Ordinal) ? (Loc.IsEnglish ? "Ad hoc" : "Đột xuất") : (Loc.IsEnglish ? "Period " : "Kỳ ") + key;

    private static System.DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime;
}
