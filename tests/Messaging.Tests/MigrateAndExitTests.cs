using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

/// <summary>A deployment's migration job runs the service with Database:MigrateAndExit=true.</summary>
public sealed class MigrateAndExitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Host_stops_by_itself_once_the_database_is_migrated()
    {
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("migrate_and_exit");
        await using var host = await TestServiceHost.StartAsync(output, connection,
            settings: new Dictionary<string, string?> { [DatabaseInitializer<TestDbContext>.MigrateAndExitSetting] = "true" });

        var stopping = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await using var db = TestDbContext.Open(connection);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Host_keeps_running_without_the_setting()
    {
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("migrate_and_stay");
        await using var host = await TestServiceHost.StartAsync(output, connection);

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
