using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests;

/// <summary>
/// Restructuring with history: a unit moved to another parent reports there from the move's effective date on,
/// while approved reports and earlier periods stay where they were reviewed and consolidated. The consumer
/// (<c>UnitMovedConsumer</c>) wraps <see cref="ReportChains.MoveAsync"/> in the shared inbox; these tests apply the
/// move the way it does, against the service's real database, and then use the API as the districts would.
/// </summary>
public sealed class UnitMovedTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private Task<Dictionary<string, Submission>> ReportsOfAsync(Guid template, Guid unit) => Moves.ReportsOfAsync(factory, template, unit);

    private Task<int> MoveAsync(UnitMoved moved) => Moves.ApplyAsync(factory, moved);

    [Fact]
    public async Task A_school_moved_to_another_district_reports_there_from_the_move_on_and_its_approved_and_earlier_reports_keep_the_old_chain()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 20));
        var template = await factory.CreateDemoTemplateAsync("MOVE-SCHOOL");
        await TestApi.CreateScheduleAsync(factory, template, "2024-02");
        var before = await ReportsOfAsync(template, Org.SchoolA2);
        Assert.Equal(["2024-02", "2024-03", "2024-04", "2024-05"], before.Keys.Order());
        Assert.All(before.Values, s => Assert.Equal([Org.DistrictA, Org.Department], s.Chain));

        // April is approved by district A, May is a draft, March is not started.
        await TestApi.SubmitAsync(factory, before["2024-04"].Id, Org.SchoolA2, TestApi.ValidValues(6));
        await TestApi.ApproveAsync(factory, before["2024-04"].Id, Org.DistrictA);
        using var school = factory.ClientFor(Org.SchoolA2, PlatformRoles.SchoolManager);
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{before["2024-05"].Id}/values", new { values = TestApi.ValidValues(3) })).Json(HttpStatusCode.OK);
        var draftVersion = (await ReportsOfAsync(template, Org.SchoolA2))["2024-05"].Version;

        // The school moves to district B from 01/04/2024: of this template's reports from April on only May's is open
        // (other tests' templates in this database have open reports of the school too, so the count is at least one).
        var changed = await MoveAsync(new UnitMoved
        {
            UnitId = Org.SchoolA2, PreviousParentId = Org.DistrictA, NewParentId = Org.DistrictB, EffectiveDate = new DateOnly(2024, 4, 1), OccurredAt = DateTimeOffset.UtcNow,
        });
        Assert.InRange(changed, 1, int.MaxValue);

        var after = await ReportsOfAsync(template, Org.SchoolA2);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-02"].Chain);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-03"].Chain);
        Assert.Equal(SubmissionStatus.Approved, after["2024-04"].Status);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-04"].Chain);
        Assert.Equal([Org.DistrictB, Org.Department], after["2024-05"].Chain);
        // Only the chain changed: the school's draft keeps its version, so its next save is not refused as stale.
        Assert.Equal(draftVersion, after["2024-05"].Version);
        Assert.Equal(SubmissionStatus.Draft, after["2024-05"].Status);

        // April stays in district A's consolidation; May is district B's to review now, no longer district A's.
        using var districtA = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        Assert.Equal(6, (await TestApi.ConsolidatedAsync(districtA, template, "2024-04", Org.DistrictA)).ChildValue(Org.SchoolA2, "dissemination_sessions"));
        await (await school.PostAsync($"/api/reports/submissions/{after["2024-05"].Id}/submit", null)).Json(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await districtA.PostAsync($"/api/reports/submissions/{after["2024-05"].Id}/approve", null)).StatusCode);
        Assert.Equal(SubmissionStatus.Submitted, (await ReportsOfAsync(template, Org.SchoolA2))["2024-05"].Status);
        await TestApi.ApproveAsync(factory, after["2024-05"].Id, Org.DistrictB);
        using var districtB = factory.ClientFor(Org.DistrictB, PlatformRoles.DistrictOfficer);
        Assert.Equal(3, (await TestApi.ConsolidatedAsync(districtB, template, "2024-05", Org.DistrictB)).ChildValue(Org.SchoolA2, "dissemination_sessions"));

        // Applying the same move again changes nothing more.
        Assert.Equal(0, await MoveAsync(new UnitMoved
        {
            UnitId = Org.SchoolA2, PreviousParentId = Org.DistrictA, NewParentId = Org.DistrictB, EffectiveDate = new DateOnly(2024, 4, 1), OccurredAt = DateTimeOffset.UtcNow,
        }));
    }

    [Fact]
    public async Task A_move_to_a_parent_the_replica_does_not_know_yet_changes_nothing_and_is_retried()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 20));
        var template = await factory.CreateDemoTemplateAsync("MOVE-UNKNOWN");
        await TestApi.CreateScheduleAsync(factory, template, "2024-04");
        var unknown = DemoUnitIds.For("T-PGD-NOT-YET");

        await using var db = factory.NewDbContext();
        var refused = await Assert.ThrowsAsync<UnitNotInReplicaException>(() => ReportChains.MoveAsync(db, new UnitMoved
        {
            UnitId = Org.SchoolA1, PreviousParentId = Org.DistrictA, NewParentId = unknown, EffectiveDate = new DateOnly(2024, 4, 1), OccurredAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None));
        Assert.Contains(unknown.ToString(), refused.Message);
        Assert.False(db.ChangeTracker.HasChanges());
        Assert.All((await ReportsOfAsync(template, Org.SchoolA1)).Values, s => Assert.Equal([Org.DistrictA, Org.Department], s.Chain));
    }
}

