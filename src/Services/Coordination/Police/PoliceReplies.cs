using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Coordination;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Coordination.Police;

public enum ReplyOutcome
{
    Applied,
    /// <summary>The same message id was applied before (redelivery, or the police sent it twice).</summary>
    Duplicate,
    /// <summary>Valid, but late or out of order: recorded in the history, the referral unchanged.</summary>
    Ignored,
    UnknownReferral,
}

/// <summary>Applies one reply from the police to its referral, at most once per message id.</summary>
public sealed class PoliceReplyHandler(CoordinationDbContext db, TimeProvider clock, ILogger<PoliceReplyHandler> logger)
{
    public const string InboxConsumer = "police-replies";

    public async Task<ReplyOutcome> ApplyAsync(Guid messageId, object reply, CancellationToken ct)
    {
        var referralId = reply switch
        {
            PoliceReferralAcknowledged a => a.ReferralId,
            PoliceReferralAccepted a => a.ReferralId,
            PoliceReferralDeclined d => d.ReferralId,
            PoliceReferralOutcomeRecorded o => o.ReferralId,
            _ => throw new ArgumentException($"{reply.GetType().Name} is not a police reply.", nameof(reply)),
        };
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The inbox row commits with the change: a redelivered or repeated message finds it and changes nothing.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({messageId}, {InboxConsumer}, {now}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(ct);
            return ReplyOutcome.Duplicate;
        }
        var referral = await db.LockReferralAsync(referralId, ct);
        if (referral is null)
        {
            await transaction.RollbackAsync(ct);
            return ReplyOutcome.UnknownReferral;
        }

        var previous = referral.Status;
        var effect = reply switch
        {
            PoliceReferralAcknowledged a => referral.Acknowledge(a.AcknowledgedAt, a.HandlingUnit, now, messageId),
            PoliceReferralAccepted a => referral.Accept(a.AcceptedAt, a.PoliceCaseReference, a.HandlingUnit, now, messageId),
            PoliceReferralDeclined d => referral.Decline(d.DeclinedAt, d.Reason, now, messageId),
            PoliceReferralOutcomeRecorded o => referral.RecordOutcome(o.RecordedAt, o.Outcome, o.Summary, now, messageId),
            _ => throw new UnreachableException(),
        };
        if (effect == ReplyEffect.Applied)
        {
            db.AddIntegrationEvent(new ReferralStatusChanged
            {
                ReferralId = referral.Id,
                IncidentId = referral.IncidentId,
                ReportingUnitId = referral.ReportingUnitId,
                PreviousStatus = previous.ToString(),
                Status = referral.Status.ToString(),
                OccurredAt = now,
            });
            if (previous is ReferralStatus.Requested or ReferralStatus.Sent)
            {
                CoordinationMetrics.AcknowledgementLatency.Record((now - referral.RequestedAt).TotalSeconds,
                    new KeyValuePair<string, object?>("severity", referral.Severity.ToString()));
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        CoordinationMetrics.PoliceRepliesApplied.Add(1, new KeyValuePair<string, object?>("effect", effect.ToString()));
        logger.LogInformation("Police reply {MessageId} ({Reply}) for referral {ReferralId}: {Effect}; {Previous} → {Status}",
            messageId, reply.GetType().Name, referralId, effect, previous, referral.Status);
        return effect is ReplyEffect.Applied or ReplyEffect.DetailsAdded ? ReplyOutcome.Applied : ReplyOutcome.Ignored;
    }
}

/// <summary>
/// Consumes the police system's replies from <see cref="PoliceWire.RepliesQueue"/>. A reply is applied
/// only when the broker-validated <c>user_id</c> is the police system's user; anything unreadable, of an
/// unknown type, from anyone else, or about an unknown referral is rejected to the dead-letter queue for
/// operators. Passing failures (database down) go back to the queue: delivery is at least once, and the
/// inbox makes applying idempotent.
/// </summary>
public sealed class PoliceReplyListener(
    PoliceBroker broker,
    IServiceScopeFactory scopes,
    IOptions<PoliceOptions> options,
    DatabaseReadiness<CoordinationDbContext> readiness,
    TimeProvider clock,
    ILogger<PoliceReplyListener> logger) : BackgroundService
{
    private static readonly Dictionary<string, Type> ReplyTypes = new(StringComparer.Ordinal)
    {
        [nameof(PoliceReferralAcknowledged)] = typeof(PoliceReferralAcknowledged),
        [nameof(PoliceReferralAccepted)] = typeof(PoliceReferralAccepted),
        [nameof(PoliceReferralDeclined)] = typeof(PoliceReferralDeclined),
        [nameof(PoliceReferralOutcomeRecorded)] = typeof(PoliceReferralOutcomeRecorded),
    };

    private readonly PoliceOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ListenerEnabled) return;
        await readiness.WaitAsync(stoppingToken);
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await broker.ConnectionAsync(stoppingToken);
                var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                        consumerDispatchConcurrency: Math.Max((ushort)1, _options.ReplyConcurrency)), stoppingToken);
                await channel.BasicQosAsync(0, _options.Prefetch, false, stoppingToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stoppingToken);
                await channel.BasicConsumeAsync(PoliceWire.RepliesQueue, autoAck: false, consumer, stoppingToken);
                logger.LogInformation("Listening for police replies on {Queue} (accepted sender: {User})", PoliceWire.RepliesQueue, _options.ReplyUserId);
                attempt = 0;
                // Automatic recovery re-opens the channel and its consumer after a broker restart.
                while (!stoppingToken.IsCancellationRequested && channel.IsOpen)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                if (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Police reply channel closed: {Reason}; reopening", channel.CloseReason);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                attempt++;
                logger.LogWarning(ex, "Police reply listener could not connect (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var properties = delivery.BasicProperties;
        ActivityContext.TryParse(Header(properties, PoliceWire.TraceParentHeader), null, out var parent);
        using var activity = CoordinationMetrics.ActivitySource.StartActivity($"police reply {delivery.RoutingKey}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.id", properties.MessageId);

        var rejection = Check(delivery, out var messageId, out var reply);
        if (rejection is not null)
        {
            await RejectAsync(channel, delivery, rejection);
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PoliceReplyHandler>().ApplyAsync(messageId, reply!, ct);
            if (outcome == ReplyOutcome.UnknownReferral)
            {
                await RejectAsync(channel, delivery, "the referral it names is unknown");
                return;
            }
            activity?.SetTag("coordination.reply.outcome", outcome.ToString());
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Applying police reply {MessageId} failed; it goes back to the queue", messageId);
            await Task.Delay(_options.RedeliveryDelay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
    }

    /// <summary>Null when the delivery may be applied; otherwise why not.</summary>
    private string? Check(BasicDeliverEventArgs delivery, out Guid messageId, out object? reply)
    {
        var properties = delivery.BasicProperties;
        messageId = Guid.Empty;
        reply = null;
        if (!string.Equals(properties.UserId, _options.ReplyUserId, StringComparison.Ordinal))
        {
            return $"its user_id '{properties.UserId}' is not the police system's ('{_options.ReplyUserId}')";
        }
        if (!Guid.TryParse(properties.MessageId, out messageId))
        {
            return $"its message_id '{properties.MessageId}' is not a UUID";
        }
        var typeName = properties.Type ?? (PoliceWire.MessageTypes.TryGetValue(delivery.RoutingKey, out var byKey) ? byKey : null);
        if (typeName is null || !ReplyTypes.TryGetValue(typeName, out var type))
        {
            return $"its type '{typeName}' (routing key '{delivery.RoutingKey}') is not a police reply";
        }
        if (PoliceWire.MessageTypes.TryGetValue(delivery.RoutingKey, out var expected) && expected != typeName)
        {
            return $"its type '{typeName}' does not match the routing key '{delivery.RoutingKey}'";
        }
        try
        {
            reply = JsonSerializer.Deserialize(delivery.Body.Span, type, PoliceBroker.Json);
            return reply is null ? "its body is empty" : PoliceReplyRules.Problem(reply, clock.GetUtcNow());
        }
        catch (JsonException ex)
        {
            return $"its body is not a valid {typeName}: {ex.Message}";
        }
    }

    private async Task RejectAsync(IChannel channel, BasicDeliverEventArgs delivery, string reason)
    {
        CoordinationMetrics.PoliceRepliesRejected.Add(1);
        logger.LogWarning("Rejected police reply {MessageId} ({RoutingKey}) to the dead-letter queue: {Reason}",
            delivery.BasicProperties.MessageId, delivery.RoutingKey, reason);
        await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, CancellationToken.None);
    }

    internal static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string s => s,
            _ => value?.ToString(),
        } : null;
}

