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
}
