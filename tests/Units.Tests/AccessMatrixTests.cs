using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Units.Domain;
using Xunit.Abstractions;

namespace Platform.Units.Tests;

public enum Scope
{
    /// <summary>The object lies in the caller's unit's subtree.</summary>
    Inside,
    /// <summary>The object lies in another district: neither under nor above the caller's unit.</summary>
    Outside,
}

/// <summary>A department with a district office kept as the "outside" caller's unit, and one read-only object tree.</summary>
public sealed class AccessMatrixWorld : IAsyncLifetime
{
    public UnitsApiFactory Factory { get; } = new();
    public Guid Root { get; private set; }
    /// <summary>The unit of callers for whom every object is out of scope.</summary>
    public Guid OtherOffice { get; private set; }
    /// <summary>Shared by the read cases, which change nothing.</summary>
    public ObjectTree ReadTree { get; private set; } = null!;
    private int _next;

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        var admin = Factory.AdminClient();
        Root = await admin.CreateUnitAsync("AM-SGD", "Department");
        OtherOffice = await admin.CreateUnitAsync("AM-PGD-OTHER", "DistrictEducationOffice", Root);
        await admin.CreateUnitAsync("AM-TH-OTHER", "PrimarySchool", OtherOffice);
        ReadTree = await NewTreeAsync();
    }

    /// <summary>A fresh office ⟶ object ⟶ two children, and a static group whose member is the object.</summary>
    public async Task<ObjectTree> NewTreeAsync()
    {
        var prefix = $"AM{Interlocked.Increment(ref _next):D3}";
        var admin = Factory.AdminClient();
        var office = await admin.CreateUnitAsync($"{prefix}-PGD", "DistrictEducationOffice", Root);
        var name = $"Trường THCS Kiểm Thử {prefix}";
        var target = await admin.CreateUnitAsync($"{prefix}-THCS", "LowerSecondarySchool", office, name);
        Guid[] children =
        [
            await admin.CreateUnitAsync($"{prefix}-C1", "Preschool", target),
            await admin.CreateUnitAsync($"{prefix}-C2", "Preschool", target),
        ];
        var group = await (await admin.PostAsJsonAsync("/api/units/groups",
            new { code = $"{prefix}-G", name = $"Nhóm {prefix}", kind = "Static", memberIds = new[] { target } })).JsonAsync(HttpStatusCode.Created);
        return new ObjectTree(prefix, Root, office, target, $"{prefix}-THCS", name, children, group.GetProperty("id").GetGuid());
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Factory).DisposeAsync();
}

public sealed record ObjectTree(string Prefix, Guid Root, Guid Office, Guid Object, string ObjectCode, string ObjectName, Guid[] Children, Guid Group);

/// <summary>What one case saw, for the endpoint's check of an allowed request.</summary>
public sealed record CaseContext(ObjectTree Tree, JsonElement Body, UnitsApiFactory Factory, Guid CallerUnit, string CallerId, bool Readable, long OutboxMark)
{
    public async Task<Unit> ObjectAsync()
    {
        await using var db = Factory.NewDbContext();
        return await db.Units.AsNoTracking().Include(u => u.Periods).SingleAsync(u => u.Id == Tree.Object);
    }

    /// <summary>The write recorded who acted and from which unit, in the unit and in its history.</summary>
    public async Task AssertRecordedAsync()
    {
        await using var db = Factory.NewDbContext();
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Id == Tree.Object);
        Assert.Equal((CallerId, CallerUnit), (unit.UpdatedBy, unit.UpdatedByUnitId!.Value));
        var change = await db.UnitChanges.AsNoTracking().Where(c => c.UnitId == Tree.Object).OrderBy(c => c.RecordedAt).LastAsync();
        Assert.Equal((CallerId, CallerUnit), (change.ActorUserId, change.ActorUnitId!.Value));
    }

    public async Task<List<T>> EventsAsync<T>() => (await Factory.OutboxSinceAsync(OutboxMark)).OfEvent<T>();
}

