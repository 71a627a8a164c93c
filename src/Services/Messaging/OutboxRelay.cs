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
    /// <summary>Rows taken per transaction.</summary>
    public int BatchSize { get; set; } = 100;

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

        var published = 0;
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(bus, row, cancellationToken);
                row.PublishedAt = DateTimeOffset.UtcNow;
                published++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                row.Attempts++;
                row.NextAttemptAt = DateTimeOffset.UtcNow + Backoff(row.Attempts);
                row.LastError = Truncate(ex is OperationCanceledException
                    ? $"The broker did not confirm the message within {_options.PublishTimeout.TotalSeconds:0.#} s."
                    : ex.Message, 2000);
                MessagingMetrics.PublishFailures.Add(1);
                logger.LogWarning(ex, "Publishing outbox message {MessageId} ({MessageType}) failed, attempt {Attempts}; retrying at {NextAttemptAt}",
                    row.Id, row.MessageType, row.Attempts, row.NextAttemptAt);
                // The rest of this batch waits for the next round, so a broker outage costs one timeout per round.
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MessagingMetrics.Published.Add(published);
        return published;
    }

    private async Task PublishAsync(IBus bus, OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = TypeCache.GetOrAdd(row.MessageType, static name => Type.GetType(name, throwOnError: false))
            ?? throw new InvalidOperationException($"Unknown message type '{row.MessageType}'.");
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty body.");

        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity(
            $"outbox relay {type.Name}", ActivityKind.Internal, parent);
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = DateTimeOffset.UtcNow - _options.Retention;
        await db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
