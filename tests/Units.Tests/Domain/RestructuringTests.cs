using Platform.Contracts.Units;
using Platform.Units.Domain;
using static Platform.Units.Tests.Domain.Tree;

namespace Platform.Units.Tests.Domain;

public sealed class RestructuringTests
{
    private readonly Unit _department = New("SGDDT", kind: UnitKind.Department);
    private readonly Unit _doSon;
    private readonly Unit _duongKinh;
    private readonly Unit _newOffice;
    private readonly Unit[] _doSonSchools;
    private readonly Unit[] _duongKinhSchools;

    public RestructuringTests()
    {
        _doSon = New("PGD-DOSON", _department, UnitKind.DistrictEducationOffice);
        _duongKinh = New("PGD-DUONGKINH", _department, UnitKind.DistrictEducationOffice);
        _newOffice = New("PGD-NEW", _department, UnitKind.DistrictEducationOffice, from: Reform);
        _doSonSchools = [New("TH-DS-1", _doSon), New("TH-DS-2", _doSon)];
        _duongKinhSchools = [New("TH-DK-1", _duongKinh)];
    }

    private Unit[] All => [_department, _doSon, _duongKinh, _newOffice, .. _doSonSchools, .. _duongKinhSchools];

    private List<object> MergeOfficesIntoNew() =>
        Restructuring.Merge([_doSon, _duongKinh], _newOffice, [.. _doSonSchools, .. _duongKinhSchools], Reform, Admin);

    [Fact]
    public void Merge_carries_the_sources_children_to_the_successor()
    {
        MergeOfficesIntoNew();

        Assert.All([.. _doSonSchools, .. _duongKinhSchools], s =>
        {
            Assert.Equal(_newOffice.Id, s.ParentId);
            Assert.True(s.IsActive);
            Assert.Equal(Reform, s.CurrentPeriod.ValidFrom);
        });
    }

    [Fact]
    public void Merge_dissolves_each_source_with_the_successor_as_its_heir()
    {
        MergeOfficesIntoNew();

        Assert.All([_doSon, _duongKinh], source =>
        {
            Assert.Equal(UnitStatus.Dissolved, source.Status);
            Assert.Equal(_newOffice.Id, source.SuccessorId);
            Assert.Equal(Reform, source.EffectiveTo);
            Assert.All(source.Periods, p => Assert.NotNull(p.ValidTo));
        });
        Assert.True(_newOffice.IsActive);
        Assert.Null(_newOffice.SuccessorId);
    }

    [Fact]
    public void Merge_events_move_children_first_then_dissolve_the_sources_then_announce_the_merge()
    {
        var events = MergeOfficesIntoNew();

        Assert.Equal(6, events.Count);
        var moves = events.Take(3).Cast<UnitMoved>().ToList();
        Assert.Equal([.. _doSonSchools.Select(s => s.Id), .. _duongKinhSchools.Select(s => s.Id)], moves.Select(m => m.UnitId));
        Assert.All(moves, m => Assert.Equal(_newOffice.Id, m.NewParentId));
        Assert.Equal([_doSon.Id, _doSon.Id, _duongKinh.Id], moves.Select(m => m.PreviousParentId!.Value));
        var dissolved = events.Skip(3).Take(2).Cast<UnitDissolved>().ToList();
        Assert.Equal([_doSon.Id, _duongKinh.Id], dissolved.Select(d => d.UnitId));
        Assert.All(dissolved, d =>
        {
            Assert.Equal(_newOffice.Id, d.SuccessorUnitId);
            Assert.Equal("Merged", d.Reason);
            Assert.Equal(Reform, d.EffectiveDate);
        });
        var merged = Assert.IsType<UnitsMerged>(events[5]);
        Assert.Equal(new[] { _doSon.Id, _duongKinh.Id }.Order(), merged.SourceUnitIds.Order());
        Assert.Equal(_newOffice.Id, merged.SuccessorUnitId);
    }

