using System.Globalization;
using System.Text;
using Platform.ServiceDefaults;

namespace Platform.Tasks.Domain;

/// <summary>
/// Word-based search over documents. A document's search text is its words, folded (no diacritics, lower case),
/// split on anything that is not a letter or digit, with numbers written without leading zeros, joined by single
/// spaces and wrapped in a space at each end: " chi thi so 2 ct ttg 2024 ve viec … thu tuong chinh phu 02 ".
/// A query is split and normalised the same way; each of its words must start a word of the text (a number must
/// be a whole word, so "2" does not find "2024"), in any order.
/// </summary>
public static class DocumentSearch
{
    /// <summary>The kind's Vietnamese name, searchable like the rest ("chỉ thị 02").</summary>
    public static string KindName(DocumentKind kind) => kind switch
    {
        DocumentKind.Directive => "Chỉ thị",
        DocumentKind.Plan => "Kế hoạch",
        DocumentKind.CoordinationPlan => "Kế hoạch phối hợp",
        DocumentKind.Dispatch => "Công văn",
        DocumentKind.Decision => "Quyết định",
        DocumentKind.Report => "Báo cáo",
        _ => "",
    };

    /// <summary>The folded, normalised words of <paramref name="text"/>: "Số 02/CT-TTg" → so, 2, ct, ttg.</summary>
    public static List<string> Words(string? text)
    {
        var folded = VietnameseText.Fold(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                words.Add(NormaliseNumber(folded[start..i]));
                start = -1;
            }
        }
        return words;
    }

    /// <summary>"002" → "2", "0" → "0"; anything not all ASCII digits is left as it is.</summary>
    public static string NormaliseNumber(string word)
    {
        if (word.Length < 2 || !word.All(char.IsAsciiDigit))
        {
            return word;
        }
        var trimmed = word.TrimStart('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }

    public static bool IsNumber(string word) => word.Length > 0 && word.All(char.IsAsciiDigit);

    /// <summary>The stored search text: kind, "số" and number, symbol, year, subject, issuer, then the number zero-padded.</summary>
    public static string Build(DocumentKind kind, int? number, string symbol, DateOnly? issueDate, string subject, string issuerName)
    {
        // "số 2": people type "chỉ thị số 02" as often as "chỉ thị 02".
        var source = string.Join(' ', KindName(kind), number is { } value ? $"số {value.ToString(CultureInfo.InvariantCulture)}" : "", symbol,
            issueDate?.Year.ToString(CultureInfo.InvariantCulture) ?? "", subject, issuerName);
        var sb = new StringBuilder(" ");
        sb.AppendJoin(' ', Words(source));
        if (number is { } n and >= 0 and < 10)
        {
            sb.Append(" 0").Append(n.ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(' ');
        return sb.ToString();
    }

    /// <summary>
    /// SQL rebuilding every document's search text the way <see cref="Build"/> does, for rows stored before it:
    /// folding by translate() over the Latin letters <see cref="VietnameseText.Fold"/> maps to a single a–z letter
    /// (letters of other scripts are dropped, where <see cref="Build"/> would keep them; the next change of the
    /// document rebuilds its text exactly).
    /// </summary>
    public static string RebuildSql()
    {
        var from = new StringBuilder();
        var to = new StringBuilder();
        foreach (var (first, last) in new[] { (0x00C0, 0x024F), (0x1E00, 0x1EFF) })
        {
            for (var code = first; code <= last; code++)
            {
                var c = (char)code;
                if (!char.IsLetter(c)) continue;
                var folded = VietnameseText.Fold(c.ToString());
                if (folded.Length == 1 && folded[0] is >= 'a' and <= 'z')
                {
                    from.Append(c);
                    to.Append(folded[0]);
                }
            }
        }
        var kinds = new StringBuilder("CASE kind");
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            kinds.Append(CultureInfo.InvariantCulture, $" WHEN '{kind}' THEN '{VietnameseText.Fold(KindName(kind))}'");
        }
        kinds.Append(" ELSE '' END");
        var source = $"{kinds} || ' ' || COALESCE('so ' || number::text, '') || ' ' || symbol || ' ' || COALESCE(EXTRACT(YEAR FROM issue_date)::integer::text, '') "
                     + "|| ' ' || subject || ' ' || issuer_name";
        var words = $"regexp_replace(' ' || lower(translate({source}, '{from}', '{to}')) || ' ', '[^a-z0-9]+', ' ', 'g')";
        var numbers = $"regexp_replace({words}, ' 0+([0-9]+)(?= )', ' \\1', 'g')";
        return $"UPDATE documents SET search_text = ' ' || btrim({numbers}) "
               + "|| CASE WHEN number >= 0 AND number < 10 THEN ' 0' || number::text ELSE '' END || ' '";
    }
}
