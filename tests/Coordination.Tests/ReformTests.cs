using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Tests;

/// <summary>The service with demo data on, its replica holding a small reformed Hải Phòng (<see cref="ReformedUnits"/>).</summary>
public sealed class ReformedDemoFactory : CoordinationApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Coordination:Demo:PollInterval"] = "00:00:00.200",
    };

    protected override IEnumerable<UnitReplica> Units => ReformedUnits.All();

    protected override void AddReplicaHistory(CoordinationDbContext db)
    {
        var (moves, dissolutions) = ReformedUnits.History();
        db.UnitParentChanges.AddRange(moves);
        db.UnitDissolutions.AddRange(dissolutions);
    }
}

public sealed class ReformDemoTests(ReformedDemoFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ReformedDemoFactory>
{
    private static readonly Guid LeChanDivision = ReformedUnits.Id("VHXH-P-LECHAN");

    private async Task SeededAsync() => await Eventually.TrueAsync(async () =>
    {
        await using var db = factory.NewDbContext();
        return await db.Programmes.AnyAsync(p => p.Id == DemoCoordinationSeeder.Plan1002ProgrammeId);
    }, "the demo programmes", TimeSpan.FromSeconds(60));

    private static int Count(JsonElement counts, string name) => counts.GetProperty(name).GetInt32();

    [Fact]
    public async Task The_2024_ward_programmes_stay_as_history_ended_by_the_reform_and_the_current_year_has_commune_programmes()
    {
        await SeededAsync();
        await using var db = factory.NewDbContext();
        var programmes = await db.Programmes.AsNoTracking().ToListAsync();

        // 2024: signed in September 2024, ended on 01/07/2025 when the wards were dissolved, the reason naming the successor.
        var wards = programmes.Where(p => p.Id != DemoCoordinationSeeder.Plan1002ProgrammeId && p.Id != DemoCoordinationSeeder.Plan688ProgrammeId
                                          && (p.Reference ?? "").Contains("/CTPH-HP-LECHAN-", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, wards.Count);
        Assert.All(wards, p =>
        {
            Assert.Equal((ProgrammeStatus.Terminated, new DateOnly(2024, 9, 5), ReformedUnits.Reform), (p.Status, p.SignedOn!.Value, p.TerminatedOn!.Value));
            Assert.Contains("giải thể từ ngày 01/07/2025", p.TerminationReason);
            Assert.Contains("Ủy ban nhân dân phường", p.TerminationReason);
            Assert.Equal(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice), p.OwnerUnitId);
        });
        // The signed parties stay what they were in 2024.
        Assert.All(wards, p => Assert.DoesNotContain(p.Parties, x => x.UnitId == ReformedUnits.Id("UBND-P-LECHAN")));

        // Today: most communes signed, some drafts, a few without any programme.
        var communes = programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-VHXH-", StringComparison.Ordinal)).ToList();
        var signed = communes.Count(p => p.Status == ProgrammeStatus.Signed);
        var drafts = communes.Count(p => p.Status == ProgrammeStatus.Draft);
        var divisions = ReformedUnits.GeneratedCommunes + 2;
        output.WriteLine($"Commune programmes: {signed} signed, {drafts} drafts, {divisions - communes.Count} communes without one");
        Assert.True(signed > divisions / 2, $"{signed} signed");
        Assert.InRange(drafts, 1, divisions / 4);
        Assert.InRange(divisions - communes.Count, 1, divisions / 4);
        var yearStart = DemoCoordinationSeeder.SchoolYearStart(VietnamTime.Today(TimeProvider.System));
        Assert.All(communes, p => Assert.Equal(yearStart, p.ValidFrom));
        Assert.All(communes.Where(p => p.Status == ProgrammeStatus.Signed), p => Assert.InRange(p.SignedOn!.Value, yearStart, VietnamTime.Today(TimeProvider.System)));
        // The demo commune signed with its committee and its police, paired by name (neither has an area code).
        var leChan = Assert.Single(communes, p => p.OwnerUnitId == LeChanDivision);
        Assert.Equal(ProgrammeStatus.Signed, leChan.Status);
        Assert.Contains(leChan.Parties, x => x.UnitId == ReformedUnits.Id("UBND-P-LECHAN"));
        Assert.Contains(leChan.Parties, x => x.UnitId == ReformedUnits.Id("CA-P-LECHAN"));
        Assert.Contains(leChan.Parties, x => x.UnitId == DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool));
    }

    [Fact]
    public async Task Coverage_today_is_grouped_by_commune_divisions_and_2024_by_the_district_office()
    {
        await SeededAsync();
        var department = factory.ClientFor(DemoUnitIds.For(DemoUnitIds.Department), PlatformRoles.DepartmentOfficer);
        var today = await department.GetJsonAsync("/api/coordination/coverage");
        var city = today.GetProperty("city");
        var schools = ReformedUnits.Schools2024.Count + 1 + 2 * ReformedUnits.GeneratedCommunes;
        Assert.Equal(schools, Count(city, "schools"));
        Assert.InRange(Count(city, "covered"), schools / 2, schools - 5);
        Assert.Equal("Xã, phường", today.GetProperty("groupLabel").GetString());
        var groups = today.GetProperty("districts").EnumerateArray().ToList();
        // The Department's view includes the schools under every commune division, and nothing of 2024.
        Assert.Equal(ReformedUnits.GeneratedCommunes + 2, groups.Count(g => g.GetProperty("kind").GetString() == UnitKinds.CommuneDivision));
        Assert.DoesNotContain(groups, g => g.GetProperty("kind").GetString() == "DistrictEducationOffice");
        var leChan = Assert.Single(groups, g => g.GetProperty("code").GetString() == "VHXH-P-LECHAN");
        Assert.Equal(("Phòng Văn hóa – Xã hội phường Lê Chân", 7, 7), (leChan.GetProperty("name").GetString(), Count(leChan.GetProperty("counts"), "schools"),
            Count(leChan.GetProperty("counts"), "covered")));
        var kept = Assert.Single(groups, g => g.GetProperty("kind").GetString() == "Department");
        Assert.Equal(1, Count(kept.GetProperty("counts"), "schools"));

        // No school is a gap because of 2024: every covered school is covered by a programme of this school year.
        await using (var db = factory.NewDbContext())
        {
            var covering = (await department.GetJsonAsync("/api/coordination/coverage/schools?covered=true&pageSize=200")).GetProperty("items").EnumerateArray()
                .Select(s => s.GetProperty("programmeId").GetGuid()).Distinct().ToList();
            var references = await db.Programmes.AsNoTracking().Where(p => covering.Contains(p.Id)).Select(p => p.Reference).ToListAsync();
            Assert.All(references, r => Assert.Contains("/CTPH-VHXH-", r));
        }
        var gaps = (await department.GetJsonAsync("/api/coordination/coverage/schools?covered=false&pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(gaps, s => s.GetProperty("code").GetString() == DemoUnitIds.NgoQuyenUpperSecondarySchool && s.GetProperty("gap").GetString() == "NoProgramme");
        Assert.Contains(gaps, s => s.GetProperty("gap").GetString() == "NoPolice"); // the communes without a police unit

        // 2024, from the same replica: the district office's schools, covered by the ward programmes of the time.
        var past = await department.GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15");
        Assert.Equal("Địa bàn", past.GetProperty("groupLabel").GetString());
        var pastGroups = past.GetProperty("districts").EnumerateArray().ToDictionary(g => g.GetProperty("code").GetString()!);
        Assert.Equal(new[] { DemoUnitIds.LeChanDistrictOffice, DemoUnitIds.Department }, pastGroups.Keys);
        // Wards sorted by area: An Biên, Dư Hàng, Hàng Kênh (no police: 3 schools uncovered), Lam Sơn, Nghĩa Xá (not signed: 2), Trại Cau.
        Assert.Equal((13, 8), (Count(pastGroups[DemoUnitIds.LeChanDistrictOffice].GetProperty("counts"), "schools"),
            Count(pastGroups[DemoUnitIds.LeChanDistrictOffice].GetProperty("counts"), "covered")));
        var hangKenh = (await department.GetJsonAsync($"/api/coordination/coverage/schools?asOf=2025-01-15&supervisorId={DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice)}&covered=false&pageSize=50"))
            .GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("gap").GetString());
        Assert.Equal("NoPolice", hangKenh[DemoUnitIds.LeChanLowerSecondarySchool]);
        Assert.Equal("NoProgramme", hangKenh["THCS-LECHAN-NGHIAXA"]);
        // After the reform and before this school year's programmes, Lê Chân's schools were not covered: the 2024 programmes had ended.
        var between = await department.GetJsonAsync("/api/coordination/coverage?asOf=2025-08-15");
        Assert.Equal(0, Count(between.GetProperty("city"), "covered"));

        // The 2024 district officer reads the schools its office supervised then, and none today.
        var office = factory.ClientFor(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice), PlatformRoles.DistrictOfficer);
        Assert.Equal((13, 8), (Count((await office.GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15")).GetProperty("city"), "schools"),
            Count((await office.GetJsonAsync("/api/coordination/coverage?asOf=2025-01-15")).GetProperty("city"), "covered")));
        Assert.Equal(0, Count((await office.GetJsonAsync("/api/coordination/coverage")).GetProperty("city"), "schools"));

        // The commune officer sees the commune's schools.
        var officer = await factory.ClientFor(LeChanDivision, PlatformRoles.DistrictOfficer).GetJsonAsync("/api/coordination/coverage");
        Assert.Equal((7, 7), (Count(officer.GetProperty("city"), "schools"), Count(officer.GetProperty("city"), "covered")));
    }

    [Fact]
    public async Task Le_chan_briefings_follow_the_reform_with_meetings_held_and_upcoming()
    {
        await SeededAsync();
        await using var db = factory.NewDbContext();
        var cadences = await db.Cadences.AsNoTracking().ToDictionaryAsync(c => c.UnitId);
        var old = cadences[DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice)];
        Assert.Equal(new DateOnly(2025, 6, 30), old.EndedOn);
        Assert.Contains("giải thể từ ngày 01/07/2025", old.EndReason);
        var current = cadences[LeChanDivision];
        Assert.Null(current.EndedOn);
        Assert.Equal(new[] { "Preschool", "PrimarySchool", "LowerSecondarySchool" }, current.AppliesToKinds);
        Assert.Equal(7, (await CoordinationScheduler.CadenceUnitsAsync(db, current, CancellationToken.None)).Count);

        var now = DateTimeOffset.UtcNow;
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.OrganiserUnitId == LeChanDivision).ToListAsync();
        Assert.Contains(meetings, m => m.Status == MeetingStatus.Scheduled && m.StartsAt > now);
        Assert.All(meetings.Where(m => m.StartsAt.AddHours(2) <= now), m => Assert.Equal(MeetingStatus.Held, m.Status));
        Assert.All(meetings, m => Assert.Contains(m.Participants, p => p.UnitId == ReformedUnits.Id("CA-P-LECHAN") && p.IsPolice));

        // The demo school meets with its commune's committee and police now.
        var own = await db.Meetings.AsNoTracking().Where(m => m.OrganiserUnitId == DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)).ToListAsync();
        Assert.Equal(2, own.Count);
        Assert.All(own, m => Assert.Equal(
            new[] { ReformedUnits.Id("CA-P-LECHAN"), ReformedUnits.Id("UBND-P-LECHAN") }.Order(),
            m.Participants.Where(p => p.UnitId is not null).Select(p => p.UnitId!.Value).Order()));
    }
}

