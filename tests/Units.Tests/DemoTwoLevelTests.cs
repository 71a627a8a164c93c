using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;

namespace Platform.Units.Tests;

/// <summary>
/// The demo organisation across the 2025 reform (issue 17): the seeded 2024 tree as of any 2024 date,
/// today's two-level organisation (114 commune-level units, their Culture–Society divisions and police)
/// as of now, and the history in between. Expectations come from the two CSV files read by the test's own
/// parser. Read-only.
/// </summary>
public sealed class DemoTwoLevelTests(DemoUnitsApiFactory factory) : IClassFixture<DemoUnitsApiFactory>
{
    private const string In2024 = "2024-04-22";
    private static readonly string[] DistrictRunKinds = ["Preschool", "PrimarySchool", "LowerSecondarySchool"];
    private readonly HttpClient _admin = factory.AdminClient();

    /// <summary>Every page of a unit list, as (code, id, parentId).</summary>
    private async Task<List<(string Code, Guid Id, Guid? ParentId)>> AllAsync(string query)
    {
        var result = new List<(string, Guid, Guid?)>();
        for (var page = 1; ; page++)
        {
            var body = await _admin.GetJsonAsync($"/api/units?{query}&pageSize=200&page={page}");
            var items = body.GetProperty("items").EnumerateArray().ToList();
            result.AddRange(items.Select(i => (i.GetProperty("code").GetString()!, i.GetProperty("id").GetGuid(),
                i.GetProperty("parentId").ValueKind == JsonValueKind.Null ? (Guid?)null : i.GetProperty("parentId").GetGuid())));
            if (result.Count >= body.GetProperty("total").GetInt64() || items.Count == 0) return result;
        }
    }

    private async Task<long> CountAsync(string query) => (await _admin.GetJsonAsync($"/api/units?{query}&pageSize=1")).GetProperty("total").GetInt64();

    private async Task<int> GroupCountAsync(string group, string query = "") =>
        (await _admin.GetJsonAsync($"/api/units/groups/{DemoUnitIds.For(group)}/members{query}")).GetProperty("members").GetArrayLength();

