using System.Globalization;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

/// <summary>Period keys as the reporting service writes them, shown as people say them (the to-do, the report title, the review queue).</summary>
public sealed class PeriodFormatTests
{
    [Theory]
    [InlineData("2026-12", "Tháng 12/2026", "Month 12/2026")]
    [InlineData("2026-03", "Tháng 3/2026", "Month 3/2026")]
    [InlineData("2024-Q2", "Quý II/2024", "Quarter 2/2024")]
    [InlineData("2026-Q4", "Quý IV/2026", "Quarter 4/2026")]
    [InlineData("2026-H1", "6 tháng đầu năm 2026", "First half of 2026")]
    [InlineData("2026", "Năm 2026", "Year 2026")]
    [InlineData("2025-2026", "Năm học 2025–2026", "School year 2025–2026")]
    [InlineData("ADHOC-0190f2a10000700", "Đột xuất", "Ad hoc")]
    [InlineData("2026-13", "Kỳ khác", "Another period")]
    [InlineData("2026-W49", "Kỳ khác", "Another period")]
    public void A_period_key_reads_as_a_month_quarter_half_year_or_school_year(string key, string vietnamese, string english)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("vi-VN");
            Assert.Equal(vietnamese, Fmt.Period(key));
            CultureInfo.CurrentUICulture = new CultureInfo("en-GB");
            Assert.Equal(english, Fmt.Period(key));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
