using System.Text;

namespace Platform.Units.Infrastructure;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.</summary>
public static class Csv
{
    /// <summary>Rows with the 1-based line number each starts on.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var rowStart = 1;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (!(fields.Count == 1 && fields[0].Length == 0)) yield return (rowStart, fields);
                    fields = [];
                    line++;
                    rowStart = line;
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (any)
        {
            fields.Add(field.ToString());
            if (!(fields.Count == 1 && fields[0].Length == 0)) yield return (rowStart, fields);
        }
    }

    /// <summary>
    /// Characters that make a spreadsheet read a cell as a formula (CSV injection). Exported cells that
    /// start with one get a leading apostrophe, which spreadsheets show as text; <see cref="Unguard"/>
    /// takes it off again on import, so an export imports back unchanged.
    /// </summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string GuardFormula(string? value) =>
        string.IsNullOrEmpty(value) || Array.IndexOf(FormulaStarts, value[0]) < 0 ? value ?? "" : "'" + value;

    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && Array.IndexOf(FormulaStarts, value[1]) >= 0 ? value[1..] : value;

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
