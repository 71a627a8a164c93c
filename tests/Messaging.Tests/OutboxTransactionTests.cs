using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

public sealed class OutboxTransactionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Event_is_written_when_the_transaction_commits()
    {
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("outbox_commit");
        await using var host = await TestServiceHost.StartAsync(output, connection);
        var widgetId = Guid.NewGuid();
        var registered = Units.Registered("COMMIT-1");

        Guid rowId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Id = widgetId, Name = "committed" });
            rowId = db.AddIntegrationEvent(registered).Id;
            await db.SaveChangesAsync();

            await using (var outside = TestDbContext.Open(connection))
            {
                Assert.Equal(0, await outside.OutboxMessages.CountAsync());
                Assert.Equal(0, await outside.Widgets.CountAsync());
            }
            await transaction.CommitAsync();
        }

        await using var check = TestDbContext.Open(connection);
        var widget = Assert.Single(await check.Widgets.ToListAsync());
        Assert.Equal(widgetId, widget.Id);
        var row = Assert.Single(await check.OutboxMessages.ToListAsync());
        Assert.Equal(rowId, row.Id);
        Assert.Equal($"{typeof(UnitRegistered).FullName}, Platform.Contracts", row.MessageType);
        Assert.Null(row.PublishedAt);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(registered, JsonSerializer.Deserialize<UnitRegistered>(row.Body, Outbox.Json));
    }

    [Fact]
    public async Task Rolled_back_transaction_leaves_no_event()
    {
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("outbox_rollback");
        await using var host = await TestServiceHost.StartAsync(output, connection);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "rolled back" });
            db.AddIntegrationEvent(Units.Registered("ROLLBACK-1"));
            await db.SaveChangesAsync();

            // Both rows were written inside the transaction, so the rollback is what removes them.
            Assert.Equal(1, await db.OutboxMessages.CountAsync());
            Assert.Equal(1, await db.Widgets.CountAsync());
            await transaction.RollbackAsync();
        }

        await using var check = TestDbContext.Open(connection);
        Assert.Equal(0, await check.OutboxMessages.CountAsync());
        Assert.Equal(0, await check.Widgets.CountAsync());
    }

    [Fact]
    public async Task Events_saved_together_keep_the_order_they_were_added_in()
    {
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("outbox_order");
        await using var host = await TestServiceHost.StartAsync(output, connection);
        var codes = Enumerable.Range(1, 200).Select(i => $"ORDER-{i:D3}").ToList();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            foreach (var code in codes)
            {
                db.AddIntegrationEvent(Units.Registered(code));
            }
            await db.SaveChangesAsync();
        }

        await using var check = TestDbContext.Open(connection);
        var rows = await check.OutboxMessages.OrderBy(m => m.Sequence).ToListAsync();
        var published = rows.Select(r => JsonSerializer.Deserialize<UnitRegistered>(r.Body, Outbox.Json)!.Code).ToList();
        Assert.Equal(codes, published);
        Assert.Equal(rows.Select(r => r.Id).Order().ToList(), rows.Select(r => r.Id).ToList());
    }

    [Fact]
    public void Sequential_guids_are_version_7_and_increase_within_a_millisecond()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 5000).Select(_ => SequentialGuid.NewVersion7(now)).ToList();

        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order().ToList(), ids);
    }
}
