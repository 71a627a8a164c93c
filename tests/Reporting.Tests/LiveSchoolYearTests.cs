using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Reporting;
using Platform.Contracts.Units;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests;

/// <summary>The reporting service with demo data on, started on Monday 07/12/2026 at 09:00 (Hà Nội).</summary>
public sealed class LiveDemoFactory : ReportingApiFactory
{
    public static readonly DateOnly StartDate = new(2026, 12, 7);

    public LiveDemoFactory() => Clock.Set(StartDate, 9);

    protected override bool DemoData => true;
}

/// <summary>
/// The demo's live school year: past months of the monthly report for today's schools (under commune divisions after
/// the reform), mostly approved, some late, some missing, a few incidents — relative to the start date, from a fixed
/// seed, through the ordinary domain steps and the outbox.
/// </summary>
public sealed class LiveSchoolYearTests(LiveDemoFactory factory) : IClassFixture<LiveDemoFactory>
{
    private static readonly Guid DemoDepartment = DemoUnitIds.For(DemoUnitIds.Department);
    private static readonly Guid DivisionX = DemoUnitIds.For("T-VHXH-X");
    private static readonly Guid DivisionY = DemoUnitIds.For("T-VHXH-Y");
    private static readonly string[] Months = ["2026-09", "2026-10", "2026-11"];

    /// <summary>Today's organisation as the units service would have announced it: the reform's moves and 40 more primary schools.</summary>
    internal static async Task ReformAsync(ReportingApiFactory factory)
    {
        await using (var db = factory.NewDbContext())
        {
            if (await db.UnitReplicas.AnyAsync(u => u.Id == DivisionX)) return; // set up by another test of the class
            UnitReplica U(Guid id, string code, string kind, Guid? parent, DateOnly from) =>
                new() { Id = id, Code = code, Name = code, Kind = kind, ParentId = parent, EffectiveFrom = from, SourceUpdatedAt = DateTimeOffset.UnixEpoch };
            var reform = new DateOnly(2025, 7, 1);
            db.UnitReplicas.AddRange(
                U(DemoDepartment, DemoUnitIds.Department, "Department", null, new DateOnly(2024, 1, 1)),
                U(DemoUnitIds.For("T-UBND-X"), "T-UBND-X", "WardPeoplesCommittee", null, reform),
                U(DivisionX, "T-VHXH-X", "CommuneDivision", DemoUnitIds.For("T-UBND-X"), reform),
                U(DemoUnitIds.For("T-UBND-Y"), "T-UBND-Y", "WardPeoplesCommittee", null, reform),
                U(DivisionY, "T-VHXH-Y", "CommuneDivision", DemoUnitIds.For("T-UBND-Y"), reform));
            for (var i = 0; i < 40; i++)
            {
                db.UnitReplicas.Add(U(DemoUnitIds.For($"T-TH-{i:00}"), $"T-TH-{i:00}", "PrimarySchool", i % 2 == 0 ? DivisionX : DivisionY, reform));
            }
            await db.SaveChangesAsync();
        }
        foreach (var (school, from, to) in new[] { (Org.SchoolA1, Org.DistrictA, DivisionX), (Org.SchoolA2, Org.DistrictA, DivisionX), (Org.SchoolB1, Org.DistrictB, DivisionY) })
        {
            await Moves.ApplyAsync(factory, new UnitMoved { UnitId = school, PreviousParentId = from, NewParentId = to, EffectiveDate = new DateOnly(2025, 7, 1), OccurredAt = DateTimeOffset.UtcNow });
        }
    }

    internal static async Task<int> PlayAsync(ReportingApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var played = await LiveSchoolYear.OpenAndPlayAsync(scope.ServiceProvider, factory.Clock, CancellationToken.None);
        await ReportingJobs.FlagOverdueAsync(scope.ServiceProvider.GetRequiredService<ReportingDbContext>(), factory.Clock.GetUtcNow(), CancellationToken.None);
        return played;
    }

