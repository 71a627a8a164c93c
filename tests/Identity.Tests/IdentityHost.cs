using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.UnitDirectory;

namespace Platform.Identity.Tests;

/// <summary>
/// The identity service in a chosen environment on a given database of the test process's PostgreSQL,
/// with the test process's RabbitMQ. Several hosts may share one database (restart, replicas).
/// </summary>
public sealed class IdentityHost(string connectionString, string brokerUri, string environment, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string Issuer = "http://localhost:8080/";

    /// <summary>The same value as the Development one in appsettings.Development.json, so hosts of every environment share a database.</summary>
    public const string TestKeyEncryptionKey = "ZGV2ZWxvcG1lbnQtb25seS1rZXktZW5jcnlwdGlvbiE=";

    public string ConnectionString => connectionString;

    /// <summary>A fresh database and a started host; Development with demo accounts unless told otherwise.</summary>
    public static async Task<IdentityHost> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null,
        string? connectionString = null)
    {
        var postgres = await SharedServers.Postgres;
        var rabbit = await SharedServers.RabbitMq;
        connectionString ??= await postgres.CreateDatabaseAsync("identity");
        var host = new IdentityHost(connectionString, rabbit.ConnectionString, environment, settings);
        await host.WaitUntilReadyAsync();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting($"ConnectionStrings:{ResourceNames.IdentityDatabase}", connectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq", brokerUri);
        builder.UseSetting("Messaging:Outbox:IdlePollInterval", "00:00:00.100");
        builder.UseSetting("Demo:Enabled", "true");
        // Production hosts need the key that encrypts the token server's keys (Development reads its own).
        builder.UseSetting("Identity:KeyEncryptionKey", TestKeyEncryptionKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Identity service not healthy: {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, like a browser under test.</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithDbAsync<T>(Func<IdentityDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>
    /// What the units service would have published about the demo hierarchy, plus a second district
    /// (Ngô Quyền) so there is something outside a district administrator's subtree.
    /// </summary>
    public Task SeedUnitReplicasAsync() => WithDbAsync(async db =>
    {
        foreach (var unit in TestUnits.All)
        {
            if (await db.UnitReplicas.FindAsync(unit.Id) is null)
            {
                db.UnitReplicas.Add(new UnitReplica
                {
                    Id = unit.Id, Code = unit.Code, Name = unit.Name, Kind = unit.Kind, ParentId = unit.ParentId,
                    EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UtcNow,
                });
            }
        }
        return await db.SaveChangesAsync();
    });
}

public static class TestUnits
{
    public sealed record Unit(string Code, string Name, string Kind, string? ParentCode)
    {
        public Guid Id => DemoUnitIds.For(Code);
        public Guid? ParentId => ParentCode is null ? null : DemoUnitIds.For(ParentCode);
    }

    public const string NgoQuyenDistrictOffice = "PGDDT-NGOQUYEN";
    public const string NgoQuyenLowerSecondarySchool = "THCS-NGOQUYEN-001";

    public static readonly IReadOnlyList<Unit> All =
    [
        new(DemoUnitIds.Department, "Sở Giáo dục và Đào tạo Hải Phòng", "Department", null),
        new(DemoUnitIds.DepartmentOffice, "Văn phòng Sở", "DepartmentOffice", DemoUnitIds.Department),
        new(DemoUnitIds.LeChanDistrictOffice, "Phòng GDĐT quận Lê Chân", "DistrictEducationOffice", DemoUnitIds.Department),
        new(DemoUnitIds.LeChanLowerSecondarySchool, "Trường THCS Lê Chân 1", "LowerSecondarySchool", DemoUnitIds.LeChanDistrictOffice),
        new(NgoQuyenDistrictOffice, "Phòng GDĐT quận Ngô Quyền", "DistrictEducationOffice", DemoUnitIds.Department),
        new(NgoQuyenLowerSecondarySchool, "Trường THCS Ngô Quyền 1", "LowerSecondarySchool", NgoQuyenDistrictOffice),
        new(DemoUnitIds.NgoQuyenUpperSecondarySchool, "Trường THPT Ngô Quyền", "UpperSecondarySchool", DemoUnitIds.Department),
        new(DemoUnitIds.CityPolice, "Công an thành phố Hải Phòng", "CityPolice", null),
    ];
}
