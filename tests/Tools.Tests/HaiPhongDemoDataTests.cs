namespace Platform.Tools.Tests;

/// <summary>The committed demo organisation of Hải Phòng in 2024 (src/Services/Units/Infrastructure/DemoData).</summary>
public sealed class HaiPhongDemoDataTests
{
    private static readonly Lazy<UnitFile> Demo = new(() => UnitFile.Read(File.ReadAllBytes(RepoPaths.DemoCsv)));

    public static readonly TheoryData<string, string> Districts = new()
    {
        { "HONGBANG", "quận Hồng Bàng" }, { "NGOQUYEN", "quận Ngô Quyền" }, { "LECHAN", "quận Lê Chân" },
        { "HAIAN", "quận Hải An" }, { "KIENAN", "quận Kiến An" }, { "DOSON", "quận Đồ Sơn" },
        { "DUONGKINH", "quận Dương Kinh" }, { "THUYNGUYEN", "huyện Thủy Nguyên" }, { "ANDUONG", "huyện An Dương" },
        { "ANLAO", "huyện An Lão" }, { "KIENTHUY", "huyện Kiến Thụy" }, { "TIENLANG", "huyện Tiên Lãng" },
        { "VINHBAO", "huyện Vĩnh Bảo" }, { "CATHAI", "huyện Cát Hải" }, { "BACHLONGVI", "huyện Bạch Long Vĩ" },
    };

    private static readonly string[] DistrictRunKinds = ["Preschool", "PrimarySchool", "LowerSecondarySchool"];

    [Fact]
    public void File_is_nfc_utf8_rfc4180_with_the_exact_header_unique_codes_known_kinds_and_parents_first()
    {
        var demo = Demo.Value; // UnitFile.Read checks every line
        Assert.True(demo.Units.Count > 1000, $"{demo.Units.Count} units");
        Assert.All(demo.Units, u => Assert.Equal("01/01/2024", u.EffectiveFrom));
    }

    [Theory]
    [InlineData("SGDDT-HP", "Department", "")]
    [InlineData("SGDDT-HP-VP", "DepartmentDivision", "SGDDT-HP")]
    [InlineData("SGDDT-HP-GDTRH", "DepartmentDivision", "SGDDT-HP")]
    [InlineData("SGDDT-HP-TT", "DepartmentDivision", "SGDDT-HP")]
    [InlineData("SGDDT-HP-BGD", "DepartmentDivision", "SGDDT-HP")]
    [InlineData("CATP-HP", "CityPolice", "")]
    [InlineData("PGDDT-LECHAN", "DistrictEducationOffice", "SGDDT-HP")]
    [InlineData("THCS-LECHAN-001", "LowerSecondarySchool", "PGDDT-LECHAN")]
    [InlineData("THPT-NGOQUYEN", "UpperSecondarySchool", "SGDDT-HP")]
    [InlineData("THPT-TRANPHU", "UpperSecondarySchool", "SGDDT-HP")]
    [InlineData("THPT-THAIPHIEN", "UpperSecondarySchool", "SGDDT-HP")]
    [InlineData("THPT-LEQUYDON", "UpperSecondarySchool", "SGDDT-HP")]
    [InlineData("CAP-LECHAN-ANBIEN", "WardPolice", "CA-LECHAN")]
    [InlineData("UBND-LECHAN-DUHANGKENH", "WardPeoplesCommittee", "UBND-LECHAN")]
    public void Required_unit_is_present_with_its_kind_and_parent(string code, string kind, string parent)
    {
        Assert.True(Demo.Value.ByCode.TryGetValue(code, out var unit), $"{code} is missing");
        Assert.Equal(kind, unit.Kind);
        Assert.Equal(parent, unit.ParentCode);
    }

    [Fact]
    public void Department_and_its_office_have_their_names()
    {
        Assert.Equal("Sở Giáo dục và Đào tạo Hải Phòng", Demo.Value.ByCode["SGDDT-HP"].Name);
        Assert.Equal("Văn phòng Sở", Demo.Value.ByCode["SGDDT-HP-VP"].Name);
        Assert.Equal("Công an thành phố Hải Phòng", Demo.Value.ByCode["CATP-HP"].Name);
    }

    [Theory]
    [MemberData(nameof(Districts))]
    public void District_has_its_education_office_centre_police_and_peoples_committee(string district, string place)
    {
        var units = Demo.Value.ByCode;
        var office = units[$"PGDDT-{district}"];
        Assert.Equal(("DistrictEducationOffice", "SGDDT-HP", $"HP-{district}"), (office.Kind, office.ParentCode, office.AreaCode));
        Assert.Equal($"Phòng Giáo dục và Đào tạo {place}", office.Name);

        var centre = units[$"GDTX-{district}"];
        Assert.Equal(("ContinuingEducationCentre", "SGDDT-HP"), (centre.Kind, centre.ParentCode));
        Assert.Equal($"Trung tâm GDNN-GDTX {place}", centre.Name);

        var police = units[$"CA-{district}"];
        Assert.Equal(("DistrictPolice", "CATP-HP", $"Công an {place}"), (police.Kind, police.ParentCode, police.Name));

        var committee = units[$"UBND-{district}"];
        Assert.Equal(("DistrictPeoplesCommittee", ""), (committee.Kind, committee.ParentCode));

        Assert.Contains(Demo.Value.Units, u => u.ParentCode == office.Code && DistrictRunKinds.Contains(u.Kind));
    }

