using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Police.V1;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Tools.PoliceSimulator;

/// <summary><c>Simulator</c> section.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>AMQP URI of the broker as the police system's user; defaults to <c>ConnectionStrings:police-broker</c>, then <c>ConnectionStrings:rabbitmq</c>.</summary>
    public string? BrokerUri { get; set; }

    /// <summary>
    /// On a RabbitMQ cluster, <c>host:port</c> of every node (comma-separated): the simulator connects to the
    /// first that answers and, when that node is lost, reconnects to another. User and virtual host come from the URI.
    /// </summary>
    public string? BrokerNodes { get; set; }

    public TimeSpan AcknowledgeAfter { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan DecideAfter { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan OutcomeAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every n-th referral is declined (0: none).</summary>
    public int DeclineEvery { get; set; }

    /// <summary>Only acknowledge (no acceptance or outcome): what the latency benchmark needs.</summary>
    public bool AcknowledgeOnly { get; set; }

    /// <summary>
    /// Referrals held at once, each answered on its own: the handler waits <see cref="AcknowledgeAfter"/> before it
    /// answers, so with 8 at a time (as before) the simulator acknowledged at most 4 a second and, after an outage,
    /// drained its backlog slower than the failover test's 5 incidents a second arrived.
    /// </summary>
    public ushort Prefetch { get; set; } = 64;
}

/// <summary>
/// Consumes <c>police.v1.inbox</c>. For each <c>PoliceReferralRequested</c> it acknowledges after
/// <see cref="SimulatorOptions.AcknowledgeAfter"/>, then accepts (or declines every n-th) and records an
/// outcome. Replies carry <c>user_id</c> = the broker user it connected as (the broker checks it),
/// a fresh UUID <c>message_id</c>, and the incoming <c>traceparent</c> so the trace continues. The delivery
/// is acknowledged once the police acknowledgement is confirmed by the broker; acceptance and outcome are
/// timers (a restart loses them, as a simulator may). Duplicates (same message id) are answered once.
/// </summary>
public sealed class PoliceSimulatorWorker(IOptions<SimulatorOptions> options, IConfiguration configuration, TimeProvider clock, ILogger<PoliceSimulatorWorker> logger)
    : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("Platform.PoliceSimulator");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SimulatorOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private int _referrals;
    private IChannel? _publisher;
    private string _userId = "";

    /// <summary>Referrals acknowledged so far (for the benchmark and logs).</summary>
    public int Acknowledged => _acknowledged;
    private int _acknowledged;

    public Uri BrokerUri => new(_options.BrokerUri ?? configuration.GetConnectionString("police-broker") ?? configuration.GetConnectionString("rabbitmq")
        ?? throw new InvalidOperationException("Configure Simulator:BrokerUri or ConnectionStrings:police-broker."));

    /// <summary>The endpoints of <see cref="SimulatorOptions.BrokerNodes"/> (<c>host:port</c>, comma-separated).</summary>
    public static IList<AmqpTcpEndpoint> BrokerEndpoints(string? nodes) =>
        (nodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(node => AmqpTcpEndpoint.Parse(node))
            .ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var uri = BrokerUri;
        _userId = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]) is { Length: > 0 } user ? user : "guest";
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "police-simulator", AutomaticRecoveryEnabled = true, ConsumerDispatchConcurrency = _options.Prefetch };
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = BrokerEndpoints(_options.BrokerNodes) is { Count: > 0 } endpoints
                    ? await factory.CreateConnectionAsync(endpoints, stoppingToken)
                    : await factory.CreateConnectionAsync(stoppingToken);
                _publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                // The platform owns the topology; the police system only checks it is there (it needs no configure rights).
                // A passive declaration fits the queue whatever its type: classic on one broker, quorum on a cluster
                // (PoliceWire.QueueTypeArgument), so the simulator can never create a queue of the wrong type.
                await channel.QueueDeclarePassiveAsync(PoliceWire.PoliceInboxQueue, stoppingToken);
                await channel.ExchangeDeclarePassiveAsync(PoliceWire.RepliesExchange, stoppingToken);
                await channel.BasicQosAsync(0, _options.Prefetch, false, stoppingToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stoppingToken);
                await channel.BasicConsumeAsync(PoliceWire.PoliceInboxQueue, autoAck: false, consumer, stoppingToken);
                logger.LogInformation("Police simulator consuming {Queue} as {User}; acknowledges after {Ack}", PoliceWire.PoliceInboxQueue, _userId, _options.AcknowledgeAfter);
                attempt = 0;
                while (!stoppingToken.IsCancellationRequested && channel.IsOpen && connection.IsOpen)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                attempt++;
                logger.LogWarning(ex, "Police simulator cannot reach the police exchanges yet (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var properties = delivery.BasicProperties;
        var traceParent = Header(properties, PoliceWire.TraceParentHeader);
        ActivityContext.TryParse(traceParent, null, out var parent);
        using var activity = ActivitySource.StartActivity($"police receive {delivery.RoutingKey}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.id", properties.MessageId);
        try
        {
            if (properties.MessageId is { } id && !_seen.TryAdd(id, 0))
            {
                logger.LogInformation("Duplicate message {MessageId} ignored", id);
                await channel.BasicAckAsync(delivery.DeliveryTag, false, ct);
                return;
            }
            switch (delivery.RoutingKey)
            {
                case PoliceWire.ReferralRequested:
                    var referral = JsonSerializer.Deserialize<PoliceReferralRequested>(delivery.Body.Span, Json)!;
                    activity?.SetTag("police.referral.id", referral.ReferralId);
                    await AnswerAsync(referral, traceParent, ct);
                    break;
                default:
                    logger.LogInformation("Police received {RoutingKey}: {Body}", delivery.RoutingKey, Encoding.UTF8.GetString(delivery.Body.Span));
                    break;
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, false, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (properties.MessageId is { } id) _seen.TryRemove(id, out _);
            logger.LogWarning(ex, "Police simulator failed on {MessageId}; it goes back to the queue", properties.MessageId);
            await channel.BasicNackAsync(delivery.DeliveryTag, false, requeue: true, CancellationToken.None);
        }
    }

    private async Task AnswerAsync(PoliceReferralRequested referral, string? traceParent, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _referrals);
        var handling = referral.PoliceUnit?.Name ?? "Công an thành phố Hải Phòng";
        logger.LogInformation("Referral {ReferralId} ({Category}, {Severity}) from {School}, attempt {Attempt}; {People} people, no names",
            referral.ReferralId, referral.Category, referral.Severity, referral.School.Name, referral.SendAttempt, referral.People.Count);
        if (_options.AcknowledgeAfter > TimeSpan.Zero) await Task.Delay(_options.AcknowledgeAfter, clock, ct);
        await PublishAsync(PoliceWire.ReferralAcknowledged, new PoliceReferralAcknowledged
        {
            ReferralId = referral.ReferralId, AcknowledgedAt = clock.GetUtcNow(), HandlingUnit = handling,
        }, referral.ReferralId, traceParent, ct);
        Interlocked.Increment(ref _acknowledged);
        if (_options.AcknowledgeOnly) return;

        var parent = Activity.Current?.Context ?? default;
        _ = Task.Run(async () =>
        {
            try
            {
                using var activity = ActivitySource.StartActivity("police decide referral", ActivityKind.Producer, parent);
                await Task.Delay(_options.DecideAfter, clock, ct);
                if (_options.DeclineEvery > 0 && n % _options.DeclineEvery == 0)
                {
                    await PublishAsync(PoliceWire.ReferralDeclined, new PoliceReferralDeclined
                    {
                        ReferralId = referral.ReferralId, DeclinedAt = clock.GetUtcNow(), Reason = "Không thuộc thẩm quyền xử lý của cơ quan công an; đề nghị nhà trường xử lý theo Nghị định 80/2017/NĐ-CP.",
                    }, referral.ReferralId, traceParent, ct);
                    return;
                }
                await PublishAsync(PoliceWire.ReferralAccepted, new PoliceReferralAccepted
                {
                    ReferralId = referral.ReferralId, AcceptedAt = clock.GetUtcNow(), PoliceCaseReference = $"CA-{clock.GetUtcNow():yyyyMMdd}-{n:D5}", HandlingUnit = handling,
                }, referral.ReferralId, traceParent, ct);
                await Task.Delay(_options.OutcomeAfter, clock, ct);
                await PublishAsync(PoliceWire.ReferralOutcomeRecorded, new PoliceReferralOutcomeRecorded
                {
                    ReferralId = referral.ReferralId, RecordedAt = clock.GetUtcNow(), Outcome = "Resolved",
                    Summary = "Đã xác minh, làm việc với gia đình và nhà trường; sự việc được giải quyết.",
                }, referral.ReferralId, traceParent, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Police simulator could not finish referral {ReferralId}", referral.ReferralId);
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// Publishes a reply. Its <c>traceparent</c> is the simulator's own span (a child of the platform's) or,
    /// when nothing records traces here, the one it received: either way the trace id comes back unchanged.
    /// </summary>
    private async Task PublishAsync<T>(string routingKey, T reply, Guid referralId, string? receivedTraceParent, CancellationToken ct)
    {
        var properties = new BasicProperties
        {
            MessageId = Guid.NewGuid().ToString(),
            Type = typeof(T).Name,
            ContentType = PoliceWire.ContentType,
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            AppId = "police-simulator",
            // The broker refuses a user_id that is not this connection's user: the platform can trust it.
            UserId = _userId,
            CorrelationId = referralId.ToString(),
            Timestamp = new AmqpTimestamp(clock.GetUtcNow().ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?> { [PoliceWire.VersionHeader] = PoliceWire.Version },
        };
        if ((Activity.Current?.Id ?? receivedTraceParent) is { } traceParent) properties.Headers[PoliceWire.TraceParentHeader] = traceParent;
        await _publishGate.WaitAsync(ct);
        try
        {
            await _publisher!.BasicPublishAsync(PoliceWire.RepliesExchange, routingKey, mandatory: true, properties, JsonSerializer.SerializeToUtf8Bytes(reply, Json), ct);
        }
        finally
        {
            _publishGate.Release();
        }
        logger.LogInformation("Police sent {RoutingKey} for referral {ReferralId}", routingKey, referralId);
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string s => s,
            _ => value?.ToString(),
        } : null;
}
