using System.Globalization;
using System.Text;

namespace Platform.Tasks.Domain;

/// <summary>Folds Vietnamese text for search: "Sở GDĐT Hải Phòng" and "so gddt hai phong" match.</summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(c switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(c) });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
