using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging.Bench;

// Two message types of the same shape, so the relayed and the directly published events have their
// own exchanges and queues and one path's messages never count for the other.

/// <summary>An event written to the outbox and published by the relay.</summary>
public sealed record OutboxBenchEvent
{
    public required int Round { get; init; }
    public required int Index { get; init; }
    public required Guid SubjectId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The same event published with <c>IBus.Publish</c>, without the outbox.</summary>
public sealed record DirectBenchEvent
{
    public required int Round { get; init; }
    public required int Index { get; init; }
    public required Guid SubjectId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>What the inbox consumer wrote for one event: one row per message id, so a duplicate cannot hide.</summary>
public sealed class AppliedEvent
{
    public Guid MessageId { get; set; }
    public required string Path { get; set; }
    public int Round { get; set; }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<AppliedEvent> Applied => Set<AppliedEvent>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppliedEvent>(b =>
        {
            b.ToTable("applied_events");
            b.HasKey(a => a.MessageId);
            b.Property(a => a.Path).HasMaxLength(32);
        });
        modelBuilder.AddOutboxAndInbox();
    }

    public static BenchDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<BenchDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .Options);
}

/// <summary>Counts what the consumers applied in the current round and completes when all arrived.</summary>
public sealed class Progress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Round> _rounds = [];

    public Task<TimeSpan> Expect(string path, int count, Stopwatch clock)
    {
        var round = new Round(count, clock);
        lock (_gate) _rounds[path] = round;
        return round.Done.Task;
    }

    public void Applied(string path)
    {
        Round? round;
        lock (_gate) _rounds.TryGetValue(path, out round);
        if (round is not null && Interlocked.Decrement(ref round.Remaining) == 0)
        {
            round.Done.TrySetResult(round.Clock.Elapsed);
        }
    }

    private sealed class Round(int count, Stopwatch clock)
    {
        public int Remaining = count;
        public readonly Stopwatch Clock = clock;
        public readonly TaskCompletionSource<TimeSpan> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed class OutboxBenchEventConsumer(BenchDbContext db, Progress progress) : IConsumer<OutboxBenchEvent>
{
    public const string Path = "relay";

    public async Task Consume(ConsumeContext<OutboxBenchEvent> context)
    {
        if (await db.ApplyOnceAsync(context, "bench-outbox-consumer", _ =>
            {
                db.Applied.Add(new AppliedEvent { MessageId = context.MessageId!.Value, Path = Path, Round = context.Message.Round });
                return Task.CompletedTask;
            }))
        {
            progress.Applied(Path);
        }
    }
}

public sealed class DirectBenchEventConsumer(BenchDbContext db, Progress progress) : IConsumer<DirectBenchEvent>
{
    public const string Path = "masstransit";

    public async Task Consume(ConsumeContext<DirectBenchEvent> context)
    {
        if (await db.ApplyOnceAsync(context, "bench-direct-consumer", _ =>
            {
                db.Applied.Add(new AppliedEvent { MessageId = context.MessageId!.Value, Path = Path, Round = context.Message.Round });
                return Task.CompletedTask;
            }))
        {
            progress.Applied(Path);
        }
    }
}
