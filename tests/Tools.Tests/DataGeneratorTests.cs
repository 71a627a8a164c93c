using Platform.Tools.DataGenerator;

namespace Platform.Tools.Tests;

/// <summary>The national-scale generator, run in-process.</summary>
public sealed class DataGeneratorTests
{
    private static readonly string[] CommuneSchoolKinds = ["Preschool", "PrimarySchool", "LowerSecondarySchool"];

    private static byte[] Generate(int units, int seed, string prefix = "")
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, UnitCsv.Utf8NoBom, 1 << 16, leaveOpen: true))
        {
            UnitCsv.Write(writer, NationalUnitsGenerator.Generate(new GeneratorOptions(units, seed, prefix)));
        }
        return stream.ToArray();
    }

    private static readonly Lazy<byte[]> FiveThousand = new(() => Generate(5_000, 42));

    [Fact]
    public void Five_thousand_units_keep_the_csv_invariants_and_the_national_tree()
    {
        var file = UnitFile.Read(FiveThousand.Value); // header, encoding, NFC, unique codes, kinds, parents first
        Assert.True(file.Units.Count >= 5_000, $"{file.Units.Count} units");
        Assert.True(file.Units.Count <= 5_500, $"{file.Units.Count} units is far more than asked");

        var ministry = file.ByCode[NationalUnitsGenerator.MinistryCode];
        Assert.Equal(("OtherAgency", ""), (ministry.Kind, ministry.ParentCode));

        var departments = file.Units.Where(u => u.Kind == "Department").ToList();
        Assert.Equal(34, departments.Count);
        Assert.All(departments, d => Assert.Equal(NationalUnitsGenerator.MinistryCode, d.ParentCode));
        Assert.Contains(departments, d => d.Name == "Sở Giáo dục và Đào tạo Hải Phòng");
        Assert.Equal(34, file.Count("CityPolice"));

        string KindOf(string code) => file.ByCode[code].Kind;
        foreach (var unit in file.Units)
        {
            var expectedParentKind = unit.Kind switch
            {
                "DepartmentDivision" or "UpperSecondarySchool" or "MultiLevelSchool" or "ContinuingEducationCentre"
                    or "AffiliatedUnit" or "WardPeoplesCommittee" => "Department",
                "Preschool" or "PrimarySchool" or "LowerSecondarySchool" => "WardPeoplesCommittee",
                "WardPolice" => "CityPolice",
                _ => null,
            };
            if (expectedParentKind is not null)
                Assert.True(KindOf(unit.ParentCode) == expectedParentKind, $"{unit.Code}: parent {unit.ParentCode}");
        }

        var communes = file.Units.Where(u => u.Kind == "WardPeoplesCommittee").ToList();
        Assert.Equal(communes.Count, file.Count("WardPolice"));
        Assert.All(communes, c => Assert.Contains(file.Units, u => u.ParentCode == c.Code && u.Kind == "LowerSecondarySchool"));
        Assert.All(CommuneSchoolKinds, kind => Assert.True(file.Count(kind) > communes.Count, kind));
        Assert.True(file.Count("UpperSecondarySchool") >= 68);
        // every province has communes
        Assert.Equal(34, communes.Select(c => c.ParentCode).Distinct().Count());
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes()
    {
        Assert.Equal(FiveThousand.Value, Generate(5_000, 42));
    }

    [Fact]
    public void Different_seeds_give_different_data()
    {
        Assert.NotEqual(FiveThousand.Value, Generate(5_000, 43));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(1_234)]
    [InlineData(20_000)]
    public void Produces_at_least_the_requested_count(int units)
    {
        var file = UnitFile.Read(Generate(units, 7));
        Assert.True(file.Units.Count >= units, $"{file.Units.Count} < {units}");
    }

    [Fact]
    public void Code_prefix_applies_to_every_code_and_parent()
    {
        var file = UnitFile.Read(Generate(2_000, 1, "N-"));
        Assert.All(file.Units, u =>
        {
            Assert.StartsWith("N-", u.Code, StringComparison.Ordinal);
            Assert.True(u.ParentCode.Length == 0 || u.ParentCode.StartsWith("N-", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Command_line_writes_the_same_bytes_to_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"units-{Guid.NewGuid():N}.csv");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = Cli.Run(["units", "--units", "5000", "--seed", "42", "--out", path], stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());
            Assert.Equal(FiveThousand.Value, File.ReadAllBytes(path));
            Assert.Contains("Wrote", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("units", "--units", "0")]
    [InlineData("units", "--units", "many")]
    [InlineData("units", "--seed")]
    [InlineData("units", "--prefix", "bad prefix!")]
    [InlineData("units", "--prefix", "-N")]
    [InlineData("units", "--effective-from", "2025-07-01")]
    [InlineData("schools")]
    public void Bad_command_lines_exit_with_2(params string[] args)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, Cli.Run(args, new StringWriter(), stderr));
        Assert.NotEqual("", stderr.ToString());
    }
}
