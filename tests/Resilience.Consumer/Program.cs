using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging;
using Platform.Resilience.Consumer;

// A consumer service as its own process, so a fault test can kill it (SIGKILL) with messages in flight:
// it applies UnitRegistered through the inbox into its own database and prints one line per delivery
// ("applied <messageId> <unitId>" or "duplicate <messageId>") for the test to read.
//   Resilience.Consumer --ConnectionStrings:consumer=… --ConnectionStrings:rabbitmq=… --Service=name [--HoldAfterApplyMs=300]
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
builder.AddServiceDatabase<ConsumerDbContext>("consumer");
// The schema is created below (EnsureCreated): this small test consumer has no migrations.
builder.Services.ConfigureDbContext<ConsumerDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
builder.AddPlatformMessaging<ConsumerDbContext>(builder.Configuration["Service"] ?? "resilience", bus => bus.AddConsumer<UnitRegisteredConsumer>());

var connection = builder.Configuration.GetConnectionString("consumer")!;
for (var attempt = 1; ; attempt++)
{
    try
    {
        await using var db = ConsumerDbContext.Open(connection);
        await db.Database.EnsureCreatedAsync();
        break;
    }
    catch (Exception ex) when (attempt < 60)
    {
        Console.Error.WriteLine($"schema not created yet ({ex.Message}); retrying");
        await Task.Delay(500);
    }
}

using var host = builder.Build();
await host.StartAsync();
var bus = host.Services.GetRequiredService<IBusControl>();
while (bus.CheckHealth().Status != BusHealthStatus.Healthy) await Task.Delay(50);
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
