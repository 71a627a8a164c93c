using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using netDumbster.smtp;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.UnitDirectory;

namespace Platform.Notifications.Tests.Support;

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "notifications service";
}

/// <summary>A clock the tests set; the service's consumers, API and email dispatcher read it.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();

    /// <summary>Sets the clock to a local (Asia/Ho_Chi_Minh, UTC+7) date and time.</summary>
    public void SetLocal(int year, int month, int day, int hour, int minute = 0) =>
        Set(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)));
}

/// <summary>A small unit tree of its own per test: Department → district office → two schools.</summary>
public sealed record World(Guid Department, Guid District, Guid School, Guid OtherSchool);

/// <summary>
/// One notifications service for the whole test collection (one consumer per queue on the broker), on a
/// throwaway PostgreSQL database, the test process's RabbitMQ, an in-process SMTP server and a test clock.
/// Tests isolate themselves with their own units and people. The email loop is off: tests run its rounds.
/// </summary>
public sealed class NotificationsFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    private string _brokerUri = "";
    public int SmtpPort { get; } = FreePort();
    public SimpleSmtpServer Smtp { get; private set; } = null!;
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)));
    public const string PublicBaseUrl = "https://giaoduc.test";

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        var rabbit = await SharedServers.RabbitMq;
        ConnectionString = await postgres.CreateDatabaseAsync("notifications");
        _brokerUri = rabbit.ConnectionString;
        StartSmtp();
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Notifications service not healthy: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.NotificationsDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", _brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("Notifications:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Notifications:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Notifications:Smtp:Port", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Notifications:Smtp:Timeout", "00:00:03");
        builder.UseSetting("Notifications:Email:Enabled", "false");
        builder.UseSetting("Notifications:Email:DigestLocalTime", "17:00");
        builder.UseSetting("Notifications:Stream:Heartbeat", "00:00:01");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.TrustTestTokens();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public void StartSmtp() => Smtp = SimpleSmtpServer.Start(SmtpPort);

    public void StopSmtp() => Smtp.Stop();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public NotificationsDbContext NewDbContext() => new(new DbContextOptionsBuilder<NotificationsDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    public async Task<World> NewWorldAsync()
    {
        var world = new World(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        UnitReplica U(Guid id, string code, string name, string kind, Guid? parent) => new()
        {
            Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, IsActive = true,
            EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        await using var db = NewDbContext();
        db.Units.AddRange(
            U(world.Department, "SGD", "Sở Giáo dục và Đào tạo Thử nghiệm", "Department", null),
            U(world.District, "PGD-A", "Phòng GDĐT quận An Biên", "DistrictEducationOffice", world.Department),
            U(world.School, "THCS-A1", "Trường THCS Lê Lợi", "LowerSecondarySchool", world.District),
            U(world.OtherSchool, "TH-A2", "Trường Tiểu học Hòa Bình", "PrimarySchool", world.District));
        await db.SaveChangesAsync();
        return world;
    }

    public HttpClient AdminClient(World world) => CreateClient().WithToken(TestTokens.Create(world.Department, PlatformRoles.SystemAdmin));

    public HttpClient ClientFor(string userId, Guid unitId, string role) =>
        CreateClient().WithToken(TestTokens.Create(userId, unitId, [role]));

    /// <summary>Registers a person through the admin API; returns their user id (and address, when asked for one).</summary>
    public async Task<string> AddPersonAsync(World world, Guid unitId, string role, bool withEmail = true)
    {
        var userId = $"u-{Guid.NewGuid():N}"[..14];
        using var admin = AdminClient(world);
        var response = await admin.PutAsJsonAsync($"/api/notifications/recipients/{userId}", new
        {
            unitId,
            roles = new[] { role },
            email = withEmail ? EmailOf(userId) : null,
            displayName = $"Cô/Thầy {userId}",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return userId;
    }

    public static string EmailOf(string userId) => $"{userId}@truong.test";

    public async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        await Services.GetRequiredService<IBus>().Publish(message, message.GetType(), ctx => ctx.MessageId = messageId ?? NewId.NextGuid());

    public async Task<List<Notification>> NotificationsOfAsync(string userId)
    {
        await using var db = NewDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientId == userId).OrderBy(n => n.Sequence).ToListAsync();
    }

    public async Task<List<Notification>> WaitForNotificationsAsync(string userId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = await NotificationsOfAsync(userId);
            if (list.Count >= count) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{userId} has {list.Count} notifications, expected {count}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the inbox consumer recorded the message (whether or not it made notifications).</summary>
    public async Task WaitForInboxAsync(Guid messageId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = NewDbContext();
            if (await db.Set<Platform.Messaging.InboxMessage>().AnyAsync(m => m.MessageId == messageId)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Message {messageId} was not consumed.");
            await Task.Delay(50);
        }
    }

    public async Task<List<EmailDelivery>> DeliveriesOfAsync(string userId)
    {
        await using var db = NewDbContext();
        return await db.EmailDeliveries.AsNoTracking().Where(d => d.RecipientId == userId).ToListAsync();
    }

    public Task<int> RunEmailRoundAsync() => Services.GetRequiredService<EmailDispatcher>().RunOnceAsync(CancellationToken.None);

    /// <summary>The emails the SMTP server received for a person, parsed.</summary>
    public List<MimeMessage> EmailsTo(string userId) => Smtp.ReceivedEmail
        .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
        .Where(m => m.To.Mailboxes.Any(a => a.Address == EmailOf(userId)))
        .ToList();

    async Task IAsyncLifetime.DisposeAsync()
    {
        Smtp.Dispose();
        await DisposeAsync();
    }
}

public static class Json
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
