using Microsoft.Extensions.Hosting;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Messaging;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests;

/// <summary>A clock tests move by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>Noon, Vietnam time, on <paramref name="date"/>.</summary>
    public void Set(DateOnly date, int hour = 12) => Now = new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(7));
}

/// <summary>Recipient groups as the units service would answer, set by each test.</summary>
public sealed class FakeGroupDirectory : IRecipientGroupDirectory
{
    public Dictionary<Guid, List<Guid>> Groups { get; } = [];
    public List<(Guid Group, DateOnly AsOf)> Calls { get; } = [];

    /// <summary>Groups the units service cannot answer for right now (it is down or answers 5xx).</summary>
    public HashSet<Guid> Unavailable { get; } = [];

    public Task<IReadOnlyList<Guid>?> MembersAsync(Guid groupId, DateOnly asOf, CancellationToken ct)
    {
        lock (Calls) Calls.Add((groupId, asOf));
        if (Unavailable.Contains(groupId)) throw new RecipientGroupUnavailableException(groupId, "HTTP 503");
        return Task.FromResult<IReadOnlyList<Guid>?>(Groups.TryGetValue(groupId, out var m) ? m : null);
    }
}

/// <summary>
/// The reporting service on a throwaway database of the test process's PostgreSQL and its RabbitMQ,
/// trusting test-signed tokens, with a hand-moved clock, a fake recipient-group directory and a small
/// organisation in its unit replica (<see cref="Org"/>).
/// </summary>
public class ReportingApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    private string _brokerUri = "";

    public TestClock Clock { get; } = new(new DateTimeOffset(2024, 3, 10, 12, 0, 0, TimeSpan.FromHours(7)));
    public FakeGroupDirectory Groups { get; } = new();
    public FakeCoordination Coordination { get; private set; } = null!;

    protected virtual bool DemoData => false;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        var rabbit = await SharedServers.RabbitMq;
        ConnectionString = await postgres.CreateDatabaseAsync("reporting");
        _brokerUri = rabbit.ConnectionString;
        Coordination = await FakeCoordination.StartAsync();
        await WaitUntilReadyAsync();
        await using var db = NewDbContext();
        db.UnitReplicas.AddRange(Org.Replicas());
        await db.SaveChangesAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.ReportingDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", _brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("Reporting:JobInterval", "01:00:00");
        builder.UseSetting("Reporting:CoordinationBaseAddress", Coordination.BaseAddress);
        builder.UseSetting("Demo:Enabled", DemoData.ToString());
        builder.ConfigureTestServices(services =>
        {
            services.TrustTestTokens();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IRecipientGroupDirectory>();
            services.AddSingleton<IRecipientGroupDirectory>(Groups);
        });
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reporting service not healthy: {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient ClientFor(Guid unitId, params string[] roles) => CreateClient().WithToken(TestTokens.Create(unitId, roles));

    public HttpClient Department() => ClientFor(Org.DepartmentOffice, PlatformRoles.DepartmentOfficer);

    public ReportingDbContext NewDbContext() => new(new DbContextOptionsBuilder<ReportingDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>The demo template's definition as a request body.</summary>
    public static Dictionary<string, object?> DemoDefinition()
    {
        var validator = new RequestValidator();
        var version = DemoTemplateSeeder.Definition(validator);
        return new Dictionary<string, object?>
        {
            ["sections"] = version.Sections.Select(s => new { code = s.Code, title = s.Title }),
            ["indicators"] = version.Indicators.Select(i => new
            {
                code = i.Code, section = i.SectionCode, label = i.Label, unitOfMeasure = i.UnitOfMeasure, type = i.Type.ToString(), required = i.Required,
                min = i.Min, max = i.Max, choices = i.Type == Platform.Reporting.Domain.IndicatorType.Choice ? i.Choices : null, aggregation = i.Aggregation.ToString(), prefillKey = i.PrefillKey,
            }),
            ["rules"] = version.Rules.Select(r => new { code = r.Code, expression = r.Expression, message = r.Message, messageEnglish = r.MessageEnglish }),
        };
    }

    /// <summary>Creates the demo template through the API (as the Department) and returns its id.</summary>
    public async Task<Guid> CreateDemoTemplateAsync(string code)
    {
        var validator = new RequestValidator();
        var version = DemoTemplateSeeder.Definition(validator);
        var body = new
        {
            code,
            name = "Báo cáo phòng, chống bạo lực học đường",
            sections = version.Sections.Select(s => new { code = s.Code, title = s.Title }),
            indicators = version.Indicators.Select(i => new
            {
                code = i.Code, section = i.SectionCode, label = i.Label, unitOfMeasure = i.UnitOfMeasure, type = i.Type.ToString(), required = i.Required,
                min = i.Min, max = i.Max, choices = i.Type == Platform.Reporting.Domain.IndicatorType.Choice ? i.Choices : null, aggregation = i.Aggregation.ToString(), prefillKey = i.PrefillKey,
            }),
            rules = version.Rules.Select(r => new { code = r.Code, expression = r.Expression, message = r.Message, messageEnglish = r.MessageEnglish }),
        };
        using var client = Department();
        var response = await client.PostAsJsonAsync("/api/reports/templates", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>Every outbox row of type <typeparamref name="T"/>, deserialised.</summary>
    public async Task<List<(T Event, string Body)>> EventsAsync<T>()
    {
        await using var db = NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync();
        return rows.Where(r => r.MessageType.StartsWith(typeof(T).FullName + ",", StringComparison.Ordinal))
            .Select(r => (JsonSerializer.Deserialize<T>(r.Body, JsonSerializerOptions.Web)!, r.Body)).ToList();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Coordination.DisposeAsync();
    }
}

/// <summary>
/// The test organisation: the Department with its office, two districts with schools, an upper-secondary
/// school directly under the Department, and the city police (with two ward police units) outside the education tree.
/// </summary>
public static class Org
{
    public static readonly Guid Department = DemoUnitIds.For("T-SGD");
    public static readonly Guid DepartmentOffice = DemoUnitIds.For("T-SGD-VP");
    public static readonly Guid DistrictA = DemoUnitIds.For("T-PGD-A");
    public static readonly Guid DistrictB = DemoUnitIds.For("T-PGD-B");
    public static readonly Guid SchoolA1 = DemoUnitIds.For("T-THCS-A1");
    public static readonly Guid SchoolA2 = DemoUnitIds.For("T-THCS-A2");
    public static readonly Guid SchoolB1 = DemoUnitIds.For("T-THCS-B1");
    public static readonly Guid UpperSchool = DemoUnitIds.For("T-THPT-1");
    public static readonly Guid Police = DemoUnitIds.For("T-CATP");
    public static readonly Guid WardPoliceA = DemoUnitIds.For("T-CAP-A");
    public static readonly Guid WardPoliceB = DemoUnitIds.For("T-CAP-B");

    public static IEnumerable<UnitReplica> Replicas()
    {
        UnitReplica U(Guid id, string code, string name, string kind, Guid? parent) =>
            new() { Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch };
        yield return U(Department, "T-SGD", "Sở GDĐT (thử nghiệm)", "Department", null);
        yield return U(DepartmentOffice, "T-SGD-VP", "Văn phòng Sở", "DepartmentDivision", Department);
        yield return U(DistrictA, "T-PGD-A", "Phòng GDĐT quận A", "DistrictEducationOffice", Department);
        yield return U(DistrictB, "T-PGD-B", "Phòng GDĐT quận B", "DistrictEducationOffice", Department);
        yield return U(SchoolA1, "T-THCS-A1", "Trường THCS A1", "LowerSecondarySchool", DistrictA);
        yield return U(SchoolA2, "T-THCS-A2", "Trường THCS A2", "LowerSecondarySchool", DistrictA);
        yield return U(SchoolB1, "T-THCS-B1", "Trường THCS B1", "LowerSecondarySchool", DistrictB);
        yield return U(UpperSchool, "T-THPT-1", "Trường THPT Một", "UpperSecondarySchool", Department);
        yield return U(Police, "T-CATP", "Công an thành phố", "CityPolice", null);
        yield return U(WardPoliceA, "T-CAP-A", "Công an phường A", "WardPolice", Police);
        yield return U(WardPoliceB, "T-CAP-B", "Công an phường B", "WardPolice", Police);
    }
}
