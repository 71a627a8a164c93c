using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Reporting;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>
/// Runs the overdue job, on its own connection and transaction, at the worst moment of a request: after the
/// API loaded the report and just before it writes the school's change.
/// </summary>
public sealed class JobBeforeSave(Func<Task> job) : SaveChangesInterceptor
{
    private int _armed;

    public int Runs { get; private set; }

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var savesASubmission = eventData.Context!.ChangeTracker.Entries<Submission>().Any(e => e.State == EntityState.Modified);
        if (savesASubmission && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            await job();
            Runs++;
        }
        return result;
    }
}

public sealed class OverdueRaceFactory : ReportingApiFactory
{
    public JobBeforeSave Interceptor { get; }

    public OverdueRaceFactory()
    {
        Interceptor = new JobBeforeSave(async () =>
        {
            await using var db = NewDbContext();
            Flagged += await ReportingJobs.FlagOverdueAsync(db, Clock.GetUtcNow(), CancellationToken.None);
        });
    }

    public int Flagged { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<ReportingDbContext>(options => options.AddInterceptors(Interceptor)));
    }
}

public sealed class OverdueRaceTests(OverdueRaceFactory factory) : IClassFixture<OverdueRaceFactory>
{
    [Fact]
    public async Task A_draft_saved_while_the_overdue_job_flags_the_same_report_is_saved_not_refused_as_changed_by_someone_else()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("RACE-OVERDUE");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolA1);
        using var school = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolStaff);
        // Past the deadline (19/03/2024), the school is still typing; the job finds the report missing at that very moment.
        factory.Clock.Set(new DateOnly(2024, 3, 22));
        factory.Interceptor.Arm();

        var saved = await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values",
            new { values = new { dissemination_sessions = 3, participants_pupils = 150 } })).Json(HttpStatusCode.OK);

        Assert.Equal(1, factory.Interceptor.Runs);
        Assert.True(factory.Flagged >= 1, "the job did not flag the report while the draft was being saved");
        Assert.Equal("Draft", saved.GetProperty("summary").GetProperty("status").GetString());
        await using (var db = factory.NewDbContext())
        {
            var row = await db.Submissions.AsNoTracking().Include(s => s.Values).SingleAsync(s => s.Id == id);
            Assert.Equal(SubmissionStatus.Draft, row.Status);
            Assert.NotNull(row.OverdueNotifiedAt);
            Assert.Equal(2, row.Values.Count);
            // The job's write did not count as a change by a person: only the save moved the version.
            Assert.Equal(1, row.Version);
        }
        var overdue = (await factory.EventsAsync<ReportOverdue>()).Select(e => e.Event).Where(e => e.SubmissionId == id).ToList();
        var announced = Assert.Single(overdue);
        Assert.Equal(Org.DistrictA, announced.SupervisingUnitId);
        Assert.Equal("2024-03", announced.PeriodKey);

        // The next save and the submission go through as well, and the job does not announce the report twice.
        factory.Interceptor.Arm();
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = TestApi.ValidValues(3) })).Json(HttpStatusCode.OK);
        var submitted = await (await school.PostAsync($"/api/reports/submissions/{id}/submit", null)).Json(HttpStatusCode.OK);
        Assert.Equal("Submitted", submitted.GetProperty("summary").GetProperty("status").GetString());
        Assert.True(submitted.GetProperty("summary").GetProperty("isLate").GetBoolean());
        Assert.Single(await factory.EventsAsync<ReportOverdue>(), e => e.Event.SubmissionId == id);
    }

    [Fact]
    public async Task Two_people_saving_from_the_same_state_still_conflict()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("RACE-PEOPLE");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolA2);

        // Optimistic concurrency still protects people from each other: a context loaded before another save loses.
        await using var first = factory.NewDbContext();
        await using var second = factory.NewDbContext();
        var mine = await first.Submissions.Include(s => s.Values).Include(s => s.History).SingleAsync(s => s.Id == id);
        var theirs = await second.Submissions.Include(s => s.Values).Include(s => s.History).SingleAsync(s => s.Id == id);
        var version = await first.TemplateVersions.Include(v => v.Indicators).SingleAsync(v => v.Id == mine.TemplateVersionId);
        var sessions = version.Indicators.Single(i => i.Code == "dissemination_sessions").Id;
        var pupils = version.Indicators.Single(i => i.Code == "participants_pupils").Id;
        theirs.SaveDraft(new Dictionary<int, StoredValue?> { [sessions] = new StoredValue(5, null) }, new Actor("other", Org.SchoolA2, factory.Clock.GetUtcNow()));
        await second.SaveChangesAsync();
        mine.SaveDraft(new Dictionary<int, StoredValue?> { [pupils] = new StoredValue(70, null) }, new Actor("me", Org.SchoolA2, factory.Clock.GetUtcNow()));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
    }
}