    [Fact]
    public void Merge_into_an_existing_unit_keeps_its_own_children_and_adds_the_sources()
    {
        Restructuring.Merge([_doSon], _duongKinh, [.. _doSonSchools], Reform, Admin);

        var children = HierarchyAsOf.Children(All, _duongKinh.Id, Reform);
        Assert.Equal(_doSonSchools.Concat(_duongKinhSchools).Select(s => s.Id).Order(), children.Order());
    }

    [Fact]
    public void Merge_leaves_dissolved_children_with_their_old_parent()
    {
        var closed = New("TH-DS-CLOSED", _doSon);
        closed.Dissolve(null, DissolutionReason.Dissolved, new DateOnly(2024, 6, 1), Admin);

        var events = Restructuring.Merge([_doSon], _duongKinh, [.. _doSonSchools, closed], Reform, Admin);

        Assert.Equal(_doSon.Id, closed.ParentId);
        Assert.DoesNotContain(events.OfType<UnitMoved>(), m => m.UnitId == closed.Id);
    }

    [Fact]
    public void Merge_of_a_source_with_another_source_as_child_dissolves_both_and_moves_only_outside_children()
    {
        // A district office and its sub-office are merged together into a neighbour.
        var subOffice = New("PGD-DOSON-CN", _doSon, UnitKind.DistrictEducationOffice);
        var subSchool = New("TH-DS-CN-1", subOffice);

        var events = Restructuring.Merge([_doSon, subOffice], _duongKinh, [.. _doSonSchools, subOffice, subSchool], Reform, Admin);

        Assert.False(subOffice.IsActive);
        Assert.Equal(_duongKinh.Id, subOffice.SuccessorId);
        Assert.Equal(_doSon.Id, subOffice.ParentId);
        Assert.Equal(_duongKinh.Id, subSchool.ParentId);
        Assert.DoesNotContain(events.OfType<UnitMoved>(), m => m.UnitId == subOffice.Id);
    }

    [Fact]
    public void Merge_refuses_a_successor_that_is_one_of_the_sources()
    {
        var refused = Refused(() => Restructuring.Merge([_doSon, _duongKinh], _duongKinh, [], Reform, Admin));
        Assert.Contains("successor", refused.English);
        Assert.True(_doSon.IsActive);
    }

    [Fact]
    public void Merge_refuses_no_sources_and_a_dissolved_successor()
    {
        Refused(() => Restructuring.Merge([], _duongKinh, [], Reform, Admin));

        _newOffice.Dissolve(null, DissolutionReason.Dissolved, new DateOnly(2025, 8, 1), Admin);
        var refused = Refused(() => Restructuring.Merge([_doSon], _newOffice, [.. _doSonSchools], new DateOnly(2025, 9, 1), Admin));
        Assert.Contains("PGD-NEW", refused.English);
        Assert.All(_doSonSchools, s => Assert.Equal(_doSon.Id, s.ParentId));
    }

    [Fact]
    public void Merge_refuses_a_successor_that_did_not_exist_yet_on_the_effective_date()
    {
        // PGD-NEW exists from 01/07/2025: its new children would hang under nothing on 01/03/2025.
        var refused = Refused(() => Restructuring.Merge([_doSon], _newOffice, [.. _doSonSchools], new DateOnly(2025, 3, 1), Admin));

        Assert.Contains("PGD-NEW", refused.English);
        Assert.True(_doSon.IsActive);
        Assert.All(_doSonSchools, s => Assert.Equal(_doSon.Id, s.ParentId));
    }

