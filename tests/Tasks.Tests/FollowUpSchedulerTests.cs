using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Tests;

/// <summary>The follow-up scheduler driven by a fake clock: each test moves time only forward.</summary>
public sealed class FollowUpSchedulerTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private DateOnly Today => VietnamTime.Today(factory.Clock);

    private FollowUpScheduler Scheduler => factory.Services.GetRequiredService<FollowUpScheduler>();

    /// <summary>Another replica (or the same one after a restart): a fresh instance over the same database.</summary>
    private FollowUpScheduler AnotherReplica() => ActivatorUtilities.CreateInstance<FollowUpScheduler>(factory.Services);

    private async Task<(Guid Document, List<Guid> Assignments)> IssueAsync(DateOnly deadline)
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(issueDate: Today,
            tasks: [new { text = "Nộp kế hoạch tuyên truyền.", kind = "OneOff", deadline = deadline.ToString("yyyy-MM-dd") }]));
        await using var db = factory.NewDbContext();
        return (doc, await db.Assignments.Where(a => a.DocumentId == doc).Select(a => a.Id).ToListAsync());
    }

    private async Task<List<T>> EventsAsync<T>(IReadOnlyCollection<Guid> assignmentIds, Func<T, Guid> id)
    {
        await using var db = factory.NewDbContext();
        return (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(T).FullName!)).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<T>(m.Body, JsonSerializerOptions.Web)!).Where(e => assignmentIds.Contains(id(e))).ToList();
    }

    [Fact]
    public async Task Due_soon_reminder_is_sent_once_per_deadline_across_restarts_and_replicas()
    {
        var (_, ids) = await IssueAsync(Today.AddDays(14));
        await Scheduler.RunOnceAsync(default);
        Assert.Empty(await EventsAsync<AssignmentDueSoon>(ids, e => e.AssignmentId));

        factory.Clock.Advance(TimeSpan.FromDays(13));
        await Scheduler.RunOnceAsync(default);
        await Scheduler.RunOnceAsync(default);
        await AnotherReplica().RunOnceAsync(default);

        var reminders = await EventsAsync<AssignmentDueSoon>(ids, e => e.AssignmentId);
        Assert.Equal(ids.Order(), reminders.Select(r => r.AssignmentId).Order());
        Assert.All(reminders, r => Assert.InRange(r.WorkingDaysLeft, 0, 3));
        await using var db = factory.NewDbContext();
        Assert.Equal(ids.Count, await db.FollowUpNotices.CountAsync(n => ids.Contains(n.AssignmentId) && n.Kind == NoticeKind.DueSoon));
    }

    [Fact]
    public async Task Unacknowledged_assignment_becomes_overdue_and_is_escalated_to_the_supervising_unit()
    {
        var (doc, ids) = await IssueAsync(Today.AddDays(1));
        // District A hands its assignment to its schools; the upper-secondary school finishes in time.
        var districtAssignment = await Api.AssignmentIdAsync(factory, doc, TestOrg.DistrictA);
        var district = factory.ClientFor(TestOrg.DistrictA, PlatformRoles.DistrictOfficer);
        await district.PostAsync($"/api/tasks/assignments/{districtAssignment}/acknowledge");
        await district.PostAsJsonAsync($"/api/tasks/assignments/{districtAssignment}/delegate", new { unitIds = new[] { TestOrg.SchoolA1 } });
        var upper = factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolManager);
        var upperAssignment = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        await upper.PostAsync($"/api/tasks/assignments/{upperAssignment}/acknowledge");
        await upper.PostAsJsonAsync($"/api/tasks/assignments/{upperAssignment}/complete", new { });
        await using var db = factory.NewDbContext();
        var schoolAssignment = await db.Assignments.Where(a => a.ParentAssignmentId == districtAssignment).Select(a => a.Id).SingleAsync();
        ids.Add(schoolAssignment);

        factory.Clock.Advance(TimeSpan.FromDays(2));
        var first = await Scheduler.RunOnceAsync(default);
        var overdue = await EventsAsync<AssignmentOverdue>(ids, e => e.AssignmentId);
        Assert.Equal(3, overdue.Count);
        Assert.DoesNotContain(overdue, e => e.AssignmentId == upperAssignment);
        Assert.Empty(await EventsAsync<AssignmentEscalated>(ids, e => e.AssignmentId));
        Assert.True(first.Overdue >= 3);

        factory.Clock.Advance(TimeSpan.FromDays(7));
        await Scheduler.RunOnceAsync(default);
        await AnotherReplica().RunOnceAsync(default);

        var escalated = await EventsAsync<AssignmentEscalated>(ids, e => e.AssignmentId);
        Assert.Equal(3, escalated.Count);
        Assert.Equal(TestOrg.DistrictA, escalated.Single(e => e.AssignmentId == schoolAssignment).SupervisingUnitId);
        Assert.Equal(TestOrg.Department, escalated.Single(e => e.UnitId == TestOrg.DistrictB).SupervisingUnitId);
        Assert.All(escalated, e => Assert.True(e.WorkingDaysOverdue >= 2));
        var school = await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == schoolAssignment);
        Assert.NotNull(school.OverdueAt);
        Assert.Equal(TestOrg.DistrictA, school.EscalatedToUnitId);
        Assert.Equal(3, await db.FollowUpNotices.CountAsync(n => ids.Contains(n.AssignmentId) && n.Kind == NoticeKind.Escalated));
        Assert.Contains(await db.AssignmentHistory.Where(h => h.AssignmentId == schoolAssignment).Select(h => h.Kind).ToListAsync(), k => k == "Escalated");
    }

    [Fact]
    public async Task Concurrent_scans_by_two_replicas_never_send_twice()
    {
        var batches = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            batches.AddRange((await IssueAsync(Today)).Assignments);
        }
        factory.Clock.Advance(TimeSpan.FromDays(1));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => AnotherReplica().RunOnceAsync(default))));

        var overdue = await EventsAsync<AssignmentOverdue>(batches, e => e.AssignmentId);
        Assert.Equal(batches.Count, overdue.Count);
        Assert.Equal(batches.Count, overdue.Select(e => e.AssignmentId).Distinct().Count());
        Assert.True(runs.Sum(r => r.Overdue) >= batches.Count);
    }
}

/// <summary>The hosted scheduler itself, waking on the fake clock.</summary>
public sealed class SchedulerLoopFactory : TasksApiFactory
{
    protected override bool SchedulerLoop => true;
}

public sealed class FollowUpSchedulerLoopTests(SchedulerLoopFactory factory) : IClassFixture<SchedulerLoopFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_hosted_scheduler_flags_overdue_work_when_the_clock_passes_the_deadline()
    {
        var today = VietnamTime.Today(factory.Clock);
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(issueDate: today,
            tasks: [new { text = "Báo cáo nhanh.", kind = "OneOff", deadline = today.ToString("yyyy-MM-dd") }]));
        await using var db = factory.NewDbContext();
        Assert.False(await db.FollowUpNotices.AnyAsync(n => n.Kind == NoticeKind.Overdue));

        factory.Clock.Advance(TimeSpan.FromDays(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.Assignments.CountAsync(a => a.DocumentId == doc && a.OverdueAt != null) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduler did not wake on the fake clock");
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100);
        }
    }
}
