using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Tasks.Tests;

/// <summary>Issuing the seed dispatch's shape to as many units as the Hải Phòng demo organisation has.</summary>
public sealed class IssuingScaleTests(TasksApiFactory factory, ITestOutputHelper output) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    private const int Units = 1250;

    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Issuing_to_1250_units_is_one_transaction_with_every_event_in_the_outbox()
    {
        var group = Guid.Parse("20000000-0000-0000-0000-000000001250");
        factory.UnitsService.Groups[group] = ("ALL", "Toàn bộ đơn vị", Enumerable.Range(1, Units).Select(i => Guid.CreateVersion7()).ToList());
        // The seed dispatch's five tasks: three one-off, one quarterly (Q2–Q4 2024), one standing = 7 assignments per unit.
        var officer = factory.Officer();
        var id = await Api.CreateDraftAsync(officer, Api.Dispatch(addressees: [new { groupId = group }], tasks:
        [
            new { text = "Nhiệm vụ 1", kind = "OneOff", deadlineWorkingDays = 10 },
            new { text = "Nhiệm vụ 2", kind = "OneOff", deadline = "2024-05-31" },
            new { text = "Nhiệm vụ 3", kind = "OneOff", deadline = "2024-06-28" },
            new { text = "Nhiệm vụ 4", kind = "Recurring", period = "Quarterly", repeatUntil = "2024-12-31", dueDay = 25 },
            new { text = "Nhiệm vụ 5", kind = "Standing" },
        ]));
        await using var db = factory.NewDbContext();
        var outboxBefore = await db.Set<OutboxMessage>().CountAsync();

        var stopwatch = Stopwatch.StartNew();
        var issued = await Api.IssueAsync(officer, id);
        stopwatch.Stop();

        var serverMs = issued.GetProperty("elapsedMilliseconds").GetInt64();
        output.WriteLine($"Issued to {Units} units: {issued.GetProperty("assignmentCount").GetInt32()} assignments; " +
                         $"issuing transaction {serverMs} ms, whole request {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(Units, issued.GetProperty("unitCount").GetInt32());
        Assert.Equal(Units * 7, issued.GetProperty("assignmentCount").GetInt32());
        Assert.Equal(Units * 7, await db.Assignments.CountAsync(a => a.DocumentId == id));
        // Every TaskAssigned plus the DocumentIssued were committed with them (the relay may already be publishing).
        Assert.Equal(Units * 7 + 1, await db.Set<OutboxMessage>().CountAsync() - outboxBefore);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"issuing took {stopwatch.Elapsed}");
    }
}
