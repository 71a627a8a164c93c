using Platform.Contracts.Units;
using Platform.Units.Domain;
using static Platform.Units.Tests.Domain.Tree;

namespace Platform.Units.Tests.Domain;

public sealed class UnitHistoryTests
{
    private readonly Unit _department = New("SGDDT", kind: UnitKind.Department);

    [Fact]
    public void Rename_keeps_the_old_name_searchable_and_opens_a_period_per_name()
    {
        var office = Unit.Register(Guid.NewGuid(), "PGD-TN", "Phòng GDĐT huyện Thủy Nguyên", "Phòng GDĐT Thủy Nguyên",
            UnitKind.DistrictEducationOffice, _department.Id, new UnitDetails("HP-TN", null, null, null, null, null), Start, Admin);

        var evt = office.Rename("Phòng GDĐT thành phố Thủy Nguyên", "Phòng GDĐT TP Thủy Nguyên", new DateOnly(2025, 1, 1), Admin);

        Assert.Equal("Phòng GDĐT thành phố Thủy Nguyên", office.Name);
        Assert.Equal(2, office.Periods.Count);
        var old = office.PeriodOn(new DateOnly(2024, 12, 31))!;
        Assert.Equal(("Phòng GDĐT huyện Thủy Nguyên", "Phòng GDĐT Thủy Nguyên", Start, new DateOnly(2025, 1, 1)),
            (old.Name, old.ShortName, old.ValidFrom, old.ValidTo!.Value));
        Assert.Equal("Phòng GDĐT thành phố Thủy Nguyên", office.PeriodOn(new DateOnly(2025, 1, 1))!.Name);
        Assert.Same(office.CurrentPeriod, office.PeriodOn(new DateOnly(2030, 1, 1)));
        Assert.Contains("phong gddt huyen thuy nguyen", office.SearchText);
        Assert.Contains("phong gddt thanh pho thuy nguyen", office.SearchText);
        Assert.Equal((office.Id, "Phòng GDĐT thành phố Thủy Nguyên", new DateOnly(2025, 1, 1)), (evt.UnitId, evt.Name, evt.EffectiveDate));
    }

    [Fact]
    public void Two_renames_leave_three_periods_and_every_name_searchable()
    {
        var school = New("TH-1", _department);
        school.Rename("Trường Tiểu học Hoa Sen", null, new DateOnly(2024, 6, 1), Admin);
        school.Rename("Trường Tiểu học Đằng Hải", null, new DateOnly(2025, 6, 1), Admin);

        Assert.Equal(["Đơn vị TH-1", "Trường Tiểu học Hoa Sen", "Trường Tiểu học Đằng Hải"], school.Periods.OrderBy(p => p.ValidFrom).Select(p => p.Name));
        Assert.Single(school.Periods, p => p.ValidTo is null);
        Assert.Contains("hoa sen", school.SearchText);
        Assert.Contains("dang hai", school.SearchText);
        Assert.Contains("don vi th-1", school.SearchText);
    }

    public static TheoryData<string, int> NotAfterCurrentStart => new()
    {
        { "the same day as the current period began", 0 },
        { "a day before the current period began", -1 },
        { "years before", -800 },
    };

    [Theory]
    [MemberData(nameof(NotAfterCurrentStart))]
    public void An_effective_date_not_after_the_current_period_start_is_refused(string because, int days)
    {
        var school = New("TH-2", _department);
        school.Rename("Trường mới", null, new DateOnly(2025, 3, 1), Admin);
        var date = new DateOnly(2025, 3, 1).AddDays(days);

        var rename = Refused(() => school.Rename("Tên khác", null, date, Admin));
        var move = Refused(() => school.MoveTo(null, date, Admin));
        var dissolve = Refused(() => school.Dissolve(null, DissolutionReason.Dissolved, date, Admin));

        Assert.All([rename, move, dissolve], r => Assert.Contains("01/03/2025", r.English));
        Assert.Equal("Trường mới", school.Name);
        Assert.Equal(2, school.Periods.Count);
        Assert.True(school.IsActive, because);
    }

    [Fact]
    public void A_unit_cannot_move_under_itself()
    {
        var school = New("TH-3", _department);

        var refused = Refused(() => school.MoveTo(school.Id, Reform, Admin));

        Assert.Contains("own parent", refused.English);
        Assert.Equal(_department.Id, school.ParentId);
        Assert.Single(school.Periods);
    }

    [Fact]
    public void Move_closes_the_old_period_under_the_old_parent_and_opens_one_under_the_new()
    {
        var office = New("PGD", _department, UnitKind.DistrictEducationOffice);
        var school = New("TH-4", _department);

        var evt = school.MoveTo(office.Id, Reform, Admin);

        Assert.Equal((school.Id, _department.Id, office.Id, Reform), (evt.UnitId, evt.PreviousParentId!.Value, evt.NewParentId!.Value, evt.EffectiveDate));
        Assert.Equal(_department.Id, school.PeriodOn(Reform.AddDays(-1))!.ParentId);
        Assert.Equal(office.Id, school.PeriodOn(Reform)!.ParentId);
        Assert.Equal(office.Id, school.ParentId);
    }

    [Fact]
    public void Correcting_a_record_fixes_it_in_place_without_history()
    {
        var school = New("TH-5", _department);
        var office = New("PGD", _department, UnitKind.DistrictEducationOffice);

        var events = school.Correct("Trường Tiểu học Lê Lợi", "TH Lê Lợi", office.Id, new UnitDetails("HP-X", null, null, null, "0225 1", null), Admin);

        Assert.Single(school.Periods);
        Assert.Equal(("Trường Tiểu học Lê Lợi", office.Id), (school.CurrentPeriod.Name, school.CurrentPeriod.ParentId));
        Assert.DoesNotContain("don vi th-5", school.SearchText);
        Assert.Equal([typeof(UnitUpdated), typeof(UnitMoved)], events.Select(e => e.GetType()));
        Assert.Empty(school.Correct("Trường Tiểu học Lê Lợi", "TH Lê Lợi", office.Id, new UnitDetails("HP-X", null, null, null, "0225 1", null), Admin));
    }
}
