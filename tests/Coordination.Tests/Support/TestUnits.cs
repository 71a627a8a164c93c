using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Tests.Support;

/// <summary>
/// A small organisation in the replica, shaped like Hải Phòng's: the Department; district A with its office,
/// two wards (W1 has a People's Committee and police, W2 has neither in the directory) and schools; district B
/// the same with one ward; police and People's Committees under their own roots.
/// </summary>
public static class TestUnits
{
    private static Guid Id(string code) => DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"TEST:{code}");

    public static readonly Guid Department = Id("SGD");
    public static readonly Guid OfficeA = Id("PGD-A");
    public static readonly Guid OfficeB = Id("PGD-B");
    /// <summary>Lower-secondary school in ward A-W1.</summary>
    public static readonly Guid SchoolA1 = Id("THCS-A1");
    /// <summary>Primary school in ward A-W1.</summary>
    public static readonly Guid SchoolA2 = Id("TH-A2");
    /// <summary>Preschool in ward A-W2, whose authorities are not in the directory.</summary>
    public static readonly Guid SchoolA3 = Id("MN-A3");
    /// <summary>Upper-secondary school directly under the Department, located in ward A-W1.</summary>
    public static readonly Guid HighSchoolA = Id("THPT-A");
    public static readonly Guid SchoolB1 = Id("THCS-B1");
    public static readonly Guid CityPolice = Id("CATP");
    public static readonly Guid DistrictPoliceA = Id("CA-A");
    public static readonly Guid DistrictPoliceB = Id("CA-B");
    public static readonly Guid WardPoliceA1 = Id("CAP-A-W1");
    public static readonly Guid WardPoliceB1 = Id("CAP-B-W1");
    public static readonly Guid DistrictCommitteeA = Id("UBND-A");
    public static readonly Guid DistrictCommitteeB = Id("UBND-B");
    public static readonly Guid WardCommitteeA1 = Id("UBND-A-W1");
    public static readonly Guid WardCommitteeB1 = Id("UBND-B-W1");

    public const string AreaA = "HP-A";
    public const string AreaA1 = "HP-A-W1";
    public const string AreaA2 = "HP-A-W2";
    public const string AreaB = "HP-B";
    public const string AreaB1 = "HP-B-W1";

    public static IEnumerable<UnitReplica> All()
    {
        UnitReplica U(Guid id, string code, string name, string kind, Guid? parent, string? area) => new()
        {
            Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, AreaCode = area, IsActive = true,
            EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        return
        [
            U(Department, "SGD", "Sở Giáo dục và Đào tạo Thử nghiệm", "Department", null, "HP"),
            U(OfficeA, "PGD-A", "Phòng GDĐT quận An Biên", "DistrictEducationOffice", Department, AreaA),
            U(OfficeB, "PGD-B", "Phòng GDĐT quận Bạch Đằng", "DistrictEducationOffice", Department, AreaB),
            U(SchoolA1, "THCS-A1", "Trường THCS Lê Lợi", "LowerSecondarySchool", OfficeA, AreaA1),
            U(SchoolA2, "TH-A2", "Trường Tiểu học Hòa Bình", "PrimarySchool", OfficeA, AreaA1),
            U(SchoolA3, "MN-A3", "Trường Mầm non Hoa Sen", "Preschool", OfficeA, AreaA2),
            U(HighSchoolA, "THPT-A", "Trường THPT Ngô Quyền", "UpperSecondarySchool", Department, AreaA1),
            U(SchoolB1, "THCS-B1", "Trường THCS Trần Phú", "LowerSecondarySchool", OfficeB, AreaB1),
            U(CityPolice, "CATP", "Công an thành phố Thử nghiệm", "CityPolice", null, "HP"),
            U(DistrictPoliceA, "CA-A", "Công an quận An Biên", "DistrictPolice", CityPolice, AreaA),
            U(DistrictPoliceB, "CA-B", "Công an quận Bạch Đằng", "DistrictPolice", CityPolice, AreaB),
            U(WardPoliceA1, "CAP-A-W1", "Công an phường Lạch Tray", "WardPolice", DistrictPoliceA, AreaA1),
            U(WardPoliceB1, "CAP-B-W1", "Công an phường Cát Dài", "WardPolice", DistrictPoliceB, AreaB1),
            U(DistrictCommitteeA, "UBND-A", "Ủy ban nhân dân quận An Biên", "DistrictPeoplesCommittee", null, AreaA),
            U(DistrictCommitteeB, "UBND-B", "Ủy ban nhân dân quận Bạch Đằng", "DistrictPeoplesCommittee", null, AreaB),
            U(WardCommitteeA1, "UBND-A-W1", "Ủy ban nhân dân phường Lạch Tray", "WardPeoplesCommittee", DistrictCommitteeA, AreaA1),
            U(WardCommitteeB1, "UBND-B-W1", "Ủy ban nhân dân phường Cát Dài", "WardPeoplesCommittee", DistrictCommitteeB, AreaB1),
        ];
    }
}
