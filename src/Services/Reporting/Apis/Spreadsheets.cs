using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Apis;

/// <summary>XLSX and CSV through MiniExcel: rows as ordered column → value maps.</summary>
public static class Spreadsheets
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The rows as XLSX or CSV. In CSV every text cell and column heading that a spreadsheet would read as a formula
    /// (unit names, indicator labels: people type them) is guarded (<see cref="SpreadsheetCells"/>); XLSX stores text as text.
    /// </summary>
    public static async Task<byte[]> WriteAsync(List<Dictionary<string, object?>> rows, string format, string sheet, CancellationToken ct)
    {
        if (format == "csv")
        {
            rows = SpreadsheetCells.GuardRows(rows);
        }
        using var output = new MemoryStream();
        await output.SaveAsAsync(rows, sheetName: sheet, excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        return output.ToArray();
    }

    public static FileContentHttpResult File(byte[] bytes, string format, string name) => format == "csv"
        ? TypedResults.File(bytes, "text/csv; charset=utf-8", $"{name}.csv")
        : TypedResults.File(bytes, XlsxContentType, $"{name}.xlsx");

    /// <summary>One row per indicator: code, label, unit of measure, the unit's total, then one column per child.</summary>
    public static List<Dictionary<string, object?>> ConsolidatedRows(ConsolidatedResponse result) =>
        result.Indicators.Select(i =>
        {
            var row = new Dictionary<string, object?>
            {
                ["Mã chỉ tiêu"] = i.Code,
                ["Chỉ tiêu"] = i.Label,
                ["Đơn vị tính"] = i.UnitOfMeasure ?? "",
                [$"Tổng hợp {result.Unit.Name}"] = i.Value,
                ["Số báo cáo"] = i.Reports,
            };
            foreach (var child in result.Children)
            {
                row[$"{child.Name} ({child.Code})"] = child.Values.GetValueOrDefault(i.Code);
            }
            return row;
        }).ToList();

    /// <summary>One row per unit with, for each period, expected / submitted / on time / late / missing / on-time rate.</summary>
    public static List<Dictionary<string, object?>> CompletenessRows(CompletenessResponse result)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var r in result.Rows)
        {
            rows.Add(Row(r.Code, r.Name, r.Cells));
        }
        rows.Add(Row("", Text.Pick("Tổng cộng", "Total"), result.Totals));
        return rows;

        Dictionary<string, object?> Row(string code, string name, IReadOnlyList<PeriodCellResponse> cells)
        {
            var row = new Dictionary<string, object?> { ["Mã đơn vị"] = code, ["Đơn vị"] = name };
            foreach (var c in cells)
            {
                row[$"{c.Period} Phải nộp"] = c.Cell.Expected;
                row[$"{c.Period} Đã nộp"] = c.Cell.Submitted;
                row[$"{c.Period} Đúng hạn"] = c.Cell.OnTime;
                row[$"{c.Period} Trễ hạn"] = c.Cell.Late;
                row[$"{c.Period} Chưa nộp (quá hạn)"] = c.Cell.Missing;
                row[$"{c.Period} Tỷ lệ đúng hạn (%)"] = c.Cell.OnTimeRate;
            }
            return row;
        }
    }
}
