using Platform.Units.Domain;

namespace Platform.Units.Tests.Domain;

/// <summary>Builds small trees of units in memory: no database, no clock.</summary>
internal static class Tree
{
    public static readonly DateOnly Start = new(2024, 1, 1);
    public static readonly DateOnly Reform = new(2025, 7, 1);
    public static readonly Actor Admin = new("admin", Guid.Parse("00000000-0000-0000-0000-0000000000aa"), new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public static Unit New(string code, Unit? parent = null, UnitKind kind = UnitKind.PrimarySchool, string? area = null, DateOnly? from = null) =>
        Unit.Register(Guid.NewGuid(), code, $"Đơn vị {code}", null, kind, parent?.Id,
            new UnitDetails(area, null, null, null, null, null), from ?? Start, Admin);

    public static DomainException Refused(Action action) => Assert.Throws<DomainException>(action);
}
