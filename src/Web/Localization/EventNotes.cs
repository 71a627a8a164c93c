using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Web.Localization;

/// <summary>
/// The notes the services write on an assignment's history and a referral's log, as people read them. The services write
/// them for the record, with codes in them ("quy tắc hoàn thành: AllChildren", "Chuyển tự động theo quy tắc (LifeSafety)",
/// an ISO instant, the scheduler's actor id "system:follow-up"); here the known forms read in words, and what is left of a
/// code (an id, an ISO date, an internal actor, an enum name) never shows as written.
/// </summary>
public static partial class EventNotes
{
    /// <summary>The internal actors the services write as a user (system:…), as people name what did it.</summary>
    private static readonly Dictionary<string, (string Vi, string En)> SystemActors = new(StringComparer.Ordinal)
    {
        ["system:follow-up"] = ("hệ thống nhắc việc tự động", "the automatic follow-up"),
        ["system:restructuring"] = ("sắp xếp lại đơn vị", "unit restructuring"),
        ["system:coordination"] = ("kế hoạch phối hợp liên ngành", "the coordination programme"),
        ["system:referral-rules"] = ("quy tắc chuyển Công an tự động", "the automatic referral rules"),
        ["system:demo-data"] = ("dữ liệu mẫu", "demo data"),
    };

    /// <summary>An internal actor id (system:…) as people name it; an unknown one reads "hệ thống".</summary>
    public static string Actor(Loc loc, string actorId) =>
        SystemActors.TryGetValue(actorId, out var name) ? loc.Pick(name.Vi, name.En) : loc.Pick("hệ thống", "the system");

