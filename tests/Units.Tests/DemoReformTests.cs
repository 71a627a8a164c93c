using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Tests;

/// <summary>
/// The 2025 reform replayed on the demo data: the Đồ Sơn district office merges into Dương Kinh's
/// on 01/07/2025. Its own database, because it changes the tree.
/// </summary>
public sealed class DemoReformTests(DemoUnitsApiFactory factory) : IClassFixture<DemoUnitsApiFactory>
{
    private static readonly Guid DoSon = DemoUnitIds.For("PGDDT-DOSON");
    private static readonly Guid DuongKinh = DemoUnitIds.For("PGDDT-DUONGKINH");
    private static readonly DateOnly Reform = new(2025, 7, 1);

    [Fact]
    public async Task Merging_Do_Son_into_Duong_Kinh_moves_its_schools_with_history_intact_and_groups_follow_the_date()
    {
        var admin = factory.AdminClient();
        var doSonSchools = DemoCsv.Codes(r => r.ParentCode == "PGDDT-DOSON");
        var duongKinhSchools = DemoCsv.Codes(r => r.ParentCode == "PGDDT-DUONGKINH");
        Assert.True(doSonSchools.Length >= 10);
        var groupId = DemoUnitIds.For("GROUP:PGDDT");
        var mark = await factory.OutboxMarkAsync();

        var response = await admin.PostAsJsonAsync("/api/units/merge", new { sourceIds = new[] { DoSon }, successorId = DuongKinh, effectiveDate = "2025-07-01" });
        var result = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(doSonSchools.Length + 2, result.GetProperty("eventsPublished").GetInt32());
        // Today Dương Kinh supervises both districts' schools; on 30/06/2025 each office had its own.
        var both = doSonSchools.Concat(duongKinhSchools).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(both, (await admin.GetJsonAsync($"/api/units/{DuongKinh}/children")).Codes());
        Assert.Equal(duongKinhSchools, (await admin.GetJsonAsync($"/api/units/{DuongKinh}/children?asOf=2025-06-30")).Codes());
        Assert.Equal(doSonSchools, (await admin.GetJsonAsync($"/api/units?asOf=2025-06-30&parentId={DoSon}&pageSize=200")).GetProperty("items").Codes());
        Assert.Empty((await admin.GetJsonAsync($"/api/units?parentId={DoSon}")).GetProperty("items").EnumerateArray());
        var office = await admin.GetJsonAsync($"/api/units/{DoSon}");
        Assert.Equal(("Dissolved", DuongKinh, "2025-07-01"),
            (office.GetProperty("status").GetString(), office.GetProperty("successorId").GetGuid(), office.GetProperty("effectiveTo").GetString()));

        // Every moved school keeps its 2024 period under Đồ Sơn, and its new one under Dương Kinh.
        foreach (var code in doSonSchools)
        {
            var history = await admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(code)}/history");
            var periods = history.GetProperty("periods").EnumerateArray().ToList();
            Assert.Equal(2, periods.Count);
            Assert.Equal((DoSon, "2024-01-01", "2025-07-01"), (periods[0].GetProperty("parentId").GetGuid(), periods[0].GetProperty("validFrom").GetString(), periods[0].GetProperty("validTo").GetString()));
            Assert.Equal((DuongKinh, "2025-07-01"), (periods[1].GetProperty("parentId").GetGuid(), periods[1].GetProperty("validFrom").GetString()));
            Assert.Equal(["Registered", "Moved"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        }

        // The "district offices" addressee line reaches 15 offices before the reform and 14 after.
        var before = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2025-06-30");
        var after = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members?asOf=2025-07-01");
        var today = await admin.GetJsonAsync($"/api/units/groups/{groupId}/members");
        Assert.Equal(15, before.GetProperty("members").GetArrayLength());
        Assert.Contains("PGDDT-DOSON", before.GetProperty("members").Codes());
        Assert.Equal(before.GetProperty("members").Codes().Where(c => c != "PGDDT-DOSON"), after.GetProperty("members").Codes());
        Assert.Equal(after.GetProperty("members").Codes(), today.GetProperty("members").Codes());

        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(doSonSchools.Select(DemoUnitIds.For).Order(), events.OfEvent<UnitMoved>().Select(m => m.UnitId).Order());
        Assert.All(events.OfEvent<UnitMoved>(), m => Assert.Equal((DoSon, DuongKinh), (m.PreviousParentId!.Value, m.NewParentId!.Value)));
        var dissolved = Assert.Single(events.OfEvent<UnitDissolved>());
        Assert.Equal((DoSon, DuongKinh, "Merged"), (dissolved.UnitId, dissolved.SuccessorUnitId!.Value, dissolved.Reason));
        Assert.Equal([DoSon], Assert.Single(events.OfEvent<UnitsMerged>()).SourceUnitIds);

        // Scope follows the new tree: Dương Kinh's officer now reaches a former Đồ Sơn school; a Đồ Sơn principal's chain is Dương Kinh.
        var officer = factory.ClientFor(DuongKinh, PlatformRoles.DistrictOfficer);
        Assert.Equal(doSonSchools[0], (await officer.GetJsonAsync($"/api/units/{DemoUnitIds.For(doSonSchools[0])}")).GetProperty("code").GetString());
        var principal = factory.ClientFor(DemoUnitIds.For(doSonSchools[0]), PlatformRoles.SchoolManager);
        string[] chain = [doSonSchools[0], "PGDDT-DUONGKINH", DemoUnitIds.Department];
        Assert.Equal(chain.Order(StringComparer.Ordinal), (await principal.GetJsonAsync("/api/units")).GetProperty("items").Codes());
    }
}
