using System.Text;

namespace Platform.Tools.Tests;

/// <summary>A strict RFC 4180 reader (independent of the generator's writer) that also checks the file's encoding.</summary>
internal static class Csv
{
    public static string DecodeStrict(byte[] bytes)
    {
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "file starts with a BOM");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text);
        Assert.True(text.IsNormalized(NormalizationForm.FormC), "text is not NFC-normalised");
        return text;
    }

    /// <summary>Records of the text; each record keeps the 1-based line it started on.</summary>
    public static List<(int Line, string[] Fields)> Parse(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var i = 0;
        var quotedField = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (field.Length == 0 && c == '"' && !quotedField)
            {
                quotedField = true;
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, $"unterminated quote starting on line {start}");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                Assert.True(i >= text.Length || text[i] is ',' or '\n', $"text after a closing quote on line {line}");
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                quotedField = false;
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                quotedField = false;
                records.Add((start, fields.ToArray()));
                fields.Clear();
                line++;
                start = line;
            }
            else
            {
                Assert.False(c == '"', $"bare quote inside an unquoted field on line {line}");
                field.Append(c);
            }
            i++;
        }
        Assert.True(fields.Count == 0 && field.Length == 0, "last record has no line end");
        return records;
    }
}