public sealed class ReformReferralTests(ReformedDemoFactory factory) : IClassFixture<ReformedDemoFactory>
{
    [Theory]
    [InlineData(DemoUnitIds.LeChanLowerSecondarySchool, "CA-P-LECHAN")] // under the commune division: its commune's police, paired by name
    [InlineData(DemoUnitIds.NgoQuyenUpperSecondarySchool, "CA-P-LECHAN")] // kept by the Department: its 2024 ward police's successor
    [InlineData("TH-HD-XA01", "CA-X-XA01")] // a new commune's school: the police with its commune's area
    public async Task A_drug_incident_goes_to_the_police_of_the_school_as_the_reformed_organisation_names_it(string school, string police)
    {
        var incident = Guid.NewGuid();
        await factory.Services.GetRequiredService<IBus>().Publish(new Platform.Contracts.Reporting.IncidentReported
        {
            IncidentId = incident, ReportingUnitId = DemoUnitIds.For(school), SupervisingUnitIds = [DemoUnitIds.For(DemoUnitIds.Department)], Category = "Drugs",
            IsLifeSafety = false, OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-5), Place = "Cổng trường", PupilsInvolved = 1, OthersInvolved = 0, People = [],
            ReportedAt = DateTimeOffset.UtcNow,
        });
        var referral = await Eventually.GetAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            return await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.IncidentId == incident);
        }, "the referral");
        Assert.Equal(DemoUnitIds.For(police), referral.PoliceUnitId);
    }
}

