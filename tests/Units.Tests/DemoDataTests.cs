using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.Units.Tests;

/// <summary>
/// The Hải Phòng demo organisation as seeded: the 2024 world kept as history, then the 2025 reform. The
/// dispatch's four addressee groups resolve, as of its date, to the 2024 units; the demo accounts' units
/// exist; a school principal sees only their own branch of today's tree. Read-only: the scenario that
/// changes the tree has its own database.
/// </summary>
public sealed class DemoDataTests(DemoUnitsApiFactory factory, ITestOutputHelper output) : IClassFixture<DemoUnitsApiFactory>
{
    /// <summary>A school day of 2024, when the seed dispatch was in force.</summary>
    private const string In2024 = "2024-04-22";

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
    public async Task Each_addressee_group_of_the_seed_dispatch_resolves_as_of_its_date_to_exactly_its_2024_units(string group, int count)
    {
        var members = (await MembersAsync(_admin, group, $"?asOf={In2024}")).GetProperty("members");

        var expected = Expected(group);
        Assert.Equal(count, expected.Length);
        Assert.Equal(expected, members.Codes());
        output.WriteLine($"{group}: {members.GetArrayLength()} members as of {In2024}");
    }

    [Fact]
    public async Task Today_the_district_offices_line_reaches_no_one_and_the_department_keeps_its_schools_centres_and_units()
    {
        Assert.Empty((await MembersAsync(_admin, "PGDDT-QUAN-HUYEN")).GetProperty("members").EnumerateArray());
        // Upper-secondary and multi-level schools, affiliated units and continuing-education centres stay with the Department.
        foreach (var group in new[] { "THPT-PTNC", "DON-VI-TRUC-THUOC", "GDTX-GDNN" })
        {
            Assert.Equal(Expected(group), (await MembersAsync(_admin, group)).GetProperty("members").Codes());
        }
    }

