using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Coordination.Police;

/// <summary><c>Coordination:Police</c>: the boundary with the police coordination system.</summary>
public sealed class PoliceOptions
{
    /// <summary>Broker for the police exchanges; defaults to the platform's broker (<c>ConnectionStrings:rabbitmq</c>).</summary>
    public string? BrokerUri { get; set; }

    /// <summary>
    /// The broker user the police system connects as. A reply is applied only when its AMQP <c>user_id</c>
    /// property equals this name; RabbitMQ itself refuses a <c>user_id</c> that is not the publishing
    /// connection's user, so the property cannot be forged by another account.
    /// </summary>
    public string ReplyUserId { get; set; } = "police-system";

    public ushort Prefetch { get; set; } = 32;

    /// <summary>
    /// Replies applied at the same time (each in its own transaction, the referral row locked). Replies about one
    /// referral may then apply out of order; the referral ranks them (a late acknowledgement after an acceptance is
    /// recorded and changes nothing), so order does not matter. One at a time, the replies queued behind each other
    /// at 20 incidents/s on two cores (seconds from the police's acknowledgement to the platform recording it).
    /// </summary>
    public ushort ReplyConcurrency { get; set; } = 8;

    /// <summary>Whether the reply listener runs.</summary>
    public bool ListenerEnabled { get; set; } = true;

    /// <summary>Wait before a reply that failed for a passing reason (database down) goes back to the queue.</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The platform's side of the police exchanges, with plain AMQP so the wire format is exactly what
/// docs/asyncapi.yaml says: topic exchanges, a routing key per message, AMQP properties for the id,
/// type and sender, and a camelCase JSON body. Publishes wait for the broker's confirm.
/// </summary>
public sealed class PoliceBroker(IOptions<PoliceOptions> options, IConfiguration configuration, ILogger<PoliceBroker> logger) : IAsyncDisposable
{
    /// <summary>camelCase; optional properties left out when empty; reading refuses null where the contract needs a value.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
    public const string AppId = "platform-coordination";

    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _publisher;

    public Uri BrokerUri => new(options.Value.BrokerUri
        ?? configuration.GetConnectionString(MessagingSetup.BrokerConnectionName)
        ?? throw new InvalidOperationException("No broker configured for the police interface."));