/// <summary>The demo seeded on the 2024 organisation, the reform arriving afterwards as events.</summary>
public sealed class LateReformDemoFactory : CoordinationApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Coordination:Demo:PollInterval"] = "00:00:00.200",
        ["Coordination:Demo:QuietPolls"] = "10",
    };

    /// <summary>The reformed replica as it stood in 2024: no communes yet, the 2024 units active under their 2024 parents.</summary>
    public static List<UnitReplica> Units2024()
    {
        var (moves, _) = ReformedUnits.History();
        var previous = moves.GroupBy(m => m.UnitId).ToDictionary(g => g.Key, g => g.OrderBy(m => m.EffectiveDate).First().PreviousParentId);
        var units = ReformedUnits.All().Where(u => u.EffectiveFrom < ReformedUnits.Reform).ToList();
        foreach (var u in units)
        {
            (u.IsActive, u.SuccessorId) = (true, null);
            if (previous.TryGetValue(u.Id, out var parent)) u.ParentId = parent;
        }
        return units;
    }

    protected override IEnumerable<UnitReplica> Units => Units2024();
}

public sealed class LateReformDemoTests(LateReformDemoFactory factory) : IClassFixture<LateReformDemoFactory>
{
    [Fact]
    public async Task The_reform_arriving_after_the_2024_demo_ends_its_programmes_and_brings_the_current_school_year()
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            return await db.Programmes.AnyAsync(p => p.Id == DemoCoordinationSeeder.Plan1002ProgrammeId);
        }, "the 2024 demo", TimeSpan.FromSeconds(60));

        // The units service's events, in its order: the new units, then the moves, then the dissolutions.
        var bus = factory.Services.GetRequiredService<IBus>();
        var at = DateTimeOffset.UtcNow;
        var old = LateReformDemoFactory.Units2024().Select(u => u.Id).ToHashSet();
        foreach (var u in ReformedUnits.All().Where(u => !old.Contains(u.Id)))
        {
            await bus.Publish(new UnitRegistered { UnitId = u.Id, Code = u.Code, Name = u.Name, Kind = u.Kind, ParentId = u.ParentId, AreaCode = u.AreaCode, EffectiveFrom = u.EffectiveFrom, OccurredAt = at });
        }
        var (moves, dissolutions) = ReformedUnits.History();
        foreach (var m in moves.OrderBy(m => m.EffectiveDate))
        {
            await bus.Publish(new UnitMoved { UnitId = m.UnitId, PreviousParentId = m.PreviousParentId, NewParentId = m.NewParentId, EffectiveDate = m.EffectiveDate, OccurredAt = at.AddSeconds(1) });
        }
        foreach (var d in dissolutions.OrderBy(d => d.EffectiveDate))
        {
            await bus.Publish(new UnitDissolved { UnitId = d.UnitId, SuccessorUnitId = d.SuccessorUnitId, Reason = d.Reason, EffectiveDate = d.EffectiveDate, OccurredAt = at.AddSeconds(2) });
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            return await db.Programmes.AnyAsync(p => p.Reference != null && p.Reference.Contains(DemoCoordinationSeeder.CommuneReferenceMark));
        }, "the current school year's programmes", TimeSpan.FromSeconds(90));

        await using (var db = factory.NewDbContext())
        {
            Assert.Equal(dissolutions.Count, await db.UnitDissolutions.CountAsync());
            var wards = await db.Programmes.AsNoTracking().Where(p => p.Reference != null && p.Reference.Contains("/CTPH-HP-LECHAN-")).ToListAsync();
            Assert.Equal(5, wards.Count);
            Assert.All(wards, p => Assert.Equal((ProgrammeStatus.Terminated, ReformedUnits.Reform), (p.Status, p.TerminatedOn!.Value)));
            // One rhythm for the commune division: the office's cadence carried on, or the demo's own, never both.
            var running = await db.Cadences.AsNoTracking().Where(c => c.EndedOn == null).ToListAsync();
            Assert.Single(running, c => c.UnitId == ReformedUnits.Id("VHXH-P-LECHAN"));
            Assert.Equal(new DateOnly(2025, 6, 30), (await db.Cadences.AsNoTracking().SingleAsync(c => c.UnitId == DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice))).EndedOn);
            Assert.Single(await db.Programmes.AsNoTracking().Where(p => p.Id == DemoCoordinationSeeder.Plan1002ProgrammeId).ToListAsync());
        }
        var coverage = await factory.ClientFor(DemoUnitIds.For(DemoUnitIds.Department), PlatformRoles.DepartmentOfficer).GetJsonAsync("/api/coordination/coverage");
        Assert.Equal("Xã, phường", coverage.GetProperty("groupLabel").GetString());
        Assert.True(coverage.GetProperty("city").GetProperty("covered").GetInt32() > 0);
    }
}

