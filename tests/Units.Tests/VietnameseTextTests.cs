using Platform.ServiceDefaults;
using Platform.Units.Domain;

namespace Platform.Units.Tests;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Ngô Quyền", "ngo quyen")]
    [InlineData("Đồ Sơn", "do son")]
    [InlineData("  Trường   THPT  Lê Chân ", "truong thpt le chan")]
    [InlineData("Thủy Nguyên", "thuy nguyen")]
    [InlineData("HỒNG BÀNG", "hong bang")]
    public void Fold_removes_diacritics_case_and_extra_spaces(string input, string expected) =>
        Assert.Equal(expected, VietnameseText.Fold(input));

    [Fact]
    public void Fold_treats_composed_and_decomposed_forms_alike()
    {
        var composed = "Kiến An".Normalize(System.Text.NormalizationForm.FormC);
        var decomposed = "Kiến An".Normalize(System.Text.NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);
        Assert.Equal(VietnameseText.Fold(composed), VietnameseText.Fold(decomposed));
    }
}