    [Fact]
    public async Task As_of_2024_the_tree_is_the_2024_one_unit_for_unit()
    {
        var units = await AllAsync($"asOf={In2024}");
        var byCode = units.ToDictionary(u => u.Code);

        foreach (var row in DemoCsv.Rows.Value)
        {
            Assert.True(byCode.TryGetValue(row.Code, out var unit), $"{row.Code} should exist in 2024");
            Assert.True((row.ParentCode.Length == 0 ? (Guid?)null : DemoUnitIds.For(row.ParentCode)) == unit.ParentId, $"{row.Code}'s parent in 2024");
        }
        // Besides them only Hải Dương's Department and its generated schools, which existed then as well, in a tree of their own.
        var others = units.Where(u => !DemoCsv.Rows.Value.Any(r => r.Code == u.Code)).ToList();
        Assert.Equal(DemoCsv.PlanCodes(r => r.Action == "create" && r.Date == "01/01/2024"), others.Select(o => o.Code).Order(StringComparer.Ordinal));
        Assert.All(others.Where(o => o.Code != "SGDDT-HD"), o => Assert.Equal(DemoUnitIds.For("SGDDT-HD"), o.ParentId));

        Assert.Equal(15, await CountAsync($"asOf={In2024}&kind=DistrictEducationOffice"));
        Assert.Equal(15, await CountAsync($"asOf={In2024}&kind=DistrictPolice"));
        Assert.Equal(0, await CountAsync($"asOf={In2024}&kind=CommuneDivision"));
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice),
            (await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)}?asOf={In2024}")).GetProperty("parentId").GetGuid());
        Assert.Equal(0, await GroupCountAsync("GROUP:VHXH", $"?asOf={In2024}"));
        Assert.Equal(15, await GroupCountAsync("GROUP:PGDDT", $"?asOf={In2024}"));
    }

    [Fact]
    public async Task Today_there_are_114_commune_committees_divisions_and_police_and_no_district_level()
    {
        Assert.Equal(114, await CountAsync("kind=WardPeoplesCommittee"));
        Assert.Equal(114, await CountAsync("kind=CommuneDivision"));
        Assert.Equal(114, await CountAsync("kind=WardPolice"));
        Assert.Equal(0, await CountAsync("kind=DistrictEducationOffice"));
        Assert.Equal(0, await CountAsync("kind=DistrictPeoplesCommittee"));
        Assert.Equal(0, await CountAsync("kind=DistrictPolice"));
        Assert.Equal(15, await CountAsync("kind=DistrictEducationOffice&status=dissolved"));
        Assert.Equal(1, await CountAsync("kind=Department"));

        // Each commune-level unit: its committee at the top, its division under it, its police under the City Police.
        var committees = (await AllAsync("kind=WardPeoplesCommittee")).ToDictionary(u => u.Id);
        var divisions = await AllAsync("kind=CommuneDivision");
        Assert.All(committees.Values, c => Assert.Null(c.ParentId));
        Assert.All(divisions, d => Assert.True(d.ParentId is { } p && committees.ContainsKey(p) && committees[p].Code == "UBND-" + d.Code["VHXH-".Length..], d.Code));
        Assert.All(await AllAsync("kind=WardPolice"), p => Assert.Equal(DemoUnitIds.For(DemoUnitIds.CityPolice), p.ParentId));
        Assert.Contains(divisions, d => d.Code == "VHXH-X-CAMGIANG2");
        Assert.Equal(114, await GroupCountAsync("GROUP:VHXH"));
        Assert.Equal(0, await GroupCountAsync("GROUP:PGDDT"));
    }

    [Fact]
    public async Task Today_every_preschool_primary_and_lower_secondary_school_is_under_a_commune_division_and_THPT_under_the_department()
    {
        var divisions = (await AllAsync("kind=CommuneDivision")).Select(d => d.Id).ToHashSet();
        var schools = new List<(string Code, Guid Id, Guid? ParentId)>();
        foreach (var kind in DistrictRunKinds)
        {
            schools.AddRange(await AllAsync($"kind={kind}"));
        }

        Assert.Equal(DemoCsv.Rows.Value.Count(r => DistrictRunKinds.Contains(r.Kind)) + DemoCsv.Plan.Value.Count(r => r.Action == "create" && DistrictRunKinds.Contains(r.Kind)),
            schools.Count);
        Assert.All(schools, s => Assert.True(s.ParentId is { } p && divisions.Contains(p), $"{s.Code} should be under a Culture–Society division"));
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        Assert.All(await AllAsync("kind=UpperSecondarySchool"), s => Assert.Equal(department, s.ParentId));
        Assert.All(await AllAsync("kind=MultiLevelSchool"), s => Assert.Equal(department, s.ParentId));
        Assert.All(await AllAsync("kind=ContinuingEducationCentre"), s => Assert.Equal(department, s.ParentId));
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department),
            (await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.NgoQuyenUpperSecondarySchool)}")).GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task A_moved_school_keeps_both_parents_in_its_history()
    {
        var history = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)}/history");

        var periods = history.GetProperty("periods").EnumerateArray()
            .Select(p => (p.GetProperty("parentCode").GetString(), p.GetProperty("validFrom").GetString(), p.GetProperty("validTo").GetString())).ToList();
        Assert.Equal(new (string?, string?, string?)[] { (DemoUnitIds.LeChanDistrictOffice, "2024-01-01", "2025-07-01"), ("VHXH-P-LECHAN", "2025-07-01", null) }, periods);
        var changes = history.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["Registered", "Moved"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.Contains("Luật 72/2025/QH15", changes[1].GetProperty("summary").GetString());
        Assert.Contains("unconfirmed", changes[1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task District_offices_end_with_the_divisions_that_received_their_schools_the_one_with_most_first()
    {
        foreach (var office in DemoCsv.Codes(r => r.Kind == "DistrictEducationOffice"))
        {
            // Where the office's schools went, by the plan's move rows.
            var schools = DemoCsv.Codes(r => r.ParentCode == office).ToHashSet();
            var received = DemoCsv.Plan.Value.Where(r => r.Action == "move" && schools.Contains(r.UnitCode))
                .GroupBy(r => r.ParentCode).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(schools.Count, received.Values.Sum());
            var unit = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(office)}");
            var primary = received.Single(r => r.Key == CodeOf(unit.GetProperty("successorId").GetGuid(), received.Keys));
            Assert.Equal(received.Values.Max(), primary.Value);
            Assert.Equal(("Dissolved", "2025-07-01"), (unit.GetProperty("status").GetString(), unit.GetProperty("effectiveTo").GetString()));

            var history = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(office)}/history");
            Assert.Equal(received.Keys.Order(StringComparer.Ordinal), history.GetProperty("successors").Codes());
        }
    }

    private static string CodeOf(Guid id, IEnumerable<string> codes) => codes.Single(c => DemoUnitIds.For(c) == id);

    [Fact]
    public async Task Police_district_level_ends_on_1_March_2025_and_ward_police_become_commune_police_on_1_July()
    {
        var wardPolice = DemoUnitIds.For("CAP-LECHAN-HANGKENH");
        Assert.Equal(DemoUnitIds.For("CA-LECHAN"), (await _admin.GetJsonAsync($"/api/units/{wardPolice}?asOf=2025-02-28")).GetProperty("parentId").GetGuid());
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.CityPolice), (await _admin.GetJsonAsync($"/api/units/{wardPolice}?asOf=2025-03-01")).GetProperty("parentId").GetGuid());
        Assert.Equal(0, await CountAsync("asOf=2025-03-01&kind=DistrictPolice"));
        Assert.Equal(DemoCsv.Rows.Value.Count(r => r.Kind == "WardPolice"), await CountAsync("asOf=2025-06-30&kind=WardPolice"));

        var today = await _admin.GetJsonAsync($"/api/units/{wardPolice}");
        Assert.Equal(("Dissolved", DemoUnitIds.For("CA-P-LECHAN")), (today.GetProperty("status").GetString(), today.GetProperty("successorId").GetGuid()));
        var district = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For("CA-LECHAN")}");
        Assert.Equal(("Dissolved", "2025-03-01"), (district.GetProperty("status").GetString(), district.GetProperty("effectiveTo").GetString()));
    }

    [Fact]
    public async Task Hai_Duong_department_merges_into_Hai_Phong_on_1_July_2025_and_its_generated_schools_move_to_their_communes()
    {
        var haiDuong = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For("SGDDT-HD")}/history");
        Assert.Equal(("Dissolved", "2024-01-01", "2025-07-01"), (haiDuong.GetProperty("unit").GetProperty("status").GetString(),
            haiDuong.GetProperty("unit").GetProperty("effectiveFrom").GetString(), haiDuong.GetProperty("unit").GetProperty("effectiveTo").GetString()));
        var successor = Assert.Single(haiDuong.GetProperty("successors").EnumerateArray());
        Assert.Equal((DemoUnitIds.Department, "Merged"), (successor.GetProperty("code").GetString(), successor.GetProperty("how").GetString()));

        var generated = DemoCsv.Plan.Value.Where(r => r.Action == "create" && r.ParentCode == "SGDDT-HD").ToList();
        Assert.Equal(64 * 3, generated.Count);
        Assert.All(generated, r => Assert.Contains("generated", r.Note));
        Assert.Equal(generated.Select(r => r.UnitCode).Order(StringComparer.Ordinal),
            (await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For("SGDDT-HD")}/children?asOf=2025-06-30")).Codes());
        Assert.Equal(["MN-HD-THANHHA", "TH-HD-THANHHA", "THCS-HD-THANHHA"],
            (await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For("VHXH-X-THANHHA")}/children")).Codes());
    }

    [Fact]
    public async Task The_seeding_published_the_event_of_every_change_for_the_replicas()
    {
        var events = await factory.OutboxSinceAsync(0);
        var plan = DemoCsv.Plan.Value;

        Assert.Equal(DemoCsv.Rows.Value.Count + plan.Count(r => r.Action == "create"), events.OfEvent<UnitRegistered>().Count);
        // Moves: the plan's, and the ward police that followed their district police's end to the City Police.
        Assert.Equal(plan.Count(r => r.Action == "move") + DemoCsv.Rows.Value.Count(r => r.Kind == "WardPolice"), events.OfEvent<UnitMoved>().Count);
        Assert.Equal(plan.Count(r => r.Action is "dissolve" or "merge"), events.OfEvent<UnitDissolved>().Count);
        var merged = Assert.Single(events.OfEvent<UnitsMerged>());
        Assert.Equal([DemoUnitIds.For("SGDDT-HD")], merged.SourceUnitIds);
        Assert.Equal(DemoUnitIds.For(DemoUnitIds.Department), merged.SuccessorUnitId);
        var division = events.OfEvent<UnitRegistered>().Single(r => r.Code == "VHXH-P-LECHAN");
        Assert.Equal(("CommuneDivision", DemoUnitIds.For("UBND-P-LECHAN"), new DateOnly(2025, 7, 1)), (division.Kind, division.ParentId!.Value, division.EffectiveFrom));
    }

    [Fact]
    public async Task The_import_pages_example_plan_checks_clean_against_todays_demo_tree_and_writes_nothing()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Web", "wwwroot", "examples", "ke-hoach-sap-xep-mau.csv");
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var before = await factory.StateAsync();

        var result = await (await _admin.PostAsync("/api/units/restructuring-plans/check",
            new MultipartFormDataContent { { content, "file", "ke-hoach-sap-xep-mau.csv" } })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((4, 1), (result.GetProperty("rows").GetInt32(), result.GetProperty("created").GetInt32()));
        Assert.Equal(before, await factory.StateAsync());
    }
}