    [Fact]
    public void As_of_a_date_before_the_merge_the_old_tree_stands_and_after_it_the_new_one()
    {
        MergeOfficesIntoNew();
        var before = Reform.AddDays(-1);

        Assert.Equal(_doSonSchools.Select(s => s.Id).Order(), HierarchyAsOf.Children(All, _doSon.Id, before).Order());
        Assert.Equal(_duongKinhSchools.Select(s => s.Id), HierarchyAsOf.Children(All, _duongKinh.Id, before));
        Assert.Empty(HierarchyAsOf.Children(All, _newOffice.Id, before));
        Assert.DoesNotContain(_newOffice.Id, HierarchyAsOf.Parents(All, before).Keys);

        Assert.Empty(HierarchyAsOf.Children(All, _doSon.Id, Reform));
        Assert.Equal(
            _doSonSchools.Concat(_duongKinhSchools).Select(s => s.Id).Order(),
            HierarchyAsOf.Children(All, _newOffice.Id, Reform).Order());
        var after = HierarchyAsOf.Parents(All, Reform);
        Assert.DoesNotContain(_doSon.Id, after.Keys);
        Assert.DoesNotContain(_duongKinh.Id, after.Keys);
        Assert.Equal(_department.Id, after[_newOffice.Id]);
    }

    [Fact]
    public void As_of_a_date_before_a_unit_was_registered_it_is_absent()
    {
        Assert.DoesNotContain(_department.Id, HierarchyAsOf.Parents(All, Start.AddDays(-1)).Keys);
        Assert.Contains(_department.Id, HierarchyAsOf.Parents(All, Start).Keys);
    }

    private SplitPart Part(string code, params Unit[] children) =>
        new(Unit.Register(Guid.NewGuid(), code, $"Đơn vị {code}", null, UnitKind.DistrictEducationOffice, _department.Id,
            new UnitDetails(null, null, null, null, null, null), Reform, Admin), children);

    [Fact]
    public void Split_gives_each_child_to_its_new_unit_and_dissolves_the_source_with_the_primary_successor()
    {
        var north = Part("PGD-DS-BAC", _doSonSchools[0]);
        var south = Part("PGD-DS-NAM", _doSonSchools[1]);

        var events = Restructuring.Split(_doSon, [north, south], south.NewUnit, _doSonSchools, Reform, Admin);

        Assert.Equal(north.NewUnit.Id, _doSonSchools[0].ParentId);
        Assert.Equal(south.NewUnit.Id, _doSonSchools[1].ParentId);
        Assert.Equal(UnitStatus.Dissolved, _doSon.Status);
        Assert.Equal(south.NewUnit.Id, _doSon.SuccessorId);
        Assert.Equal([north.NewUnit.Id, south.NewUnit.Id], events.OfType<UnitRegistered>().Select(r => r.UnitId));
        Assert.Equal(2, events.OfType<UnitMoved>().Count());
        var dissolved = Assert.IsType<UnitDissolved>(events[^1]);
        Assert.Equal(("Split", south.NewUnit.Id), (dissolved.Reason, dissolved.SuccessorUnitId!.Value));
    }

    [Fact]
    public void Split_requires_every_active_child_to_be_given_to_a_new_unit()
    {
        var north = Part("PGD-DS-BAC", _doSonSchools[0]);
        var refused = Refused(() => Restructuring.Split(_doSon, [north, Part("PGD-DS-NAM")], north.NewUnit, _doSonSchools, Reform, Admin));

        Assert.Contains("TH-DS-2", refused.English);
        Assert.True(_doSon.IsActive);
        Assert.All(_doSonSchools, s => Assert.Equal(_doSon.Id, s.ParentId));
    }

    [Fact]
    public void Split_refuses_a_unit_that_is_not_a_child_of_the_source()
    {
        var north = Part("PGD-DS-BAC", _doSonSchools[0]);
        var refused = Refused(() => Restructuring.Split(_doSon, [north, Part("PGD-DS-NAM", _doSonSchools[1], _duongKinhSchools[0])],
            north.NewUnit, _doSonSchools, Reform, Admin));

        Assert.Contains("TH-DK-1", refused.English);
        Assert.Equal(_duongKinh.Id, _duongKinhSchools[0].ParentId);
        Assert.True(_doSon.IsActive);
    }

    [Fact]
    public void Split_refuses_a_child_given_to_two_new_units()
    {
        var north = Part("PGD-DS-BAC", _doSonSchools[0], _doSonSchools[1]);
        var refused = Refused(() => Restructuring.Split(_doSon, [north, Part("PGD-DS-NAM", _doSonSchools[1])],
            north.NewUnit, _doSonSchools, Reform, Admin));

        Assert.Contains("more than one", refused.English);
        Assert.All(_doSonSchools, s => Assert.Equal(_doSon.Id, s.ParentId));
    }