/// <summary>The demo's generation alone: the same start date gives the same demo, another start date moves it.</summary>
public sealed class DemoDeterminismTests
{
    private static DemoCoordinationSeeder.DemoCoordination Build(DateTimeOffset now)
    {
        var (moves, dissolutions) = ReformedUnits.History();
        return DemoCoordinationSeeder.Build([.. ReformedUnits.All()], moves, dissolutions, now);
    }

    private static object Shape(DemoCoordinationSeeder.DemoCoordination d) => new
    {
        Programmes = d.Programmes.Select(p => new
        {
            p.Id, p.Title, p.Reference, p.OwnerUnitId, p.ValidFrom, p.ValidTo, Status = p.Status.ToString(), p.SignedOn, p.TerminatedOn, p.TerminationReason,
            Parties = p.Parties.Select(x => new { x.Id, x.UnitId }).ToList(), Obligations = p.Obligations.Select(o => new { o.Id, o.FirstDueDate }).ToList(),
        }).ToList(),
        Cadences = d.Cadences.Select(c => new { c.Id, c.UnitId, c.EffectiveFrom, c.EndedOn, c.EndReason }).ToList(),
        Meetings = d.Meetings.Select(m => new
        {
            m.Id, m.StartsAt, Status = m.Status.ToString(), m.HeldOn, Participants = m.Participants.Select(p => new { p.Id, p.UnitId, p.Attended }).ToList(),
        }).ToList(),
    };

