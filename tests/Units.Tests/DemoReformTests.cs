using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Tests;

/// <summary>
/// A restructuring after the 2025 reform, on the seeded demo organisation: Nam Đồ Sơn's Culture–Society
/// division merges into Đồ Sơn's on 01/01/2026 (a made-up change, to exercise the operation on today's
/// tree). The schools keep their 2024 period under the district office and their 2025 one under Nam Đồ
/// Sơn. Its own database, because it changes the tree.
/// </summary>
public sealed class DemoReformTests(DemoUnitsApiFactory factory) : IClassFixture<DemoUnitsApiFactory>
{
    private static readonly Guid NamDoSon = DemoUnitIds.For("VHXH-P-NAMDOSON");
    private static readonly Guid DoSon = DemoUnitIds.For("VHXH-P-DOSON");

    [Fact]
    public async Task Merging_Nam_Do_Son_division_into_Do_Son_moves_its_schools_with_history_intact_and_groups_follow_the_date()
    {
        var admin = factory.AdminClient();
        var namDoSonSchools = DemoCsv.PlanCodes(r => r.Action == "move" && r.ParentCode == "VHXH-P-NAMDOSON");
        var doSonSchools = DemoCsv.PlanCodes(r => r.Action == "move" && r.ParentCode == "VHXH-P-DOSON");
        Assert.True(namDoSonSchools.Length >= 10 && doSonSchools.Length >= 3);
        var groupId = DemoUnitIds.For("GROUP:VHXH");
        var mark = await factory.OutboxMarkAsync();

        var response = await admin.PostAsJsonAsync("/api/units/merge", new { sourceIds = new[] { NamDoSon }, successorId = DoSon, effectiveDate = "2026-01-01" });
        var result = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(namDoSonSchools.Length + 2, result.GetProperty("eventsPublished").GetInt32());
        // Today Đồ Sơn's division supervises both wards' schools; on 31/12/2025 each division had its own.
        var both = namDoSonSchools.Concat(doSonSchools).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(both, (await admin.GetJsonAsync($"/api/units/{DoSon}/children")).Codes());
        Assert.Equal(doSonSchools, (await admin.GetJsonAsync($"/api/units/{DoSon}/children?asOf=2025-12-31")).Codes());
        Assert.Equal(namDoSonSchools, (await admin.GetJsonAsync($"/api/units?asOf=2025-12-31&parentId={NamDoSon}&pageSize=200")).GetProperty("items").Codes());
        Assert.Empty((await admin.GetJsonAsync($"/api/units?parentId={NamDoSon}")).GetProperty("items").EnumerateArray());
        var division = await admin.GetJsonAsync($"/api/units/{NamDoSon}");
        Assert.Equal(("Dissolved", DoSon, "2026-01-01"),
            (division.GetProperty("status").GetString(), division.GetProperty("successorId").GetGuid(), division.GetProperty("effectiveTo").GetString()));

        // Every moved school keeps its 2024 period under the district office, its 2025 one under Nam Đồ Sơn, and its new one.
        foreach (var code in namDoSonSchools)
        {
            var office = DemoCsv.Where(r => r.Code == code).Single().ParentCode;
            var history = await admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(code)}/history");
            var periods = history.GetProperty("periods").EnumerateArray()
                .Select(p => (p.GetProperty("parentId").GetGuid(), p.GetProperty("validFrom").GetString(), p.GetProperty("validTo").GetString())).ToList();
            Assert.Equal(new (Guid, string?, string?)[]
            {
                (DemoUnitIds.For(office), "2024-01-01", "2025-07-01"), (NamDoSon, "2025-07-01", "2026-01-01"), (DoSon, "2026-01-01", null),
            }, periods);
            Assert.Equal(["Registered", "Moved", "Moved"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        }

        // The Culture–Society divisions' addressee line reaches 114 divisions before the merge and 113 after.
        var before = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2025-12-31");
        var after = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2026-01-01");
        var today = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members");
        Assert.Equal(114, before.GetProperty("members").GetArrayLength());
        Assert.Contains("VHXH-P-NAMDOSON", before.GetProperty("members").Codes());
        Assert.Equal(before.GetProperty("members").Codes().Where(c => c != "VHXH-P-NAMDOSON"), after.GetProperty("members").Codes());
        Assert.Equal(after.GetProperty("members").Codes(), today.GetProperty("members").Codes());

        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(namDoSonSchools.Select(DemoUnitIds.For).Order(), events.OfEvent<UnitMoved>().Select(m => m.UnitId).Order());
        Assert.All(events.OfEvent<UnitMoved>(), m => Assert.Equal((NamDoSon, DoSon), (m.PreviousParentId!.Value, m.NewParentId!.Value)));
        var dissolved = Assert.Single(events.OfEvent<UnitDissolved>());
        Assert.Equal((NamDoSon, DoSon, "Merged"), (dissolved.UnitId, dissolved.SuccessorUnitId!.Value, dissolved.Reason));
        Assert.Equal([NamDoSon], Assert.Single(events.OfEvent<UnitsMerged>()).SourceUnitIds);

        // Scope follows the new tree: Đồ Sơn's officer now reaches a former Nam Đồ Sơn school; that school's principal's chain is Đồ Sơn's.
        var officer = factory.ClientFor(DoSon, PlatformRoles.DistrictOfficer);
        Assert.Equal(namDoSonSchools[0], (await officer.GetJsonAsync($"/api/units/{DemoUnitIds.For(namDoSonSchools[0])}")).GetProperty("code").GetString());
        var principal = factory.ClientFor(DemoUnitIds.For(namDoSonSchools[0]), PlatformRoles.SchoolManager);
        string[] chain = [namDoSonSchools[0], "VHXH-P-DOSON", "UBND-P-DOSON"];
        Assert.Equal(chain.Order(StringComparer.Ordinal), (await principal.GetJsonAsync("/api/units")).GetProperty("items").Codes());
    }
}
