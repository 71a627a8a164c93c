using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Reporting;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// Stand-ins for identity's token endpoint and the units service's group members on a loopback port: a token
/// is issued only to <c>reporting-service</c> with <see cref="Secret"/>, and members are answered only to a bearer.
/// </summary>
public sealed class FakeUnitsAndIdentity : IAsyncDisposable
{
    public const string Secret = "secret-from-the-apphost";
    public const string ServiceToken = "service-token-issued-by-identity";

    private readonly WebApplication _app;
    public ConcurrentDictionary<Guid, List<Guid>> Groups { get; } = new();
    public ConcurrentQueue<(Guid Group, string AsOf, string Authorization)> MemberCalls { get; } = new();
    public int TokensIssued;
    public string BaseAddress { get; private set; } = "";

    private FakeUnitsAndIdentity(WebApplication app) => _app = app;

    public static async Task<FakeUnitsAndIdentity> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUnitsAndIdentity(app);
        app.MapPost("/connect/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != "reporting-service" || form["client_secret"] != Secret || form["scope"] != "api")
            {
                return Results.BadRequest(new { error = "invalid_client" });
            }
            Interlocked.Increment(ref fake.TokensIssued);
            return Results.Ok(new { access_token = ServiceToken, token_type = "Bearer", expires_in = 3600 });
        });
        app.MapGet("/api/units/groups/{id:guid}/members", (HttpContext http, Guid id, string asOf) =>
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.Unauthorized();
            fake.MemberCalls.Enqueue((id, asOf, authorization));
            return fake.Groups.TryGetValue(id, out var members)
                ? Results.Ok(new { asOf, members = members.Select(m => new { id = m }) })
                : Results.NotFound();
        });
        await app.StartAsync();
        fake.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The reporting service with its real units-service client and client-credentials token source, pointed at the stand-ins.</summary>
public sealed class GroupScheduleFactory : ReportingApiFactory
{
    public FakeUnitsAndIdentity Remote { get; } = FakeUnitsAndIdentity.StartAsync().GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reporting:UnitsBaseAddress", Remote.BaseAddress);
        builder.UseSetting("Reporting:IdentityBaseAddress", Remote.BaseAddress);
        builder.UseSetting("Reporting:ServiceClientSecret", FakeUnitsAndIdentity.Secret);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IRecipientGroupDirectory>();
            services.AddHttpClient<IRecipientGroupDirectory, UnitsServiceGroupDirectory>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Remote.DisposeAsync();
    }
}

public sealed class GroupScheduleJobTests(GroupScheduleFactory factory) : IClassFixture<GroupScheduleFactory>
{
    [Fact]
    public async Task A_group_schedule_opens_its_next_period_on_its_own_with_the_services_token_within_the_owners_subtree()
    {
        var group = Guid.NewGuid();
        factory.Remote.Groups[group] = [Org.SchoolA1, Org.SchoolB1];
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("GRP-JOB");
        var userToken = TestTokens.Create(Org.DistrictA, PlatformRoles.DistrictOfficer);
        using var district = factory.CreateClient().WithToken(userToken);
        var schedule = (await (await district.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Báo cáo tháng (nhóm)", periodType = "Monthly", deadlineDays = 5, groupIds = new[] { group }, firstPeriod = "2024-03",
        })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // Creating it, the district's own token resolved the group for the period already open.
        Assert.Contains(factory.Remote.MemberCalls, c => c.Group == group && c.Authorization == $"Bearer {userToken}");
        Assert.Equal(0, factory.Remote.TokensIssued);

        // 16/03/2024: the data window of 2024-04 (15/03–14/04) has opened. No user is involved from here on.
        factory.Clock.Set(new DateOnly(2024, 3, 16));
        factory.Remote.MemberCalls.Clear();
        await RunJobAsync();

        await using (var db = factory.NewDbContext())
        {
            var april = await db.Submissions.AsNoTracking()
                .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s, p.Key })
                .Where(x => x.s.ScheduleId == schedule && x.Key == "2024-04").Select(x => x.s).ToListAsync();
            // The group reaches a school of another district too; a district's schedule stays within its subtree.
            var report = Assert.Single(april);
            Assert.Equal(Org.SchoolA1, report.UnitId);
            Assert.Equal([Org.DistrictA, Org.Department], report.Chain);
            Assert.Equal(new DateOnly(2024, 4, 19), report.DeadlineDate);
        }
        var requested = (await factory.EventsAsync<ReportRequested>()).Select(e => e.Event).Single(e => e.RequestId == schedule && e.PeriodKey == "2024-04");
        Assert.Equal(new[] { Org.SchoolA1 }, requested.UnitIds);
        Assert.Equal(Org.DistrictA, requested.RequestedByUnitId);
        Assert.All(factory.Remote.MemberCalls, c => Assert.Equal($"Bearer {FakeUnitsAndIdentity.ServiceToken}", c.Authorization));
        Assert.Contains(factory.Remote.MemberCalls, c => c.Group == group && c.AsOf == "2024-04-14");
        // 2024-03 already has its reports: the job does not ask for it again.
        Assert.DoesNotContain(factory.Remote.MemberCalls, c => c.AsOf == "2024-03-14");
        Assert.Equal(1, factory.Remote.TokensIssued);

        // A school joining the group is added to the newest period next time; the token is reused, nothing is duplicated.
        factory.Remote.Groups[group] = [Org.SchoolA1, Org.SchoolA2, Org.SchoolB1];
        await RunJobAsync();
        await using (var db = factory.NewDbContext())
        {
            var units = await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == schedule)
                .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s.UnitId, p.Key }).ToListAsync();
            Assert.Equal(new[] { Org.SchoolA1, Org.SchoolA2 }.Order(), units.Where(u => u.Key == "2024-04").Select(u => u.UnitId).Order());
            Assert.Equal(new[] { Org.SchoolA1 }, units.Where(u => u.Key == "2024-03").Select(u => u.UnitId));
        }
        Assert.Equal(1, factory.Remote.TokensIssued);
    }

    [Fact]
    public async Task When_the_units_service_cannot_resolve_a_group_the_job_goes_on_and_opens_the_period_later()
    {
        var group = Guid.NewGuid();
        factory.Remote.Groups[group] = [Org.SchoolB1];
        factory.Clock.Set(new DateOnly(2024, 6, 1));
        var template = await factory.CreateDemoTemplateAsync("GRP-LATER");
        using var department = factory.Department();
        var schedule = (await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Báo cáo tháng", periodType = "Monthly", deadlineDays = 5, groupIds = new[] { group }, firstPeriod = "2024-06",
        })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        factory.Clock.Set(new DateOnly(2024, 6, 16));
        factory.Remote.Groups.TryRemove(group, out var members);
        await RunJobAsync(); // the units service answers 404 for the group now: logged, nothing opened, no failure
        factory.Remote.Groups[group] = members!;
        await RunJobAsync();

        await using var db = factory.NewDbContext();
        var july = await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == schedule)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s.UnitId, p.Key }).Where(x => x.Key == "2024-07").ToListAsync();
        Assert.Equal(Org.SchoolB1, Assert.Single(july).UnitId);
    }

    /// <summary>What the hosted job does every minute, in a scope of its own: no request, no user token.</summary>
    private async Task RunJobAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await ReportingJobs.OpenSchedulesAsync(scope.ServiceProvider, factory.Clock, CancellationToken.None);
    }
}