    [Fact]
    public void The_same_start_date_gives_the_same_demo_and_a_later_one_moves_the_live_year()
    {
        var start = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
        var first = Build(start);
        var again = Build(start);
        Assert.Equal(JsonSerializer.Serialize(Shape(first)), JsonSerializer.Serialize(Shape(again)));

        var later = Build(start.AddYears(1));
        Assert.All(later.Programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-VHXH-", StringComparison.Ordinal)), p => Assert.Equal(new DateOnly(2027, 9, 1), p.ValidFrom));
        Assert.All(first.Programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-VHXH-", StringComparison.Ordinal)), p => Assert.Equal(new DateOnly(2026, 9, 1), p.ValidFrom));
        // History does not move with the start date.
        Assert.Equal(first.Programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-HP-", StringComparison.Ordinal)).Select(p => (p.Id, p.SignedOn, p.TerminatedOn)),
            later.Programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-HP-", StringComparison.Ordinal)).Select(p => (p.Id, p.SignedOn, p.TerminatedOn)));
        // Meetings held before the start date, one upcoming after it.
        var held = first.Meetings.Where(m => m.OrganiserUnitId == ReformedUnits.Id("VHXH-P-LECHAN")).ToList();
        Assert.Equal(3, held.Count(m => m.Status == MeetingStatus.Held)); // September to November 2026
        Assert.Equal(2, held.Count(m => m.Status == MeetingStatus.Scheduled && m.StartsAt > start)); // 10 December, January
        Assert.Contains(held, m => m.Participants.Any(p => p.Attended == false));
    }

    [Fact]
    public void A_2024_draft_carries_on_with_the_successors_and_an_expired_programme_stays_expired()
    {
        var units = ReformedUnits.All().ToList();
        var (moves, dissolutions) = ReformedUnits.History();
        UnitReplica U(string code, string kind, string? parent, string area, string? successor) => new()
        {
            Id = ReformedUnits.Id(code), Code = code, Name = $"Đơn vị {code}", Kind = kind, ParentId = parent is null ? null : ReformedUnits.Id(parent), AreaCode = area,
            IsActive = successor is null, SuccessorId = successor is null ? null : ReformedUnits.Id(successor), EffectiveFrom = new DateOnly(2024, 1, 1),
        };
        // Seven more wards after the six (by area code): the 11th ward's programme expired on 30/06/2025, the 13th's was a draft.
        for (var k = 1; k <= 7; k++)
        {
            var area = $"HP-LECHAN-ZZ{k}";
            units.Add(U($"UBND-LECHAN-ZZ{k}", UnitKinds.WardPeoplesCommittee, "UBND-LECHAN", area, "UBND-P-ANBIEN"));
            units.Add(U($"CAP-LECHAN-ZZ{k}", UnitKinds.WardPolice, DemoUnitIds.CityPolice, area, "CA-P-ANBIEN"));
            units.Add(U($"THCS-LECHAN-ZZ{k}", "LowerSecondarySchool", "VHXH-P-ANBIEN", area, null));
            dissolutions.Add(new UnitDissolution { UnitId = ReformedUnits.Id($"UBND-LECHAN-ZZ{k}"), SuccessorUnitId = ReformedUnits.Id("UBND-P-ANBIEN"), Reason = "Merged", EffectiveDate = ReformedUnits.Reform });
            dissolutions.Add(new UnitDissolution { UnitId = ReformedUnits.Id($"CAP-LECHAN-ZZ{k}"), SuccessorUnitId = ReformedUnits.Id("CA-P-ANBIEN"), Reason = "Merged", EffectiveDate = ReformedUnits.Reform });
        }
        var demo = DemoCoordinationSeeder.Build(units, moves, dissolutions, new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        var wards = demo.Programmes.Where(p => (p.Reference ?? "").Contains("/CTPH-HP-LECHAN-ZZ", StringComparison.Ordinal)).ToDictionary(p => p.Reference!.Split("-ZZ")[1]);

        var draft = wards["7"];
        Assert.Equal((ProgrammeStatus.Draft, ReformedUnits.Id("VHXH-P-LECHAN")), (draft.Status, draft.OwnerUnitId));
        Assert.Equal(new[] { ReformedUnits.Id("CA-P-ANBIEN"), ReformedUnits.Id("THCS-LECHAN-ZZ7"), ReformedUnits.Id("UBND-P-ANBIEN") }.Order(),
            draft.Parties.Select(x => x.UnitId!.Value).Order());
        var expired = wards["5"];
        Assert.Equal((ProgrammeStatus.Signed, ProgrammeStatus.Expired, new DateOnly(2025, 6, 30)), (expired.Status, expired.StatusOn(new DateOnly(2026, 12, 7)), expired.ValidTo!.Value));
        Assert.All(wards.Values.Where(p => p != draft && p != expired), p => Assert.Equal((ProgrammeStatus.Terminated, ReformedUnits.Reform), (p.Status, p.TerminatedOn!.Value)));
    }

    [Fact]
    public void A_replica_that_never_saw_the_reform_gives_the_2024_demo_without_commune_programmes()
    {
        var units = ReformedUnits.All().Where(u => u.EffectiveFrom < ReformedUnits.Reform || u.Kind == "Department" || u.Kind == "CityPolice").ToList();
        foreach (var u in units)
        {
            (u.IsActive, u.SuccessorId) = (true, null);
            if (ReformedUnits.Schools2024.Any(s => DemoUnitIds.For(s.Code) == u.Id)) u.ParentId = DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice);
            if (u.Kind == UnitKinds.WardPolice) u.ParentId = DemoUnitIds.For("CA-LECHAN");
        }
        var demo = DemoCoordinationSeeder.Build(units, [], [], new DateTimeOffset(2024, 12, 7, 3, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(demo.Programmes, p => p.Reference?.Contains("/CTPH-VHXH-", StringComparison.Ordinal) == true);
        Assert.Equal(5, demo.Programmes.Count(p => p.Reference?.Contains("/CTPH-HP-LECHAN-", StringComparison.Ordinal) == true && p.Status == ProgrammeStatus.Signed));
        var cadence = Assert.Single(demo.Cadences);
        Assert.Null(cadence.EndedOn);
        Assert.Equal(2, demo.Meetings.Count);
    }
}

/// <summary>UnitDissolved on the bus: what happens to the live programmes, cadences and referrals of a dissolved party.</summary>
public sealed class DissolvedPartyTests(CoordinationApiFactory factory) : IClassFixture<CoordinationApiFactory>
{
    [Fact]
    public async Task A_dissolved_party_ends_signed_programmes_with_the_reason_hands_on_drafts_cadences_and_referrals_and_is_kept_as_history()
    {
        var admin = factory.AdminClient();
        var signed = await admin.CreateSignedAsync(TestUnits.OfficeA, TestUnits.SchoolA1, TestUnits.WardCommitteeA1, TestUnits.WardPoliceA1);
        var draft = await admin.CreateAsync(TestUnits.OfficeA, TestUnits.SchoolA2, TestUnits.WardCommitteeA1);
        var untouched = await admin.CreateSignedAsync(TestUnits.OfficeB, TestUnits.SchoolB1, TestUnits.WardCommitteeB1, TestUnits.WardPoliceB1);
        var cadence = (await admin.PostJsonAsync("/api/coordination/cadences", new
        {
            name = "Giao ban hằng tháng các trường THCS", unitId = TestUnits.OfficeA, appliesToKinds = new[] { "LowerSecondarySchool" }, interval = "Monthly", effectiveFrom = "2024-09-01",
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var (referral, closed) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = factory.NewDbContext())
        {
            foreach (var id in new[] { referral, closed })
            {
                var incident = new IncidentRecord
                {
                    Id = Guid.NewGuid(), ReportingUnitId = TestUnits.SchoolA1, SupervisingUnitIds = [TestUnits.OfficeA, TestUnits.Department], Category = "Drugs",
                    Place = "Cổng trường", OccurredAt = DateTimeOffset.UtcNow, ReportedAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
                };
                db.Incidents.Add(incident);
                var r = Referral.Create(id, incident, ReferralSeverity.Urgent, ReferralTrigger.Automatic, TestUnits.WardPoliceA1, "test", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(4));
                if (id == closed) r.Status = ReferralStatus.Closed; // the police finished with it before the reform
                db.Referrals.Add(r);
            }
            await db.SaveChangesAsync();
        }

        var startsAt = DateTimeOffset.UtcNow.AddDays(7);
        var meeting = (await admin.PostJsonAsync("/api/coordination/meetings", new
        {
            organiserUnitId = TestUnits.SchoolA1, title = "Giao ban tháng tới", location = "Phòng họp", startsAt, endsAt = startsAt.AddHours(2),
            participantUnitIds = new[] { TestUnits.WardPoliceA1, TestUnits.WardCommitteeA1 },
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var mark = await factory.OutboxMarkAsync();
        var bus = factory.Services.GetRequiredService<IBus>();
        var on = new DateOnly(2025, 7, 1);
        // As the units service publishes them, one after another.
        var dissolutions = 0;
        foreach (var (unit, successor, reason) in new[]
                 {
                     (TestUnits.WardCommitteeA1, TestUnits.DistrictCommitteeA, "Merged"), (TestUnits.WardPoliceA1, TestUnits.DistrictPoliceA, "Merged"),
                     (TestUnits.OfficeA, TestUnits.OfficeB, "Split"),
                 })
        {
            await bus.Publish(new UnitDissolved { UnitId = unit, SuccessorUnitId = successor, Reason = reason, EffectiveDate = on, OccurredAt = DateTimeOffset.UtcNow });
            dissolutions++;
            await Eventually.TrueAsync(async () =>
            {
                await using var db = factory.NewDbContext();
                return await db.UnitDissolutions.CountAsync() == dissolutions;
            }, $"dissolution {dissolutions}", TimeSpan.FromSeconds(30));
        }

        await using (var db = factory.NewDbContext())
        {
            // The signed programme ended on the day, its reason naming who carries on; its 2024 parties are kept.
            var ended = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == signed);
            Assert.Equal((ProgrammeStatus.Terminated, on), (ended.Status, ended.TerminatedOn!.Value));
            Assert.Contains("Ủy ban nhân dân phường Lạch Tray giải thể từ ngày 01/07/2025", ended.TerminationReason);
            Assert.Contains("Ủy ban nhân dân quận An Biên", ended.TerminationReason);
            Assert.Contains(ended.Parties, x => x.UnitId == TestUnits.WardCommitteeA1);
            Assert.Equal(TestUnits.OfficeA, ended.OwnerUnitId); // history: it ended under its own owner
            // The draft takes the successor in the dissolved committee's place, and passes to the office's successor.
            var changed = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == draft);
            Assert.Equal(ProgrammeStatus.Draft, changed.Status);
            Assert.DoesNotContain(changed.Parties, x => x.UnitId == TestUnits.WardCommitteeA1);
            Assert.Contains(changed.Parties, x => x.UnitId == TestUnits.DistrictCommitteeA && x.Name == "Ủy ban nhân dân quận An Biên");
            Assert.Equal(TestUnits.OfficeB, changed.OwnerUnitId);
            Assert.Equal(ProgrammeStatus.Signed, (await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == untouched)).Status);

            // The office's cadence ended the day before, with the reason; its successor carries it on.
            var old = await db.Cadences.AsNoTracking().SingleAsync(c => c.Id == cadence);
            Assert.Equal(on.AddDays(-1), old.EndedOn);
            Assert.Contains("Phòng GDĐT quận Bạch Đằng tiếp tục", old.EndReason);
            var carried = await db.Cadences.AsNoTracking().SingleAsync(c => c.SucceededFromUnitId == TestUnits.OfficeA);
            Assert.Equal((TestUnits.OfficeB, on, CadenceInterval.Monthly, null as DateOnly?), (carried.UnitId, carried.EffectiveFrom, carried.Interval, carried.EndedOn));

            // The open referral passes to the successor police, says so in its history, and escalates to the office's successor;
            // the closed one stays as it was.
            var open = await db.Referrals.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == referral);
            Assert.Equal(TestUnits.DistrictPoliceA, open.PoliceUnitId);
            Assert.Contains(open.History, h => h.Kind == "PoliceUnitSucceeded" && h.Detail!.Contains("Công an quận An Biên"));
            Assert.Equal(new[] { TestUnits.OfficeB, TestUnits.Department }, open.SupervisingUnitIds);
            Assert.Equal(2, open.SendAttempts);
            var done = await db.Referrals.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == closed);
            Assert.Equal(TestUnits.WardPoliceA1, done.PoliceUnitId);
            Assert.DoesNotContain(done.History, h => h.Kind.StartsWith("PoliceUnit", StringComparison.Ordinal));
        }
        await using (var db = factory.NewDbContext())
        {
            // The meeting still to come invites the successors instead, with a new invitation sequence.
            var invited = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == meeting);
            Assert.Equal(new[] { TestUnits.DistrictCommitteeA, TestUnits.DistrictPoliceA }.Order(), invited.ParticipantUnitIds.Order());
            Assert.Equal(2, invited.Sequence);
            Assert.Contains(invited.Participants, p => p.UnitId == TestUnits.DistrictPoliceA && p.IsPolice && p.Name == "Công an quận An Biên");
        }
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Contains(events.OfEvent<Platform.Contracts.Police.V1.BriefingMeetingScheduled>(),
            e => e.MeetingId == meeting && e.Sequence == 2 && e.PoliceParticipants.Single().UnitId == TestUnits.DistrictPoliceA);
        Assert.Single(events.OfEvent<Platform.Contracts.Coordination.ProgrammeTerminated>(), e => e.ProgrammeId == signed);
        Assert.Contains(events.OfEvent<Platform.Contracts.Police.V1.PoliceReferralRequested>(), e => e.ReferralId == referral);

        // The same dissolution announced again (a new message, past the inbox) finds nothing left to change.
        var before = await factory.OutboxMarkAsync();
        await bus.Publish(new UnitDissolved { UnitId = TestUnits.WardPoliceA1, SuccessorUnitId = TestUnits.DistrictPoliceA, Reason = "Merged", EffectiveDate = on, OccurredAt = DateTimeOffset.UtcNow });
        await Task.Delay(1000);
        Assert.Empty(await factory.OutboxSinceAsync(before));

        // Coverage of a date before the dissolution still counts the ended programme: history stays true.
        var coverage = await admin.GetJsonAsync("/api/coordination/coverage/schools?asOf=2025-01-15&covered=true");
        Assert.Contains(coverage.GetProperty("items").EnumerateArray(), s => s.GetProperty("unitId").GetGuid() == TestUnits.SchoolA1);
    }
}
