using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

public sealed class ConsolidationTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private static Dictionary<string, object?> Values(int sessions)
    {
        var v = TestApi.ValidValues(sessions);
        v["participants_pupils"] = sessions * 100;
        return v;
    }

    [Fact]
    public async Task Consolidation_follows_the_hierarchy_as_it_was_in_each_period_when_a_school_moves_mid_year()
    {
        factory.Clock.Set(new DateOnly(2024, 5, 10));
        var template = await factory.CreateDemoTemplateAsync("HIST");
        var schedule = await TestApi.CreateScheduleAsync(factory, template, "2024-05");
        var sessions = new Dictionary<Guid, int> { [Org.SchoolA1] = 1, [Org.SchoolA2] = 10, [Org.SchoolB1] = 100, [Org.UpperSchool] = 1000 };
        foreach (var (unit, n) in sessions)
        {
            var id = await TestApi.SubmissionIdAsync(factory, template, "2024-05", unit);
            await TestApi.SubmitAsync(factory, id, unit, Values(n));
            await TestApi.ApproveAsync(factory, id, unit == Org.UpperSchool ? Org.DepartmentOffice : unit == Org.SchoolB1 ? Org.DistrictB : Org.DistrictA,
                unit == Org.UpperSchool ? PlatformRoles.DepartmentOfficer : PlatformRoles.DistrictOfficer);
        }

        // From June, school A2 belongs to district B (the units service's UnitMoved reached the replica).
        await using (var db = factory.NewDbContext())
        {
            await db.UnitReplicas.Where(u => u.Id == Org.SchoolA2).ExecuteUpdateAsync(u => u.SetProperty(x => x.ParentId, Org.DistrictB));
        }
        try
        {
            factory.Clock.Set(new DateOnly(2024, 6, 10));
            using var department = factory.Department();
            await (await department.PostAsync($"/api/reports/schedules/{schedule}/periods/2024-06/open", null)).Json(HttpStatusCode.OK);
            foreach (var (unit, n) in sessions)
            {
                var id = await TestApi.SubmissionIdAsync(factory, template, "2024-06", unit);
                await TestApi.SubmitAsync(factory, id, unit, Values(n));
                await TestApi.ApproveAsync(factory, id, unit == Org.UpperSchool ? Org.DepartmentOffice : unit == Org.SchoolA1 ? Org.DistrictA : Org.DistrictB,
                    unit == Org.UpperSchool ? PlatformRoles.DepartmentOfficer : PlatformRoles.DistrictOfficer);
            }

            Assert.Equal(11, (await TestApi.ConsolidatedAsync(department, template, "2024-05", Org.DistrictA)).Value("dissemination_sessions"));
            Assert.Equal(100, (await TestApi.ConsolidatedAsync(department, template, "2024-05", Org.DistrictB)).Value("dissemination_sessions"));
            Assert.Equal(1, (await TestApi.ConsolidatedAsync(department, template, "2024-06", Org.DistrictA)).Value("dissemination_sessions"));
            Assert.Equal(110, (await TestApi.ConsolidatedAsync(department, template, "2024-06", Org.DistrictB)).Value("dissemination_sessions"));
            foreach (var month in new[] { "2024-05", "2024-06" })
            {
                var whole = await TestApi.ConsolidatedAsync(department, template, month, Org.Department);
                Assert.Equal(1111, whole.Value("dissemination_sessions"));
                Assert.Equal(111100, whole.Value("participants_pupils"));
                Assert.Equal(1000, whole.ChildValue(Org.UpperSchool, "dissemination_sessions"));
            }
            var june = await TestApi.ConsolidatedAsync(department, template, "2024-06", Org.Department);
            Assert.Equal(1, june.ChildValue(Org.DistrictA, "dissemination_sessions"));
            Assert.Equal(110, june.ChildValue(Org.DistrictB, "dissemination_sessions"));

            // Completeness too: in May district B expected one report, in June two.
            var completeness = await (await department.GetAsync($"/api/reports/completeness?templateId={template}&from=2024-05&to=2024-06&unitId={Org.Department}")).Json(HttpStatusCode.OK);
            var b = completeness.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitId").GetGuid() == Org.DistrictB).GetProperty("cells");
            Assert.Equal([1, 2], b.EnumerateArray().Select(c => c.GetProperty("cell").GetProperty("expected").GetInt32()));

            // District A still sees A2's May report (it supervised it then) but not June's; district B the other way round.
            using var districtA = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
            using var districtB = factory.ClientFor(Org.DistrictB, PlatformRoles.DistrictOfficer);
            var mayA2 = await TestApi.SubmissionIdAsync(factory, template, "2024-05", Org.SchoolA2);
            var juneA2 = await TestApi.SubmissionIdAsync(factory, template, "2024-06", Org.SchoolA2);
            (await districtA.GetAsync($"/api/reports/submissions/{mayA2}")).StatusCode.Is(HttpStatusCode.OK);
            (await districtA.GetAsync($"/api/reports/submissions/{juneA2}")).StatusCode.Is(HttpStatusCode.NotFound);
            (await districtB.GetAsync($"/api/reports/submissions/{mayA2}")).StatusCode.Is(HttpStatusCode.NotFound);
            (await districtB.GetAsync($"/api/reports/submissions/{juneA2}")).StatusCode.Is(HttpStatusCode.OK);

            // Drill-down from June's district B figure to the schools behind it.
            var drill = await (await districtB.GetAsync($"/api/reports/consolidated/drilldown?templateId={template}&period=2024-06&unitId={Org.DistrictB}&indicator=dissemination_sessions")).Json(HttpStatusCode.OK);
            Assert.Equal([(Org.SchoolB1, 100m), (Org.SchoolA2, 10m)],
                drill.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("unitId").GetGuid(), i.GetProperty("value").GetDecimal())));
        }
        finally
        {
            await using var db = factory.NewDbContext();
            await db.UnitReplicas.Where(u => u.Id == Org.SchoolA2).ExecuteUpdateAsync(u => u.SetProperty(x => x.ParentId, Org.DistrictA));
        }
    }

    [Fact]
    public async Task Consolidated_report_and_completeness_matrix_export_to_xlsx_and_csv_that_read_back_to_the_same_figures()
    {
        factory.Clock.Set(new DateOnly(2024, 7, 10));
        var template = await factory.CreateDemoTemplateAsync("EXPORT");
        await TestApi.CreateScheduleAsync(factory, template, "2024-07");
        foreach (var (unit, n) in new[] { (Org.SchoolA1, 3), (Org.SchoolA2, 5) })
        {
            var id = await TestApi.SubmissionIdAsync(factory, template, "2024-07", unit);
            await TestApi.SubmitAsync(factory, id, unit, Values(n));
            await TestApi.ApproveAsync(factory, id, Org.DistrictA);
        }
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        var json = await TestApi.ConsolidatedAsync(district, template, "2024-07", Org.DistrictA);

        var xlsx = await district.GetAsync($"/api/reports/consolidated/export?templateId={template}&period=2024-07&unitId={Org.DistrictA}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var indicators = json.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(indicators.Count, rows.Count);
        var total = $"Tổng hợp {json.GetProperty("unit").GetProperty("name").GetString()}";
        foreach (var (indicator, row) in indicators.Zip(rows))
        {
            Assert.Equal(indicator.GetProperty("code").GetString(), row["Mã chỉ tiêu"]?.ToString());
            Assert.Equal(indicator.GetProperty("label").GetString(), row["Chỉ tiêu"]?.ToString());
            Assert.Equal(indicator.GetProperty("value").GetDecimal(), Convert.ToDecimal(row[total], System.Globalization.CultureInfo.InvariantCulture));
        }
        var sessions = rows.Single(r => r["Mã chỉ tiêu"]?.ToString() == "dissemination_sessions");
        Assert.Equal(8m, Convert.ToDecimal(sessions[total], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3m, Convert.ToDecimal(sessions["Trường THCS A1 (T-THCS-A1)"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5m, Convert.ToDecimal(sessions["Trường THCS A2 (T-THCS-A2)"], System.Globalization.CultureInfo.InvariantCulture));

        var csv = await district.GetAsync($"/api/reports/consolidated/export?templateId={template}&period=2024-07&unitId={Org.DistrictA}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Replace("\"", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Mã chỉ tiêu,Chỉ tiêu", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("dissemination_sessions,", StringComparison.Ordinal) && l.Contains(",8,", StringComparison.Ordinal));

        var matrixJson = await TestApi.CompletenessAsync(district, template, "2024-07", Org.DistrictA, "unit");
        var matrix = await district.GetAsync($"/api/reports/completeness/export?templateId={template}&period=2024-07&unitId={Org.DistrictA}&groupBy=unit&format=xlsx");
        var matrixRows = new MemoryStream(await matrix.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(matrixJson.GetProperty("rows").GetArrayLength() + 1, matrixRows.Count);
        foreach (var r in matrixJson.GetProperty("rows").EnumerateArray())
        {
            var sheetRow = matrixRows.Single(x => x["Mã đơn vị"]?.ToString() == r.GetProperty("code").GetString());
            var cell = r.GetProperty("cells")[0].GetProperty("cell");
            Assert.Equal(cell.GetProperty("expected").GetInt32(), Convert.ToInt32(sheetRow["2024-07 Phải nộp"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(cell.GetProperty("onTime").GetInt32(), Convert.ToInt32(sheetRow["2024-07 Đúng hạn"], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(2, Convert.ToInt32(matrixRows[^1]["2024-07 Đúng hạn"], System.Globalization.CultureInfo.InvariantCulture));

        await (await district.GetAsync($"/api/reports/consolidated/export?templateId={template}&period=2024-07&format=pdf")).AssertProblemNames("format");
        await (await district.GetAsync($"/api/reports/consolidated?templateId={template}&period=July")).AssertProblemNames("period");
    }
}