    internal static async Task<List<(Guid Unit, string Period, SubmissionStatus Status, DateTimeOffset? First, DateTimeOffset? Approved, bool Overdue, string Values)>> ReportsAsync(ReportingApiFactory factory)
    {
        await using var db = factory.NewDbContext();
        // The past months only: the current month (opened by the ordinary job whenever it runs) is the schools' to fill.
        var rows = await db.Submissions.AsNoTracking().Include(s => s.Values).Where(s => s.ScheduleId == DemoTemplateSeeder.ScheduleId)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s, p.Key }).Where(x => Months.Contains(x.Key)).ToListAsync();
        return rows.Select(x => (x.s.UnitId, x.Key, x.s.Status, x.s.FirstSubmittedAt, x.s.ApprovedAt, x.s.OverdueNotifiedAt is not null,
                string.Join(",", x.s.Values.OrderBy(v => v.IndicatorId).Select(v => $"{v.IndicatorId}={v.NumericValue}|{v.TextValue}"))))
            .OrderBy(r => r.UnitId).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Past_months_of_the_school_year_are_mostly_approved_some_late_some_missing_grouped_by_commune_division()
    {
        await ReformAsync(factory);
        await PlayAsync(factory);
        var reports = await ReportsAsync(factory);

        // 44 schools (3 moved under the communes, 40 generated, the THPT under the Department) × September–November.
        Assert.Equal(44 * 3, reports.Count);
        Assert.Equal(Months, reports.Select(r => r.Period).Distinct().Order(StringComparer.Ordinal));
        var start = factory.Clock.GetUtcNow();
        foreach (var r in reports)
        {
            var fate = LiveSchoolYear.FateOf(r.Unit, r.Period, r.Period == "2026-11");
            var expectedStatus = fate switch
            {
                LiveReportFate.OnTimeApproved or LiveReportFate.LateApproved => SubmissionStatus.Approved,
                LiveReportFate.AwaitingReview => SubmissionStatus.Submitted,
                LiveReportFate.Returned => SubmissionStatus.Returned,
                _ => SubmissionStatus.NotStarted,
            };
            Assert.Equal(expectedStatus, r.Status);
            Assert.Equal(fate == LiveReportFate.Missing, r.Overdue);
            Assert.True(r.First is null || r.First < start, "nothing is submitted after the start");
        }
        var byFate = reports.GroupBy(r => LiveSchoolYear.FateOf(r.Unit, r.Period, r.Period == "2026-11")).ToDictionary(g => g.Key, g => g.Count());
        // The seed gives this mix for these units; a change of seed or rules shows here.
        Assert.InRange(byFate.GetValueOrDefault(LiveReportFate.OnTimeApproved), 80, 110);
        Assert.InRange(byFate.GetValueOrDefault(LiveReportFate.LateApproved), 5, 25);
        Assert.InRange(byFate.GetValueOrDefault(LiveReportFate.Missing), 5, 25);
        Assert.Equal(reports.Count, byFate.Values.Sum());

        await using (var db = factory.NewDbContext())
        {
            var late = await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == DemoTemplateSeeder.ScheduleId && s.IsLate).CountAsync();
            Assert.Equal(byFate.GetValueOrDefault(LiveReportFate.LateApproved), late);
            // Each report is chained to the organisation of its month: the moved schools to their commune division.
            var a1 = await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == DemoTemplateSeeder.ScheduleId && s.UnitId == Org.SchoolA1)
                .Join(db.Periods.Where(p => Months.Contains(p.Key)), s => s.PeriodId, p => p.Id, (s, _) => s.Chain).ToListAsync();
            Assert.Equal(3, a1.Count);
            Assert.All(a1, c => Assert.Equal([DivisionX, DemoUnitIds.For("T-UBND-X")], c));
        }

        // Events through the outbox: one ReportSubmitted per report received, one ReportApproved per approval, ReportOverdue for the missing.
        var submitted = (await factory.EventsAsync<ReportSubmitted>()).Select(e => e.Event).Where(e => e.TemplateId == DemoTemplateSeeder.TemplateId).ToList();
        Assert.Equal(reports.Count(r => r.First is not null), submitted.Count);
        Assert.Equal(byFate.GetValueOrDefault(LiveReportFate.LateApproved), submitted.Count(e => e.IsLate));
        Assert.Equal(reports.Count(r => r.Status == SubmissionStatus.Approved), (await factory.EventsAsync<ReportApproved>()).Count);
        Assert.Equal(byFate.GetValueOrDefault(LiveReportFate.Missing), (await factory.EventsAsync<ReportOverdue>()).Count(e => e.Event.TemplateId == DemoTemplateSeeder.TemplateId));

        // The Department sees the province by commune division (and the THPT's line), with every school in its totals.
        using var department = factory.ClientFor(DemoDepartment, PlatformRoles.DepartmentOfficer);
        var november = await TestApi.CompletenessAsync(department, DemoTemplateSeeder.TemplateId, "2026-11", DemoDepartment);
        Assert.Equal(44, november.GetProperty("total").GetProperty("expected").GetInt32());
        Assert.Equal(reports.Count(r => r.Period == "2026-11" && r.Status == SubmissionStatus.Approved), november.GetProperty("total").GetProperty("approved").GetInt32());
        Assert.Equal(new[] { DivisionX, DivisionY, Org.Department }.Order(),
            november.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("unitId").GetGuid()).Order());
        var consolidated = await TestApi.ConsolidatedAsync(department, DemoTemplateSeeder.TemplateId, "2026-10", DemoDepartment);
        var sessions = consolidated.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "dissemination_sessions");
        Assert.Equal(reports.Count(r => r.Period == "2026-10" && r.Status == SubmissionStatus.Approved), sessions.GetProperty("reports").GetInt32());

        // Played once: running again changes nothing.
        Assert.Equal(0, await PlayAsync(factory));
        Assert.Equal(reports, await ReportsAsync(factory));
    }

    [Fact]
    public async Task Demo_incidents_are_reported_once_in_several_kinds_and_no_pupil_name_leaves_the_service()
    {
        // Runs after or before the other test in this class: the organisation is set up once.
        await ReformAsync(factory);
        await PlayAsync(factory);
        await using var check = factory.NewDbContext();
        var incidents = await check.Incidents.AsNoTracking().Include(i => i.People).Where(i => i.ReportedBy == LiveSchoolYear.Actor).ToListAsync();
        Assert.Equal(6, incidents.Count);
        Assert.Equal(4, incidents.Select(i => i.Category).Distinct().Count());
        Assert.Equal(2, incidents.Count(i => i.IsLifeSafety));
        Assert.All(incidents, i => Assert.True(i.OccurredAt < factory.Clock.GetUtcNow() && i.OccurredAt > factory.Clock.GetUtcNow().AddDays(-90)));
        Assert.All(incidents, i => Assert.NotEmpty(i.Chain));

        var names = await check.IncidentIdentities.AsNoTracking().Where(n => n.FullName != "").Select(n => n.FullName).ToListAsync();
        Assert.Equal(4, names.Count);
        var events = await factory.EventsAsync<IncidentReported>();
        Assert.Equal(6, events.Count(e => incidents.Any(i => i.Id == e.Event.IncidentId)));
        var outbox = await check.Set<Platform.Messaging.OutboxMessage>().AsNoTracking().Select(m => m.Body).ToListAsync();
        foreach (var name in names.Append("8A2").Append("9A1"))
        {
            Assert.DoesNotContain(outbox, body => body.Contains(name, StringComparison.Ordinal));
        }

        await PlayAsync(factory);
        Assert.Equal(6, await check.Incidents.CountAsync(i => i.ReportedBy == LiveSchoolYear.Actor));
    }

    [Fact]
    public async Task Another_start_on_the_same_day_gives_the_same_school_year()
    {
        await ReformAsync(factory);
        await PlayAsync(factory);
        await using var other = new LiveDemoFactory();
        await ((Xunit.IAsyncLifetime)other).InitializeAsync();
        try
        {
            await ReformAsync(other);
            await PlayAsync(other);
            Assert.Equal(await ReportsAsync(factory), await ReportsAsync(other));
            await using var a = factory.NewDbContext();
            await using var b = other.NewDbContext();
            var pseudonyms = async (ReportingDbContext db) => await db.Set<Platform.Reporting.Domain.IncidentPerson>().AsNoTracking().OrderBy(p => p.Id).Select(p => p.PseudonymousId + p.AgeBand).ToListAsync();
            Assert.Equal(await pseudonyms(a), await pseudonyms(b));
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)other).DisposeAsync();
        }
    }
}

