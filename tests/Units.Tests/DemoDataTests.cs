using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.Units.Tests;

/// <summary>
/// The Hải Phòng 2024 demo organisation as seeded: the dispatch's four addressee groups resolve to
/// the right units, the demo accounts' units exist, and a school principal sees only their own branch.
/// Read-only: the reform scenario that changes the tree has its own database.
/// </summary>
public sealed class DemoDataTests(DemoUnitsApiFactory factory, ITestOutputHelper output) : IClassFixture<DemoUnitsApiFactory>
{
    private readonly HttpClient _admin = factory.AdminClient();

    private async Task<JsonElement> MembersAsync(HttpClient client, string groupCode, string query = "")
    {
        var groups = await client.GetJsonAsync("/api/units/groups");
        var group = groups.EnumerateArray().Single(g => g.GetProperty("code").GetString() == groupCode);
        return await client.GetJsonAsync($"/api/units/groups/{group.GetProperty("id").GetGuid()}/members{query}");
    }

    public static TheoryData<string, int> SeedGroups => new()
    {
        { "PGDDT-QUAN-HUYEN", 15 },
        { "THPT-PTNC", 67 },
        { "DON-VI-TRUC-THUOC", 4 },
        { "GDTX-GDNN", 15 },
    };

    /// <summary>What each addressee line of the seed dispatch means, computed from the CSV.</summary>
    private static string[] Expected(string group) => group switch
    {
        "PGDDT-QUAN-HUYEN" => DemoCsv.Codes(r => r.Kind == "DistrictEducationOffice" && r.ParentCode == DemoUnitIds.Department),
        "THPT-PTNC" => DemoCsv.Codes(r => r.Kind is "UpperSecondarySchool" or "MultiLevelSchool"),
        "DON-VI-TRUC-THUOC" => DemoCsv.Codes(r => r.Kind == "AffiliatedUnit" && r.ParentCode == DemoUnitIds.Department),
        "GDTX-GDNN" => DemoCsv.Codes(r => r.Kind == "ContinuingEducationCentre"),
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    [Theory]
    [MemberData(nameof(SeedGroups))]
    public async Task Each_addressee_group_of_the_seed_dispatch_resolves_to_exactly_its_units(string group, int count)
    {
        var members = (await MembersAsync(_admin, group)).GetProperty("members");

        var expected = Expected(group);
        Assert.Equal(count, expected.Length);
        Assert.Equal(expected, members.Codes());
        output.WriteLine($"{group}: {members.GetArrayLength()} members");
    }

    [Fact]
    public async Task The_four_seed_groups_exist_with_their_vietnamese_names()
    {
        var groups = await _admin.GetJsonAsync("/api/units/groups");
        var byCode = groups.EnumerateArray().ToDictionary(g => g.GetProperty("code").GetString()!, g => g.GetProperty("name").GetString());

        Assert.Equal("Trưởng phòng GDĐT quận, huyện", byCode["PGDDT-QUAN-HUYEN"]);
        Assert.Equal("Hiệu trưởng các trường THPT, PT có nhiều cấp học", byCode["THPT-PTNC"]);
        Assert.Equal("Thủ trưởng các đơn vị trực thuộc", byCode["DON-VI-TRUC-THUOC"]);
        Assert.Equal("Giám đốc Trung tâm GDTX-GDNN quận, huyện", byCode["GDTX-GDNN"]);
        Assert.Equal(["GDTX-GDNN"], (await _admin.GetJsonAsync("/api/units/groups?q=giam doc trung tam")).EnumerateArray()
            .Select(g => g.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_demo_organisation_is_loaded_whole()
    {
        var page = await _admin.GetJsonAsync("/api/units?pageSize=1");
        Assert.Equal(DemoCsv.Rows.Value.Count, page.GetProperty("total").GetInt64());
        Assert.True(DemoCsv.Rows.Value.Count >= 1200);
    }

    [Theory]
    [InlineData(DemoUnitIds.Department, "Department", "")]
    [InlineData(DemoUnitIds.DepartmentOffice, "DepartmentDivision", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.LeChanDistrictOffice, "DistrictEducationOffice", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.LeChanLowerSecondarySchool, "LowerSecondarySchool", DemoUnitIds.LeChanDistrictOffice)]
    [InlineData(DemoUnitIds.NgoQuyenUpperSecondarySchool, "UpperSecondarySchool", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.CityPolice, "CityPolice", "")]
    public async Task The_demo_accounts_units_exist_under_their_deterministic_ids(string code, string kind, string parentCode)
    {
        var unit = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(code)}");

        Assert.Equal((code, kind, "Active"), (unit.GetProperty("code").GetString(), unit.GetProperty("kind").GetString(), unit.GetProperty("status").GetString()));
        if (parentCode.Length == 0)
        {
            Assert.Equal(JsonValueKind.Null, unit.GetProperty("parentId").ValueKind);
        }
        else
        {
            Assert.Equal(DemoUnitIds.For(parentCode), unit.GetProperty("parentId").GetGuid());
        }
    }

    private HttpClient Principal() =>
        factory.ClientFor(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool), PlatformRoles.SchoolManager);

    [Fact]
    public async Task A_school_principal_lists_only_their_own_school_and_the_units_above_it()
    {
        var page = await Principal().GetJsonAsync("/api/units?pageSize=200");

        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal([DemoUnitIds.LeChanDistrictOffice, DemoUnitIds.Department, DemoUnitIds.LeChanLowerSecondarySchool],
            page.GetProperty("items").Codes());
        var ancestors = await Principal().GetJsonAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)}/ancestors");
        Assert.Equal([DemoUnitIds.LeChanDistrictOffice, DemoUnitIds.Department], ancestors.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_school_principal_cannot_read_another_districts_school()
    {
        var other = DemoCsv.Where(r => r.Code == "THCS-DOSON-001").Single();

        var response = await Principal().GetAsync($"/api/units/{DemoUnitIds.For(other.Code)}");

        var body = await response.JsonAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(other.Code, body.ToString());
        Assert.DoesNotContain(other.Name, body.ToString());
        Assert.Empty((await Principal().GetJsonAsync("/api/units?q=doson&pageSize=200")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Principal().GetAsync($"/api/units/{DemoUnitIds.For("PGDDT-DOSON")}/children")).StatusCode);
    }

    [Fact]
    public async Task A_school_principal_sees_of_each_group_only_the_members_in_scope()
    {
        Assert.Equal([DemoUnitIds.LeChanDistrictOffice], (await MembersAsync(Principal(), "PGDDT-QUAN-HUYEN")).GetProperty("members").Codes());
        Assert.Empty((await MembersAsync(Principal(), "THPT-PTNC")).GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task A_district_officer_sees_their_office_its_schools_and_the_department()
    {
        var officer = factory.ClientFor(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice), PlatformRoles.DistrictOfficer);

        var page = await officer.GetJsonAsync("/api/units?pageSize=200");

        string[] expected = [.. DemoCsv.Codes(r => r.ParentCode == DemoUnitIds.LeChanDistrictOffice)
            .Append(DemoUnitIds.LeChanDistrictOffice).Append(DemoUnitIds.Department).Order(StringComparer.Ordinal)];
        Assert.True(expected.Length > 50);
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt64());
        Assert.Equal(expected, page.GetProperty("items").Codes());
    }
}
