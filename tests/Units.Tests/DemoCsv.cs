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

    /// <summary>One action of the 2025 reform plan (<see cref="DemoDataSeeder.ReformResourceName"/>).</summary>
    public sealed record PlanRow(string Action, string Date, string UnitCode, string Kind, string ParentCode, string[] Targets, string Note);

    public static readonly Lazy<IReadOnlyList<Row>> Rows = new(Load);

    public static readonly Lazy<IReadOnlyList<PlanRow>> Plan = new(LoadPlan);

    public static IEnumerable<Row> Where(Func<Row, bool> predicate) => Rows.Value.Where(predicate);

    public static string[] Codes(Func<Row, bool> predicate) => [.. Where(predicate).Select(r => r.Code).Order(StringComparer.Ordinal)];

    public static string[] PlanCodes(Func<PlanRow, bool> predicate) => [.. Plan.Value.Where(predicate).Select(r => r.UnitCode).Order(StringComparer.Ordinal)];

    /// <summary>The plan file's bytes, to upload as it is.</summary>
    public static byte[] PlanBytes()
    {
        using var stream = typeof(DemoDataSeeder).Assembly.GetManifestResourceStream(DemoDataSeeder.ReformResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Bytes()
    {
        using var stream = typeof(DemoDataSeeder).Assembly.GetManifestResourceStream(DemoDataSeeder.ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<Row> Load() =>
        Table(DemoDataSeeder.ResourceName, f => new Row(f("code"), f("name"), f("kind"), f("parent_code"), f("area_code")));

    private static List<PlanRow> LoadPlan() =>
        Table(DemoDataSeeder.ReformResourceName, f => new PlanRow(f("action"), f("effective_date"), f("unit_code"), f("kind"), f("parent_code"),
            f("target_codes").Split(';', StringSplitOptions.RemoveEmptyEntries), f("note")));

    private static List<T> Table<T>(string resource, Func<Func<string, string>, T> map)
    {
        using var stream = typeof(DemoDataSeeder).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Split(l.TrimEnd('\r'))).ToList();
        var header = lines[0];
        return lines.Skip(1).Select(f => map(name => f[header.IndexOf(name)])).ToList();
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