/// <summary>The reporting job runs the live school year only once the unit replica stopped changing.</summary>
public sealed class LiveSchoolYearJobTests(LiveDemoFactory factory) : IClassFixture<LiveDemoFactory>
{
    private static readonly Guid DivisionX = DemoUnitIds.For("T-VHXH-X");
    private static readonly string[] Months = ["2026-09", "2026-10", "2026-11"];

    [Fact]
    public async Task The_job_plays_the_school_year_only_once_the_unit_replica_has_settled()
    {
        await LiveSchoolYearTests.ReformAsync(factory);
        var job = new LiveSchoolYearJob();
        async Task<int> RunAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await job.RunAsync(scope.ServiceProvider, factory.Clock, CancellationToken.None);
        }
        Assert.Equal(0, await RunAsync()); // first look at the replica: not settled yet
        await using (var db = factory.NewDbContext())
        {
            // A unit arrives meanwhile: still not settled.
            db.UnitReplicas.Add(new UnitReplica { Id = DemoUnitIds.For("T-TH-LATE"), Code = "T-TH-LATE", Name = "T-TH-LATE", Kind = "PrimarySchool", ParentId = DivisionX,
                EffectiveFrom = new DateOnly(2025, 7, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await RunAsync());
        Assert.DoesNotContain(await LiveSchoolYearTests.ReportsAsync(factory), r => r.Unit == DemoUnitIds.For("T-TH-LATE"));
        Assert.True(await RunAsync() > 0); // settled: plays
        Assert.Equal(Months, (await LiveSchoolYearTests.ReportsAsync(factory)).Where(r => r.Unit == DemoUnitIds.For("T-TH-LATE")).Select(r => r.Period).Order(StringComparer.Ordinal));
        Assert.Equal(0, await RunAsync()); // nothing changed since: nothing to do
    }
}
