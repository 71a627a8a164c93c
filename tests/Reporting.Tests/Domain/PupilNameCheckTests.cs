using Platform.Reporting.Domain;

namespace Platform.Reporting.Tests.Domain;

/// <summary>The check that keeps pupils' names out of an incident's free text (which reaches supervisors and, in part, the police).</summary>
public sealed class PupilNameCheckTests
{
    [Theory]
    [InlineData("em Lan, 7A bị bạn xô ngã", "Nguyễn Thị Lan", null)]
    [InlineData("Em lan lớp 7A", "Nguyễn Thị Lan", null)]
    [InlineData("phát hiện em lan ở nhà xe", "Nguyễn Thị Lan", null)]
    [InlineData("Học sinh Bình bị thương ở đầu", "Nguyễn Văn Bình", null)]
    [InlineData("bạn Binh lớp 8 chứng kiến", "Nguyễn Văn Bình", null)]
    [InlineData("Nhóm học sinh đánh Lan ở cổng sau", "Nguyễn Thị Lan", null)]
    [InlineData("Hai em Thi Lan và Hoa cãi nhau", "Nguyễn Thị Lan", null)]
    [InlineData("nguyen van binh bị đánh", "Nguyễn Văn Bình", null)]
    [InlineData("NGUYỄN VĂN BÌNH bị đánh", "Nguyễn Văn Bình", null)]
    [InlineData("Ngu\u00ea\u0303n Va\u0306n Bi\u0300nh (NFD)", "Nguyễn Văn Bình", null)]
    [InlineData("Mã học sinh hs 2024 0017 trong hồ sơ", "Nguyễn Văn Bình", "HS2024-0017")]
    [InlineData("cháu Đức bị ngã", "Trần Minh Đức", null)]
    public void Names_written_as_people_write_them_are_caught(string text, string fullName, string? identifier) =>
        Assert.True(PupilNameCheck.Mentions(text, fullName, identifier), $"'{text}' names {fullName}");

    [Theory]
    [InlineData("Đảm bảo an toàn cho học sinh trong giờ ra chơi", "Trần Văn An", null)]
    [InlineData("Công an phường đã có mặt", "Trần Văn An", null)]
    [InlineData("Một học sinh lớp 8 bị đánh sau giờ tan học", "Nguyễn Văn Bình", null)]
    [InlineData("Tình hình bình thường trở lại", "Nguyễn Văn Bình", null)]
    [InlineData("An ninh trường học được tăng cường.", "Trần Văn An", null)]
    [InlineData("Thông tin lan truyền trên mạng xã hội", "Nguyễn Thị Lan", null)]
    [InlineData("Sơ cứu, báo gia đình, mời công an phường.", "Lê Thị Mai", "HS2024-0042")]
    [InlineData("", "Lê Thị Mai", "HS2024-0042")]
    public void Ordinary_words_that_look_like_a_given_name_are_not_names(string text, string fullName, string? identifier) =>
        Assert.False(PupilNameCheck.Mentions(text, fullName, identifier), $"'{text}' does not name {fullName}");
}
