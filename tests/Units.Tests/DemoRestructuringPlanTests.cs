using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Tests;

/// <summary>
/// The 2025 reform of Đồ Sơn as a restructuring plan on the demo organisation: two wards take over the
/// district office's schools by ward (Resolution 1669: Nam Đồ Sơn from Minh Đức, Bàng La, Hợp Đức;
/// Đồ Sơn from Hải Sơn; Vạn Hương and Ngọc Xuyên are shared, so their schools go with the office to its
/// primary successor). Its own database, because it changes the tree.
/// </summary>
public sealed class DemoRestructuringPlanTests(DemoUnitsApiFactory factory) : IClassFixture<DemoUnitsApiFactory>
{
    private static readonly Guid DoSonOffice = DemoUnitIds.For("PGDDT-DOSON");

    [Fact]
    public async Task Do_Son_office_dissolved_into_two_wards_by_plan_gives_the_old_tree_before_01_07_2025_and_the_new_one_after()
    {
        var admin = factory.AdminClient();
        var schools = DemoCsv.Where(r => r.ParentCode == "PGDDT-DOSON").ToList();
        string[] namDoSonAreas = ["HP-DOSON-MINHDUC", "HP-DOSON-BANGLA", "HP-DOSON-HOPDUC"];
        var toNamDoSon = schools.Where(s => namDoSonAreas.Contains(s.AreaCode)).Select(s => s.Code).Order(StringComparer.Ordinal).ToArray();
        var toDoSon = schools.Where(s => s.AreaCode == "HP-DOSON-HAISON").Select(s => s.Code).Order(StringComparer.Ordinal).ToArray();
        var leftWithOffice = schools.Select(s => s.Code).Except(toNamDoSon).Except(toDoSon).ToArray();
        Assert.True(toNamDoSon.Length >= 5 && toDoSon.Length >= 3 && leftWithOffice.Length >= 2);

        var csv = new StringBuilder("action,effective_date,unit_code,new_code,name,short_name,kind,parent_code,target_codes,area_code,note\n");
        csv.Append("create,01/07/2025,UBND-P-DOSON,,Phường Đồ Sơn,,WardPeoplesCommittee,,,HP-DOSON,NQ 1669/NQ-UBTVQH15\n");
        csv.Append("create,01/07/2025,UBND-P-NAMDOSON,,Phường Nam Đồ Sơn,,WardPeoplesCommittee,,,HP-NAMDOSON,NQ 1669/NQ-UBTVQH15\n");
        foreach (var code in toNamDoSon) csv.Append($"move,01/07/2025,{code},,,,,UBND-P-NAMDOSON,,,\n");
        foreach (var code in toDoSon) csv.Append($"move,01/07/2025,{code},,,,,UBND-P-DOSON,,,\n");
        csv.Append("dissolve,01/07/2025,PGDDT-DOSON,,,,,,UBND-P-DOSON;UBND-P-NAMDOSON,,Luật 72/2025/QH15: chấm dứt cấp huyện\n");
        MultipartFormDataContent File()
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return new MultipartFormDataContent { { content, "file", "do-son-2025.csv" } };
        }
        var mark = await factory.OutboxMarkAsync();
        var before = await factory.StateAsync();

        var check = await (await admin.PostAsync("/api/units/restructuring-plans/check", File())).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(before, await factory.StateAsync());
        var applied = await (await admin.PostAsync("/api/units/restructuring-plans/apply", File())).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2 + schools.Count + 1, applied.GetProperty("eventsPublished").GetInt32());
        Assert.Equal(check.GetProperty("eventsPublished").GetInt32(), applied.GetProperty("eventsPublished").GetInt32());
        var wards = (await admin.GetJsonAsync("/api/units?kind=WardPeoplesCommittee&q=do son&pageSize=200")).GetProperty("items").EnumerateArray()
            .ToDictionary(u => u.GetProperty("code").GetString()!, u => u.GetProperty("id").GetGuid());
        var (doSon, namDoSon) = (wards["UBND-P-DOSON"], wards["UBND-P-NAMDOSON"]);

        Assert.Equal(schools.Select(s => s.Code).Order(StringComparer.Ordinal), (await admin.GetJsonAsync($"/api/units/{DoSonOffice}/children?asOf=2025-06-30")).Codes());
        Assert.Empty((await admin.GetJsonAsync($"/api/units/{namDoSon}/children?asOf=2025-06-30")).EnumerateArray());
        Assert.Equal(toNamDoSon, (await admin.GetJsonAsync($"/api/units/{namDoSon}/children?asOf=2025-07-01")).Codes());
        Assert.Equal(toDoSon.Concat(leftWithOffice).Order(StringComparer.Ordinal), (await admin.GetJsonAsync($"/api/units/{doSon}/children?asOf=2025-07-01")).Codes());

        // The "district offices" addressee line reaches 15 offices before the reform and 14 after.
        var groupId = DemoUnitIds.For("GROUP:PGDDT");
        Assert.Equal(15, (await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2025-06-30")).GetProperty("members").GetArrayLength());
        Assert.Equal(14, (await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2025-07-01")).GetProperty("members").GetArrayLength());

        var history = await admin.GetJsonAsync($"/api/units/{DoSonOffice}/history");
        Assert.Equal(["UBND-P-DOSON", "UBND-P-NAMDOSON"], history.GetProperty("successors").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(schools.Select(s => DemoUnitIds.For(s.Code)).Order(), events.OfEvent<UnitMoved>().Select(m => m.UnitId).Order());
        Assert.Equal((DoSonOffice, doSon), (Assert.Single(events.OfEvent<UnitDissolved>()).UnitId, events.OfEvent<UnitDissolved>()[0].SuccessorUnitId!.Value));

        // A Nam Đồ Sơn school's chain now runs through its ward, not the dissolved office.
        var principal = factory.ClientFor(DemoUnitIds.For(toNamDoSon[0]), PlatformRoles.SchoolManager);
        Assert.Equal(new[] { toNamDoSon[0], "UBND-P-NAMDOSON" }.Order(StringComparer.Ordinal), (await principal.GetJsonAsync("/api/units")).GetProperty("items").Codes());
    }
}
