using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Tools.DataGenerator;

namespace Platform.Tools.Tests;

internal sealed record UnitLine(
    int Line, string Code, string Name, string ShortName, string Kind, string ParentCode, string AreaCode,
    string Address, string HeadName, string HeadTitle, string Phone, string Email, string EffectiveFrom);

/// <summary>A units CSV read and checked against the format's invariants.</summary>
internal sealed partial class UnitFile
{
    public const string ExpectedHeader =
        "code,name,short_name,kind,parent_code,area_code,address,head_name,head_title,phone,email,effective_from";

    private static readonly HashSet<string> KnownKinds =
    [
        "Department", "DepartmentDivision", "DistrictEducationOffice", "UpperSecondarySchool", "MultiLevelSchool",
        "ContinuingEducationCentre", "AffiliatedUnit", "Preschool", "PrimarySchool", "LowerSecondarySchool",
        "CityPolice", "DistrictPolice", "WardPolice", "DistrictPeoplesCommittee", "WardPeoplesCommittee", "OtherAgency",
        "CommuneDivision",
    ];

    public required IReadOnlyList<UnitLine> Units { get; init; }
    public required IReadOnlyDictionary<string, UnitLine> ByCode { get; init; }

    public int Count(string kind) => Units.Count(u => u.Kind == kind);

    public static UnitFile Read(byte[] bytes)
    {
        var text = Csv.DecodeStrict(bytes);
        Assert.StartsWith(ExpectedHeader + "\n", text, StringComparison.Ordinal);
        var records = Csv.Parse(text);
        Assert.Equal(ExpectedHeader.Split(','), records[0].Fields);

        var units = new List<UnitLine>();
        var byCode = new Dictionary<string, UnitLine>(StringComparer.Ordinal);
        foreach (var (line, f) in records.Skip(1))
        {
            Assert.True(f.Length == 12, $"line {line}: {f.Length} fields");
            var unit = new UnitLine(line, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]);
            Check(unit, byCode);
            byCode.Add(unit.Code, unit);
            units.Add(unit);
        }
        return new UnitFile { Units = units, ByCode = byCode };
    }

    private static void Check(UnitLine u, Dictionary<string, UnitLine> earlier)
    {
        var at = $"line {u.Line} ({u.Code})";
        Assert.True(CodePattern().IsMatch(u.Code), $"{at}: bad code");
        Assert.True(u.Code.Length <= UnitCsv.MaxCodeLength, $"{at}: code too long");
        Assert.False(earlier.ContainsKey(u.Code), $"{at}: duplicate code");
        Assert.True(u.Name.Length is > 0 and <= UnitCsv.MaxNameLength, $"{at}: name length");
        Assert.True(u.ShortName.Length <= UnitCsv.MaxShortNameLength, $"{at}: short name length");
        Assert.True(u.AreaCode.Length <= UnitCsv.MaxAreaCodeLength, $"{at}: area code length");
        Assert.True(KnownKinds.Contains(u.Kind), $"{at}: unknown kind '{u.Kind}'");
        Assert.True(u.ParentCode.Length == 0 || earlier.ContainsKey(u.ParentCode),
            $"{at}: parent '{u.ParentCode}' does not appear on an earlier line");
        Assert.True(DateOnly.TryParseExact(u.EffectiveFrom, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            $"{at}: effective_from '{u.EffectiveFrom}'");
        Assert.True(u.Email.Length == 0 || EmailPattern().IsMatch(u.Email), $"{at}: e-mail '{u.Email}'");
        Assert.True(u.Phone.Length == 0 || PhonePattern().IsMatch(u.Phone), $"{at}: phone '{u.Phone}'");
        foreach (var value in new[] { u.Name, u.ShortName, u.Address, u.HeadName, u.HeadTitle })
            Assert.True(value == value.Trim() && !value.Contains('\n'), $"{at}: stray whitespace in '{value}'");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^0[0-9]{9,10}$")]
    private static partial Regex PhonePattern();
}
