using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.SafeLine.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Tests.Support;

[CollectionDefinition(Name)]
public sealed class SafeLineCollection : ICollectionFixture<SafeLineFixture>
{
    public const string Name = "safe line service";
}

/// <summary>A clock the tests set; the service's API and escalation scan read it.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A unit tree of its own per test: Department → district office → two schools.</summary>
public sealed record World(Guid Department, Guid District, Guid School, Guid OtherSchool, string SchoolName, string OtherSchoolName);

/// <summary>
/// One safe line service for the test collection, on a throwaway PostgreSQL database and the test process's
/// RabbitMQ, with a test clock, every log line and every finished span captured for the anonymity tests.
/// The escalation loop is off: tests run its scans.
/// </summary>
public sealed class SafeLineFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const int ReportsPerWindow = 3;
    public const string RelaySecret = "relay-secret-for-tests-0123456789";

    public string ConnectionString { get; private set; } = "";
    private string _brokerUri = "";

    /// <summary>Monday 3 March 2025, 09:00 in Vietnam: school hours.</summary>
    public TestClock Clock { get; } = new(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(7)));

    public ConcurrentQueue<string> Logs { get; } = new();
    public ConcurrentQueue<Activity> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        var rabbit = await SharedServers.RabbitMq;
        ConnectionString = await postgres.CreateDatabaseAsync("safeline");
        _brokerUri = rabbit.ConnectionString;
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Safe line service not healthy: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.SafeLineDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", _brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("SafeLine:EscalationEnabled", "false");
        builder.UseSetting("SafeLine:RateLimit:ReportsPerWindow", ReportsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SafeLine:RateLimit:FollowUpsPerWindow", "1000");
        builder.UseSetting("SafeLine:RelaySecret", RelaySecret);
        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(new CapturingLoggerProvider(Logs));
            l.SetMinimumLevel(LogLevel.Debug);
        });
        builder.ConfigureTestServices(services =>
        {
            services.TrustTestTokens();
            services.AddSingleton<TimeProvider>(Clock);
            // Added last: sees each span after the service's own processors, as an exporter would.
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new CapturingProcessor(Spans)));
        });
    }

    public SafeLineDbContext NewDbContext() => new(new DbContextOptionsBuilder<SafeLineDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    public async Task<World> NewWorldAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var world = new World(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"Trường THCS Lê Lợi {tag}", $"Trường Tiểu học Hòa Bình {tag}");
        UnitReplica U(Guid id, string code, string name, string kind, Guid? parent) => new()
        {
            Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, IsActive = true,
            EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        await using var db = NewDbContext();
        db.Units.AddRange(
            U(world.Department, "SGD", "Sở Giáo dục và Đào tạo Thử nghiệm", "Department", null),
            U(world.District, "PGD-A", $"Phòng GDĐT quận An Biên {tag}", "DistrictEducationOffice", world.Department),
            U(world.School, "THCS-A1", world.SchoolName, "LowerSecondarySchool", world.District),
            U(world.OtherSchool, "TH-A2", world.OtherSchoolName, "PrimarySchool", world.District));
        await db.SaveChangesAsync();
        return world;
    }

    /// <summary>A client without an account, seen by the service as coming from <paramref name="address"/> (via the gateway).</summary>
    public HttpClient Public(string address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static int _address;

    /// <summary>A fresh documentation address (203.0.113.0/24), so tests do not share a rate-limit window.</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _address);
        return $"198.51.{100 + n / 250}.{n % 250 + 1}";
    }

    public HttpClient Staff(string userId, Guid unitId, params string[] roles) =>
        CreateClient().WithToken(TestTokens.Create(userId, unitId, roles));

    public HttpClient Manager(World world) => Staff($"hieu-truong-{world.School:N}"[..24], world.School, PlatformRoles.SchoolManager);

    public static object Report(World world, string category = "bullying", string text = "Bạn lớp em bị bắt nạt ở nhà xe mỗi giờ ra chơi.",
        string? website = null, string? contact = null) => new
    {
        schoolId = world.School,
        category,
        occurredOn = "2025-03-02",
        occurredHour = 10,
        place = "Nhà xe",
        text,
        contact,
        website,
    };

    public async Task<(string Code, string Passphrase)> ReportAsync(World world, string category = "bullying",
        string text = "Bạn lớp em bị bắt nạt ở nhà xe mỗi giờ ra chơi.")
    {
        using var client = Public(NewAddress());
        var response = await client.PostAsJsonAsync("/api/safeline/reports", Report(world, category, text));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var receipt = (await response.Content.ReadFromJsonAsync<ReceiptDto>())!;
        return (receipt.Code, receipt.Passphrase);
    }

    public sealed record ReceiptDto(string Code, string Passphrase, string SchoolName);

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines, () => _scopes);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder($"{category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values) line.Append($" [{key}={value}]");
            }
            scopes().ForEachScope((scope, sb) =>
            {
                sb.Append(" {").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) sb.Append($" {key}={value}");
                }
                sb.Append('}');
            }, line);
            if (exception is not null) line.Append(' ').Append(exception);
            lines.Enqueue(line.ToString());
        }
    }
}

internal sealed class CapturingProcessor(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity) => spans.Enqueue(activity);
}