    public async Task<IConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true }) return _connection;
        await _connectGate.WaitAsync(ct);
        try
        {
            if (_connection is { IsOpen: true }) return _connection;
            var factory = new ConnectionFactory
            {
                Uri = BrokerUri,
                ClientProvidedName = "coordination-police-interface",
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
            };
            // On a cluster (Messaging:Broker:ClusterNodes) the first node that answers; recovery moves to another.
            var nodes = (configuration["Messaging:Broker:ClusterNodes"] ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(node => AmqpTcpEndpoint.Parse(node)).ToList();
            _connection = nodes.Count > 0 && options.Value.BrokerUri is null
                ? await factory.CreateConnectionAsync(nodes, ct)
                : await factory.CreateConnectionAsync(ct);
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                await DeclareTopologyAsync(channel, QuorumQueues, ct);
            }
            catch (PoliceTopologyMismatchException ex)
            {
                logger.LogError(ex, "Police interface cannot declare its queues: {Problem}", ex.Message);
                await _connection.DisposeAsync();
                _connection = null;
                throw;
            }
            logger.LogInformation("Police interface connected to {Host}:{Port}; topology declared ({QueueType} queues)",
                BrokerUri.Host, BrokerUri.Port, QuorumQueues ? "quorum" : "classic");
            return _connection;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Whether the police queues are quorum queues: on a RabbitMQ cluster (<c>Messaging:QuorumQueues</c>, the switch the
    /// platform's own queues follow) they are replicated on the nodes and survive the loss of the node that declared them;
    /// otherwise classic queues, as a single broker has them.
    /// </summary>
    public bool QuorumQueues => configuration.GetValue("Messaging:QuorumQueues", false);

    /// <summary>
    /// Exchanges and queues of the police contract (idempotent: declaring again changes nothing). With
    /// <paramref name="quorumQueues"/> the three queues are declared <c>x-queue-type: quorum</c>. A queue cannot
    /// change type in place: when one already exists with the other type the broker refuses the declaration
    /// (406 PRECONDITION_FAILED) and this throws <see cref="PoliceTopologyMismatchException"/>, which says what to do.
    /// </summary>
    public static async Task DeclareTopologyAsync(IChannel channel, bool quorumQueues, CancellationToken ct)
    {
        var queueType = quorumQueues ? "quorum" : "classic";
        Dictionary<string, object?> Arguments(params (string Key, object? Value)[] extra)
        {
            var arguments = extra.ToDictionary(a => a.Key, a => a.Value);
            if (quorumQueues) arguments[PoliceWire.QueueTypeArgument] = "quorum";
            return arguments;
        }

        async Task DeclareQueueAsync(string queue, Dictionary<string, object?> arguments)
        {
            try
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments, cancellationToken: ct);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
            {
                throw new PoliceTopologyMismatchException(queue, queueType, ex);
            }
        }

        await channel.ExchangeDeclareAsync(PoliceWire.OutboundExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        // Declared here too, so nothing the platform sends is lost while the police system is not yet connected.
        await DeclareQueueAsync(PoliceWire.PoliceInboxQueue, Arguments());
        await channel.QueueBindAsync(PoliceWire.PoliceInboxQueue, PoliceWire.OutboundExchange, "#", cancellationToken: ct);

        await channel.ExchangeDeclareAsync(PoliceWire.RepliesExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(PoliceWire.RejectedExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await DeclareQueueAsync(PoliceWire.RejectedQueue, Arguments());
        await channel.QueueBindAsync(PoliceWire.RejectedQueue, PoliceWire.RejectedExchange, "", cancellationToken: ct);
        await DeclareQueueAsync(PoliceWire.RepliesQueue, Arguments(("x-dead-letter-exchange", PoliceWire.RejectedExchange)));
        await channel.QueueBindAsync(PoliceWire.RepliesQueue, PoliceWire.RepliesExchange, "referral.*", cancellationToken: ct);
    }

    /// <summary>Publishes one message to the police and waits for the broker's confirm.</summary>
    public async Task PublishAsync<T>(string routingKey, T message, Guid messageId, string? correlationId, CancellationToken ct) where T : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = typeof(T).Name,
            ContentType = PoliceWire.ContentType,
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            AppId = AppId,
            CorrelationId = correlationId,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?>
            {
                [PoliceWire.VersionHeader] = PoliceWire.Version,
                [PoliceWire.TraceParentHeader] = Activity.Current?.Id,
            },
        };
        if (Activity.Current is null) properties.Headers.Remove(PoliceWire.TraceParentHeader);

        // Publishes share one confirming channel and wait for their confirms side by side (one at a time, each
        // waited for a broker flush of its own); only opening the channel is one at a time.
        var publisher = await PublisherAsync(ct);
        try
        {
            // mandatory: an unroutable message is returned and counts as failed rather than vanishing.
            await publisher.BasicPublishAsync(PoliceWire.OutboundExchange, routingKey, mandatory: true, properties, body, ct);
        }
        catch
        {
            // A channel that failed a publish may be closed; the next attempt opens a fresh one.
            Interlocked.CompareExchange(ref _publisher, null, publisher);
            throw;
        }
    }

    private async Task<IChannel> PublisherAsync(CancellationToken ct)
    {
        if (_publisher is { IsOpen: true } open) return open;
        await _publishGate.WaitAsync(ct);
        try
        {
            if (_publisher is not { IsOpen: true })
            {
                var connection = await ConnectionAsync(ct);
                _publisher = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            }
            return _publisher;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    public static string Describe(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null) await _publisher.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}

/// <summary>
/// A police queue exists on the broker with another type than the one this deployment declares (classic on a
/// broker that once ran as a single node, now asked for quorum queues, or the reverse). RabbitMQ cannot convert a
/// queue in place, and the platform does not delete a queue that may hold referrals: an operator must.
/// </summary>
public sealed class PoliceTopologyMismatchException(string queue, string wantedType, Exception inner) : InvalidOperationException(
    $"The queue '{queue}' already exists on the broker with another type than '{wantedType}' " +
    $"(Messaging:QuorumQueues={(wantedType == "quorum" ? "true" : "false")}); RabbitMQ cannot change a queue's type. " +
    $"Either keep the old type (set Messaging:QuorumQueues to {(wantedType == "quorum" ? "false" : "true")} for coordination), or let the police system " +
    $"drain it, delete it (rabbitmqctl delete_queue {queue}) and restart coordination, which declares it again as {wantedType}. " +
    "In local mode the cluster's nodes keep their data apart from the single node's (<Infra:DataDir>/rabbitmq-cluster/), so this only happens with a broker someone else runs.",
    inner)
{
    public string Queue { get; } = queue;
}