    /// <summary>An assignment history line's note (null when there is nothing to show).</summary>
    public static string? Assignment(Loc loc, string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) return null;
        var text = note.Trim();
        Match m;
        // The scheduler writes only its own id as the note of a reminder, an overdue notice or an escalation.
        if (SystemActorRegex().IsMatch(text) && SystemActorRegex().Match(text).Value == text)
            return loc.Pick("do ", "by ") + Actor(loc, text);
        if ((m = DelegatedRegex().Match(text)).Success)
        {
            var rule = loc.CompletionRule(m.Groups["rule"].Value);
            var threshold = m.Groups["pct"].Success ? $" ({m.Groups["pct"].Value}%)" : "";
            return loc.Pick($"Giao tiếp cho {m.Groups["n"].Value} đơn vị; {rule}{threshold}",
                $"Handed on to {m.Groups["n"].Value} units; {rule}{threshold}");
        }
        if ((m = TransferReasonRegex().Match(text)).Success && Loc.Knows("unitChange." + m.Groups["reason"].Value))
            text = text[..m.Index] + $"({loc["unitChange." + m.Groups["reason"].Value]})" + text[(m.Index + m.Length)..];
        return Scrub(loc, text);
    }

    /// <summary>A referral log line's detail, by its kind (null when there is nothing to show).</summary>
    public static string? Referral(Loc loc, string kind, string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return null;
        var text = detail.Trim();
        Match m;
        switch (kind)
        {
            case "Requested" when (m = AutomaticRegex().Match(text)).Success:
                return $"{loc.Trigger("Automatic")} ({loc.Pick("mức độ", "severity")}: {loc.Severity(m.Groups["severity"].Value)})";
            case "Requested" when text.StartsWith("Chuyển theo đề nghị", StringComparison.Ordinal):
                return loc.Trigger("Manual");
            case "OutcomeRecorded" when OutcomeCodeRegex().IsMatch(text):
                return loc.Outcome(text);
            case "Sent" when (m = AttemptRegex().Match(text)).Success:
                return loc.Pick($"Lần gửi {m.Groups["n"].Value}", $"Attempt {m.Groups["n"].Value}");
            case "Escalated" when (m = EscalatedRegex().Match(text)).Success:
            {
                var missed = DateTimeOffset.TryParse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? Fmt.DateTime(at) : "—";
                var resend = m.Groups["resend"].Success ? loc.Pick($", gửi lại lần {m.Groups["resend"].Value}", $", sent again (attempt {m.Groups["resend"].Value})") : "";
                return loc.Pick($"Quá hạn xác nhận {missed}; cấp {m.Groups["level"].Value}{resend}",
                    $"Acknowledgement missed ({missed}); level {m.Groups["level"].Value}{resend}");
            }
            case "ReplyIgnored" when (m = IgnoredRegex().Match(text)).Success:
                return loc.Pick(
                    $"Phản hồi «{loc.Referral(m.Groups["what"].Value)}» {loc["replyEffect." + m.Groups["effect"].Value]}; hồ sơ đang ở trạng thái «{loc.Referral(m.Groups["status"].Value)}»",
                    $"Reply «{loc.Referral(m.Groups["what"].Value)}» {loc["replyEffect." + m.Groups["effect"].Value]}; the referral was «{loc.Referral(m.Groups["status"].Value)}»");
        }
        return Scrub(loc, text);
    }

    /// <summary>
    /// Free text with codes left in it: ISO instants and dates read dd/MM/yyyy, internal actors by name, ids and ISO periods
    /// are left out, and the enum names the client knows read as their labels.
    /// </summary>
    public static string Scrub(Loc loc, string text)
    {
        text = IsoInstantRegex().Replace(text, m =>
            DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Fmt.DateTime(at) : "—");
        text = IsoDateRegex().Replace(text, m =>
            DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Fmt.Date(day) : "—");
        text = IsoPeriodRegex().Replace(text, m => Fmt.Period(m.Value));
        text = SystemActorRegex().Replace(text, m => Actor(loc, m.Value));
        text = GuidRegex().Replace(text, "…");
        return CodeRegex().Replace(text, m =>
        {
            foreach (var prefix in CodePrefixes)
            {
                if (Loc.Knows(prefix + "." + m.Value)) return loc[prefix + "." + m.Value];
            }
            return m.Value;
        });
    }

    /// <summary>Where an enum name in free text is looked up, most specific first.</summary>
    private static readonly string[] CodePrefixes =
        ["completionRule", "severity", "outcome", "trigger", "referral", "assignment", "tracking", "submission", "meeting", "programme", "category", "role", "unitChange", "replyEffect"];

    [GeneratedRegex(@"^Giao tiếp cho (?<n>\d+) đơn vị; quy tắc hoàn thành: (?<rule>[A-Za-z]+)(?: (?<pct>\d+)%)?$")]
    private static partial Regex DelegatedRegex();

    [GeneratedRegex(@"\((?<reason>[A-Za-z]+)\)")]
    private static partial Regex TransferReasonRegex();

    [GeneratedRegex(@"^Chuyển tự động theo quy tắc \((?<severity>[A-Za-z]+)\)$")]
    private static partial Regex AutomaticRegex();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+$")]
    private static partial Regex OutcomeCodeRegex();

    [GeneratedRegex(@"^Lần gửi (?<n>\d+)$")]
    private static partial Regex AttemptRegex();

    [GeneratedRegex(@"^Quá hạn xác nhận (?<at>\S+); cấp (?<level>\d+)(?:, gửi lại lần (?<resend>\d+))?$")]
    private static partial Regex EscalatedRegex();

    [GeneratedRegex(@"^(?<what>[A-Za-z]+) \((?<effect>[A-Za-z]+)\) khi đã ở trạng thái (?<status>[A-Za-z]+)$")]
    private static partial Regex IgnoredRegex();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex IsoInstantRegex();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(@"\b\d{4}-(?:0[1-9]|1[0-2]|Q[1-4]|H[12])\b")]
    private static partial Regex IsoPeriodRegex();

    [GeneratedRegex(@"\bsystem:[a-z0-9\-]+")]
    private static partial Regex SystemActorRegex();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex GuidRegex();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")]
    private static partial Regex CodeRegex();
}
