using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Platform.ServiceDefaults;
using Platform.Tasks.Infrastructure;
using Platform.Testing;
using Platform.UnitDirectory;

namespace Platform.Tasks.Tests;

/// <summary>
/// The tasks service on a throwaway database of the test process's PostgreSQL, with MassTransit's in-memory
/// test harness instead of the broker (so test classes running in parallel never consume each other's
/// messages), a fake clock, a fake units service answering group resolution, and test-signed tokens.
/// </summary>
public class TasksApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 22/04/2024, 09:00 in Hải Phòng.</summary>
    public static readonly DateTimeOffset Start = new(2024, 4, 22, 2, 0, 0, TimeSpan.Zero);

    public string ConnectionString { get; private set; } = "";
    public FakeTimeProvider Clock { get; } = new(Start);
    public FakeUnitsService UnitsService { get; } = new();

    protected virtual bool DemoData => false;
    protected virtual bool SchedulerLoop => false;
    protected virtual long MaxAttachmentBytes => 256 * 1024;
    /// <summary>The in-memory harness by default; the machine's RabbitMQ when false.</summary>
    protected virtual bool InMemoryBus => true;
    private string _brokerUri = "amqp://guest:guest@127.0.0.1:1/";

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.Postgres;
        ConnectionString = await postgres.CreateDatabaseAsync("tasks");
        if (!InMemoryBus)
        {
            _brokerUri = (await SharedServers.RabbitMq).ConnectionString;
        }
        await WaitUntilReadyAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.TasksDatabase}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", _brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("Demo:Enabled", DemoData.ToString());
        builder.UseSetting("Tasks:FollowUp:Enabled", SchedulerLoop.ToString());
        builder.UseSetting("Tasks:FollowUp:Interval", "00:01:00");
        builder.UseSetting("Tasks:Attachments:MaxBytes", MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Service discovery resolves "http://units" from configuration, as the AppHost's reference would.
        builder.UseSetting("services:units:http:0", "http://units.test");
        builder.ConfigureTestServices(services =>
        {
            services.TrustTestTokens();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // The fake clock would freeze the resilience handler's retry delays; the fake units service needs no retries.
#pragma warning disable EXTEXP0001
            services.AddHttpClient(UnitsServiceGroupResolver.ClientName).RemoveAllResilienceHandlers().ConfigurePrimaryHttpMessageHandler(() => UnitsService);
#pragma warning restore EXTEXP0001
            if (InMemoryBus)
            {
                services.AddMassTransitTestHarness();
                services.Configure<TestHarnessOptions>(o =>
                {
                    o.TestTimeout = TimeSpan.FromMinutes(10);
                    o.TestInactivityTimeout = TimeSpan.FromMinutes(10);
                });
            }
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
                throw new TimeoutException($"Tasks service not healthy: {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient ClientFor(Guid unitId, params string[] roles) => CreateClient().WithToken(TestTokens.Create(unitId, roles));

    public HttpClient ClientFor(string userId, Guid unitId, params string[] roles) =>
        CreateClient().WithToken(TestTokens.Create(userId, unitId, roles));

    public HttpClient Officer() => ClientFor(TestOrg.Office, PlatformRoles.DepartmentOfficer);

    public TasksDbContext NewDbContext() => new(new DbContextOptionsBuilder<TasksDbContext>()
        .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    public ITestHarness Harness => Services.GetTestHarness();

    /// <summary>Writes the test organisation into the unit replica (what the units events would have built).</summary>
    public async Task SeedOrgAsync()
    {
        await using var db = NewDbContext();
        foreach (var unit in TestOrg.Units())
        {
            if (!await db.Units.AnyAsync(u => u.Id == unit.Id)) db.Units.Add(unit);
        }
        await db.SaveChangesAsync();
        UnitsService.Groups[TestOrg.DistrictOfficesGroup] = ("PGDDT-QUAN-HUYEN", "Trưởng phòng GDĐT quận, huyện", [TestOrg.DistrictA, TestOrg.DistrictB]);
        UnitsService.Groups[TestOrg.UpperSecondaryGroup] = ("THPT-PTNC", "Hiệu trưởng các trường THPT", [TestOrg.UpperSecondary]);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

/// <summary>A small organisation: the Department with its Office, two district offices with schools, an upper-secondary school.</summary>
public static class TestOrg
{
    public static readonly Guid Department = Guid.Parse("10000000-0000-0000-0000-000000000001");
    public static readonly Guid Office = Guid.Parse("10000000-0000-0000-0000-000000000002");
    public static readonly Guid DistrictA = Guid.Parse("10000000-0000-0000-0000-00000000000a");
    public static readonly Guid SchoolA1 = Guid.Parse("10000000-0000-0000-0000-0000000000a1");
    public static readonly Guid SchoolA2 = Guid.Parse("10000000-0000-0000-0000-0000000000a2");
    public static readonly Guid SchoolA3 = Guid.Parse("10000000-0000-0000-0000-0000000000a3");
    /// <summary>Dissolved; its work passed to school A1.</summary>
    public static readonly Guid DissolvedSchool = Guid.Parse("10000000-0000-0000-0000-0000000000a9");
    public static readonly Guid DistrictB = Guid.Parse("10000000-0000-0000-0000-00000000000b");
    public static readonly Guid SchoolB1 = Guid.Parse("10000000-0000-0000-0000-0000000000b1");
    public static readonly Guid UpperSecondary = Guid.Parse("10000000-0000-0000-0000-0000000000c1");
    public static readonly Guid DistrictOfficesGroup = Guid.Parse("20000000-0000-0000-0000-000000000001");
    public static readonly Guid UpperSecondaryGroup = Guid.Parse("20000000-0000-0000-0000-000000000002");

    public static IEnumerable<UnitReplica> Units()
    {
        UnitReplica U(Guid id, string code, string name, string kind, Guid? parent, string area) => new()
        {
            Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, AreaCode = area, EffectiveFrom = new DateOnly(2024, 1, 1),
            SourceUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        yield return U(Department, "T-SGDDT", "Sở GDĐT (thử)", "Department", null, "HP");
        yield return U(Office, "T-SGDDT-VP", "Văn phòng Sở (thử)", "DepartmentDivision", Department, "HP");
        yield return U(DistrictA, "T-PGD-A", "Phòng GDĐT quận A", "DistrictEducationOffice", Department, "HP-A");
        yield return U(SchoolA1, "T-A1", "Trường THCS A1", "LowerSecondarySchool", DistrictA, "HP-A-1");
        yield return U(SchoolA2, "T-A2", "Trường Tiểu học A2", "PrimarySchool", DistrictA, "HP-A-2");
        yield return U(SchoolA3, "T-A3", "Trường Mầm non A3", "Preschool", DistrictA, "HP-A-3");
        var dissolved = U(DissolvedSchool, "T-A9", "Trường THCS A9 (đã sáp nhập)", "LowerSecondarySchool", DistrictA, "HP-A-9");
        dissolved.IsActive = false;
        dissolved.SuccessorId = SchoolA1;
        yield return dissolved;
        yield return U(DistrictB, "T-PGD-B", "Phòng GDĐT quận B", "DistrictEducationOffice", Department, "HP-B");
        yield return U(SchoolB1, "T-B1", "Trường THCS B1", "LowerSecondarySchool", DistrictB, "HP-B-1");
        yield return U(UpperSecondary, "T-THPT", "Trường THPT C", "UpperSecondarySchool", Department, "HP-A-9");
    }
}

/// <summary>Answers the units service's group-members endpoint from a table; records the tokens it was sent.</summary>
public sealed class FakeUnitsService : HttpMessageHandler
{
    public Dictionary<Guid, (string Code, string Name, List<Guid> Members)> Groups { get; } = new();
    /// <summary>Groups whose members changed over time: the members from each date on (the latest date not after asOf answers).</summary>
    public Dictionary<Guid, List<(DateOnly Since, List<Guid> Members)>> DatedMembers { get; } = new();
    public List<string?> AuthorizationHeaders { get; } = [];
    public List<string> AsOfDates { get; } = [];
    public bool Down { get; set; }
    /// <summary>Fail as service discovery does when it cannot resolve the name.</summary>
    public bool Unresolvable { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (AuthorizationHeaders) AuthorizationHeaders.Add(request.Headers.Authorization?.ToString());
        if (Unresolvable)
        {
            throw new InvalidOperationException("No endpoints were resolved for 'units'.");
        }
        if (Down)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // api/units/groups/{id}/members
        if (segments is ["api", "units", "groups", var id, "members"] && Guid.TryParse(id, out var groupId) && Groups.TryGetValue(groupId, out var group))
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            lock (AsOfDates) AsOfDates.Add(query["asOf"] ?? "");
            if (DatedMembers.TryGetValue(groupId, out var dated) && DateOnly.TryParse(query["asOf"], System.Globalization.CultureInfo.InvariantCulture, out var asOf))
            {
                group = (group.Code, group.Name, dated.Where(d => d.Since <= asOf).OrderBy(d => d.Since).LastOrDefault().Members ?? []);
            }
            var body = new
            {
                group = new { id = groupId, code = group.Code, name = group.Name, kind = "Dynamic" },
                asOf = query["asOf"],
                members = group.Members.Select(m => new { id = m, code = "U", name = "Đơn vị", kind = 3, parentId = (Guid?)null, areaCode = (string?)null }),
            };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) });
        }
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = JsonContent.Create(new { status = 404, title = "Not found" }),
        });
    }
}
