namespace Platform.Units.Domain;

/// <summary>Kinds of unit in and around the education sector (domain README §3).</summary>
public enum UnitKind
{
    /// <summary>Sở GDĐT.</summary>
    Department,
    /// <summary>Văn phòng Sở and other divisions inside the Department.</summary>
    DepartmentDivision,
    /// <summary>Phòng GDĐT quận/huyện.</summary>
    DistrictEducationOffice,
    /// <summary>Trường THPT.</summary>
    UpperSecondarySchool,
    /// <summary>Trường PT có nhiều cấp học.</summary>
    MultiLevelSchool,
    /// <summary>Trung tâm GDTX-GDNN.</summary>
    ContinuingEducationCentre,
    /// <summary>Đơn vị trực thuộc.</summary>
    AffiliatedUnit,
    /// <summary>Trường mầm non.</summary>
    Preschool,
    /// <summary>Trường tiểu học.</summary>
    PrimarySchool,
    /// <summary>Trường THCS.</summary>
    LowerSecondarySchool,
    /// <summary>Công an thành phố.</summary>
    CityPolice,
    /// <summary>Công an quận/huyện.</summary>
    DistrictPolice,
    /// <summary>Công an phường/xã.</summary>
    WardPolice,
    /// <summary>UBND quận/huyện.</summary>
    DistrictPeoplesCommittee,
    /// <summary>UBND phường/xã.</summary>
    WardPeoplesCommittee,
    OtherAgency,
    /// <summary>
    /// Phòng Văn hóa – Xã hội of a commune-level People's Committee: since 01/07/2025 it supervises the
    /// commune's preschools, primary and lower-secondary schools (Circular 15/2025/TT-BGDĐT). Appended, so
    /// stored values and the contract's strings of the other kinds stay as they were.
    /// </summary>
    CommuneDivision,
}

public enum UnitStatus
{
    Active,
    Dissolved,
}
