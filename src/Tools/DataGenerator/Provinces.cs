namespace Platform.Tools.DataGenerator;

/// <summary>A provincial-level unit after Resolution 202/2025/QH15 (34 provinces and centrally-run cities).</summary>
/// <param name="Code">Short ASCII code used inside unit codes.</param>
/// <param name="Name">Vietnamese name without "tỉnh"/"thành phố".</param>
/// <param name="IsCity">Centrally-run city (thành phố) rather than province (tỉnh).</param>
/// <param name="PhoneArea">Landline area code.</param>
/// <param name="Weight">Approximate number of communes/wards, used to spread the requested units.</param>
/// <param name="EmailDomain">ASCII domain stem for synthetic e-mail addresses.</param>
public sealed record Province(string Code, string Name, bool IsCity, string PhoneArea, int Weight, string EmailDomain)
{
    public string FullName => (IsCity ? "thành phố " : "tỉnh ") + Name;
    public string Title => (IsCity ? "Thành phố " : "Tỉnh ") + Name;
}

public static class Provinces
{
    /// <summary>The 34 provincial-level units from 1 July 2025; weights roughly follow their commune counts.</summary>
    public static readonly IReadOnlyList<Province> All =
    [
        new("HN", "Hà Nội", true, "024", 126, "hanoi"),
        new("HUE", "Huế", true, "0234", 40, "hue"),
        new("LCH", "Lai Châu", false, "0213", 38, "laichau"),
        new("DBI", "Điện Biên", false, "0215", 45, "dienbien"),
        new("SLA", "Sơn La", false, "0212", 75, "sonla"),
        new("LSO", "Lạng Sơn", false, "0205", 65, "langson"),
        new("QNI", "Quảng Ninh", false, "0203", 54, "quangninh"),
        new("THO", "Thanh Hóa", false, "0237", 166, "thanhhoa"),
        new("NAN", "Nghệ An", false, "0238", 130, "nghean"),
        new("HTI", "Hà Tĩnh", false, "0239", 69, "hatinh"),
        new("CBA", "Cao Bằng", false, "0206", 56, "caobang"),
        new("TQU", "Tuyên Quang", false, "0207", 124, "tuyenquang"),
        new("LCA", "Lào Cai", false, "0214", 99, "laocai"),
        new("TNG", "Thái Nguyên", false, "0208", 92, "thainguyen"),
        new("PTH", "Phú Thọ", false, "0210", 148, "phutho"),
        new("BNI", "Bắc Ninh", false, "0222", 99, "bacninh"),
        new("HYE", "Hưng Yên", false, "0221", 104, "hungyen"),
        new("HP", "Hải Phòng", true, "0225", 114, "haiphong"),
        new("NBI", "Ninh Bình", false, "0229", 129, "ninhbinh"),
        new("QTR", "Quảng Trị", false, "0233", 78, "quangtri"),
        new("DNG", "Đà Nẵng", true, "0236", 94, "danang"),
        new("QNG", "Quảng Ngãi", false, "0255", 96, "quangngai"),
        new("GLA", "Gia Lai", false, "0269", 135, "gialai"),
        new("KHO", "Khánh Hòa", false, "0258", 65, "khanhhoa"),
        new("LDO", "Lâm Đồng", false, "0263", 124, "lamdong"),
        new("DLA", "Đắk Lắk", false, "0262", 102, "daklak"),
        new("HCM", "Hồ Chí Minh", true, "028", 168, "hcm"),
        new("DNA", "Đồng Nai", false, "0251", 95, "dongnai"),
        new("TNI", "Tây Ninh", false, "0276", 96, "tayninh"),
        new("CTH", "Cần Thơ", true, "0292", 103, "cantho"),
        new("VLO", "Vĩnh Long", false, "0270", 124, "vinhlong"),
        new("DTH", "Đồng Tháp", false, "0277", 102, "dongthap"),
        new("CMA", "Cà Mau", false, "0290", 64, "camau"),
        new("AGI", "An Giang", false, "0296", 102, "angiang"),
    ];
}
