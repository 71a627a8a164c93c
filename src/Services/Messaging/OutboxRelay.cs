using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Messaging;

public sealed class OutboxRelayOptions
{
    /// <summary>Rows taken per transaction; they are published together and their confirms awaited together.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the relay sleeps when nothing is pending and no commit woke it.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Published rows are kept this long for audit, then purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>
/// Publishes committed outbox rows to the broker. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>
/// so several replicas never publish the same row; a row is marked published only after the broker
/// confirmed it, and a failure leaves it pending with a backoff: a row is never dropped.
/// While the broker is healthy rows go out in commit order. A row that fails backs off without holding
/// back the rows behind it (one unpublishable row must not stop a service's events), so across a
/// failure order is not guaranteed: consumers use each event's own time to ignore stale ones.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    DatabaseReadiness<TContext> readiness,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly ConcurrentDictionary<string, Type?> TypeCache = new();
    private readonly OutboxRelayOptions _options = options.Value;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    /// <summary>Name of the trace of a relay poll that published rows (a poll that found none leaves no trace).</summary>
    public const string PublishTraceName = "outbox relay publish";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The loop belongs to no one's trace, whatever was current when the host started it.
        Activity.Current = null;
        await readiness.WaitAsync(stoppingToken);
        logger.LogInformation("Outbox relay for {Context} started", typeof(TContext).Name);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                if (published < _options.BatchSize)
                {
                    await PurgeIfDueAsync(stoppingToken);
                    await signal.WaitAsync(_options.IdlePollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database itself failed (restart, network): nothing was marked, so nothing is lost.
                logger.LogWarning(ex, "Outbox relay for {Context} could not read the outbox; retrying", typeof(TContext).Name);
                await Task.Delay(_options.MinBackoff * 5, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows were published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        // Looking for rows is not traced; a batch that publishes is one "outbox relay publish" trace.
        using var trace = ScanTrace.Start(PublishTraceName);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var rows = await db.Set<OutboxMessage>()
            .FromSqlInterpolated($"""
                SELECT * FROM outbox_messages
                WHERE published_at IS NULL AND next_attempt_at <= {now}
                ORDER BY sequence
                LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        if (rows.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }
        trace.FoundWork(rows.Count);
        var batch = trace.Activity?.Context ?? default;

        // The whole batch is handed to the broker at once, in commit order, and the confirms are awaited
        // together: waiting for each confirm before the next publish made the relay as slow as one disk
        // flush of the broker per event (tens of events per second, bench/Messaging.Bench).
        var publishes = new Task[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            publishes[i] = PublishAsync(bus, rows[i], batch, cancellationToken);
        }

        var publishedIds = new List<Guid>(rows.Count);
        Exception? firstFailure = null;
        var failed = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            try
            {
                await publishes[i];
                publishedIds.Add(row.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                row.NextAttemptAt = DateTimeOffset.UtcNow + Backoff(row.Attempts);
                row.LastError = Truncate(ex is OperationCanceledException
                    ? $"The broker did not confirm the message within {_options.PublishTimeout.TotalSeconds:0.#} s."
                    : ex.Message, 2000);
                failed++;
                if (firstFailure is null)
                {
                    firstFailure = ex;
                    logger.LogWarning(ex, "Publishing outbox message {MessageId} ({MessageType}) failed, attempt {Attempts}; retrying at {NextAttemptAt}",
                        row.Id, row.MessageType, row.Attempts, row.NextAttemptAt);
                }
            }
        }
        if (failed > 0)
        {
            MessagingMetrics.PublishFailures.Add(failed);
            if (failed > 1)
            {
                logger.LogWarning("{Failed} of {Count} outbox messages of this batch failed to publish and back off", failed, rows.Count);
            }
        }

        // One statement marks the confirmed rows; only the failed ones (tracked, with their backoff) are saved row by row.
        if (publishedIds.Count > 0)
        {
            var publishedAt = DateTimeOffset.UtcNow;
            await db.Set<OutboxMessage>().Where(m => publishedIds.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.PublishedAt, publishedAt), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MessagingMetrics.Published.Add(publishedIds.Count);
        return publishedIds.Count;
    }

    private async Task PublishAsync(IBus bus, OutboxMessage row, ActivityContext batch, CancellationToken cancellationToken)
    {
        // Runs synchronously up to bus.Publish, so the caller hands a batch's publishes to the bus in commit order.
        var type = TypeCache.GetOrAdd(row.MessageType, static name => Type.GetType(name, throwOnError: false))
            ?? throw new InvalidOperationException($"Unknown message type '{row.MessageType}'.");
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty body.");

        // A row written in a traced unit of work (a request, a consumed message) is published in that work's trace, so
        // a user's request stays one trace end to end; it links to the relay's batch trace. A row written outside any
        // trace is published inside the batch trace.
        ActivityLink[]? links = null;
        if (ActivityContext.TryParse(row.TraceParent, null, out var parent))
        {
            if (batch != default) links = [new ActivityLink(batch)];
        }
        else
        {
            parent = batch;
        }
        using var activity = MessagingMetrics.ActivitySource.StartActivity(
            $"outbox relay {type.Name}", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("messaging.message.id", row.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, ctx => ctx.MessageId = row.Id, timeout.Token);
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 16));
        var jitter = Random.Shared.NextDouble() * _options.MinBackoff.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Min(exponential + jitter, _options.MaxBackoff.TotalMilliseconds));
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow - _lastPurge < TimeSpan.FromMinutes(10))
        {
            return;
        }
        _lastPurge = DateTimeOffset.UtcNow;
        using var trace = ScanTrace.Start("outbox purge");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = DateTimeOffset.UtcNow - _options.Retention;
        var purged = await db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (purged > 0)
        {
            trace.FoundWork(purged);
            logger.LogDebug("Outbox relay for {Context} purged {Purged} published rows", typeof(TContext).Name, purged);
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
