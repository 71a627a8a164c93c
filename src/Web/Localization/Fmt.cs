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

    /// <summary>
    /// A period key as people read it: "Tháng 11/2026", "Quý 4/2026", "6 tháng đầu năm 2026", "Năm học 2026-2027",
    /// or "Đột xuất" for an ad-hoc request's own key; a key of another shape as "Kỳ …".
    /// </summary>
    public static string Period(string key)
    {
        var en = Loc.IsEnglish;
        if (key.StartsWith("ADHOC", StringComparison.Ordinal)) return en ? "Ad hoc" : "Đột xuất";
        var parts = key.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && parts[0].Length == 4)
        {
            var rest = parts[1];
            if (rest.Length == 2 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
                return en ? $"Month {month}/{year}" : $"Tháng {month}/{year}";
            if (rest is ['Q', >= '1' and <= '4'])
                return en ? $"Quarter {rest[1]}/{year}" : $"Quý {rest[1]}/{year}";
            if (rest is "H1" or "H2")
                return en ? $"{(rest == "H1" ? "First" : "Second")} half of {year}" : $"6 tháng {(rest == "H1" ? "đầu" : "cuối")} năm {year}";
            if (rest.Length == 4 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var next) && next == year + 1)
                return en ? $"School year {year}-{next}" : $"Năm học {year}-{next}";
        }
        if (key.Length == 4 && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return en ? $"Year {whole}" : $"Năm {whole}";
        return (en ? "Period " : "Kỳ ") + key;
    }

    private static System.DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime;
}
