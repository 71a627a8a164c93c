using System.Text;
using System.Text.Json;
using Platform.Contracts.Police.V1;
using RabbitMQ.Client;

namespace Platform.Coordination.Tests.Support;

/// <summary>
/// What a police system written in any language does, with nothing but an AMQP library and a JSON parser:
/// read <c>police.v1.inbox</c>, publish replies to <c>police.v1.replies</c>. No MassTransit, no contract types.
/// </summary>
public sealed class PoliceClient(IConnection connection, IChannel channel, string userId) : IAsyncDisposable
{
    public sealed record Received(string RoutingKey, IReadOnlyBasicProperties Properties, JsonElement Body, string Text)
    {
        public string? Header(string name) => Properties.Headers is { } h && h.TryGetValue(name, out var v) ? v is byte[] b ? Encoding.UTF8.GetString(b) : v?.ToString() : null;
    }

    public static async Task<PoliceClient> ConnectAsync(CoordinationApiFactory factory, string user = BrokerAdmin.PoliceUser, string password = BrokerAdmin.PolicePassword)
    {
        var connection = await factory.BrokerConnectionAsync(user, password);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        // The platform declares its topology when its reply listener starts; wait for it.
        await Eventually.TrueAsync(async () =>
        {
            await using var probe = await connection.CreateChannelAsync();
            try
            {
                await probe.QueueDeclarePassiveAsync(PoliceWire.PoliceInboxQueue);
                await probe.ExchangeDeclarePassiveAsync(PoliceWire.RepliesExchange);
                return true;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return false;
            }
        }, "the police exchanges to be declared");
        return new PoliceClient(connection, channel, user);
    }

    /// <summary>Takes messages off the police inbox until one matches (others are consumed and dropped).</summary>
    public async Task<Received> NextAsync(string routingKey, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await channel.BasicGetAsync(PoliceWire.PoliceInboxQueue, autoAck: true);
            if (result is not null)
            {
                var text = Encoding.UTF8.GetString(result.Body.Span);
                var body = JsonDocument.Parse(text).RootElement.Clone();
                if (result.RoutingKey == routingKey && match(body)) return new Received(result.RoutingKey, result.BasicProperties, body, text);
                continue;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {routingKey} message arrived on {PoliceWire.PoliceInboxQueue}.");
            await Task.Delay(25);
        }
    }

    public Task<Received> ReferralAsync(Guid referralId, int attempt = 1) =>
        NextAsync(PoliceWire.ReferralRequested, b => b.GetProperty("referralId").GetGuid() == referralId && b.GetProperty("sendAttempt").GetInt32() == attempt);

    /// <summary>Publishes a reply as raw JSON; <paramref name="userId"/> null leaves the property unset.</summary>
    public async Task<Guid> ReplyAsync(string routingKey, string json, Guid? messageId = null, string? type = null, bool setUserId = true, string? userIdOverride = null,
        string? traceParent = null)
    {
        var id = messageId ?? Guid.NewGuid();
        var properties = new BasicProperties
        {
            MessageId = id.ToString(),
            Type = type ?? PoliceWire.MessageTypes[routingKey],
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            AppId = "police-test-client",
            UserId = userIdOverride ?? (setUserId ? userId : null),
            Headers = new Dictionary<string, object?> { ["contract-version"] = "1" },
        };
        if (traceParent is not null) properties.Headers["traceparent"] = traceParent;
        await channel.BasicPublishAsync(PoliceWire.RepliesExchange, routingKey, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
        return id;
    }

    public async Task<uint> RejectedCountAsync()
    {
        await using var probe = await connection.CreateChannelAsync();
        return (await probe.QueueDeclarePassiveAsync(PoliceWire.RejectedQueue)).MessageCount;
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
