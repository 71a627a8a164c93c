using System.Text;
using Platform.ServiceDefaults;

namespace Platform.SafeLine.Domain;

/// <summary>
/// Severity from the category and the words used: a danger to life, self-harm, weapons or drugs make a case high,
/// whatever category the reporter chose. Words match whole. A text typed without diacritics (as on a phone without a
/// Vietnamese keyboard) matches by its letters alone ("ma tuy" = "ma túy"); a text typed with them must match them,
/// so that "từ từ" (slowly) is not read as "tự tử" (suicide), nor "bổ sung" as "súng".
/// </summary>
public static class Triage
{
    private static readonly HashSet<CaseCategory> HighCategories = [CaseCategory.SelfHarm, CaseCategory.Drugs];

    public static readonly IReadOnlyList<string> HighPhrases =
    [
        // life
        "tự tử", "tự sát", "muốn chết", "không muốn sống", "giết", "dọa giết", "đánh chết",
        // self-harm
        "tự làm hại", "tự hại", "rạch tay", "cắt tay", "nhảy lầu", "uống thuốc ngủ",
        // weapons
        "dao", "súng", "vũ khí", "mã tấu", "kiếm", "bom", "côn nhị khúc",
        // drugs
        "ma túy", "ma tuý", "thuốc lắc", "cần sa", "heroin", "thuốc phiện", "bóng cười", "nghiện",
    ];

    private static readonly string[][] Patterns = HighPhrases.Select(Words).ToArray();

    public static CaseSeverity Assess(CaseCategory category, string? text, string? place)
    {
        if (HighCategories.Contains(category)) return CaseSeverity.High;
        return MentionsDanger(text) || MentionsDanger(place) ? CaseSeverity.High : CaseSeverity.Normal;
    }

    public static bool MentionsDanger(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var words = Words(text);
        var plain = words.All(w => w == VietnameseText.Fold(w));
        foreach (var pattern in Patterns)
        {
            for (var i = 0; i + pattern.Length <= words.Length; i++)
            {
                var match = true;
                for (var j = 0; j < pattern.Length && match; j++) match = Same(words[i + j], pattern[j], plain);
                if (match) return true;
            }
        }
        return false;
    }

    private static bool Same(string typed, string phrase, bool plainText) =>
        typed == phrase || (plainText && typed == VietnameseText.Fold(phrase));

    private static string[] Words(string text)
    {
        var lower = text.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var chars = lower.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
