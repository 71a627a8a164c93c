using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Tests.Consumers;
using Platform.Messaging.Tests.Infrastructure;
using Platform.Messaging.Tests.Support;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests;

public sealed class ConsumerFailureTests(ITestOutputHelper output)
{
    /// <summary>The platform retries a failing consumer five times before giving up.</summary>
    private const int Deliveries = 1 + 5;

    [Fact]
    public async Task Consumer_failure_goes_to_error_queue_after_retries()
    {
        var broker = await SharedServers.RabbitMq;
        var connection = await (await SharedServers.Postgres).CreateDatabaseAsync("consumer_failure");
        var service = Units.ServiceName("failing");
        var deliveries = new DeliveryLog();
        await using var host = await TestServiceHost.StartAsync(output, connection, broker.ConnectionString, service,
            bus => bus.AddConsumer<WidgetInspectedConsumer>(), deliveries);

        var widgetId = Guid.NewGuid();
        Guid rowId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            db.Widgets.Add(new Widget { Id = widgetId, Name = "inspected" });
            rowId = db.AddIntegrationEvent(new WidgetInspected { WidgetId = widgetId }).Id;
            await db.SaveChangesAsync();
        }

        var errorQueue = $"{TestServiceHost.QueueOf<WidgetInspectedConsumer>(service)}_error";
        var factory = new ConnectionFactory { Uri = broker.AmqpUri };
        await using var amqp = await factory.CreateConnectionAsync();
        BasicGetResult? faulted = null;
        await Eventually.HoldsAsync(async () =>
        {
            faulted = await TryGetAsync(amqp, errorQueue);
            return faulted is not null;
        }, TimeSpan.FromSeconds(40), $"the message is in {errorQueue}");

        Assert.Equal(Deliveries, deliveries.Attempts(rowId));
        // The relay hands the row id to MassTransit as the MessageId: on the wire and in the envelope.
        Assert.Equal(rowId, Guid.Parse(faulted!.BasicProperties.MessageId!));
        using var envelope = JsonDocument.Parse(faulted.Body);
        Assert.Equal(rowId, envelope.RootElement.GetProperty("messageId").GetGuid());
        Assert.Equal(widgetId, envelope.RootElement.GetProperty("message").GetProperty("widgetId").GetGuid());
        var headers = faulted.BasicProperties.Headers!;
        Assert.Equal(WidgetInspectedConsumer.Failure, Header(headers, "MT-Fault-Message"));
        Assert.Equal(typeof(InvalidOperationException).FullName, Header(headers, "MT-Fault-ExceptionType"));

        await using var check = TestDbContext.Open(connection);
        var row = Assert.Single(await check.OutboxMessages.ToListAsync());
        Assert.Equal(rowId, row.Id);
        Assert.NotNull(row.PublishedAt);
    }

    /// <summary>One message from the queue, or null while the queue is empty or not yet declared.</summary>
    private static async Task<BasicGetResult?> TryGetAsync(IConnection connection, string queue)
    {
        // MassTransit declares the error queue when it moves the first message there; until then the
        // broker answers 404 and closes the channel, so each attempt takes a fresh one.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.BasicGetAsync(queue, autoAck: true);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private static string? Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value?.ToString(),
        } : null;
}