    [Fact]
    public async Task The_four_seed_groups_and_the_culture_society_divisions_group_exist_with_their_vietnamese_names()
    {
        var groups = await _admin.GetJsonAsync("/api/units/groups");
        var byCode = groups.EnumerateArray().ToDictionary(g => g.GetProperty("code").GetString()!, g => g.GetProperty("name").GetString());

        Assert.Equal("Trưởng phòng GDĐT quận, huyện", byCode["PGDDT-QUAN-HUYEN"]);
        Assert.Equal("Hiệu trưởng các trường THPT, PT có nhiều cấp học", byCode["THPT-PTNC"]);
        Assert.Equal("Thủ trưởng các đơn vị trực thuộc", byCode["DON-VI-TRUC-THUOC"]);
        Assert.Equal("Giám đốc Trung tâm GDTX-GDNN quận, huyện", byCode["GDTX-GDNN"]);
        Assert.Equal("Phòng Văn hóa – Xã hội các xã, phường, đặc khu", byCode["VHXH-XA-PHUONG"]);
        Assert.Equal(5, byCode.Count);
        Assert.Equal(["GDTX-GDNN"], (await _admin.GetJsonAsync("/api/units/groups?q=giam doc trung tam")).EnumerateArray()
            .Select(g => g.GetProperty("code").GetString()));
        var vhxh = await _admin.GetJsonAsync($"/api/units/groups/{DemoUnitIds.For("GROUP:VHXH")}");
        Assert.Equal(("VHXH-XA-PHUONG", "Dynamic"), (vhxh.GetProperty("code").GetString(), vhxh.GetProperty("kind").GetString()));
        Assert.Equal(["CommuneDivision"], vhxh.GetProperty("unitKinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(JsonValueKind.Null, vhxh.GetProperty("parentId").ValueKind);
    }

    [Fact]
    public async Task The_demo_organisation_is_loaded_whole_with_the_reform_as_history()
    {
        var created = DemoCsv.Plan.Value.Where(r => r.Action == "create").ToList();
        var all = await _admin.GetJsonAsync("/api/units?status=all&pageSize=1");
        Assert.Equal(DemoCsv.Rows.Value.Count + created.Count, all.GetProperty("total").GetInt64());
        Assert.True(DemoCsv.Rows.Value.Count >= 1200);

        // As of 2024: the CSV's units, and Hải Dương's Department with its (generated) schools, which existed then too.
        var in2024 = await _admin.GetJsonAsync($"/api/units?asOf={In2024}&pageSize=1");
        Assert.Equal(DemoCsv.Rows.Value.Count + created.Count(r => r.Date == "01/01/2024"), in2024.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData(DemoUnitIds.Department, "Department", "")]
    [InlineData(DemoUnitIds.DepartmentOffice, "DepartmentDivision", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.LeChanDistrictOffice, "DistrictEducationOffice", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.LeChanLowerSecondarySchool, "LowerSecondarySchool", DemoUnitIds.LeChanDistrictOffice)]
    [InlineData(DemoUnitIds.NgoQuyenUpperSecondarySchool, "UpperSecondarySchool", DemoUnitIds.Department)]
    [InlineData(DemoUnitIds.CityPolice, "CityPolice", "")]
    public async Task The_demo_accounts_units_existed_in_2024_under_their_deterministic_ids(string code, string kind, string parentCode)
    {
        var unit = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(code)}?asOf={In2024}");

        Assert.Equal((code, kind), (unit.GetProperty("code").GetString(), unit.GetProperty("kind").GetString()));
        AssertParent(unit, parentCode);
    }

    [Theory]
    [InlineData(DemoUnitIds.Department, "Department", "", "Active")]
    [InlineData(DemoUnitIds.DepartmentOffice, "DepartmentDivision", DemoUnitIds.Department, "Active")]
    [InlineData(DemoUnitIds.LeChanDistrictOffice, "DistrictEducationOffice", DemoUnitIds.Department, "Dissolved")]
    [InlineData(DemoUnitIds.LeChanLowerSecondarySchool, "LowerSecondarySchool", "VHXH-P-LECHAN", "Active")]
    [InlineData("VHXH-P-LECHAN", "CommuneDivision", "UBND-P-LECHAN", "Active")]
    [InlineData("UBND-P-LECHAN", "WardPeoplesCommittee", "", "Active")]
    [InlineData("CA-P-LECHAN", "WardPolice", DemoUnitIds.CityPolice, "Active")]
    [InlineData(DemoUnitIds.NgoQuyenUpperSecondarySchool, "UpperSecondarySchool", DemoUnitIds.Department, "Active")]
    [InlineData(DemoUnitIds.CityPolice, "CityPolice", "", "Active")]
    [InlineData("SGDDT-HD", "Department", "", "Dissolved")]
    public async Task The_demo_accounts_units_stand_today_under_their_deterministic_ids(string code, string kind, string parentCode, string status)
    {
        var unit = await _admin.GetJsonAsync($"/api/units/{DemoUnitIds.For(code)}");

        Assert.Equal((code, kind, status), (unit.GetProperty("code").GetString(), unit.GetProperty("kind").GetString(), unit.GetProperty("status").GetString()));
        AssertParent(unit, parentCode);
    }

    private static void AssertParent(JsonElement unit, string parentCode)
    {
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
    public async Task A_school_principal_lists_only_their_own_school_and_the_units_above_it_today()
    {
        var page = await Principal().GetJsonAsync("/api/units?pageSize=200");

        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal([DemoUnitIds.LeChanLowerSecondarySchool, "UBND-P-LECHAN", "VHXH-P-LECHAN"], page.GetProperty("items").Codes());
        var ancestors = await Principal().GetJsonAsync($"/api/units/{DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)}/ancestors");
        Assert.Equal(["VHXH-P-LECHAN", "UBND-P-LECHAN"], ancestors.EnumerateArray().Select(a => a.GetProperty("code").GetString()));
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
        Assert.Equal(["VHXH-P-LECHAN"], (await MembersAsync(Principal(), "VHXH-XA-PHUONG")).GetProperty("members").Codes());
        Assert.Empty((await MembersAsync(Principal(), "PGDDT-QUAN-HUYEN")).GetProperty("members").EnumerateArray());
        Assert.Empty((await MembersAsync(Principal(), "THPT-PTNC")).GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task A_commune_officer_sees_their_division_its_schools_and_the_committee_above_it()
    {
        var officer = factory.ClientFor(DemoUnitIds.For("VHXH-P-LECHAN"), PlatformRoles.DistrictOfficer);

        var page = await officer.GetJsonAsync("/api/units?pageSize=200");

        string[] expected = [.. DemoCsv.PlanCodes(r => r.Action == "move" && r.ParentCode == "VHXH-P-LECHAN")
            .Append("VHXH-P-LECHAN").Append("UBND-P-LECHAN").Order(StringComparer.Ordinal)];
        Assert.Contains(DemoUnitIds.LeChanLowerSecondarySchool, expected);
        Assert.True(expected.Length > 20);
        Assert.Equal(expected.Length, page.GetProperty("total").GetInt64());
        Assert.Equal(expected, page.GetProperty("items").Codes());
    }
}
