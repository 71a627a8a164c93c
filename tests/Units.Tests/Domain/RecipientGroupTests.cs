using Platform.Units.Domain;
using static Platform.Units.Tests.Domain.Tree;

namespace Platform.Units.Tests.Domain;

public sealed class RecipientGroupTests
{
    private static readonly Guid Department = Guid.NewGuid();
    private static readonly Guid Office = Guid.NewGuid();
    private static readonly Guid School = Guid.NewGuid();

    private static RecipientGroup Dynamic(UnitKind[] kinds, string? area = null, Guid? parent = null, bool subtree = false) =>
        RecipientGroup.CreateDynamic(Guid.NewGuid(), "G", "Nhóm", null, kinds, area, parent, subtree, Admin);

    [Fact]
    public void Dynamic_group_by_kind_takes_only_those_kinds()
    {
        var group = Dynamic([UnitKind.UpperSecondarySchool, UnitKind.MultiLevelSchool]);

        Assert.True(group.Includes(School, UnitKind.UpperSecondarySchool, "HP-LC", [Department]));
        Assert.True(group.Includes(School, UnitKind.MultiLevelSchool, null, []));
        Assert.False(group.Includes(School, UnitKind.LowerSecondarySchool, "HP-LC", [Department]));
    }

    [Fact]
    public void Dynamic_group_without_kinds_takes_every_kind()
    {
        var group = Dynamic([], area: "HP-LECHAN");

        Assert.True(group.Includes(School, UnitKind.WardPolice, "HP-LECHAN-ANBIEN", []));
        Assert.True(group.Includes(School, UnitKind.Preschool, "HP-LECHAN", []));
    }

    [Theory]
    [InlineData("HP-LECHAN", true)]
    [InlineData("HP-LECHAN-ANBIEN", true)]
    [InlineData("hp-lechan-anbien", true)]
    [InlineData("HP-LE", false)]
    [InlineData("HP-NGOQUYEN", false)]
    [InlineData(null, false)]
    public void Dynamic_group_by_area_prefix_matches_the_area_and_its_wards(string? area, bool included) =>
        Assert.Equal(included, Dynamic([UnitKind.Preschool], area: "HP-LECHAN").Includes(School, UnitKind.Preschool, area, []));

    [Fact]
    public void Dynamic_group_by_parent_takes_direct_children_only_unless_the_subtree_is_asked_for()
    {
        var direct = Dynamic([], parent: Department);
        var subtree = Dynamic([], parent: Department, subtree: true);

        Assert.True(direct.Includes(Office, UnitKind.DistrictEducationOffice, null, [Department]));
        Assert.False(direct.Includes(School, UnitKind.PrimarySchool, null, [Office, Department]));
        Assert.False(direct.Includes(Department, UnitKind.Department, null, []));

        Assert.True(subtree.Includes(Office, UnitKind.DistrictEducationOffice, null, [Department]));
        Assert.True(subtree.Includes(School, UnitKind.PrimarySchool, null, [Office, Department]));
        Assert.False(subtree.Includes(Department, UnitKind.Department, null, []));
        Assert.False(subtree.Includes(School, UnitKind.PrimarySchool, null, [Office]));
    }

    [Fact]
    public void Dynamic_criteria_combine_kind_area_and_parent()
    {
        var group = Dynamic([UnitKind.PrimarySchool], area: "HP-LC", parent: Office);

        Assert.True(group.Includes(School, UnitKind.PrimarySchool, "HP-LC-1", [Office, Department]));
        Assert.False(group.Includes(School, UnitKind.Preschool, "HP-LC-1", [Office, Department]));
        Assert.False(group.Includes(School, UnitKind.PrimarySchool, "HP-NQ-1", [Office, Department]));
        Assert.False(group.Includes(School, UnitKind.PrimarySchool, "HP-LC-1", [Department]));
    }

    [Fact]
    public void Static_group_takes_exactly_its_members_whatever_their_kind_or_place()
    {
        var group = RecipientGroup.CreateStatic(Guid.NewGuid(), "S", "Nhóm cố định", null, [School, Office, School], Admin);

        Assert.Equal([School, Office], group.MemberIds);
        Assert.True(group.Includes(School, UnitKind.CityPolice, null, []));
        Assert.True(group.Includes(Office, UnitKind.Preschool, "XX", [Guid.NewGuid()]));
        Assert.False(group.Includes(Department, UnitKind.Department, null, []));
    }
}
