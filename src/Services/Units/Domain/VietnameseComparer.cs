using System.Globalization;

namespace Platform.Units.Domain;

/// <summary>Sorts names as Vietnamese readers expect (a, ă, â, b, c, d, đ, …).</summary>
public sealed class VietnameseComparer : IComparer<string?>
{
    public static readonly VietnameseComparer Instance = new();
    private static readonly CompareInfo Compare = CultureInfo.GetCultureInfo("vi-VN").CompareInfo;

    int IComparer<string?>.Compare(string? x, string? y) => Compare.Compare(x, y, CompareOptions.IgnoreCase);
}
