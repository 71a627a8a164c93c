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
    /// A period key (as reporting and tasks write it) as people read it: "Tháng 12/2026" ("12/2026" when <paramref name="compact"/>,
    /// for a column header), "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026", "Năm học 2025–2026", "Đột xuất" for an ad-hoc
    /// request's own key. A key of another shape is never shown as written: it reads "Kỳ khác".
    /// </summary>
    public static string Period(string? key, bool compact = false)
    {
        var en = Loc.IsEnglish;
        if (string.IsNullOrWhiteSpace(key)) return "—";
        key = key.Trim();
        if (key.StartsWith("ADHOC", StringComparison.OrdinalIgnoreCase)) return en ? "Ad hoc" : "Đột xuất";
        if (key.Length == 4 && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return en ? $"Year {whole}" : $"Năm {whole}";
        var parts = key.Split('-');
        if (parts.Length == 2 && parts[0].Length == 4 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            var rest = parts[1];
            if (rest.Length == 2 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
                return compact ? $"{month:00}/{year}" : en ? $"Month {month}/{year}" : $"Tháng {month}/{year}";
            if (rest is ['Q', >= '1' and <= '4'])
                return en ? $"Quarter {rest[1]}/{year}" : $"Quý {Roman[rest[1] - '1']}/{year}";
            if (rest is "H1" or "H2")
                return en ? $"{(rest == "H1" ? "First" : "Second")} half of {year}" : $"6 tháng {(rest == "H1" ? "đầu" : "cuối")} năm {year}";
            if (rest.Length == 4 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var next) && next == year + 1)
                return en ? $"School year {year}–{next}" : $"Năm học {year}–{next}";
        }
        return en ? "Another period" : "Kỳ khác";
    }

    /// <summary>
    /// A period with what the page knows of an ad-hoc request: "Đột xuất: Rà soát camera" or "Đột xuất (01/12/2026 – 07/12/2026)";
    /// any other key as <see cref="Period(string?, bool)"/>.
    /// </summary>
    public static string Period(string? key, string? adHocTitle, DateOnly? from = null, DateOnly? to = null)
    {
        var text = Period(key);
        if (key is null || !key.Trim().StartsWith("ADHOC", StringComparison.OrdinalIgnoreCase)) return text;
        if (!string.IsNullOrWhiteSpace(adHocTitle)) return $"{text}: {adHocTitle.Trim()}";
        return from is { } f && to is { } t ? $"{text} ({Date(f)} – {Date(t)})" : text;
    }

    /// <summary>
    /// A period as typed in a filter: the key itself, a month as MM/yyyy, or any label <see cref="Period(string?, bool)"/> writes
    /// ("Quý IV/2026", "Năm 2026"…); null when it is none of these.
    /// </summary>
    public static string? ParsePeriod(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (System.DateTime.TryParseExact(t, ["MM/yyyy", "M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (Period(t) is not ("Kỳ khác" or "Another period")) return t;
        var monthLabel = System.Text.RegularExpressions.Regex.Match(t, @"^(?:Tháng |Month )?(\d{1,2})/(\d{4})$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (monthLabel.Success && int.Parse(monthLabel.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m)
            return $"{monthLabel.Groups[2].Value}-{m:00}";
        var digits = System.Text.RegularExpressions.Regex.Match(t, @"\d{4}");
        if (!digits.Success) return null;
        var year = int.Parse(digits.Value, CultureInfo.InvariantCulture);
        string[] candidates = [$"{year}", $"{year}-Q1", $"{year}-Q2", $"{year}-Q3", $"{year}-Q4", $"{year}-H1", $"{year}-H2", $"{year}-{year + 1}", $"{year - 1}-{year}"];
        return candidates.FirstOrDefault(k => string.Equals(Period(k), t, StringComparison.OrdinalIgnoreCase) || string.Equals(Period(k).Replace('–', '-'), t, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] Roman = ["I", "II", "III", "IV"];

    /// <summary>
    /// A document's number and symbol as issued (Decree 30/2020/NĐ-CP: a number below 10 is written with a leading zero): "02/CT-TTg".
    /// </summary>
    public static string DocumentNumber(int? number, string? symbol) =>
        number is { } n ? $"{n.ToString("00", CultureInfo.InvariantCulture)}/{symbol}" : $"…/{symbol}";

    /// <summary>A number and symbol as the services write it ("2/CT-TTg"), as issued ("02/CT-TTg").</summary>
    public static string DocumentNumber(string? numberAndSymbol)
    {
        if (string.IsNullOrWhiteSpace(numberAndSymbol)) return "";
        var slash = numberAndSymbol.IndexOf('/');
        return slash == 1 && char.IsAsciiDigit(numberAndSymbol[0]) ? "0" + numberAndSymbol : numberAndSymbol;
    }

    private static System.DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime;
}
