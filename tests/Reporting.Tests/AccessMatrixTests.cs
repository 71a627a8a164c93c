using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.Reporting.Tests;

/// <summary>
/// Every endpoint that takes an id (in the route, or a unit id in the query) × every kind of caller: the
/// reporting school's manager and staff, another school, its district, another district, the Department's
/// officer, leader, administrator and auditor, and the police. Objects belong to school A1 (district A).
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.World world, ITestOutputHelper output) : IClassFixture<AccessMatrixTests.World>
{
    public enum Caller { OwnManager, OwnStaff, OtherSchool, District, OtherDistrict, DeptOfficer, DeptLeader, Admin, Auditor, Police }

    private static (Guid Unit, string Role) Identity(Caller c) => c switch
    {
        Caller.OwnManager => (Org.SchoolA1, PlatformRoles.SchoolManager),
        Caller.OwnStaff => (Org.SchoolA1, PlatformRoles.SchoolStaff),
        Caller.OtherSchool => (Org.SchoolB1, PlatformRoles.SchoolManager),
        Caller.District => (Org.DistrictA, PlatformRoles.DistrictOfficer),
        Caller.OtherDistrict => (Org.DistrictB, PlatformRoles.DistrictOfficer),
        Caller.DeptOfficer => (Org.DepartmentOffice, PlatformRoles.DepartmentOfficer),
        Caller.DeptLeader => (Org.DepartmentOffice, PlatformRoles.DepartmentLeader),
        Caller.Admin => (Org.DepartmentOffice, PlatformRoles.SystemAdmin),
        Caller.Auditor => (Org.DepartmentOffice, PlatformRoles.Auditor),
        _ => (Org.Police, PlatformRoles.PoliceLiaison),
    };

    private static readonly Caller[] Outsiders = [Caller.OtherSchool, Caller.OtherDistrict, Caller.Police];
    private static readonly Caller[] Province = [Caller.DeptOfficer, Caller.DeptLeader, Caller.Admin, Caller.Auditor];
    private static readonly Caller[] ReportReaders = [Caller.OwnManager, Caller.OwnStaff, Caller.District, .. Province];
    private static readonly Caller[] DistrictScope = [Caller.District, .. Province];
    private static readonly Caller[] Reviewers = [Caller.District, Caller.DeptOfficer, Caller.DeptLeader, Caller.Admin];

    /// <summary>Allowed → 2xx; readable but not allowed → 403; not readable → 404.</summary>
    private static int Expect(Caller c, Caller[] readers, Caller[] actors, int ok = 200) =>
        actors.Contains(c) ? ok : readers.Contains(c) ? 403 : 404;

    private enum Target { Unit, Template, VersionedTemplate, Schedule, Request, Draft, FilledDraft, Submitted, Approved, Incident, Inspection, ReadyInspection, None }

    private sealed record Endpoint(string Method, string Route, Target Target, Func<Caller, int> Expected, object? Body = null, bool QueryUnit = false)
    {
        public string Name => $"{Method} {Route}";
    }

    private static readonly Endpoint[] IdEndpoints =
    [
        new("GET", "/api/reports/units/{id:guid}", Target.Unit, c => Expect(c, ReportReaders, ReportReaders)),
        new("GET", "/api/reports/templates/{id:guid}", Target.Template, _ => 200),
        new("GET", "/api/reports/templates/{id:guid}/versions/{number:int}", Target.Template, _ => 200),
        new("POST", "/api/reports/templates/{id:guid}/versions", Target.VersionedTemplate,
            c => c is Caller.DeptOfficer or Caller.Admin ? 201 : 403, ReportingApiFactory.DemoDefinition()),
        new("GET", "/api/reports/schedules/{id:guid}", Target.Schedule, c => Expect(c, DistrictScope, DistrictScope)),
        new("POST", "/api/reports/schedules/{id:guid}/periods/{key}/open", Target.Schedule, c => Expect(c, DistrictScope, Reviewers)),
        new("GET", "/api/reports/requests/{id:guid}", Target.Request, c => Expect(c, DistrictScope, DistrictScope)),
        new("GET", "/api/reports/submissions/{id:guid}", Target.Draft, c => Expect(c, ReportReaders, ReportReaders)),
        new("PUT", "/api/reports/submissions/{id:guid}/values", Target.Draft, c => Expect(c, ReportReaders, [Caller.OwnManager, Caller.OwnStaff]),
            new { values = new { dissemination_sessions = 2 } }),
        new("POST", "/api/reports/submissions/{id:guid}/submit", Target.FilledDraft, c => Expect(c, ReportReaders, [Caller.OwnManager, Caller.OwnStaff])),
        new("POST", "/api/reports/submissions/{id:guid}/return", Target.Submitted, c => Expect(c, ReportReaders, Reviewers), new { comment = "Bổ sung số liệu" }),
        new("POST", "/api/reports/submissions/{id:guid}/approve", Target.Submitted, c => Expect(c, ReportReaders, Reviewers)),
        new("POST", "/api/reports/submissions/{id:guid}/reopen", Target.Approved,
            c => Expect(c, ReportReaders, [Caller.DeptOfficer, Caller.DeptLeader, Caller.Admin]), new { reason = "Sai số liệu" }),
        // The police read an incident only once it is referred to them (IncidentPoliceScopeTests); this one is not.
        new("GET", "/api/reports/incidents/{id:guid}", Target.Incident, c => Expect(c, ReportReaders, ReportReaders)),
        new("GET", "/api/reports/inspections/{id:guid}", Target.Inspection, c => Expect(c, ReportReaders, ReportReaders)),
        new("PUT", "/api/reports/inspections/{id:guid}/checklist", Target.Inspection, c => Expect(c, ReportReaders, Reviewers),
            new { items = new[] { new { index = 0, result = "Met" } } }),
        new("POST", "/api/reports/inspections/{id:guid}/findings", Target.Inspection, c => Expect(c, ReportReaders, Reviewers),
            new { description = "Chưa có hòm thư góp ý", severity = "Minor", correctiveAction = "Lắp hòm thư", dueDate = "2030-01-01" }),
        new("POST", "/api/reports/inspections/{id:guid}/complete", Target.ReadyInspection, c => Expect(c, ReportReaders, Reviewers), new { conclusion = "Đạt" }),
    ];

    private static readonly Endpoint[] QueryEndpoints =
    [
        new("GET", "/api/reports/completeness", Target.None, c => Expect(c, DistrictScope, DistrictScope), QueryUnit: true),
        new("GET", "/api/reports/completeness/export", Target.None, c => Expect(c, DistrictScope, DistrictScope), QueryUnit: true),
        new("GET", "/api/reports/consolidated", Target.None, c => Expect(c, DistrictScope, DistrictScope), QueryUnit: true),
        new("GET", "/api/reports/consolidated/drilldown", Target.None, c => Expect(c, DistrictScope, DistrictScope), QueryUnit: true),
        new("GET", "/api/reports/consolidated/export", Target.None, c => Expect(c, DistrictScope, DistrictScope), QueryUnit: true),
    ];

    private static IEnumerable<Endpoint> All => IdEndpoints.Concat(QueryEndpoints);

    public static TheoryData<string, Caller> Cases()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var e in All)
        {
            foreach (var c in Enum.GetValues<Caller>()) data.Add(e.Name, c);
        }
        return data;
    }

    [Fact]
    public async Task The_matrix_covers_every_id_route_of_the_service_and_every_caller()
    {
        await world.EnsureAsync();
        var routes = world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/reports", StringComparison.Ordinal) == true && e.RoutePattern.RawText.Contains("{id"))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();
        Assert.Equal(routes, IdEndpoints.Select(e => e.Name).Order());
        var cases = Cases().Count();
        output.WriteLine($"Access matrix: ({IdEndpoints.Length} id routes + {QueryEndpoints.Length} unit-scoped queries) × {Enum.GetValues<Caller>().Length} callers = {cases} cases");
        Assert.Equal(230, cases);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Caller_gets_exactly_what_the_access_rules_allow(string endpointName, Caller caller)
    {
        await world.EnsureAsync();
        var endpoint = All.Single(e => e.Name == endpointName);
        var expected = endpoint.Expected(caller);
        var allowed = expected is >= 200 and < 300;
        var id = await world.TargetAsync(endpoint.Target, fresh: allowed);
        var url = endpoint.Route.Replace("{id:guid}", id.ToString()).Replace("{number:int}", "1").Replace("{key}", "2024-03");
        if (endpoint.QueryUnit)
        {
            url += $"?templateId={world.TemplateId}&period=2024-03&unitId={Org.DistrictA}&indicator=dissemination_sessions";
        }
        var before = await world.StateAsync(endpoint.Target, id);

        var (unit, role) = Identity(caller);
        using var client = world.ClientFor(unit, role);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Body is not null) request.Content = JsonContent.Create(endpoint.Body);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{caller} {endpointName}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (!allowed)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await world.StateAsync(endpoint.Target, id));
        }
    }

    /// <summary>The objects the matrix acts on; mutating cases that are allowed get a fresh object of their own.</summary>
    public sealed class World : ReportingApiFactory
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private bool _ready;
        public Guid TemplateId { get; private set; }
        private Guid _versionedTemplate, _schedule, _request, _incident, _inspection, _draft, _filled, _submitted, _approved, _readyInspection;

        public async Task EnsureAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_ready) return;
                Clock.Set(new DateOnly(2024, 3, 10));
                TemplateId = await CreateDemoTemplateAsync("ACCESS");
                _versionedTemplate = await CreateDemoTemplateAsync("ACCESS-VERSIONS");
                using var district = ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
                _schedule = (await (await district.PostAsJsonAsync("/api/reports/schedules", new
                {
                    templateId = TemplateId, name = "Báo cáo tháng của quận A", periodType = "Monthly", deadlineDays = 5, unitKinds = new[] { "LowerSecondarySchool" }, firstPeriod = "2024-03",
                })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                _request = (await (await district.PostAsJsonAsync("/api/reports/requests", new
                {
                    templateId = TemplateId, title = "Báo cáo đột xuất vụ việc ngày 01/3", unitIds = new[] { Org.SchoolA1 }, dueInHours = 48,
                })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                using var manager = ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
                _incident = (await (await manager.PostAsJsonAsync("/api/reports/incidents", new
                {
                    category = "TrafficAccident", isLifeSafety = false, occurredAt = "2024-03-08T07:00:00+07:00", place = "Ngã tư trước trường", description = "Học sinh va chạm xe máy.",
                    people = new[] { new { role = "Victim", isPupil = true, fullName = "Phạm Quốc Huy", age = 12 } },
                })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                _inspection = await NewInspectionAsync(ready: false);
                _draft = await NewSubmissionAsync(SubmissionStatus.NotStarted);
                _filled = await NewSubmissionAsync(SubmissionStatus.Draft);
                _submitted = await NewSubmissionAsync(SubmissionStatus.Submitted);
                _approved = await NewSubmissionAsync(SubmissionStatus.Approved);
                _readyInspection = await NewInspectionAsync(ready: true);
                _ready = true;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task<Guid> TargetAsync(object target, bool fresh) => (Target)target switch
        {
            Target.Unit => Org.SchoolA1,
            Target.Template => TemplateId,
            Target.VersionedTemplate => _versionedTemplate,
            Target.Schedule => _schedule,
            Target.Request => _request,
            Target.Incident => _incident,
            Target.Inspection => _inspection,
            Target.Draft => _draft,
            Target.FilledDraft => fresh ? await NewSubmissionAsync(SubmissionStatus.Draft) : _filled,
            Target.Submitted => fresh ? await NewSubmissionAsync(SubmissionStatus.Submitted) : _submitted,
            Target.Approved => fresh ? await NewSubmissionAsync(SubmissionStatus.Approved) : _approved,
            Target.ReadyInspection => fresh ? await NewInspectionAsync(ready: true) : _readyInspection,
            _ => Guid.Empty,
        };

        /// <summary>What a refused request must not change.</summary>
        public async Task<string> StateAsync(object target, Guid id)
        {
            await using var db = NewDbContext();
            return (Target)target switch
            {
                Target.Draft or Target.FilledDraft or Target.Submitted or Target.Approved =>
                    await db.Submissions.Where(s => s.Id == id).Select(s => $"{s.Status} {s.UpdatedAt:O} {s.Values.Count} {s.History.Count}").SingleAsync(),
                Target.Inspection or Target.ReadyInspection =>
                    await db.Inspections.Where(i => i.Id == id).Select(i => $"{i.Status} {i.Findings.Count}").SingleAsync()
                    + string.Join(",", (await db.Inspections.AsNoTracking().SingleAsync(i => i.Id == id)).Checklist.Select(c => c.Result)),
                Target.VersionedTemplate or Target.Template => (await db.Templates.SingleAsync(t => t.Id == id)).LatestVersion.ToString(),
                Target.Schedule => (await db.Submissions.CountAsync(s => s.ScheduleId == id)).ToString(),
                _ => "",
            };
        }

        /// <summary>A report of school A1 in a period of its own, taken to <paramref name="status"/> through the API.</summary>
        private async Task<Guid> NewSubmissionAsync(SubmissionStatus status)
        {
            Guid id;
            await using (var db = NewDbContext())
            {
                var period = new Period { Type = PeriodType.AdHoc, Key = $"ACC-{Guid.NewGuid():N}"[..20], Start = new DateOnly(2024, 2, 15), End = new DateOnly(2024, 3, 14) };
                db.Periods.Add(period);
                await db.SaveChangesAsync();
                var version = await db.TemplateVersions.SingleAsync(v => v.TemplateId == TemplateId && v.Number == 1);
                var submission = ExpectedReports.NewSubmission(TemplateId, version.Id, period.Id, Org.SchoolA1, [Org.DistrictA, Org.Department],
                    period.Start, period.End, new DateOnly(2024, 3, 19), ExpectedReports.DeadlineInstant(new DateOnly(2024, 3, 19)), Clock.GetUtcNow(), null, null);
                db.Submissions.Add(submission);
                await db.SaveChangesAsync();
                id = submission.Id;
            }
            if (status == SubmissionStatus.NotStarted) return id;
            using var manager = ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
            await (await manager.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = TestApi.ValidValues() })).Json(HttpStatusCode.OK);
            if (status == SubmissionStatus.Draft) return id;
            await (await manager.PostAsync($"/api/reports/submissions/{id}/submit", null)).Json(HttpStatusCode.OK);
            if (status == SubmissionStatus.Submitted) return id;
            await TestApi.ApproveAsync(this, id, Org.DistrictA);
            return id;
        }

        private async Task<Guid> NewInspectionAsync(bool ready)
        {
            using var district = ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
            var id = (await (await district.PostAsJsonAsync("/api/reports/inspections", new
            {
                inspectedUnitId = Org.SchoolA1, kind = "Unannounced", subject = "Kiểm tra công tác bảo đảm an ninh trường học", scheduledOn = "2024-03-12",
                checklist = new[] { "Có hòm thư góp ý", "Có đường dây nóng" },
            })).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            if (ready)
            {
                await (await district.PutAsJsonAsync($"/api/reports/inspections/{id}/checklist", new
                {
                    items = new[] { new { index = 0, result = "Met" }, new { index = 1, result = "NotMet" } },
                })).Json(HttpStatusCode.OK);
            }
            return id;
        }
    }
}
