namespace Platform.ServiceDefaults;

/// <summary>
/// Text cells of exported spreadsheets (CSV above all), the same in every service. A cell that starts with a character
/// that makes a spreadsheet read it as a formula (CSV injection: "=HYPERLINK(…)" in a unit's or a report's name) gets a
/// leading apostrophe, which spreadsheets show as text; <see cref="Unguard"/> takes it off again on import, so an
/// export imports back unchanged.
/// </summary>
public static class SpreadsheetCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string GuardFormula(string? value) =>
        string.IsNullOrEmpty(value) || Array.IndexOf(FormulaStarts, value[0]) < 0 ? value ?? "" : "'" + value;

    /// <summary>Rows for a CSV: every heading and text cell guarded; numbers and other values as they are.</summary>
    public static List<Dictionary<string, object?>> GuardRows(IEnumerable<Dictionary<string, object?>> rows) =>
        rows.Select(row => row.ToDictionary(kv => GuardFormula(kv.Key), kv => kv.Value is string text ? GuardFormula(text) : kv.Value)).ToList();

    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && Array.IndexOf(FormulaStarts, value[1]) >= 0 ? value[1..] : value;
}
