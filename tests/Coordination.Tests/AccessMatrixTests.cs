using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Coordination.Tests;

public enum Scope
{
    /// <summary>The object belongs to the caller's district (their police district for a police liaison).</summary>
    Inside,
    /// <summary>The object belongs to another district.</summary>
    Outside,
}

/// <summary>Objects of district A, made fresh in the database for every case that changes one.</summary>
public sealed class AccessMatrixWorld : IAsyncLifetime
{
    public CoordinationApiFactory Factory { get; } = new();
    public Guid SignedProgramme { get; private set; }
    public Guid SignedProgrammeWithCopy { get; private set; }
    public Guid ScheduledMeeting { get; private set; }
    public Guid Cadence { get; private set; }
    public Guid Referral { get; private set; }
    public const string Title = "Đối tượng kiểm thử quyền truy cập";
    public static readonly byte[] Pdf = "%PDF-1.7\n% ban ky\n"u8.ToArray();

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        SignedProgramme = await ProgrammeAsync(ProgrammeStatus.Signed);
        SignedProgrammeWithCopy = await ProgrammeAsync(ProgrammeStatus.Signed, withCopy: true);
        ScheduledMeeting = await MeetingAsync(MeetingStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(3));
        Cadence = await CadenceAsync();
        Referral = await ReferralAsync(ReferralStatus.Sent);
    }

    public async Task<Guid> ProgrammeAsync(ProgrammeStatus status, bool withCopy = false)
    {
        await using var db = Factory.NewDbContext();
        var p = new Programme
        {
            Id = Guid.NewGuid(), Title = Title, OwnerUnitId = TestUnits.SchoolA1, ScopeAreas = ["SchoolSecurityAndOrder"], ValidFrom = new(2024, 9, 1), ValidTo = new(2030, 8, 31),
            Status = status, SignedOn = status == ProgrammeStatus.Draft ? null : new DateOnly(2024, 9, 5), CreatedBy = "seed", UpdatedBy = "seed",
        };
        foreach (var (unit, kind, area) in new[] { (TestUnits.SchoolA1, "LowerSecondarySchool", TestUnits.AreaA1), (TestUnits.WardCommitteeA1, "WardPeoplesCommittee", TestUnits.AreaA1), (TestUnits.WardPoliceA1, "WardPolice", TestUnits.AreaA1) })
        {
            p.Parties.Add(new ProgrammeParty { ProgrammeId = p.Id, UnitId = unit, Name = "Đơn vị", Kind = kind, AreaCode = area });
        }
        db.Programmes.Add(p);
        if (withCopy)
        {
            db.SignedCopies.Add(new ProgrammeSignedCopy { ProgrammeId = p.Id, FileName = "ban-ky.pdf", ContentType = "application/pdf", Size = Pdf.Length, Sha256 = "x", UploadedBy = "seed" });
            db.SignedCopyContents.Add(new ProgrammeSignedCopyContent { ProgrammeId = p.Id, Data = Pdf });
        }
        await db.SaveChangesAsync();
        return p.Id;
    }

    public async Task<Guid> MeetingAsync(MeetingStatus status, DateTimeOffset startsAt)
    {
        await using var db = Factory.NewDbContext();
        var m = new BriefingMeeting
        {
            Id = Guid.NewGuid(), OrganiserUnitId = TestUnits.SchoolA1, Title = Title, Location = "Phòng họp", StartsAt = startsAt.ToUniversalTime(), EndsAt = startsAt.AddHours(1).ToUniversalTime(),
            Status = status, HeldOn = status == MeetingStatus.Held ? DateOnly.FromDateTime(startsAt.UtcDateTime) : null, CreatedBy = "seed", UpdatedBy = "seed",
        };
        m.Participants.Add(new MeetingParticipant { Id = Guid.NewGuid(), UnitId = TestUnits.WardPoliceA1, Name = "Công an phường", Kind = "WardPolice", IsPolice = true });
        m.Participants.Add(new MeetingParticipant { Id = Guid.NewGuid(), UnitId = TestUnits.WardCommitteeA1, Name = "UBND phường", Kind = "WardPeoplesCommittee", IsLocalAuthority = true });
        db.Meetings.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    }

    public async Task<Guid> CadenceAsync()
    {
        await using var db = Factory.NewDbContext();
        var c = new BriefingCadence { Id = Guid.NewGuid(), Name = Title, UnitId = TestUnits.SchoolA1, Interval = CadenceInterval.Monthly, EffectiveFrom = new(2024, 9, 1), CreatedBy = "seed" };
        db.Cadences.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public async Task<Guid> ReferralAsync(ReferralStatus status)
    {
        await using var db = Factory.NewDbContext();
        var incident = new IncidentRecord
        {
            Id = Guid.NewGuid(), ReportingUnitId = TestUnits.SchoolA1, SupervisingUnitIds = [TestUnits.OfficeA, TestUnits.Department], Category = "SchoolViolence",
            Place = "Sân trường", OccurredAt = DateTimeOffset.UtcNow, ReportedAt = DateTimeOffset.UtcNow, ReceivedAt = DateTimeOffset.UtcNow,
        };
        var r = Domain.Referral.Create(Guid.NewGuid(), incident, ReferralSeverity.Routine, ReferralTrigger.Manual, TestUnits.WardPoliceA1, "seed", Title, DateTimeOffset.UtcNow, TimeSpan.FromHours(24));
        r.Status = status;
        db.Incidents.Add(incident);
        db.Referrals.Add(r);
        await db.SaveChangesAsync();
        return r.Id;
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Factory).DisposeAsync();
}

