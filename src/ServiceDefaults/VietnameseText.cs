using System.Globalization;
using System.Text;

namespace Platform.ServiceDefaults;

/// <summary>
/// Folding Vietnamese text for diacritic-insensitive search, the same in every service: what a service stores
/// as a row's search text and what it compares a search box's words with are both folded here.
/// </summary>
public static class VietnameseText
{
    /// <summary>"Ngô Quyền" → "ngo quyen"; "Đồ Sơn" → "do son". Whitespace is collapsed.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var folded = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsWhiteSpace(folded))
            {
                if (!lastWasSpace) sb.Append(' ');
                lastWasSpace = true;
                continue;
            }
            sb.Append(folded);
            lastWasSpace = false;
        }
        return sb.ToString().TrimEnd();
    }
}
