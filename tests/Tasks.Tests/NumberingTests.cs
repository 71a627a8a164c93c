using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Tests;

public sealed class NumberingTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Parallel_issues_by_one_issuer_get_consecutive_numbers_without_gaps_or_duplicates()
    {
        const int parallel = 12;
        var officer = factory.Officer();
        var drafts = new List<Guid>();
        for (var i = 0; i < parallel; i++)
        {
            drafts.Add(await Api.CreateDraftAsync(officer, Api.Dispatch(issueDate: new DateOnly(2026, 3, 2),
                tasks: [new { text = "Báo cáo.", kind = "OneOff", deadline = "2026-06-30" }])));
        }

        var results = await Task.WhenAll(drafts.Select(id => Task.Run(async () =>
        {
            var response = await factory.Officer().PostAsync($"/api/tasks/documents/{id}/issue", null);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("document").GetProperty("number").GetInt32();
        })));

        Assert.Equal(Enumerable.Range(1, parallel), results.Order());
        await using var db = factory.NewDbContext();
        Assert.Equal(parallel, (await db.NumberCounters.SingleAsync(c => c.IssuerUnitId == TestOrg.Department && c.Year == 2026)).LastNumber);
    }

    [Fact]
    public async Task A_rolled_back_issue_gives_its_number_back()
    {
        await using (var db = factory.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await DocumentNumbering.NextAsync(db, TestOrg.DistrictB, 2027, default));
            Assert.Equal(2, await DocumentNumbering.NextAsync(db, TestOrg.DistrictB, 2027, default));
            await transaction.RollbackAsync();
        }
        await using (var db = factory.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await DocumentNumbering.NextAsync(db, TestOrg.DistrictB, 2027, default));
            // Years and issuers count separately.
            Assert.Equal(1, await DocumentNumbering.NextAsync(db, TestOrg.DistrictB, 2028, default));
            Assert.Equal(1, await DocumentNumbering.NextAsync(db, TestOrg.DistrictA, 2027, default));
            await transaction.CommitAsync();
        }
    }
}
