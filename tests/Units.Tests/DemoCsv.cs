using System.Text;
using Platform.Units.Infrastructure;

namespace Platform.Units.Tests;

/// <summary>
/// The demo organisation read straight from the embedded CSV by the test's own small parser, so
/// expectations about the seeded data do not come from the code under test.
/// </summary>
internal static class DemoCsv
{
    public sealed record Row(string Code, string Name, string Kind, string ParentCode, string AreaCode);

    public static readonly Lazy<IReadOnlyList<Row>> Rows = new(Load);

    public static IEnumerable<Row> Where(Func<Row, bool> predicate) => Rows.Value.Where(predicate);

    public static string[] Codes(Func<Row, bool> predicate) => [.. Where(predicate).Select(r => r.Code).Order(StringComparer.Ordinal)];

    private static List<Row> Load()
    {
        using var stream = typeof(DemoDataSeeder).Assembly.GetManifestResourceStream(DemoDataSeeder.ResourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Split(l.TrimEnd('\r'))).ToList();
        var header = lines[0];
        int Col(string name) => header.IndexOf(name);
        var (code, name, kind, parent, area) = (Col("code"), Col("name"), Col("kind"), Col("parent_code"), Col("area_code"));
        return lines.Skip(1).Select(f => new Row(f[code], f[name], f[kind], f[parent], f[area])).ToList();
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
