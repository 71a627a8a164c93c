using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

/// <summary>
/// An exclusive <see cref="ScanHold"/> on a service's database holds its scheduled scans still: taking it waits for
/// the scan in flight, no scan starts while it is held, and scans resume when it is released.
/// </summary>
public sealed class ScanHoldTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Holding_the_scans_waits_for_the_one_in_flight_and_stops_the_next_until_released()
    {
        var connectionString = await (await SharedServers.Postgres).CreateDatabaseAsync("scan_hold");
        await using var host = await TestServiceHost.StartAsync(output, connectionString);
        var readiness = host.Services.GetRequiredService<DatabaseReadiness<TestDbContext>>();

        var started = 0;
        var finished = 0;
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letItFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var loop = PeriodicScan.RunAsync(readiness, () => TimeSpan.FromMilliseconds(50), TimeProvider.System, NullLogger.Instance, "test scan", "test scan",
            async ct =>
            {
                if (Interlocked.Increment(ref started) == 1)
                {
                    inFlight.TrySetResult();
                    await letItFinish.Task.WaitAsync(ct);
                }
                Interlocked.Increment(ref finished);
                return false;
            }, stop.Token);

        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({ScanHold.AdvisoryLockKey})", holder);
        var holding = hold.ExecuteNonQueryAsync();
        await Task.Delay(300);
        Assert.False(holding.IsCompleted, "The hold was taken while a scan was still running");

        letItFinish.SetResult();
        await holding.WaitAsync(TimeSpan.FromSeconds(30));
        var whenHeld = Volatile.Read(ref started);
        Assert.Equal(1, Volatile.Read(ref finished));
        await Task.Delay(500); // ten intervals
        Assert.Equal(whenHeld, Volatile.Read(ref started));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({ScanHold.AdvisoryLockKey})", holder))
        {
            Assert.True((bool)(await release.ExecuteScalarAsync())!);
        }
        await Eventually.HoldsAsync(() => Volatile.Read(ref started) > whenHeld + 2, TimeSpan.FromSeconds(10), "scans resume once the hold is released");

        await stop.CancelAsync();
        await loop;
    }
}
