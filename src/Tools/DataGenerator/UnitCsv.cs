using System.Text;

namespace Platform.Tools.DataGenerator;

/// <summary>One line of the units CSV (the format of the demo data and of <c>/api/units/import</c>).</summary>
public sealed record UnitRow(
    string Code,
    string Name,
    string ShortName,
    string Kind,
    string ParentCode,
    string AreaCode,
    string Address,
    string HeadName,
    string HeadTitle,
    string Phone,
    string Email,
    string EffectiveFrom)
{
    public IReadOnlyList<string> Fields =>
        [Code, Name, ShortName, Kind, ParentCode, AreaCode, Address, HeadName, HeadTitle, Phone, Email, EffectiveFrom];
}

/// <summary>The units CSV format: UTF-8 without BOM, NFC text, comma-separated, RFC 4180 quoting, <c>\n</c> line ends.</summary>
public static class UnitCsv
{
    public const string Header =
        "code,name,short_name,kind,parent_code,area_code,address,head_name,head_title,phone,email,effective_from";

    /// <summary>The unit kinds, spelled as the Units service's <c>UnitKind</c> enum.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "Department", "DepartmentDivision", "DistrictEducationOffice", "UpperSecondarySchool", "MultiLevelSchool",
        "ContinuingEducationCentre", "AffiliatedUnit", "Preschool", "PrimarySchool", "LowerSecondarySchool",
        "CityPolice", "DistrictPolice", "WardPolice", "DistrictPeoplesCommittee", "WardPeoplesCommittee", "OtherAgency",
        "CommuneDivision",
    ];

    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 256;
    public const int MaxShortNameLength = 64;
    public const int MaxAreaCodeLength = 32;

    public static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the header and the rows; returns the number of rows written.</summary>
    public static int Write(TextWriter writer, IEnumerable<UnitRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        var count = 0;
        foreach (var row in rows)
        {
            var fields = row.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) writer.Write(',');
                WriteField(writer, fields[i]);
            }
            writer.Write('\n');
            count++;
        }
        return count;
    }

    private static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\""));
        writer.Write('"');
    }
}
