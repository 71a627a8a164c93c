using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

/// <summary>
/// A guard for "pages without raw codes": what a user reads on a page never holds an id (GUID), an ISO period or date, an
/// internal actor id (system:…) or an enum name of the contracts (statuses, severities, outcomes, completion rules,
/// categories, roles…). Reads the text and the attributes a user sees (a field's value, a title, a placeholder), not links' targets.
/// </summary>
public static partial class RenderedText
{
    /// <summary>
    /// The contracts' enum names the web knows: every code with a label in <see cref="Loc"/>, and those of the contracts the
    /// web only compares or sends (document and task kinds, question statuses, reply effects, history kinds…).
    /// </summary>
    public static readonly IReadOnlySet<string> EnumNames = new HashSet<string>(
        Loc.KnownCodes("assignment", "tracking", "submission", "referral", "meeting", "category", "person", "programme", "unitKind",
                "unitStatus", "role", "severity", "trigger", "outcome", "replyEffect", "completionRule", "history", "recurrence", "reportAction", "unitChange")
            .Concat([
                // Tasks: document kinds and statuses, task kinds, recurrences, question statuses, follow-up notices
                "Directive", "CoordinationPlan", "Dispatch", "Issued", "OneOff", "Standing", "Recurring", "Open", "Answered",
                "DueSoon", "HalfYearly", "Semiannual", "Once",
                // Coordination: referral triggers, reply effects, programme scope areas, unit successions
                "Automatic", "IgnoredLate", "IgnoredConflict", "DetailsAdded", "DrugLegalEducation", "TrafficSafety", "SchoolSecurityAndOrder",
                "DrugUseNearSchools", "ViolenceAndAbuseAgainstChildren", "Merged", "Dissolved", "Split",
            ]),
        StringComparer.Ordinal);

    /// <summary>Fails naming each raw code in <paramref name="text"/> (a page's text, or its markup's text).</summary>
    public static void AssertNoRawCodes(string text)
    {
        var found = RawCodes(text).ToList();
        Assert.True(found.Count == 0, $"The page shows raw codes: {string.Join(", ", found.Select(f => $"«{f}»"))}\n--- text ---\n{text}");
    }

    /// <summary>Fails on a raw code in what <paramref name="page"/> shows: its text and the values, titles and placeholders of its elements.</summary>
    public static void AssertNoRawCodes<T>(IRenderedComponent<T> page) where T : Microsoft.AspNetCore.Components.IComponent =>
        AssertNoRawCodes(Visible(page.Nodes));

    /// <summary>The text a user reads in <paramref name="nodes"/>, with the values, titles and placeholders of the elements.</summary>
    public static string Visible(INodeList nodes)
    {
        var parts = new List<string>();
        foreach (var node in nodes)
        {
            parts.Add(node.TextContent);
            if (node is IElement element)
            {
                foreach (var e in element.QuerySelectorAll("*").Prepend(element))
                {
                    foreach (var name in (string[])["value", "title", "placeholder", "alt"])
                    {
                        if (e.GetAttribute(name) is { Length: > 0 } value) parts.Add(value);
                    }
                }
            }
        }
        return string.Join("\n", parts);
    }

    /// <summary>Each raw code in <paramref name="text"/>.</summary>
    public static IEnumerable<string> RawCodes(string text)
    {
        foreach (Match m in Guid().Matches(text)) yield return m.Value;
        foreach (Match m in IsoDate().Matches(text)) yield return m.Value;
        foreach (Match m in IsoPeriod().Matches(text)) yield return m.Value;
        foreach (Match m in Actor().Matches(text)) yield return m.Value;
        foreach (Match m in Word().Matches(text))
        {
            if (EnumNames.Contains(m.Value)) yield return m.Value;
        }
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])\b")]
    private static partial Regex IsoPeriod();

    [GeneratedRegex(@"system:")]
    private static partial Regex Actor();

    /// <summary>A word as an enum name is written: ASCII letters, starting with a capital, not part of a longer word.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[A-Z][A-Za-z]+(?![\p{L}\p{N}_])")]
    private static partial Regex Word();
}
