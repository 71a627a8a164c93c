using Platform.Coordination.Domain;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Tests.Support;

/// <summary>
/// A small Hải Phòng after the 2025 reform, as the replica holds it (today's state only) with the moves and
/// dissolutions its events recorded: Lê Chân's 2024 district office, district People's Committee and police,
/// six wards with their committees, police and schools — all dissolved with successors — and today's communes:
/// Phường Lê Chân (the demo commune; its committee and police have no area code, so they pair by name only),
/// Phường An Biên, and 38 generated communes of two new schools each (every tenth without police). Ids are the
/// demo ids of the codes, as the units service's seeder makes them.
/// </summary>
public static class ReformedUnits
{
    public static readonly DateOnly DistrictPoliceEnded = new(2025, 3, 1);
    public static readonly DateOnly Reform = new(2025, 7, 1);
    public const int GeneratedCommunes = 38;

    public static Guid Id(string code) => DemoUnitIds.For(code);

    /// <summary>2024 wards of Lê Chân (area code suffix) and the commune that holds each today.</summary>
    public static readonly (string Ward, string Commune)[] Wards =
        [("HANGKENH", "P-LECHAN"), ("LAMSON", "P-LECHAN"), ("DUHANG", "P-LECHAN"), ("ANBIEN", "P-ANBIEN"), ("TRAICAU", "P-ANBIEN"), ("NGHIAXA", "P-ANBIEN")];

    public static string[] SchoolsOfWard(string ward) => ward == "HANGKENH"
        ? [DemoUnitIds.LeChanLowerSecondarySchool, "TH-LECHAN-HANGKENH", "MN-LECHAN-HANGKENH"]
        : [$"THCS-LECHAN-{ward}", $"TH-LECHAN-{ward}"];

    public static readonly List<(string Code, string Kind)> Schools2024 =
        [.. Wards.SelectMany(w => SchoolsOfWard(w.Ward).Select(code => (code, KindOf(code))))];

    private static string KindOf(string code) => code.Split('-')[0] switch
    {
        "THCS" => "LowerSecondarySchool",
        "TH" => "PrimarySchool",
        "MN" => "Preschool",
        _ => "UpperSecondarySchool",
    };

