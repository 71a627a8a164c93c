using System.Text;

namespace Platform.Tools.DataGenerator;

/// <summary>Word pools for plausible Vietnamese names (all NFC).</summary>
internal static class Names
{
    private static string[] Nfc(params string[] values) =>
        [.. values.Select(v => v.Normalize(NormalizationForm.FormC))];

    public static readonly string[] Family = Nfc(
        "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Trần", "Trần",
        "Lê", "Lê", "Lê", "Phạm", "Phạm", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ",
        "Ngô", "Hồ", "Dương", "Đinh", "Đào", "Lương", "Hà", "Tô", "Cao", "Lưu", "Trịnh", "Đoàn", "Lâm", "Mai", "Tạ");

    public static readonly string[] MiddleMale = Nfc(
        "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Công", "Mạnh", "Ngọc", "Trọng", "Thanh");

    public static readonly string[] MiddleFemale = Nfc(
        "Thị", "Thị", "Thị", "Thị Thu", "Thị Minh", "Thị Thanh", "Thị Hồng", "Thu", "Ngọc", "Thị Ngọc", "Thị Kim", "Thị Bích");

    public static readonly string[] GivenMale = Nfc(
        "Hùng", "Dũng", "Cường", "Tuấn", "Hải", "Long", "Thắng", "Quân", "Sơn", "Trung", "Nam", "Hưng", "Khánh", "Phong",
        "Tiến", "Đạt", "Hòa", "Bình", "Vinh", "Kiên", "Hiếu", "Toàn", "Lâm", "Huy", "Tùng", "Phúc", "Lộc", "Tài", "Nghĩa");

    public static readonly string[] GivenFemale = Nfc(
        "Hương", "Lan", "Hà", "Mai", "Thủy", "Hằng", "Hạnh", "Nga", "Huyền", "Phương", "Thảo", "Trang", "Loan",
        "Oanh", "Yến", "Dung", "Hoa", "Liên", "Thúy", "Vân", "Nhung", "Hiền", "Linh", "Tâm", "Duyên", "Quyên", "My");

    /// <summary>Syllables combined in pairs into commune/ward names ("Tân Phú", "Vĩnh Hòa").</summary>
    public static readonly string[] PlaceSyllables = Nfc(
        "An", "Bình", "Tân", "Phú", "Hòa", "Thạnh", "Phước", "Long", "Mỹ", "Thuận", "Hưng", "Đông", "Tây", "Nam", "Bắc",
        "Trung", "Vĩnh", "Quang", "Minh", "Đức", "Hải", "Sơn", "Thanh", "Xuân", "Hồng", "Kim", "Ngọc", "Hoàng", "Phong",
        "Lạc", "Yên", "Thái", "Hiệp", "Thành", "Lộc", "Khánh", "Định", "Lợi", "Cường", "Tiến", "Thắng", "Lập", "Nghĩa",
        "Hợp", "Thịnh", "Phát", "Tường", "Gia", "Cao", "Đại", "Văn", "Quảng", "Thiện", "Châu", "Hà", "Lam", "Tam", "Ninh",
        "Bảo", "Kiến", "Tiên", "Việt", "Hậu", "Cẩm", "Diễn", "Hoằng", "Quỳnh", "Hương", "Trà", "Vân");

    public static readonly string[] PreschoolNames = Nfc(
        "Hoa Sen", "Hoa Mai", "Hoa Hồng", "Hoa Phượng", "Hoa Đào", "Hoa Lan", "Hoa Cúc", "Hoa Sữa", "Hoa Ban", "Sơn Ca",
        "Họa Mi", "Hoàng Oanh", "Vành Khuyên", "Chim Én", "Bình Minh", "Ánh Dương", "Tuổi Thơ", "Tuổi Hồng", "Măng Non",
        "Búp Sen Hồng", "Sao Mai", "Thỏ Ngọc", "Mầm Xanh", "Trúc Xanh", "Ngôi Sao", "Cầu Vồng", "Rạng Đông", "Hướng Dương");

    public static readonly string[] Figures = Nfc(
        "Chu Văn An", "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Quý Đôn", "Ngô Quyền", "Lý Thường Kiệt", "Quang Trung",
        "Nguyễn Du", "Nguyễn Bỉnh Khiêm", "Đinh Tiên Hoàng", "Lê Văn Tám", "Kim Đồng", "Võ Thị Sáu", "Nguyễn Văn Trỗi",
        "Trần Quốc Toản", "Lương Thế Vinh", "Phan Bội Châu", "Phan Chu Trinh", "Nguyễn Đình Chiểu", "Lê Hồng Phong",
        "Trần Phú", "Nguyễn Khuyến", "Mạc Đĩnh Chi", "Nguyễn Huệ", "Lý Tự Trọng", "Hai Bà Trưng", "Bà Triệu",
        "Lê Thánh Tông", "Lý Thái Tổ", "Trần Nhân Tông", "Nguyễn Công Trứ", "Hùng Vương", "Nguyễn Thị Minh Khai",
        "Ngô Gia Tự", "Tô Hiến Thành", "Đoàn Thị Điểm", "Hồ Xuân Hương", "Phạm Ngũ Lão", "Nguyễn Văn Cừ", "Võ Trường Toản",
        "Trương Định", "Nguyễn Trung Trực", "Phan Đình Phùng", "Huỳnh Thúc Kháng", "Đào Duy Từ", "Lê Văn Hưu");

    public static readonly string[] UrbanQuarters = Nfc(
        "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4", "Tổ dân phố 5", "Khu phố 1", "Khu phố 2",
        "Khu phố 3", "Khu phố 4");

    public static readonly string[] Hamlets = Nfc(
        "Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng", "Thôn Hạ", "Thôn Mới", "Ấp 1",
        "Ấp 2", "Ấp 3", "Bản Mới", "Bản Noong");
}