/// <summary>
/// The access matrix: every units endpoint that takes an id × every platform role × the object inside
/// or outside the caller's unit's subtree. The rules it holds the service to:
/// reading: province-wide roles (SystemAdmin, DepartmentLeader, DepartmentOfficer, Auditor) read
/// every unit, others their own subtree and the units above it; anything else is a 404 that names
/// nothing of the object. Editing details: SystemAdmin and DepartmentOfficer anywhere, a
/// DistrictOfficer under their own office, others 403. Restructuring: SystemAdmin and
/// DepartmentOfficer only. Recipient groups are visible to all, but list only members in scope.
/// Every refused write leaves the database as it was; every allowed one records who acted.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixWorld world, ITestOutputHelper output) : IClassFixture<AccessMatrixWorld>
{
    public enum Decision { Allowed, Forbidden, Hidden }

    private enum Kind { Read, GroupRead, EditDetails, Restructure }

    private sealed record IdEndpoint(string Method, string Route, Kind Kind, bool TargetsGroup, Func<ObjectTree, object?> Body, Func<CaseContext, Task> CheckAllowed)
    {
        public string Name => $"{Method} {Route}";
        public string Url(ObjectTree t) => Route.Replace("{id:guid}", (TargetsGroup ? t.Group : t.Object).ToString());
    }

    private static readonly IdEndpoint[] Endpoints =
    [
        new("GET", "/api/units/{id:guid}", Kind.Read, false, _ => null, c =>
        {
            Assert.Equal((c.Tree.ObjectCode, c.Tree.ObjectName), (c.Body.GetProperty("code").GetString(), c.Body.GetProperty("name").GetString()));
            return Task.CompletedTask;
        }),
        new("GET", "/api/units/{id:guid}/children", Kind.Read, false, _ => null, c =>
        {
            Assert.Equal(c.Tree.Children.Order(), c.Body.Ids());
            return Task.CompletedTask;
        }),
        new("GET", "/api/units/{id:guid}/ancestors", Kind.Read, false, _ => null, c =>
        {
            Assert.Equal([c.Tree.Office, c.Tree.Root], c.Body.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
            return Task.CompletedTask;
        }),
        new("GET", "/api/units/{id:guid}/history", Kind.Read, false, _ => null, c =>
        {
            Assert.Equal(c.Tree.ObjectCode, c.Body.GetProperty("unit").GetProperty("code").GetString());
            Assert.Equal(c.Tree.Office, Assert.Single(c.Body.GetProperty("periods").EnumerateArray()).GetProperty("parentId").GetGuid());
            Assert.Equal("Registered", c.Body.GetProperty("changes")[0].GetProperty("kind").GetString());
            return Task.CompletedTask;
        }),
        new("PUT", "/api/units/{id:guid}", Kind.EditDetails, false, _ => new { phone = "0225 3777 999", headName = "Nguyễn Thị Mai" }, async c =>
        {
            var unit = await c.ObjectAsync();
            Assert.Equal(("0225 3777 999", "Nguyễn Thị Mai"), (unit.Phone, unit.HeadName));
            Assert.Equal("0225 3777 999", c.Body.GetProperty("phone").GetString());
            Assert.Equal(c.Tree.Object, Assert.Single(await c.EventsAsync<UnitUpdated>()).UnitId);
            await c.AssertRecordedAsync();
        }),
        new("POST", "/api/units/{id:guid}/rename", Kind.Restructure, false, t => new { name = $"Trường THCS Đổi Tên {t.Prefix}", effectiveDate = "2025-07-01" }, async c =>
        {
            var unit = await c.ObjectAsync();
            Assert.Equal($"Trường THCS Đổi Tên {c.Tree.Prefix}", unit.Name);
            Assert.Equal(2, unit.Periods.Count);
            Assert.Equal(unit.Name, Assert.Single(await c.EventsAsync<UnitUpdated>()).Name);
            await c.AssertRecordedAsync();
        }),
        new("POST", "/api/units/{id:guid}/move", Kind.Restructure, false, t => new { parentId = t.Root, effectiveDate = "2025-07-01" }, async c =>
        {
            Assert.Equal(c.Tree.Root, (await c.ObjectAsync()).ParentId);
            var moved = Assert.Single(await c.EventsAsync<UnitMoved>());
            Assert.Equal((c.Tree.Object, c.Tree.Office, c.Tree.Root), (moved.UnitId, moved.PreviousParentId!.Value, moved.NewParentId!.Value));
            await c.AssertRecordedAsync();
        }),
        new("POST", "/api/units/{id:guid}/dissolve", Kind.Restructure, false, t => new { successorId = t.Office, effectiveDate = "2025-07-01" }, async c =>
        {
            var unit = await c.ObjectAsync();
            Assert.Equal((UnitStatus.Dissolved, c.Tree.Office), (unit.Status, unit.SuccessorId!.Value));
            Assert.Equal(2, (await c.EventsAsync<UnitMoved>()).Count(m => m.NewParentId == c.Tree.Office));
            Assert.Equal(c.Tree.Object, Assert.Single(await c.EventsAsync<UnitDissolved>()).UnitId);
            await c.AssertRecordedAsync();
        }),
        new("POST", "/api/units/{id:guid}/split", Kind.Restructure, false, t => new
        {
            parts = new object[]
            {
                new { code = $"{t.Prefix}-BAC", name = "Trường Bắc", childIds = new[] { t.Children[0] } },
                new { code = $"{t.Prefix}-NAM", name = "Trường Nam", childIds = new[] { t.Children[1] } },
            },
            primarySuccessorCode = $"{t.Prefix}-BAC",
            effectiveDate = "2025-07-01",
        }, async c =>
        {
            var unit = await c.ObjectAsync();
            Assert.Equal(UnitStatus.Dissolved, unit.Status);
            Assert.Equal([$"{c.Tree.Prefix}-BAC", $"{c.Tree.Prefix}-NAM"], (await c.EventsAsync<UnitRegistered>()).Select(r => r.Code).Order());
            Assert.Equal("Split", Assert.Single(await c.EventsAsync<UnitDissolved>()).Reason);
            await c.AssertRecordedAsync();
        }),
        new("GET", "/api/units/groups/{id:guid}", Kind.GroupRead, true, _ => null, c =>
        {
            Assert.Equal($"{c.Tree.Prefix}-G", c.Body.GetProperty("code").GetString());
            Assert.Equal(c.Readable ? [c.Tree.Object] : [], c.Body.GetProperty("memberIds").EnumerateArray().Select(i => i.GetGuid()));
            return Task.CompletedTask;
        }),
        new("GET", "/api/units/groups/{id:guid}/members", Kind.GroupRead, true, _ => null, c =>
        {
            Assert.Equal(c.Readable ? [c.Tree.ObjectCode] : [], c.Body.GetProperty("members").Codes());
            Assert.Equal(c.Readable ? [c.Tree.Object] : [], c.Body.GetProperty("group").GetProperty("memberIds").EnumerateArray().Select(i => i.GetGuid()));
            return Task.CompletedTask;
        }),
    ];

    private static readonly Scope[] Scopes = [Scope.Inside, Scope.Outside];

    /// <summary>The rules, stated independently of the service's code.</summary>
    private static Decision Expected(Kind kind, string role, Scope scope)
    {
        var readable = PlatformRoles.ProvinceWide.Contains(role) || scope == Scope.Inside;
        var manager = role is PlatformRoles.SystemAdmin or PlatformRoles.DepartmentOfficer;
        return kind switch
        {
            Kind.Read or Kind.GroupRead => readable ? Decision.Allowed : Decision.Hidden,
            Kind.EditDetails => !readable ? Decision.Hidden
                : manager || (role == PlatformRoles.DistrictOfficer && scope == Scope.Inside) ? Decision.Allowed : Decision.Forbidden,
            Kind.Restructure => manager ? Decision.Allowed : Decision.Forbidden,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
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
        var factory = world.Factory;
        var writes = endpoint.Kind is Kind.EditDetails or Kind.Restructure;
        var tree = writes ? await world.NewTreeAsync() : world.ReadTree;
        var callerUnit = scope == Scope.Inside ? tree.Office : world.OtherOffice;
        var callerId = $"user-{role}-{scope}".ToLowerInvariant();
        var client = factory.CreateClient().WithToken(TestTokens.Create(callerId, callerUnit, [role]));
        var before = writes ? await factory.StateAsync() : "";
        var mark = await factory.OutboxMarkAsync();

        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(tree));
        if (endpoint.Body(tree) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var expected = endpoint.Kind == Kind.GroupRead ? Decision.Allowed : Expected(endpoint.Kind, role, scope);
        var readable = Expected(Kind.Read, role, scope) == Decision.Allowed;
        var status = expected switch { Decision.Allowed => HttpStatusCode.OK, Decision.Forbidden => HttpStatusCode.Forbidden, _ => HttpStatusCode.NotFound };
        Assert.True(response.StatusCode == status, $"{endpointName} as {role} ({scope}): expected {(int)status} but got {(int)response.StatusCode}: {text}");
        if (expected == Decision.Allowed)
        {
            await endpoint.CheckAllowed(new CaseContext(tree, JsonDocument.Parse(text).RootElement, factory, callerUnit, callerId, readable, mark));
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        if (!readable)
        {
            // Nothing of the object leaks to a caller who may not see it (the id in a 404 is the caller's own input).
            Assert.DoesNotContain(tree.ObjectCode, text);
            Assert.DoesNotContain(tree.ObjectName, text);
            if (endpoint.TargetsGroup)
            {
                Assert.DoesNotContain(tree.Object.ToString(), text);
            }
        }
        if (writes && expected != Decision.Allowed)
        {
            Assert.Equal(before, await factory.StateAsync());
        }
    }

    private static IEnumerable<(string Method, string Route)> ServiceRoutes(UnitsApiFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/units", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m, e.RoutePattern.RawText!)));

    [Fact]
    public void The_matrix_covers_every_endpoint_that_takes_an_id_for_every_role_and_scope()
    {
        var idRoutes = ServiceRoutes(world.Factory).Where(r => r.Route.Contains("{id")).Select(r => $"{r.Method} {r.Route}").Order().ToList();
        Assert.Equal(idRoutes, Endpoints.Select(e => e.Name).Order());
        Assert.Equal(PlatformRoles.All.Count, PlatformRoles.All.Distinct().Count());

        var cases = Cases().Count();
        output.WriteLine($"Access matrix: {Endpoints.Length} endpoints × {PlatformRoles.All.Count} roles × {Scopes.Length} scopes = {cases} cases");
        Assert.Equal(Endpoints.Length * PlatformRoles.All.Count * Scopes.Length, cases);
        Assert.Equal(198, cases); // 11 × 9 roles (the data-protection officer is the ninth) × 2
    }

    // ---- Fields a caller may not set ----

    public static TheoryData<string, string, string, string> FieldsCallersMayNotSet => new()
    {
        { "status on create", "POST /api/units/", """{"code":"MA-1","name":"Trường A","kind":"Preschool","status":"Dissolved"}""", "status" },
        { "id on create", "POST /api/units/", """{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","code":"MA-2","name":"Trường A","kind":"Preschool"}""", "id" },
        { "successorId on create", "POST /api/units/", """{"code":"MA-3","name":"Trường A","kind":"Preschool","successorId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}""", "successorId" },
        { "createdBy on create", "POST /api/units/", """{"code":"MA-4","name":"Trường A","kind":"Preschool","createdBy":"someone-else"}""", "createdBy" },
        { "updatedByUnitId on create", "POST /api/units/", """{"code":"MA-5","name":"Trường A","kind":"Preschool","updatedByUnitId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}""", "updatedByUnitId" },
        { "effectiveTo on create", "POST /api/units/", """{"code":"MA-6","name":"Trường A","kind":"Preschool","effectiveTo":"2030-01-01"}""", "effectiveTo" },
        { "name on a details edit", "PUT /api/units/{id}", """{"phone":"0225 1","name":"Tên lén đổi"}""", "name" },
        { "parent (owner unit) on a details edit", "PUT /api/units/{id}", """{"phone":"0225 1","parentId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}""", "parentId" },
        { "status on a details edit", "PUT /api/units/{id}", """{"phone":"0225 1","status":"Dissolved"}""", "status" },
        { "code on a details edit", "PUT /api/units/{id}", """{"phone":"0225 1","code":"MA-X"}""", "code" },
        { "parent on a rename", "POST /api/units/{id}/rename", """{"name":"Tên mới","effectiveDate":"2025-07-01","parentId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}""", "parentId" },
        { "status on a move", "POST /api/units/{id}/move", """{"parentId":null,"effectiveDate":"2025-07-01","status":"Active"}""", "status" },
        { "createdBy on a group", "POST /api/units/groups/", """{"code":"MA-G","name":"Nhóm","kind":"Dynamic","createdBy":"someone-else"}""", "createdBy" },
    };

    [Theory]
    [MemberData(nameof(FieldsCallersMayNotSet))]
    public async Task A_request_setting_a_field_the_caller_may_not_set_is_a_400_naming_it_and_writes_nothing(string because, string route, string body, string field)
    {
        var tree = world.ReadTree;
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1].Replace("{id}", tree.Object.ToString()));
        var before = await world.Factory.StateAsync();

        var response = await world.Factory.AdminClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.AssertNames(field);
        Assert.Contains(field, problem.GetProperty("detail").GetString());
        Assert.Equal(before, await world.Factory.StateAsync());
        output.WriteLine($"{because}: {problem.GetProperty("detail").GetString()}");
    }

    [Fact]
    public async Task A_district_officer_registers_units_only_under_their_own_office()
    {
        var tree = await world.NewTreeAsync();
        var officer = world.Factory.CreateClient().WithToken(TestTokens.Create("district-officer", tree.Office, [PlatformRoles.DistrictOfficer]));
        var before = await world.Factory.StateAsync();

        var elsewhere = await officer.PostAsJsonAsync("/api/units", new { code = $"{tree.Prefix}-X1", name = "Trường khác", kind = "Preschool", parentId = world.OtherOffice });
        var atTheTop = await officer.PostAsJsonAsync("/api/units", new { code = $"{tree.Prefix}-X2", name = "Trường khác", kind = "Preschool" });
        await elsewhere.JsonAsync(HttpStatusCode.Forbidden);
        await atTheTop.JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await world.Factory.StateAsync());

        var own = await (await officer.PostAsJsonAsync("/api/units", new { code = $"{tree.Prefix}-X3", name = "Trường Mầm non Sen Hồng", kind = "Preschool", parentId = tree.Office }))
            .JsonAsync(HttpStatusCode.Created);
        await using var db = world.Factory.NewDbContext();
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Id == own.GetProperty("id").GetGuid());
        Assert.Equal((tree.Office, "district-officer", tree.Office), (unit.ParentId!.Value, unit.CreatedBy, unit.UpdatedByUnitId!.Value));
    }

    [Theory]
    [InlineData(PlatformRoles.DepartmentLeader)]
    [InlineData(PlatformRoles.SchoolManager)]
    [InlineData(PlatformRoles.SchoolStaff)]
    [InlineData(PlatformRoles.PoliceLiaison)]
    [InlineData(PlatformRoles.Auditor)]
    public async Task Roles_that_do_not_manage_units_register_none_merge_none_and_create_no_groups(string role)
    {
        var tree = world.ReadTree;
        var client = world.Factory.CreateClient().WithToken(TestTokens.Create(tree.Object, role));
        var before = await world.Factory.StateAsync();

        await (await client.PostAsJsonAsync("/api/units", new { code = $"NM-{role}", name = "Trường", kind = "Preschool", parentId = tree.Object })).JsonAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/units/merge", new { sourceIds = new[] { tree.Children[0] }, successorId = tree.Children[1], effectiveDate = "2025-07-01" })).JsonAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/units/groups", new { code = $"NM-G-{role}", name = "Nhóm", kind = "Static", memberIds = new[] { tree.Object } })).JsonAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, await world.Factory.StateAsync());
    }

    // ---- Unauthenticated and untrusted callers, on every route of the service ----

    public enum BadCredential { None, SignedByStranger, WrongAudience, Expired }

    /// <summary>Every route of the service with a request that would succeed for an administrator.</summary>
    private static readonly (string Method, string Route, Func<ObjectTree, HttpContent?> Body)[] AllRoutes =
    [
        ("GET", "/api/units/", _ => null),
        ("POST", "/api/units/", _ => JsonContent.Create(new { code = "AUTH-NEW", name = "Trường mới", kind = "Preschool" })),
        ("GET", "/api/units/export", _ => null),
        ("POST", "/api/units/import", _ => new MultipartFormDataContent
        {
            { new ByteArrayContent("code,name,kind\nAUTH-IMP,Trường nhập,Preschool\n"u8.ToArray()), "file", "don-vi.csv" },
        }),
        ("POST", "/api/units/restructuring-plans/check", _ => new MultipartFormDataContent
        {
            { new ByteArrayContent("action,effective_date,unit_code,name,kind\ncreate,01/07/2025,AUTH-PLAN,Trường mới,Preschool\n"u8.ToArray()), "file", "ke-hoach.csv" },
        }),
        ("POST", "/api/units/restructuring-plans/apply", _ => new MultipartFormDataContent
        {
            { new ByteArrayContent("action,effective_date,unit_code,name,kind\ncreate,01/07/2025,AUTH-PLAN,Trường mới,Preschool\n"u8.ToArray()), "file", "ke-hoach.csv" },
        }),
        ("POST", "/api/units/merge", t => JsonContent.Create(new { sourceIds = new[] { t.Children[0] }, successorId = t.Children[1], effectiveDate = "2025-07-01" })),
        ("GET", "/api/units/groups/", _ => null),
        ("POST", "/api/units/groups/", t => JsonContent.Create(new { code = "AUTH-G", name = "Nhóm", kind = "Static", memberIds = new[] { t.Object } })),
        .. Endpoints.Select(e => (e.Method, e.Route, (Func<ObjectTree, HttpContent?>)(t => e.Body(t) is { } b ? JsonContent.Create(b) : null))),
    ];

    public static TheoryData<string, string, BadCredential> UnauthenticatedCases()
    {
        var data = new TheoryData<string, string, BadCredential>();
        foreach (var (method, route, _) in AllRoutes)
        foreach (var credential in Enum.GetValues<BadCredential>())
        {
            data.Add(method, route, credential);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnauthenticatedCases))]
    public async Task A_caller_without_a_valid_token_gets_401_and_nothing_is_written(string method, string route, BadCredential credential)
    {
        var tree = world.ReadTree;
        var (_, _, body) = AllRoutes.Single(r => r.Method == method && r.Route == route);
        var client = world.Factory.CreateClient();
        string[] roles = [PlatformRoles.SystemAdmin];
        var token = credential switch
        {
            BadCredential.SignedByStranger => TestTokens.Create("intruder", world.Root, roles, signedByStranger: true),
            BadCredential.WrongAudience => TestTokens.Create("intruder", world.Root, roles, audience: "some-other-api"),
            BadCredential.Expired => TestTokens.Create("intruder", world.Root, roles, expires: DateTime.UtcNow.AddSeconds(-50)),
            _ => null,
        };
        if (token is not null)
        {
            client.WithToken(token);
        }
        var before = await world.Factory.StateAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Replace("{id:guid}",
            (route.Contains("/groups/") ? tree.Group : tree.Object).ToString())) { Content = body(tree) });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route} with {credential}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(tree.ObjectCode, text);
        Assert.Equal(before, await world.Factory.StateAsync());
    }

    [Fact]
    public void Every_route_of_the_service_is_tried_without_a_valid_token()
    {
        Assert.Equal(ServiceRoutes(world.Factory).Select(r => $"{r.Method} {r.Route}").Order(), AllRoutes.Select(r => $"{r.Method} {r.Route}").Order());
        output.WriteLine($"Unauthenticated: {AllRoutes.Length} routes × {Enum.GetValues<BadCredential>().Length} credentials = {UnauthenticatedCases().Count()} cases");
    }

    [Fact]
    public async Task The_same_admin_token_does_work_so_the_401s_are_about_the_token()
    {
        var response = await world.Factory.CreateClient().WithToken(TestTokens.Create("admin", world.Root, [PlatformRoles.SystemAdmin]))
            .GetAsync($"/api/units/{world.ReadTree.Object}");
        Assert.Equal(world.ReadTree.ObjectCode, (await response.JsonAsync(HttpStatusCode.OK)).GetProperty("code").GetString());
    }
}
