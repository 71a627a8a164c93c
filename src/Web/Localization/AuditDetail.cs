using System.Text.RegularExpressions;
using Platform.ServiceDefaults;

namespace Platform.Web.Localization;

/// <summary>
/// An audit line's detail as the data-protection officer reads it. The services write it for the record, in English with
/// codes and ids ("page 1; 2 of 2; shown: &lt;ids&gt;", "SchoolStaff → SchoolManager"); here the known forms read in
/// Vietnamese, action and role codes by their names, ids by their number (the export keeps them) and hashes by their beginning.
/// </summary>
public static partial class AuditDetail
{
    /// <summary>Reporting's actions (AuditActions in the reporting service).</summary>
    public static readonly IReadOnlyList<string> ReportingActions =
        ["incident.read", "incident.names.read", "incident.list", "export.consolidated", "export.completeness", "export.audit", "audit.verified"];

    /// <summary>Identity's actions (IdentityAuditActions in the identity service).</summary>
    public static readonly IReadOnlyList<string> IdentityActions =
        ["user.created", "user.roles-changed", "user.locked", "user.unlocked", "user.password-reset", "export.audit", "audit.verified"];

    private static readonly HashSet<string> Roles = new(PlatformRoles.All, StringComparer.Ordinal);
    private static readonly HashSet<string> Actions = new(ReportingActions.Concat(IdentityActions), StringComparer.Ordinal);

    public static string Describe(Loc loc, string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return "";
        var text = Loc.IsEnglish ? detail.Trim() : Vietnamese(detail.Trim());
        text = GuidRun().Replace(text, m =>
        {
            var count = m.Value.Split(',').Length;
            return loc.Pick($"[{count} mã, xem trong tệp xuất]", $"[{count} ids, see the export]");
        });
        text = Code().Replace(text, m =>
            Roles.Contains(m.Value) ? loc.KnownRole(m.Value)
            : IsAction(m.Value) ? $"«{loc.AuditAction(m.Value)}»"
            : m.Value);
        return Hash().Replace(text, m => m.Value[..12] + "…");
    }

    /// <summary>The verifier's finding in Vietnamese; the service writes it in English with the line's codes and ids.</summary>
    public static string Problem(Loc loc, long sequence, string problem)
    {
        Match m;
        if ((m = Regex.Match(problem, @"^lines (\d+)\D+(\d+) are missing")).Success)
            return loc.Pick($"Thiếu các dòng {m.Groups[1].Value}–{m.Groups[2].Value} (đã bị xóa)", $"Lines {m.Groups[1].Value}–{m.Groups[2].Value} are missing (removed)");
        if ((m = Regex.Match(problem, @"^line (\d+) comes again after line (\d+)")).Success)
            return loc.Pick($"Dòng {m.Groups[1].Value} xuất hiện lại sau dòng {m.Groups[2].Value}", $"Line {m.Groups[1].Value} comes again after line {m.Groups[2].Value}");
        if ((m = Regex.Match(problem, @"^line (\d+) does not link")).Success)
            return loc.Pick($"Dòng {m.Groups[1].Value} không nối với dòng trước nó (dòng trước đã bị sửa hoặc xóa)",
                $"Line {m.Groups[1].Value} does not link to the line before it (changed or removed)");
        if ((m = Regex.Match(problem, @"^line (\d+) was changed after it was written")).Success)
            return loc.Pick($"Dòng {m.Groups[1].Value} đã bị sửa sau khi ghi", $"Line {m.Groups[1].Value} was changed after it was written");
        return loc.Pick($"Dòng {sequence} không khớp chuỗi mã băm", $"Line {sequence} does not match the hash chain");
    }

    private static bool IsAction(string word) => Actions.Contains(word);

    /// <summary>The fixed forms reporting and identity write, in Vietnamese; anything else is left as written.</summary>
    private static string Vietnamese(string detail)
    {
        Match m;
        if ((m = Regex.Match(detail, @"^names of (\d+) people$")).Success) return $"họ tên của {m.Groups[1].Value} người";
        if (detail == "as shared with the police") return "phần được chia sẻ với Công an";
        if ((m = Regex.Match(detail, @"^page (\d+); (\d+) of (\d+); shown: (.*)$")).Success)
            return $"trang {m.Groups[1].Value}; {m.Groups[2].Value}/{m.Groups[3].Value} vụ việc" + (m.Groups[4].Value.Length > 0 ? $"; đã hiển thị {m.Groups[4].Value}" : "");
        if ((m = Regex.Match(detail, @"^periods? ([^;]+); (csv|xlsx)$")).Success)
            return $"kỳ {string.Join(", ", m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => Fmt.Period(p)))}; tệp {m.Groups[2].Value.ToUpperInvariant()}";
        if ((m = Regex.Match(detail, @"^(\d+) lines; intact; last hash (.*)$")).Success)
            return $"{m.Groups[1].Value} dòng; nguyên vẹn; mã băm cuối {m.Groups[2].Value}";
        if ((m = Regex.Match(detail, @"^(\d+) lines; (\d+) problems; last hash (.*)$")).Success)
            return $"{m.Groups[1].Value} dòng; {m.Groups[2].Value} sai lệch; mã băm cuối {m.Groups[3].Value}";
        if ((m = Regex.Match(detail, @"^(\d+) lines; from (\S+) to (\S+), action (\S+), actor (\S+), subject (.+); (csv|xlsx)$")).Success)
        {
            static string Or(string value) => value == "-" ? "(tất cả)"
                : DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? Fmt.Date(day)
                : value;
            return $"{m.Groups[1].Value} dòng; từ ngày {Or(m.Groups[2].Value)} đến ngày {Or(m.Groups[3].Value)}, thao tác {Or(m.Groups[4].Value)}, " +
                $"người thực hiện {Or(m.Groups[5].Value)}, đối tượng {Or(m.Groups[6].Value)}; tệp {m.Groups[7].Value.ToUpperInvariant()}";
        }
        if ((m = Regex.Match(detail, @"^unit (\S+); roles (.*)$")).Success) return $"đơn vị {m.Groups[1].Value}; vai trò {m.Groups[2].Value}";
        return detail;
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\s*,\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})*")]
    private static partial Regex GuidRun();

    /// <summary>A word that may be a code: letters, with dots or hyphens inside (incident.names.read, user.roles-changed, SchoolManager).</summary>
    [GeneratedRegex(@"(?<![\w.\-])[A-Za-z][A-Za-z]*(?:[.\-][A-Za-z]+)*(?![\w.\-])")]
    private static partial Regex Code();

    [GeneratedRegex(@"\b[0-9a-f]{64}\b")]
    private static partial Regex Hash();
}
