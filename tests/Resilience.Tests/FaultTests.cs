using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Units.Infrastructure;
using Xunit.Abstractions;

namespace Platform.Resilience.Tests;

/// <summary>
/// A steady stream of unit registrations through the units API, each committing its UnitRegistered in the
/// outbox, consumed by a separate consumer process through its inbox, while a part of the platform fails.
/// After each fault: every committed write applied exactly once (ids compared), the consumer's _error queue
/// empty, the consumer caught up by itself within 30 s, and the API answered every request promptly.
/// </summary>
public sealed class FaultTests(FaultServers servers, ITestOutputHelper output) : IClassFixture<FaultServers>
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    /// <summary>The API never hangs: even while a dependency is away each request is answered quickly.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Broker_restart_mid_stream_loses_and_duplicates_nothing()
    {
        await using var world = await StreamWorld.StartAsync(servers, output);

        await world.StreamAsync(FaultPlan.Writes, async () =>
        {
            await servers.Broker.StopAsync();
            await Task.Delay(FaultPlan.Outage);
            await servers.Broker.StartAgainAsync();
        });

        // The outbox keeps the API independent of the broker: every write was accepted while it was away.
        Assert.All(world.Writes, w => Assert.Equal(HttpStatusCode.Created, w.Status));
        AssertPrompt(world);
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        Assert.Equal(0u, await world.ErrorQueueDepthAsync());
    }

    [Fact]
    public async Task Broker_frozen_with_sigstop_then_resumed_loses_and_duplicates_nothing()
    {
        await using var world = await StreamWorld.StartAsync(servers, output);

        await world.StreamAsync(FaultPlan.Writes, async () =>
        {
            servers.Broker.Freeze();
            try { await Task.Delay(FaultPlan.Freeze); }
            finally { servers.Broker.Thaw(); }
        });

        Assert.All(world.Writes, w => Assert.Equal(HttpStatusCode.Created, w.Status));
        AssertPrompt(world);
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        Assert.Equal(0u, await world.ErrorQueueDepthAsync());
    }

    [Fact]
    public async Task Database_restart_mid_stream_answers_503_with_retry_after_and_loses_nothing()
    {
        await using var world = await StreamWorld.StartAsync(servers, output);
        var down = new Stopwatch();

        await world.StreamAsync(FaultPlan.Writes, async () =>
        {
            await servers.Postgres.StopAsync();
            down.Start();
            await Task.Delay(FaultPlan.Outage);
            await servers.Postgres.StartAgainAsync();
            down.Stop();
        });
        output.WriteLine($"PostgreSQL was down for {down.Elapsed.TotalSeconds:N1} s");

        // While the database was away the API said so, at once, in a ProblemDetails with Retry-After.
        var refused = world.Writes.Where(w => w.Status != HttpStatusCode.Created).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, w =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, w.Status);
            Assert.Equal("application/problem+json", w.ContentType);
            Assert.Equal("5", w.RetryAfter);
            using var problem = JsonDocument.Parse(w.Body);
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("cơ sở dữ liệu", problem.RootElement.GetProperty("detail").GetString());
        });
        // A refused write left nothing behind: none of their codes is in the database.
        var committedCodes = await CommittedCodesAsync(world);
        Assert.DoesNotContain(refused, w => committedCodes.Contains(w.Code));
        // And the stream went on after the restart.
        Assert.Equal(HttpStatusCode.Created, world.Writes.MaxBy(w => w.Index)!.Status);
        AssertPrompt(world);
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        Assert.Equal(0u, await world.ErrorQueueDepthAsync());
    }

    [Fact]
    public async Task Consumer_killed_before_it_acknowledges_is_redelivered_and_applied_once()
    {
        // The consumer holds each message for a while after its inbox transaction committed, before
        // acknowledging it: a kill then leaves applied-but-unacknowledged messages with the broker.
        await using var world = await StreamWorld.StartAsync(servers, output, holdAfterApplyMs: 5000);
        ConsumerProcess? replacement = null;

        await world.StreamAsync(FaultPlan.Writes, async () =>
        {
            // Killed as soon as it has applied one: that one is still held, unacknowledged.
            var clock = Stopwatch.StartNew();
            while (world.Consumers[0].Applied == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
            await world.Consumers[0].KillAsync();
            output.WriteLine($"killed the consumer after it applied {world.Consumers[0].Applied}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            replacement = await world.StartConsumerAsync();
        });

        Assert.All(world.Writes, w => Assert.Equal(HttpStatusCode.Created, w.Status));
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        // The broker redelivered what the killed process had applied but not acknowledged; the inbox knew them.
        Assert.True(replacement!.Duplicates > 0, "no message was redelivered to the new consumer: the kill did not hit one in flight");
        output.WriteLine($"the new consumer skipped {replacement.Duplicates} redelivered messages");
        Assert.Equal(0u, await world.ErrorQueueDepthAsync());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        await using var world = await StreamWorld.StartAsync(servers, output);
        await world.StreamAsync(Math.Min(FaultPlan.Writes, 60), () => Task.CompletedTask);
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        var consumer = world.Consumers[0];
        var duplicatesBefore = consumer.Duplicates;

        // A relay that published and then died before marking its rows publishes them again: the same
        // rows, the same MessageId, a second delivery of each.
        int republished;
        await using (var db = new UnitsDbContext(new DbContextOptionsBuilder<UnitsDbContext>().UseNpgsql(world.UnitsDatabase).UseSnakeCaseNamingConvention().Options))
        {
            republished = await db.Set<OutboxMessage>().Where(m => m.MessageType.Contains("UnitRegistered")).OrderBy(m => m.Sequence).Take(20)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, (DateTimeOffset?)null));
        }
        Assert.Equal(20, republished);
        var clock = Stopwatch.StartNew();
        while (consumer.Duplicates - duplicatesBefore < republished && clock.Elapsed < CatchUp) await Task.Delay(100);

        Assert.Equal(republished, consumer.Duplicates - duplicatesBefore);
        await world.AssertEveryCommittedWriteAppliedOnceAsync(CatchUp);
        Assert.Equal(0u, await world.ErrorQueueDepthAsync());
    }

    private static void AssertPrompt(StreamWorld world)
    {
        Assert.DoesNotContain(world.Writes, w => w.Status == 0);
        Assert.DoesNotContain(world.Writes, w => (int)w.Status >= 500 && w.Status != HttpStatusCode.ServiceUnavailable);
        var slowest = world.Writes.MaxBy(w => w.Milliseconds)!;
        Assert.True(slowest.Milliseconds < Prompt.TotalMilliseconds, $"write {slowest.Index} took {slowest.Milliseconds:N0} ms ({(int)slowest.Status})");
    }

    private static async Task<HashSet<string>> CommittedCodesAsync(StreamWorld world)
    {
        await using var db = new UnitsDbContext(new DbContextOptionsBuilder<UnitsDbContext>().UseNpgsql(world.UnitsDatabase).UseSnakeCaseNamingConvention().Options);
        return [.. await db.Units.Select(u => u.Code).ToListAsync()];
    }
}
