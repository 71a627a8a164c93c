using System.Net;
using System.Net.Http.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Reporting.Consumers;
using Platform.Reporting.Domain;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests;

/// <summary>The reporting service with MassTransit's in-memory test harness instead of the shared broker, so published events reach only it.</summary>
public sealed class HarnessReportingFactory : ReportingApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            // The harness would stop waiting after a few idle seconds; the test's own waits bound it instead.
            services.Configure<TestHarnessOptions>(o =>
            {
                o.TestTimeout = TimeSpan.FromMinutes(10);
                o.TestInactivityTimeout = TimeSpan.FromMinutes(10);
            });
        });
    }

    public ITestHarness Harness => Services.GetTestHarness();
}

public sealed class UnitMovedConsumerTests(HarnessReportingFactory factory) : IClassFixture<HarnessReportingFactory>
{
    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the consumer did not apply the event in time");
            await Task.Delay(50);
        }
    }

    private async Task<Dictionary<string, Submission>> ReportsOfAsync(Guid template, Guid unit)
    {
        await using var db = factory.NewDbContext();
        return await db.Submissions.AsNoTracking().Where(s => s.TemplateId == template && s.UnitId == unit)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s, p.Key }).ToDictionaryAsync(x => x.Key, x => x.s);
    }

    private async Task PublishTwiceAsync(UnitMoved message, Guid messageId)
    {
        await factory.Harness.Bus.Publish(message, ctx => ctx.MessageId = messageId);
        // A redelivery (same MessageId) is recognised by the inbox and changes nothing.
        await factory.Harness.Bus.Publish(message, ctx => ctx.MessageId = messageId);
        await using var db = factory.NewDbContext();
        await WaitUntilAsync(async () => await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId) > 0);
        await WaitUntilAsync(async () => await factory.Harness.Consumed.SelectAsync<UnitMoved>(c => c.Context.MessageId == messageId).Count() == 2);
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId && m.Consumer == UnitMovedConsumer.InboxName));
    }

    [Fact]
    public async Task A_school_moved_to_another_district_reports_there_from_the_move_on_and_its_approved_and_earlier_reports_keep_the_old_chain()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 20));
        var template = await factory.CreateDemoTemplateAsync("MOVE-SCHOOL");
        await TestApi.CreateScheduleAsync(factory, template, "2024-02");
        var before = await ReportsOfAsync(template, Org.SchoolA2);
        Assert.Equal(["2024-02", "2024-03", "2024-04", "2024-05"], before.Keys.Order());
        Assert.All(before.Values, s => Assert.Equal([Org.DistrictA, Org.Department], s.Chain));

        // April is approved by district A; May is a draft; March is not started.
        await TestApi.SubmitAsync(factory, before["2024-04"].Id, Org.SchoolA2, TestApi.ValidValues(6));
        await TestApi.ApproveAsync(factory, before["2024-04"].Id, Org.DistrictA);
        using var school = factory.ClientFor(Org.SchoolA2, PlatformRoles.SchoolManager);
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{before["2024-05"].Id}/values", new { values = TestApi.ValidValues(3) })).Json(HttpStatusCode.OK);
        var draftVersion = (await ReportsOfAsync(template, Org.SchoolA2))["2024-05"].Version;

        // The school moves to district B from 01/04/2024.
        await PublishTwiceAsync(new UnitMoved
        {
            UnitId = Org.SchoolA2, PreviousParentId = Org.DistrictA, NewParentId = Org.DistrictB, EffectiveDate = new DateOnly(2024, 4, 1), OccurredAt = DateTimeOffset.UtcNow,
        }, NewId.NextGuid());

        var after = await ReportsOfAsync(template, Org.SchoolA2);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-02"].Chain);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-03"].Chain);
        Assert.Equal(SubmissionStatus.Approved, after["2024-04"].Status);
        Assert.Equal([Org.DistrictA, Org.Department], after["2024-04"].Chain);
        Assert.Equal([Org.DistrictB, Org.Department], after["2024-05"].Chain);
        Assert.Equal(draftVersion, after["2024-05"].Version);
        Assert.Equal(SubmissionStatus.Draft, after["2024-05"].Status);

        // April stays in district A's consolidation; May is now district B's to review, no longer district A's.
        using var districtA = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        Assert.Equal(6, (await TestApi.ConsolidatedAsync(districtA, template, "2024-04", Org.DistrictA)).ChildValue(Org.SchoolA2, "dissemination_sessions"));
        await (await school.PostAsync($"/api/reports/submissions/{after["2024-05"].Id}/submit", null)).Json(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await districtA.PostAsync($"/api/reports/submissions/{after["2024-05"].Id}/approve", null)).StatusCode);
        await TestApi.ApproveAsync(factory, after["2024-05"].Id, Org.DistrictB);
        using var districtB = factory.ClientFor(Org.DistrictB, PlatformRoles.DistrictOfficer);
        Assert.Equal(3, (await TestApi.ConsolidatedAsync(districtB, template, "2024-05", Org.DistrictB)).ChildValue(Org.SchoolA2, "dissemination_sessions"));
    }

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

        await PublishTwiceAsync(new UnitMoved
        {
            UnitId = Org.DistrictB, PreviousParentId = Org.Department, NewParentId = cluster, EffectiveDate = new DateOnly(2024, 5, 1), OccurredAt = DateTimeOffset.UtcNow,
        }, NewId.NextGuid());

        var reports = await ReportsOfAsync(template, Org.SchoolB1);
        Assert.Equal([Org.DistrictB, Org.Department], reports["2024-04"].Chain);
        Assert.Equal([Org.DistrictB, cluster, Org.Department], reports["2024-05"].Chain);
        // A school elsewhere is untouched.
        Assert.Equal([Org.DistrictA, Org.Department], (await ReportsOfAsync(template, Org.SchoolA1))["2024-05"].Chain);
    }
}
