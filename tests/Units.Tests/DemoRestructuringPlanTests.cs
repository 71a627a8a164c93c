using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Tests;

/// <summary>
/// The demo's 2025 reform plan file (<c>hai-phong-2025-reform.csv</c>) is an ordinary restructuring plan: on
/// a database holding only the 2024 organisation (imported through <c>/api/units/import</c>), it passes
/// <c>/check</c> without writing anything and <c>/apply</c> gives the old tree before 01/07/2025 and the new one
/// after, as the demo seeder does. Đồ Sơn as the example (Nam Đồ Sơn from Minh Đức, Bàng La, Hợp Đức and the
/// first share of Vạn Hương and Ngọc Xuyên; Đồ Sơn from Hải Sơn and the first share of
/// Dương Kinh's Tân Thành). Its own database, without demo data.
/// </summary>
public sealed class DemoRestructuringPlanTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>
{
    private static MultipartFormDataContent File(byte[] bytes, string fileName)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    [Fact]
    public async Task The_reform_plan_file_passes_check_and_apply_on_the_2024_organisation_and_gives_the_old_tree_before_01_07_2025_and_the_new_one_after()
    {
        var admin = factory.AdminClient();
        await (await admin.PostAsync("/api/units/import", File(DemoCsv.Bytes(), "hai-phong-2024.csv"))).JsonAsync(HttpStatusCode.OK);
        var plan = DemoCsv.Plan.Value;
        var csvCodes = DemoCsv.Rows.Value.Select(r => r.Code).ToHashSet();
        var changed = plan.Where(r => r.Action != "create" && csvCodes.Contains(r.UnitCode)).Select(r => r.UnitCode).Distinct().Count();
        var wardPolice = DemoCsv.Rows.Value.Count(r => r.Kind == "WardPolice");
        var expectedEvents = plan.Count + wardPolice + 1; // one per row, the ward police moved with their district's end, and UnitsMerged
        var mark = await factory.OutboxMarkAsync();
        var before = await factory.StateAsync();

        var check = await (await admin.PostAsync("/api/units/restructuring-plans/check", File(DemoCsv.PlanBytes(), "hai-phong-2025-reform.csv"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(before, await factory.StateAsync());
        var applied = await (await admin.PostAsync("/api/units/restructuring-plans/apply", File(DemoCsv.PlanBytes(), "hai-phong-2025-reform.csv"))).JsonAsync(HttpStatusCode.OK);

        foreach (var result in new[] { check, applied })
        {
            Assert.Equal((plan.Count, plan.Count(r => r.Action == "create"), changed, expectedEvents),
                (result.GetProperty("rows").GetInt32(), result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32(),
                    result.GetProperty("eventsPublished").GetInt32()));
        }
        Assert.Equal(expectedEvents, (await factory.OutboxSinceAsync(mark)).Count);

        Dictionary<string, Guid> ids;
        await using (var db = factory.NewDbContext())
        {
            ids = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Id);
        }
        var office = ids["PGDDT-DOSON"];
        var (namDoSon, doSon) = (ids["VHXH-P-NAMDOSON"], ids["VHXH-P-DOSON"]);
        var schools = DemoCsv.Where(r => r.ParentCode == "PGDDT-DOSON").ToList();
        string[] namDoSonWards = ["HP-DOSON-MINHDUC", "HP-DOSON-BANGLA", "HP-DOSON-HOPDUC", "HP-DOSON-VANHUONG", "HP-DOSON-NGOCXUYEN"];
        var toNamDoSon = schools.Where(s => namDoSonWards.Contains(s.AreaCode)).Select(s => s.Code).Order(StringComparer.Ordinal).ToArray();
        var toDoSon = schools.Where(s => s.AreaCode == "HP-DOSON-HAISON").Select(s => s.Code).Order(StringComparer.Ordinal).ToArray();
        Assert.True(toNamDoSon.Length >= 5 && toDoSon.Length >= 3);
        Assert.Equal(schools.Count, toNamDoSon.Length + toDoSon.Length);

        Assert.Equal(schools.Select(s => s.Code).Order(StringComparer.Ordinal), (await admin.GetJsonAsync($"/api/units/{office}/children?asOf=2025-06-30")).Codes());
        Assert.Empty((await admin.GetJsonAsync($"/api/units/{namDoSon}/children?asOf=2025-06-30")).EnumerateArray());
        Assert.Equal(toNamDoSon, (await admin.GetJsonAsync($"/api/units/{namDoSon}/children?asOf=2025-07-01")).Codes());
        // Đồ Sơn also takes the first share of Tân Thành, a ward of the former Dương Kinh district.
        var fromDuongKinh = DemoCsv.Codes(r => r.ParentCode == "PGDDT-DUONGKINH" && r.AreaCode == "HP-DUONGKINH-TANTHANH");
        Assert.NotEmpty(fromDuongKinh);
        Assert.Equal(toDoSon.Concat(fromDuongKinh).Order(StringComparer.Ordinal), (await admin.GetJsonAsync($"/api/units/{doSon}/children?asOf=2025-07-01")).Codes());
        Assert.Empty((await admin.GetJsonAsync($"/api/units/{office}/children")).EnumerateArray());

        // The district offices' line reaches 15 offices before the reform and none after.
        Assert.Equal(15, (await admin.GetJsonAsync("/api/units?kind=DistrictEducationOffice&asOf=2025-06-30")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await admin.GetJsonAsync("/api/units?kind=DistrictEducationOffice&asOf=2025-07-01")).GetProperty("total").GetInt32());

        var history = await admin.GetJsonAsync($"/api/units/{office}/history");
        Assert.Equal(["VHXH-P-DOSON", "VHXH-P-NAMDOSON"], history.GetProperty("successors").Codes());
        Assert.Equal(namDoSon, history.GetProperty("unit").GetProperty("successorId").GetGuid());
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(schools.Select(s => ids[s.Code]).Order(),
            events.OfEvent<UnitMoved>().Where(m => m.PreviousParentId == office).Select(m => m.UnitId).Order());
        Assert.Equal(namDoSon, events.OfEvent<UnitDissolved>().Single(d => d.UnitId == office).SuccessorUnitId);

        // A Nam Đồ Sơn school's chain now runs through its commune, not the dissolved office.
        var principal = factory.ClientFor(ids[toNamDoSon[0]], PlatformRoles.SchoolManager);
        Assert.Equal(new[] { toNamDoSon[0], "UBND-P-NAMDOSON", "VHXH-P-NAMDOSON" }.Order(StringComparer.Ordinal),
            (await principal.GetJsonAsync("/api/units")).GetProperty("items").Codes());

        // Sent again, the plan is refused row by row against what it left behind, and nothing is written.
        var after = await factory.StateAsync();
        var again = await (await admin.PostAsync("/api/units/restructuring-plans/apply", File(DemoCsv.PlanBytes(), "hai-phong-2025-reform.csv")))
            .JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(again.GetProperty("importErrors").EnumerateArray(), e => e.GetProperty("line").GetInt32() == 2 && e.GetProperty("column").GetString() == "unit_code");
        Assert.Equal(after, await factory.StateAsync());
    }
}
