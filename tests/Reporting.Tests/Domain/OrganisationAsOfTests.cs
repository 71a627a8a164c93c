using Platform.Reporting.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests.Domain;

/// <summary>The organisation as of a date, from today's replica and the parent changes heard (no database).</summary>
public sealed class OrganisationAsOfTests
{
    private static readonly Guid Department = Guid.NewGuid(), Office = Guid.NewGuid(), Commune = Guid.NewGuid(), Division = Guid.NewGuid(), School = Guid.NewGuid();
    private static readonly DateOnly Reform = new(2025, 7, 1);
    private static readonly DateTimeOffset Heard = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static UnitReplica U(Guid id, Guid? parent, DateTimeOffset updated) =>
        new() { Id = id, Code = id.ToString("N")[..8], Name = "u", Kind = "k", ParentId = parent, SourceUpdatedAt = updated };

    private static Organisation Build(Guid? schoolParentInReplica, DateTimeOffset schoolUpdated) => new(
        new[] { U(Department, null, Heard), U(Office, Department, Heard), U(Commune, null, Heard), U(Division, Commune, Heard), U(School, schoolParentInReplica, schoolUpdated) }
            .ToDictionary(u => u.Id),
        new Dictionary<Guid, UnitParentChange[]>
        {
            [School] = [new() { UnitId = School, PreviousParentId = Office, NewParentId = Division, EffectiveDate = Reform, OccurredAt = Heard }],
        });

    [Fact]
    public void A_school_moved_by_the_reform_is_under_its_district_office_before_the_move_and_its_commune_division_from_it()
    {
        var organisation = Build(Division, Heard);
        Assert.Equal([Office, Department], organisation.ChainOn(School, new DateOnly(2024, 5, 1)));
        Assert.Equal([Office, Department], organisation.ChainOn(School, Reform.AddDays(-1)));
        Assert.Equal([Division, Commune], organisation.ChainOn(School, Reform));
        Assert.Equal([Division, Commune], organisation.ChainOn(School, new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public void A_move_heard_before_the_replica_applied_it_already_counts_from_its_date()
    {
        // The replica (another queue) still has the school under the office, with an older update.
        var organisation = Build(Office, Heard.AddMinutes(-5));
        Assert.Equal([Division, Commune], organisation.ChainOn(School, new DateOnly(2026, 11, 1)));
        Assert.Equal([Office, Department], organisation.ChainOn(School, new DateOnly(2024, 11, 1)));
    }
}