    [Fact]
    public void Split_needs_two_parts_and_a_primary_successor_among_them()
    {
        var only = Part("PGD-DS-BAC", _doSonSchools);
        Assert.Contains("two", Refused(() => Restructuring.Split(_doSon, [only], only.NewUnit, _doSonSchools, Reform, Admin)).English);
        Assert.Contains("primary", Refused(() => Restructuring.Split(_doSon,
            [Part("A", _doSonSchools[0]), Part("B", _doSonSchools[1])], _newOffice, _doSonSchools, Reform, Admin)).English);
    }

    [Fact]
    public void Dissolving_a_unit_with_children_requires_a_successor()
    {
        var refused = Refused(() => Restructuring.Dissolve(_doSon, null, _doSonSchools, Reform, Admin));

        Assert.Contains("2 child units", refused.English);
        Assert.True(_doSon.IsActive);
    }

    [Fact]
    public void Dissolving_with_a_successor_moves_the_children_to_it()
    {
        var events = Restructuring.Dissolve(_doSon, _duongKinh, _doSonSchools, Reform, Admin);

        Assert.All(_doSonSchools, s => Assert.Equal(_duongKinh.Id, s.ParentId));
        var dissolved = Assert.IsType<UnitDissolved>(events[^1]);
        Assert.Equal((_doSon.Id, _duongKinh.Id, "Dissolved"), (dissolved.UnitId, dissolved.SuccessorUnitId!.Value, dissolved.Reason));
        Assert.Equal(_duongKinh.Id, _doSon.SuccessorId);
    }

    [Fact]
    public void A_unit_without_active_children_dissolves_without_a_successor()
    {
        var school = _duongKinhSchools[0];
        var events = Restructuring.Dissolve(school, null, [], Reform, Admin);

        var dissolved = Assert.IsType<UnitDissolved>(Assert.Single(events));
        Assert.Null(dissolved.SuccessorUnitId);
        Assert.Equal(UnitStatus.Dissolved, school.Status);
        Assert.Equal(Reform, school.EffectiveTo);
        Assert.Null(school.PeriodOn(Reform));
        Assert.NotNull(school.PeriodOn(Reform.AddDays(-1)));
    }

    [Fact]
    public void Dissolving_refuses_a_dissolved_successor_and_the_unit_itself()
    {
        _newOffice.Dissolve(null, DissolutionReason.Dissolved, new DateOnly(2025, 8, 1), Admin);
        Refused(() => Restructuring.Dissolve(_doSon, _newOffice, _doSonSchools, new DateOnly(2025, 9, 1), Admin));
        Refused(() => Restructuring.Dissolve(_duongKinhSchools[0], _duongKinhSchools[0], [], Reform, Admin));
        Assert.True(_doSon.IsActive);
        Assert.True(_duongKinhSchools[0].IsActive);
    }

    [Fact]
    public void Dissolving_refuses_a_successor_that_did_not_exist_yet_on_the_effective_date()
    {
        var refused = Refused(() => Restructuring.Dissolve(_doSon, _newOffice, _doSonSchools, new DateOnly(2025, 3, 1), Admin));

        Assert.Contains("01/03/2025", refused.English);
        Assert.True(_doSon.IsActive);
        Assert.All(_doSonSchools, s => Assert.Equal(_doSon.Id, s.ParentId));
    }

    [Fact]
    public void A_dissolved_unit_cannot_change_again()
    {
        var school = _duongKinhSchools[0];
        school.Dissolve(null, DissolutionReason.Dissolved, Reform, Admin);

        Assert.Contains("dissolved", Refused(() => school.Rename("Tên mới", null, Reform.AddDays(10), Admin)).English);
        Refused(() => school.MoveTo(_doSon.Id, Reform.AddDays(10), Admin));
    }
}