/// <summary>A district moved under a new parent (its own database: the move changes the unit replica the other tests read).</summary>
public sealed class DistrictMovedTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private Task<Dictionary<string, Submission>> ReportsOfAsync(Guid template, Guid unit) => Moves.ReportsOfAsync(factory, template, unit);

    private Task<int> MoveAsync(UnitMoved moved) => Moves.ApplyAsync(factory, moved);

    [Fact]
    public async Task A_district_moved_under_a_new_parent_takes_its_schools_open_reports_along_from_the_effective_date()
    {
        var cluster = DemoUnitIds.For("T-CUM-1");
        await using (var db = factory.NewDbContext())
        {
            db.UnitReplicas.Add(new UnitReplica
            {
                Id = cluster, Code = "T-CUM-1", Name = "Cụm thi đua số 1", Kind = "DepartmentDivision", ParentId = Org.Department,
                EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch,
            });
            await db.SaveChangesAsync();
        }
        factory.Clock.Set(new DateOnly(2024, 4, 20));
        var template = await factory.CreateDemoTemplateAsync("MOVE-DISTRICT");
        await TestApi.CreateScheduleAsync(factory, template, "2024-04");

        await MoveAsync(new UnitMoved
        {
            UnitId = Org.DistrictB, PreviousParentId = Org.Department, NewParentId = cluster, EffectiveDate = new DateOnly(2024, 5, 1), OccurredAt = DateTimeOffset.UtcNow,
        });

        var reports = await ReportsOfAsync(template, Org.SchoolB1);
        Assert.Equal([Org.DistrictB, Org.Department], reports["2024-04"].Chain);
        Assert.Equal([Org.DistrictB, cluster, Org.Department], reports["2024-05"].Chain);
        // A school elsewhere is untouched.
        Assert.Equal([Org.DistrictA, Org.Department], (await ReportsOfAsync(template, Org.SchoolA1))["2024-05"].Chain);
    }
}

internal static class Moves
{
    public static async Task<Dictionary<string, Submission>> ReportsOfAsync(ReportingApiFactory factory, Guid template, Guid unit)
    {
        await using var db = factory.NewDbContext();
        return await db.Submissions.AsNoTracking().Where(s => s.TemplateId == template && s.UnitId == unit)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s, p.Key }).ToDictionaryAsync(x => x.Key, x => x.s);
    }

    /// <summary>What the service does on UnitMoved: the report chains (its consumer) and the unit replica (the unit directory's consumer).</summary>
    public static async Task<int> ApplyAsync(ReportingApiFactory factory, UnitMoved moved)
    {
        await using var db = factory.NewDbContext();
        var changed = await ReportChains.MoveAsync(db, moved, CancellationToken.None);
        var replica = await db.UnitReplicas.SingleAsync(u => u.Id == moved.UnitId);
        replica.ParentId = moved.NewParentId;
        await db.SaveChangesAsync();
        return changed;
    }
}