    [Fact]
    public void Fifteen_district_offices_centres_district_police_and_district_committees()
    {
        var demo = Demo.Value;
        Assert.Equal(15, demo.Count("DistrictEducationOffice"));
        Assert.Equal(15, demo.Count("ContinuingEducationCentre"));
        Assert.Equal(15, demo.Count("DistrictPolice"));
        Assert.Equal(15, demo.Count("DistrictPeoplesCommittee"));
        Assert.Equal(1, demo.Count("Department"));
        Assert.Equal(1, demo.Count("CityPolice"));
    }

    [Fact]
    public void At_least_sixty_upper_secondary_schools_directly_under_the_department_across_districts()
    {
        var schools = Demo.Value.Units.Where(u => u.Kind == "UpperSecondarySchool").ToList();
        Assert.True(schools.Count >= 60, $"{schools.Count} upper-secondary schools");
        Assert.All(schools, s =>
        {
            Assert.StartsWith("THPT-", s.Code, StringComparison.Ordinal);
            Assert.Equal("SGDDT-HP", s.ParentCode);
            Assert.StartsWith("Trường THPT ", s.Name, StringComparison.Ordinal);
        });
        Assert.Equal(schools.Count, schools.Select(s => s.Name).Distinct().Count());
        var districts = schools.Select(s => s.AreaCode.Split('-')[1]).Distinct().Count();
        Assert.True(districts >= 14, $"upper-secondary schools in only {districts} districts");
    }

    [Fact]
    public void Multi_level_schools_and_affiliated_units_sit_under_the_department()
    {
        var demo = Demo.Value;
        var multiLevel = demo.Units.Where(u => u.Kind == "MultiLevelSchool").ToList();
        var affiliated = demo.Units.Where(u => u.Kind == "AffiliatedUnit").ToList();
        Assert.InRange(multiLevel.Count, 2, 20);
        Assert.InRange(affiliated.Count, 2, 20);
        Assert.All(multiLevel.Concat(affiliated), u => Assert.Equal("SGDDT-HP", u.ParentCode));
        Assert.All(multiLevel, u => Assert.StartsWith("PTNC-", u.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void About_nine_hundred_district_run_schools_under_their_district_office_with_unique_names()
    {
        var schools = Demo.Value.Units.Where(u => DistrictRunKinds.Contains(u.Kind)).ToList();
        Assert.InRange(schools.Count, 850, 950);
        Assert.All(schools, s =>
        {
            var parts = s.Code.Split('-');
            Assert.Equal(3, parts.Length);
            var prefix = s.Kind switch { "Preschool" => "MN", "PrimarySchool" => "TH", _ => "THCS" };
            Assert.Equal(prefix, parts[0]);
            Assert.Matches("^[0-9]{3}$", parts[2]);
            Assert.Equal($"PGDDT-{parts[1]}", s.ParentCode);
            Assert.StartsWith("Trường ", s.Name, StringComparison.Ordinal);
        });
        var duplicates = schools.GroupBy(s => (s.ParentCode, s.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(15, schools.Select(s => s.ParentCode).Distinct().Count());
    }

    [Fact]
    public void Ward_sample_pairs_police_and_peoples_committees_in_every_district_with_communes()
    {
        var demo = Demo.Value;
        var wardPolice = demo.Units.Where(u => u.Kind == "WardPolice").ToList();
        var wardCommittees = demo.Units.Where(u => u.Kind == "WardPeoplesCommittee").ToList();
        Assert.True(wardCommittees.Count >= 45, $"{wardCommittees.Count} ward/commune People's Committees");
        Assert.Equal(wardPolice.Count, wardCommittees.Count);
        foreach (var police in wardPolice)
        {
            var district = police.Code.Split('-')[1];
            Assert.Equal($"CA-{district}", police.ParentCode);
            var committee = demo.ByCode[$"UBND-{police.Code["CAP-".Length..]}"];
            Assert.Equal($"UBND-{district}", committee.ParentCode);
            Assert.Equal(police.AreaCode, committee.AreaCode);
            Assert.StartsWith($"HP-{district}-", police.AreaCode, StringComparison.Ordinal);
        }
        // Bạch Long Vĩ is an island district without a commune level; every other district has at least three.
        var perDistrict = wardCommittees.GroupBy(u => u.ParentCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.DoesNotContain("UBND-BACHLONGVI", perDistrict.Keys);
        Assert.Equal(14, perDistrict.Count);
        Assert.All(perDistrict, kv => Assert.True(kv.Value >= 3, $"{kv.Key}: {kv.Value} wards"));
    }
}
