using System.Text;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Domain;

/// <summary>
/// Whether a free text (an incident's place, description, actions taken) names one of the people whose names are kept
/// apart. Word-based and diacritic-insensitive, as people actually write: "em Lan, 7A" names Nguyễn Thị Lan, and so do
/// "Thi Lan" and "nguyen thi lan"; "an toàn" does not name Trần Văn An. A text names a person when it holds
/// <list type="bullet">
/// <item>two consecutive words of the full name ("Thị Lan", "Nguyen Van");</item>
/// <item>the given name (its last word) after a word people address or introduce a person with ("em Lan", "bạn Bình",
/// "học sinh An", "cháu Mai"), or written with a capital inside a sentence ("... đánh Lan ở cổng");</item>
/// <item>the identifier, ignoring case, spaces and dashes ("hs 2024 0017" for "HS2024-0017").</item>
/// </list>
/// </summary>
public static class PupilNameCheck
{
    /// <summary>Words (folded) after which a given name is the person's: em, cháu, bạn, con, bé, (học) sinh, trò, tên, anh, chị, ông, bà, hs. Not "cô": folded it is also "có".</summary>
    private static readonly HashSet<string> AddressWords = ["em", "chau", "ban", "con", "be", "sinh", "tro", "ten", "anh", "chi", "ong", "ba", "hs"];

    private readonly record struct Word(string Folded, bool Capitalised, bool StartsSentence);

    public static bool Mentions(string? text, string? fullName, string? identifier)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (Compact(identifier) is { Length: >= 3 } id && Compact(text).Contains(id, StringComparison.Ordinal))
        {
            return true;
        }
        var name = Words(fullName ?? "").Select(w => w.Folded).ToList();
        if (name.Count == 0)
        {
            return false;
        }
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            for (var n = 0; n + 1 < name.Count; n++)
            {
                if (i + 1 < words.Count && words[i].Folded == name[n] && words[i + 1].Folded == name[n + 1])
                {
                    return true;
                }
            }
            var given = name[^1];
            if (given.Length >= 2 && words[i].Folded == given
                && ((i > 0 && AddressWords.Contains(words[i - 1].Folded)) || (words[i].Capitalised && !words[i].StartsSentence)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The text's words, folded, with whether each was written with a capital and whether it opens a sentence.</summary>
    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var normalised = text.Normalize(NormalizationForm.FormC);
        var sentenceStart = true;
        var i = 0;
        while (i < normalised.Length)
        {
            var c = normalised[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '!' or '?' or ':' or ';' or '\n' or '\r' or '"' or '“' or '(' or '-' or '–')
                {
                    sentenceStart = true;
                }
                i++;
                continue;
            }
            var start = i;
            while (i < normalised.Length && (char.IsLetterOrDigit(normalised[i]) || char.GetUnicodeCategory(normalised[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                i++;
            }
            var word = normalised[start..i];
            words.Add(new Word(VietnameseText.Fold(word), char.IsUpper(word[0]), sentenceStart));
            sentenceStart = false;
        }
        return words;
    }

    /// <summary>Folded, letters and digits only: "HS2024-0017" → "hs20240017".</summary>
    private static string Compact(string? value) =>
        new(VietnameseText.Fold(value).Where(char.IsLetterOrDigit).ToArray());
}
