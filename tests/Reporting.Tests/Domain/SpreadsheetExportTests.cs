using System.Text;
using Platform.Reporting.Apis;

namespace Platform.Reporting.Tests.Domain;

/// <summary>Exported CSV never hands a spreadsheet a formula typed into a name or a label (CSV injection).</summary>
public sealed class SpreadsheetExportTests
{
    [Fact]
    public async Task Csv_cells_and_headings_that_start_like_a_formula_are_written_as_text()
    {
        var rows = new List<Dictionary<string, object?>>
        {
            new()
            {
                ["Đơn vị"] = "=HYPERLINK(\"http://evil.example\",\"Bấm vào\")",
                ["@SUM(A1)"] = "+84 912 345 678",
                ["Số vụ"] = -3,
                ["Ghi chú"] = "Trường THCS Lê Chân",
            },
        };

        var csv = Encoding.UTF8.GetString(await Spreadsheets.WriteAsync(rows, "csv", "Sheet1", CancellationToken.None));

        Assert.Contains("'=HYPERLINK(", csv);
        Assert.Contains("'@SUM(A1)", csv);
        Assert.Contains("'+84 912 345 678", csv);
        Assert.Contains("-3", csv);            // a number stays a number
        Assert.DoesNotContain("'-3", csv);
        Assert.Contains("Trường THCS Lê Chân", csv);
        Assert.DoesNotContain("'Trường", csv);
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var cell in line.Split(','))
            {
                var text = cell.Trim('"', '\r');
                Assert.False(text.Length > 0 && "=+@".Contains(text[0]), $"A cell starts like a formula: {text}");
            }
        }
    }
}