    public static IEnumerable<UnitReplica> All()
    {
        var units = new List<UnitReplica>();
        UnitReplica U(string code, string name, string kind, string? parent, string? area, DateOnly from, Guid? successor = null)
        {
            var u = new UnitReplica
            {
                Id = Id(code), Code = code, Name = name, Kind = kind, ParentId = parent is null ? null : Id(parent), AreaCode = area,
                IsActive = successor is null, SuccessorId = successor, EffectiveFrom = from, SourceUpdatedAt = DateTimeOffset.UnixEpoch,
            };
            units.Add(u);
            return u;
        }
        var y2024 = new DateOnly(2024, 1, 1);
        U(DemoUnitIds.Department, "Sở Giáo dục và Đào tạo Hải Phòng", "Department", null, "HP", y2024);
        U(DemoUnitIds.CityPolice, "Công an thành phố Hải Phòng", "CityPolice", null, "HP", y2024);
        U(DemoUnitIds.NgoQuyenUpperSecondarySchool, "Trường THPT Ngô Quyền", "UpperSecondarySchool", DemoUnitIds.Department, "HP-LECHAN-LAMSON", y2024);

        U("UBND-P-LECHAN", "Ủy ban nhân dân phường Lê Chân", UnitKinds.WardPeoplesCommittee, null, null, Reform);
        U("VHXH-P-LECHAN", "Phòng Văn hóa – Xã hội phường Lê Chân", UnitKinds.CommuneDivision, "UBND-P-LECHAN", null, Reform);
        U("CA-P-LECHAN", "Công an phường Lê Chân", UnitKinds.WardPolice, DemoUnitIds.CityPolice, null, Reform);
        U("UBND-P-ANBIEN", "Ủy ban nhân dân phường An Biên", UnitKinds.WardPeoplesCommittee, null, "HP-P-ANBIEN", Reform);
        U("VHXH-P-ANBIEN", "Phòng Văn hóa – Xã hội phường An Biên", UnitKinds.CommuneDivision, "UBND-P-ANBIEN", "HP-P-ANBIEN", Reform);
        U("CA-P-ANBIEN", "Công an phường An Biên", UnitKinds.WardPolice, DemoUnitIds.CityPolice, "HP-P-ANBIEN", Reform);

        U(DemoUnitIds.LeChanDistrictOffice, "Phòng Giáo dục và Đào tạo quận Lê Chân", "DistrictEducationOffice", DemoUnitIds.Department, "HP-LECHAN", y2024, Id("VHXH-P-LECHAN"));
        U("UBND-LECHAN", "Ủy ban nhân dân quận Lê Chân", "DistrictPeoplesCommittee", null, "HP-LECHAN", y2024, Id("UBND-P-LECHAN"));
        U("CA-LECHAN", "Công an quận Lê Chân", "DistrictPolice", DemoUnitIds.CityPolice, "HP-LECHAN", y2024, Id(DemoUnitIds.CityPolice));
        foreach (var (ward, commune) in Wards)
        {
            var area = $"HP-LECHAN-{ward}";
            U($"UBND-LECHAN-{ward}", $"Ủy ban nhân dân phường {ward}", UnitKinds.WardPeoplesCommittee, "UBND-LECHAN", area, y2024, Id($"UBND-{commune}"));
            // Under the City Police since the district police ended (01/03/2025), dissolved into the commune police on 01/07/2025.
            U($"CAP-LECHAN-{ward}", $"Công an phường {ward}", UnitKinds.WardPolice, DemoUnitIds.CityPolice, area, y2024, Id($"CA-{commune}"));
            foreach (var school in SchoolsOfWard(ward))
            {
                U(school, $"Trường {school}", KindOf(school), $"VHXH-{commune}", area, y2024);
            }
        }
        for (var i = 1; i <= GeneratedCommunes; i++)
        {
            var slug = $"X-XA{i:D2}";
            var area = $"HP-{slug}";
            U($"UBND-{slug}", $"Ủy ban nhân dân xã Xã {i:D2}", UnitKinds.WardPeoplesCommittee, null, area, Reform);
            U($"VHXH-{slug}", $"Phòng Văn hóa – Xã hội xã Xã {i:D2}", UnitKinds.CommuneDivision, $"UBND-{slug}", area, Reform);
            if (i % 10 != 0) U($"CA-{slug}", $"Công an xã Xã {i:D2}", UnitKinds.WardPolice, DemoUnitIds.CityPolice, area, Reform);
            U($"MN-HD-XA{i:D2}", $"Trường Mầm non Xã {i:D2}", "Preschool", $"VHXH-{slug}", area, Reform);
            U($"TH-HD-XA{i:D2}", $"Trường Tiểu học Xã {i:D2}", "PrimarySchool", $"VHXH-{slug}", area, Reform);
        }
        return units;
    }

    /// <summary>The moves and dissolutions the replica's events carried.</summary>
    public static (List<UnitParentChange> Moves, List<UnitDissolution> Dissolutions) History()
    {
        var moves = new List<UnitParentChange>();
        var dissolutions = new List<UnitDissolution>();
        void Move(string code, string from, string to, DateOnly on) => moves.Add(new UnitParentChange
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"TEST-MOVE:{code}:{on}"), UnitId = Id(code), PreviousParentId = Id(from), NewParentId = Id(to),
            EffectiveDate = on, OccurredAt = DateTimeOffset.UnixEpoch,
        });
        void Dissolve(string code, string successor, DateOnly on, string reason = "Merged") => dissolutions.Add(new UnitDissolution
        {
            UnitId = Id(code), SuccessorUnitId = Id(successor), Reason = reason, EffectiveDate = on, OccurredAt = DateTimeOffset.UnixEpoch,
        });
        Dissolve("CA-LECHAN", DemoUnitIds.CityPolice, DistrictPoliceEnded, "Dissolved");
        Dissolve(DemoUnitIds.LeChanDistrictOffice, "VHXH-P-LECHAN", Reform, "Split");
        Dissolve("UBND-LECHAN", "UBND-P-LECHAN", Reform, "Dissolved");
        foreach (var (ward, commune) in Wards)
        {
            Move($"CAP-LECHAN-{ward}", "CA-LECHAN", DemoUnitIds.CityPolice, DistrictPoliceEnded);
            Dissolve($"UBND-LECHAN-{ward}", $"UBND-{commune}", Reform);
            Dissolve($"CAP-LECHAN-{ward}", $"CA-{commune}", Reform);
            foreach (var school in SchoolsOfWard(ward)) Move(school, DemoUnitIds.LeChanDistrictOffice, $"VHXH-{commune}", Reform);
        }
        return (moves, dissolutions);
    }
}