/// <summary>
/// Every coordination endpoint that takes an id × every platform role × the object inside or outside the
/// caller's district. Reading: province-wide roles (SystemAdmin, DepartmentLeader, DepartmentOfficer, Auditor)
/// read everything; district officers, school managers and staff read what their unit's subtree owns or takes
/// part in; a police liaison reads only what was shared with the police (signed programmes with a police party,
/// meetings the police were invited to, referrals to their police) within their police unit's subtree — never
/// cadences or school units; anything else is a 404 that shows nothing of the object. Changing: Department
/// staff anywhere; district officers and school managers in their subtree (school staff only meetings;
/// cadences only district officers); auditors and police liaisons never (403 when they can read it).
/// Refused writes leave the row as it was.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixWorld world, ITestOutputHelper output) : IClassFixture<AccessMatrixWorld>
{
    public enum Decision { Allowed, Forbidden, Hidden }

    private enum Kind { Unit, Programme, Meeting, Cadence, Referral }

    /// <param name="SharedWithPolice">Whether the object in this case is one the police were given.</param>
    /// <param name="Target">The object for the case (fresh for writes).</param>
    /// <param name="State">The row a refused write must leave unchanged.</param>
    private sealed record IdEndpoint(string Method, string Route, Kind Kind, bool Write, bool SharedWithPolice,
        Func<AccessMatrixWorld, Task<Guid>> Target, Func<Guid, HttpContent?> Body, Func<AccessMatrixWorld, Guid, string, Task> CheckAllowed)
    {
        public string Name => $"{Method} {Route}";
    }

    private static Task<Guid> Fixed(Guid id) => Task.FromResult(id);

    private static HttpContent Json(object body) => JsonContent.Create(body);

    private static async Task<T> Row<T>(AccessMatrixWorld w, Func<Infrastructure.CoordinationDbContext, Task<T>> read)
    {
        await using var db = w.Factory.NewDbContext();
        return await read(db);
    }

    private static readonly IdEndpoint[] Endpoints =
    [
        new("GET", "/api/coordination/units/{id:guid}", Kind.Unit, false, false, _ => Fixed(TestUnits.SchoolA1), _ => null,
            (_, _, body) => { Assert.Equal("THCS-A1", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()); return Task.CompletedTask; }),
        new("GET", "/api/coordination/programmes/{id:guid}", Kind.Programme, false, true, w => Fixed(w.SignedProgramme), _ => null,
            (_, id, body) => { Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()); return Task.CompletedTask; }),
        new("PUT", "/api/coordination/programmes/{id:guid}", Kind.Programme, true, false, w => w.ProgrammeAsync(ProgrammeStatus.Draft),
            _ => Json(ProgrammeRequests.Body(TestUnits.SchoolA1, [TestUnits.SchoolA1, TestUnits.WardCommitteeA1], title: "Đã sửa")),
            async (w, id, _) => Assert.Equal("Đã sửa", (await Row(w, db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == id))).Title)),
        new("POST", "/api/coordination/programmes/{id:guid}/sign", Kind.Programme, true, false, w => w.ProgrammeAsync(ProgrammeStatus.Draft), _ => Json(new { signedOn = "2024-09-05" }),
            async (w, id, _) =>
            {
                Assert.Equal(ProgrammeStatus.Signed, (await Row(w, db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == id))).Status);
                Assert.Contains((await w.Factory.OutboxSinceAsync(0)).OfEvent<ProgrammeSigned>(), e => e.ProgrammeId == id);
            }),
        new("POST", "/api/coordination/programmes/{id:guid}/terminate", Kind.Programme, true, true, w => w.ProgrammeAsync(ProgrammeStatus.Signed), _ => Json(new { reason = "Chấm dứt" }),
            async (w, id, _) => Assert.Equal(ProgrammeStatus.Terminated, (await Row(w, db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == id))).Status)),
        new("PUT", "/api/coordination/programmes/{id:guid}/signed-copy", Kind.Programme, true, true, w => w.ProgrammeAsync(ProgrammeStatus.Signed), _ =>
            {
                var part = new ByteArrayContent(AccessMatrixWorld.Pdf);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                return new MultipartFormDataContent { { part, "file", "ban-ky.pdf" } };
            },
            async (w, id, _) => Assert.Equal(AccessMatrixWorld.Pdf, (await Row(w, db => db.SignedCopyContents.AsNoTracking().SingleAsync(c => c.ProgrammeId == id))).Data)),
        new("GET", "/api/coordination/programmes/{id:guid}/signed-copy", Kind.Programme, false, true, w => Fixed(w.SignedProgrammeWithCopy), _ => null,
            (_, _, body) => { Assert.StartsWith("%PDF-", body); return Task.CompletedTask; }),
        new("GET", "/api/coordination/meetings/{id:guid}", Kind.Meeting, false, true, w => Fixed(w.ScheduledMeeting), _ => null,
            (_, id, body) => { Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()); return Task.CompletedTask; }),
        new("GET", "/api/coordination/meetings/{id:guid}/invitation.ics", Kind.Meeting, false, true, w => Fixed(w.ScheduledMeeting), _ => null,
            (_, id, body) => { Assert.Contains($"UID:{id}@coordination.platform", body); return Task.CompletedTask; }),
        new("POST", "/api/coordination/meetings/{id:guid}/record", Kind.Meeting, true, true, w => w.MeetingAsync(MeetingStatus.Scheduled, DateTimeOffset.UtcNow.AddHours(-3)),
            _ => Json(new { minutes = "Biên bản giao ban" }),
            async (w, id, _) => Assert.Equal(MeetingStatus.Held, (await Row(w, db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id))).Status)),
        new("POST", "/api/coordination/meetings/{id:guid}/decisions", Kind.Meeting, true, true, w => w.MeetingAsync(MeetingStatus.Held, DateTimeOffset.UtcNow.AddDays(-2)),
            _ => Json(new { decisions = new[] { new { text = "Tuyên truyền", ownerUnitId = TestUnits.SchoolA1, dueDate = "2030-01-01" } } }),
            async (w, id, _) =>
            {
                Assert.Single((await Row(w, db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id))).Decisions);
                Assert.Contains((await w.Factory.OutboxSinceAsync(0)).OfEvent<MeetingDecisionRecorded>(), e => e.MeetingId == id);
            }),
        new("POST", "/api/coordination/meetings/{id:guid}/cancel", Kind.Meeting, true, true, w => w.MeetingAsync(MeetingStatus.Scheduled, DateTimeOffset.UtcNow.AddDays(3)),
            _ => Json(new { reason = "Hoãn" }),
            async (w, id, _) => Assert.Equal(MeetingStatus.Cancelled, (await Row(w, db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id))).Status)),
        new("GET", "/api/coordination/cadences/{id:guid}", Kind.Cadence, false, false, w => Fixed(w.Cadence), _ => null,
            (_, id, body) => { Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()); return Task.CompletedTask; }),
        new("POST", "/api/coordination/cadences/{id:guid}/end", Kind.Cadence, true, false, w => w.CadenceAsync(), _ => Json(new { endedOn = "2025-06-30" }),
            async (w, id, _) => Assert.Equal(new DateOnly(2025, 6, 30), (await Row(w, db => db.Cadences.AsNoTracking().SingleAsync(c => c.Id == id))).EndedOn)),
        new("GET", "/api/coordination/referrals/{id:guid}", Kind.Referral, false, true, w => Fixed(w.Referral), _ => null,
            (_, id, body) => { Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()); return Task.CompletedTask; }),
        new("POST", "/api/coordination/referrals/{id:guid}/close", Kind.Referral, true, true, w => w.ReferralAsync(ReferralStatus.OutcomeRecorded), _ => Json(new { note = "Xong" }),
            async (w, id, _) => Assert.Equal(ReferralStatus.Closed, (await Row(w, db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id))).Status)),
    ];

    private static readonly Scope[] Scopes = [Scope.Inside, Scope.Outside];

    /// <summary>The rules, stated independently of the service's code.</summary>
    private static Decision Expected(IdEndpoint endpoint, string role, Scope scope)
    {
        var provinceWide = PlatformRoles.ProvinceWide.Contains(role);
        var police = role == PlatformRoles.PoliceLiaison;
        var readable = provinceWide || scope == Scope.Inside && (police ? endpoint.SharedWithPolice && endpoint.Kind != Kind.Unit : true);
        if (!endpoint.Write) return readable ? Decision.Allowed : Decision.Hidden;
        if (!readable) return Decision.Hidden;
        var writer = role switch
        {
            PlatformRoles.SystemAdmin or PlatformRoles.DepartmentLeader or PlatformRoles.DepartmentOfficer => true,
            PlatformRoles.DistrictOfficer => scope == Scope.Inside,
            PlatformRoles.SchoolManager => scope == Scope.Inside && endpoint.Kind != Kind.Cadence,
            PlatformRoles.SchoolStaff => scope == Scope.Inside && endpoint.Kind == Kind.Meeting,
            _ => false,
        };
        return writer ? Decision.Allowed : Decision.Forbidden;
    }

    public static TheoryData<string, string, Scope> Cases()
    {
        var data = new TheoryData<string, string, Scope>();
        foreach (var endpoint in Endpoints)
        foreach (var role in PlatformRoles.All)
        foreach (var scope in Scopes)
        {
            data.Add(endpoint.Name, role, scope);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Decision_for_endpoint_role_and_scope(string endpointName, string role, Scope scope)
    {
        var endpoint = Endpoints.Single(e => e.Name == endpointName);
        var id = await endpoint.Target(world);
        var police = role == PlatformRoles.PoliceLiaison;
        var callerUnit = scope == Scope.Inside ? (police ? TestUnits.DistrictPoliceA : TestUnits.OfficeA) : (police ? TestUnits.DistrictPoliceB : TestUnits.OfficeB);
        var client = world.Factory.CreateClient().WithToken(TestTokens.Create($"user-{role}-{scope}".ToLowerInvariant(), callerUnit, [role]));
        var before = endpoint.Write ? await StateAsync(endpoint.Kind, id) : "";

        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Route.Replace("{id:guid}", id.ToString())) { Content = endpoint.Body(id) };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var expected = Expected(endpoint, role, scope);
        var status = expected switch { Decision.Allowed => HttpStatusCode.OK, Decision.Forbidden => HttpStatusCode.Forbidden, _ => HttpStatusCode.NotFound };
        Assert.True(response.StatusCode == status, $"{endpointName} as {role} ({scope}): expected {(int)status} but got {(int)response.StatusCode}: {text}");
        if (expected == Decision.Allowed)
        {
            await endpoint.CheckAllowed(world, id, text);
            return;
        }
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (expected == Decision.Hidden)
        {
            Assert.DoesNotContain(AccessMatrixWorld.Title, text);
            Assert.DoesNotContain("THCS-A1", text);
        }
        if (endpoint.Write)
        {
            Assert.Equal(before, await StateAsync(endpoint.Kind, id));
        }
    }

    /// <summary>The object's row and what hangs off it, to show a refused write changed nothing.</summary>
    private async Task<string> StateAsync(Kind kind, Guid id)
    {
        await using var db = world.Factory.NewDbContext();
        var outbox = await db.Set<Platform.Messaging.OutboxMessage>().CountAsync();
        return kind switch
        {
            Kind.Programme => await db.Programmes.AsNoTracking().Where(p => p.Id == id)
                .Select(p => $"{p.Title}|{p.Status}|{p.SignedOn}|{p.TerminatedOn}|{p.UpdatedAt:O}|{p.Parties.Count}|{p.SignedCopy != null}").SingleAsync() + $"|{outbox}",
            Kind.Meeting => await db.Meetings.AsNoTracking().Where(m => m.Id == id).Select(m => $"{m.Status}|{m.Minutes}|{m.Decisions.Count}|{m.Sequence}").SingleAsync() + $"|{outbox}",
            Kind.Cadence => await db.Cadences.AsNoTracking().Where(c => c.Id == id).Select(c => $"{c.EndedOn}").SingleAsync(),
            Kind.Referral => await db.Referrals.AsNoTracking().Where(r => r.Id == id).Select(r => $"{r.Status}|{r.ClosedAt:O}").SingleAsync() + $"|{outbox}",
            _ => "",
        };
    }

    [Fact]
    public void The_matrix_covers_every_endpoint_that_takes_an_id_for_every_role_and_scope()
    {
        var idRoutes = world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/coordination", StringComparison.Ordinal) == true && e.RoutePattern.RawText.Contains("{id"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();
        Assert.Equal(idRoutes, Endpoints.Select(e => e.Name).Order());
        var cases = Cases().Count();
        output.WriteLine($"Access matrix: {Endpoints.Length} endpoints × {PlatformRoles.All.Count} roles × {Scopes.Length} scopes = {cases} cases");
        Assert.Equal(Endpoints.Length * PlatformRoles.All.Count * Scopes.Length, cases);
        Assert.Equal(288, cases); // 16 × 9 roles (the data-protection officer is the ninth) × 2
    }

    [Theory]
    [InlineData("/api/coordination/programmes")]
    [InlineData("/api/coordination/meetings")]
    [InlineData("/api/coordination/referrals")]
    public async Task Lists_show_the_police_only_what_was_shared_and_other_districts_nothing(string list)
    {
        var outside = await world.Factory.ClientFor(TestUnits.OfficeB, PlatformRoles.DistrictOfficer).GetJsonAsync($"{list}?pageSize=200");
        Assert.Equal(0, outside.GetProperty("total").GetInt64());
        var otherPolice = await world.Factory.ClientFor(TestUnits.DistrictPoliceB, PlatformRoles.PoliceLiaison).GetJsonAsync($"{list}?pageSize=200");
        Assert.Equal(0, otherPolice.GetProperty("total").GetInt64());
        var police = await world.Factory.ClientFor(TestUnits.DistrictPoliceA, PlatformRoles.PoliceLiaison).GetJsonAsync($"{list}?pageSize=200");
        Assert.True(police.GetProperty("total").GetInt64() > 0);
        if (list.EndsWith("programmes", StringComparison.Ordinal))
        {
            Assert.All(police.GetProperty("items").EnumerateArray(), p => Assert.NotEqual("Draft", p.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public async Task No_token_is_a_401_on_every_coordination_route()
    {
        var routes = world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/coordination", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!.Replace("{id:guid}", Guid.NewGuid().ToString()))))
            .ToList();
        var anonymous = world.Factory.CreateClient();
        foreach (var (method, route) in routes)
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route}: {(int)response.StatusCode}");
        }
        output.WriteLine($"{routes.Count} routes refuse anonymous callers");
        Assert.True(routes.Count >= 30);
    }
}
