using Platform.Tools.DataGenerator;

namespace Platform.Tools.Tests;

/// <summary>
/// The rules of <see cref="ReformPlanGenerator"/> on a small made-up pair of inputs: codes from names (with the
/// "2" of a colliding name), wards placed by their former units (a whole listing, else the first "part of", else a
/// counted fallback within the former district, or a whole district), successors, generated Hải Dương schools.
/// </summary>
public sealed class ReformPlanGeneratorTests
{
    private const string Communes = """
        new_unit,kind,former_district,former_units,source_note
        Phường Lê Chân,Phuong,Quận Lê Chân,Hàng Kênh; part of An Biên,unconfirmed
        Phường An Biên,Phuong,Quận Lê Chân,part of An Biên; An Dương (Lê Chân),NQ 1669 (list#26) via example.vn
        Đặc khu Bạch Long Vĩ,DacKhu,Huyện Bạch Long Vĩ,whole Huyện Bạch Long Vĩ,NQ 1669 (list#50) via example.vn
        Xã Cẩm Giang,Xa,Huyện Cẩm Giàng,Cẩm Sơn; Cẩm Hưng,unconfirmed
        Xã Cẩm Giàng,Xa,Huyện Cẩm Giàng,Cẩm Định,unconfirmed

        """;

    private const string Demo = """
        code,name,short_name,kind,parent_code,area_code,address,head_name,head_title,phone,email,effective_from
        SGDDT-HP,Sở Giáo dục và Đào tạo Hải Phòng,,Department,,HP,,,,,,01/01/2024
        PGDDT-LECHAN,Phòng GDĐT quận Lê Chân,,DistrictEducationOffice,SGDDT-HP,HP-LECHAN,,,,,,01/01/2024
        PGDDT-BACHLONGVI,Phòng GDĐT huyện Bạch Long Vĩ,,DistrictEducationOffice,SGDDT-HP,HP-BACHLONGVI,,,,,,01/01/2024
        CATP-HP,Công an thành phố Hải Phòng,,CityPolice,,HP,,,,,,01/01/2024
        CA-LECHAN,Công an quận Lê Chân,,DistrictPolice,CATP-HP,HP-LECHAN,,,,,,01/01/2024
        CAP-LECHAN-HANGKENH,Công an phường Hàng Kênh,,WardPolice,CA-LECHAN,HP-LECHAN-HANGKENH,,,,,,01/01/2024
        UBND-LECHAN,Ủy ban nhân dân quận Lê Chân,,DistrictPeoplesCommittee,,HP-LECHAN,,,,,,01/01/2024
        UBND-LECHAN-HANGKENH,Ủy ban nhân dân phường Hàng Kênh,,WardPeoplesCommittee,UBND-LECHAN,HP-LECHAN-HANGKENH,,,,,,01/01/2024
        THCS-LECHAN-001,Trường THCS Chu Văn An,,LowerSecondarySchool,PGDDT-LECHAN,HP-LECHAN-HANGKENH,"phường Hàng Kênh, quận Lê Chân",,,,,01/01/2024
        TH-LECHAN-001,Trường Tiểu học A,,PrimarySchool,PGDDT-LECHAN,HP-LECHAN-ANBIEN,,,,,,01/01/2024
        MN-LECHAN-001,Trường Mầm non B,,Preschool,PGDDT-LECHAN,HP-LECHAN-CATDAI,,,,,,01/01/2024
        MN-LECHAN-002,Trường Mầm non C,,Preschool,PGDDT-LECHAN,HP-LECHAN-ANDUONG,,,,,,01/01/2024
        TH-BACHLONGVI-001,Trường Tiểu học Bạch Long Vĩ,,PrimarySchool,PGDDT-BACHLONGVI,HP-BACHLONGVI,,,,,,01/01/2024

        """;

    private static (List<Dictionary<string, string>> Rows, ReformPlanSummary Summary, List<string> Lines) Generate()
    {
        var (lines, summary) = ReformPlanGenerator.Generate(new StringReader(Communes), new StringReader(Demo));
        return (ReformPlanGenerator.ReadTable(new StringReader(string.Join('\n', lines))), summary, lines);
    }

    private static Dictionary<string, string> Row(List<Dictionary<string, string>> rows, string action, string code) =>
        rows.Single(r => r["action"] == action && r["unit_code"] == code);