/// <summary>
/// What a police reply may hold, as <c>docs/asyncapi.yaml</c> documents it: texts within the lengths the referral keeps
/// (an over-long one used to fail at the database and be retried forever), no NUL characters, an outcome from the
/// published list, times that are set and not in the future. A reply outside them goes to the dead-letter queue, named.
/// </summary>
public static class PoliceReplyRules
{
    public const int HandlingUnitMax = 256;
    public const int CaseReferenceMax = 128;
    public const int ReasonMax = 2000;
    public const int SummaryMax = 4000;

    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Resolved", "AdministrativeSanction", "CriminalProceedings", "TransferredToOtherAgency", "NoViolationFound",
    };

    /// <summary>Null when <paramref name="reply"/> keeps to the contract; otherwise what is wrong with it.</summary>
    public static string? Problem(object reply, DateTimeOffset now) => reply switch
    {
        PoliceReferralAcknowledged a => Referral(a.ReferralId) ?? Time("acknowledgedAt", a.AcknowledgedAt, now)
            ?? Text("handlingUnit", a.HandlingUnit, HandlingUnitMax, required: false),
        PoliceReferralAccepted a => Referral(a.ReferralId) ?? Time("acceptedAt", a.AcceptedAt, now)
            ?? Text("policeCaseReference", a.PoliceCaseReference, CaseReferenceMax, required: true)
            ?? Text("handlingUnit", a.HandlingUnit, HandlingUnitMax, required: false),
        PoliceReferralDeclined d => Referral(d.ReferralId) ?? Time("declinedAt", d.DeclinedAt, now)
            ?? Text("reason", d.Reason, ReasonMax, required: true),
        PoliceReferralOutcomeRecorded o => Referral(o.ReferralId) ?? Time("recordedAt", o.RecordedAt, now)
            ?? (Outcomes.Contains(o.Outcome ?? "") ? null : $"its outcome '{Shorten(o.Outcome)}' is not one of {string.Join(", ", Outcomes)}")
            ?? Text("summary", o.Summary, SummaryMax, required: false),
        _ => $"{reply.GetType().Name} is not a police reply",
    };

    private static string? Referral(Guid id) => id == Guid.Empty ? "its referralId is missing" : null;

    private static string? Time(string field, DateTimeOffset at, DateTimeOffset now) =>
        at < new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) ? $"its {field} is missing or before 2000"
        : at > now.AddHours(1) ? $"its {field} ({at:O}) is in the future"
        : null;

    private static string? Text(string field, string? value, int max, bool required) =>
        string.IsNullOrWhiteSpace(value) ? (required ? $"its {field} is missing" : null)
        : value.Length > max ? $"its {field} is {value.Length} characters long; at most {max}"
        : value.Contains('\0') ? $"its {field} holds a NUL character"
        : null;

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "…";
}