    [Fact]
    public void Codes_follow_the_names_and_the_later_of_two_colliding_names_gets_2()
    {
        var (rows, summary, _) = Generate();

        Assert.Equal((5, 2), (summary.Communes, summary.HaiDuongCommunes));
        Assert.Equal(["CA-DK-BACHLONGVI", "CA-P-ANBIEN", "CA-P-LECHAN", "CA-X-CAMGIANG", "CA-X-CAMGIANG2",
                "UBND-DK-BACHLONGVI", "UBND-P-ANBIEN", "UBND-P-LECHAN", "UBND-X-CAMGIANG", "UBND-X-CAMGIANG2",
                "VHXH-DK-BACHLONGVI", "VHXH-P-ANBIEN", "VHXH-P-LECHAN", "VHXH-X-CAMGIANG", "VHXH-X-CAMGIANG2"],
            rows.Where(r => r["action"] == "create" && r["effective_date"] == "01/07/2025").Select(r => r["unit_code"]).Order(StringComparer.Ordinal));
        var division = Row(rows, "create", "VHXH-P-LECHAN");
        Assert.Equal(("Phòng Văn hóa – Xã hội phường Lê Chân", "CommuneDivision", "UBND-P-LECHAN"), (division["name"], division["kind"], division["parent_code"]));
        Assert.Equal(("Ủy ban nhân dân xã Cẩm Giàng", ""), (Row(rows, "create", "UBND-X-CAMGIANG2")["name"], Row(rows, "create", "UBND-X-CAMGIANG2")["parent_code"]));
        Assert.Equal("CATP-HP", Row(rows, "create", "CA-DK-BACHLONGVI")["parent_code"]);
        // Legal acts on every creation; "unconfirmed" where the list's row is.
        Assert.Contains("NQ 1669/NQ-UBTVQH15", Row(rows, "create", "UBND-P-LECHAN")["note"]);
        Assert.Contains("unconfirmed", Row(rows, "create", "UBND-P-LECHAN")["note"]);
        Assert.DoesNotContain("unconfirmed", Row(rows, "create", "UBND-P-ANBIEN")["note"]);
    }

    [Fact]
    public void Schools_go_to_the_division_of_the_unit_that_lists_their_ward_and_a_ward_not_listed_falls_back_within_its_district_and_is_counted()
    {
        var (rows, summary, _) = Generate();

        Assert.Equal("VHXH-P-LECHAN", Row(rows, "move", "THCS-LECHAN-001")["parent_code"]);      // whole listing
        Assert.Equal("VHXH-P-LECHAN", Row(rows, "move", "TH-LECHAN-001")["parent_code"]);        // first "part of"
        Assert.Equal("VHXH-P-ANBIEN", Row(rows, "move", "MN-LECHAN-002")["parent_code"]);        // "An Dương (Lê Chân)"
        Assert.Equal("VHXH-P-LECHAN", Row(rows, "move", "MN-LECHAN-001")["parent_code"]);        // Cát Dài: not listed
        Assert.Contains("fallback", Row(rows, "move", "MN-LECHAN-001")["note"]);
        Assert.Equal("VHXH-DK-BACHLONGVI", Row(rows, "move", "TH-BACHLONGVI-001")["parent_code"]); // the whole district
        Assert.Equal((5, 1, 1), (summary.SchoolsMoved, summary.SchoolsFellBack, summary.WardsFellBack));
        Assert.Equal(["HP-LECHAN-CATDAI"], summary.FallbackWards);

        // The office's successors: the division that received most of its schools first.
        Assert.Equal("VHXH-P-LECHAN;VHXH-P-ANBIEN", Row(rows, "dissolve", "PGDDT-LECHAN")["target_codes"]);
        Assert.Equal("CA-P-LECHAN", Row(rows, "dissolve", "CAP-LECHAN-HANGKENH")["target_codes"]);
        Assert.Equal("UBND-P-LECHAN", Row(rows, "dissolve", "UBND-LECHAN-HANGKENH")["target_codes"]);
        Assert.Equal("UBND-P-LECHAN", Row(rows, "dissolve", "UBND-LECHAN")["target_codes"]);
        Assert.Equal(("01/03/2025", "CATP-HP"), (Row(rows, "dissolve", "CA-LECHAN")["effective_date"], Row(rows, "dissolve", "CA-LECHAN")["target_codes"]));
    }

    [Fact]
    public void Hai_Duong_communes_get_generated_schools_from_2024_under_their_department_which_merges_into_Hai_Phongs()
    {
        var (rows, _, lines) = Generate();

        var school = Row(rows, "create", "THCS-HD-CAMGIANG2");
        Assert.Equal(("01/01/2024", "SGDDT-HD", "LowerSecondarySchool", "Trường THCS Cẩm Giàng"),
            (school["effective_date"], school["parent_code"], school["kind"], school["name"]));
        Assert.Contains("generated", school["note"]);
        Assert.Equal(6, rows.Count(r => r["action"] == "create" && r["parent_code"] == "SGDDT-HD"));
        Assert.Equal("VHXH-X-CAMGIANG2", Row(rows, "move", "THCS-HD-CAMGIANG2")["parent_code"]);
        Assert.Equal("01/01/2024", Row(rows, "create", "SGDDT-HD")["effective_date"]);
        Assert.Equal(("01/07/2025", "SGDDT-HP"), (rows[^1]["effective_date"], rows[^1]["target_codes"]));
        Assert.Equal(("merge", "SGDDT-HD"), (rows[^1]["action"], rows[^1]["unit_code"]));
        // Dated blocks in order, and the same bytes every time.
        Assert.Equal(["01/01/2024", "01/03/2025", "01/07/2025"], rows.Select(r => r["effective_date"]).Distinct());
        Assert.Equal(lines, Generate().Lines);
        Assert.Equal(ReformPlanGenerator.Header, lines[0]);
    }
}
