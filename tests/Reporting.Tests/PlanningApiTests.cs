using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>Templates, schedules by recipient group, ad-hoc requests and inspections over the API.</summary>
public sealed class PlanningApiTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    [Fact]
    public async Task A_template_definition_with_mistakes_is_refused_field_by_field_and_nothing_is_created()
    {
        using var department = factory.Department();
        var response = await department.PostAsJsonAsync("/api/reports/templates", new
        {
            code = "BAD TEMPLATE",
            name = "",
            sections = new[] { new { code = "s1", title = "Phần 1" } },
            indicators = new object[]
            {
                new { code = "Sessions", section = "s1", label = "Số buổi", type = "Integer" },
                new { code = "pupils", section = "s9", label = "Số học sinh", type = "Integer", min = 10, max = 5 },
                new { code = "mood", section = "s1", label = "Tình hình", type = "Choice", aggregation = "Sum" },
                new { code = "pupils", section = "s1", label = "Trùng", type = "Number" },
                new { code = "note", section = "s1", label = "Ghi chú", type = "Text", prefillKey = "incidents.drugs" },
            },
            rules = new[] { new { code = "r1", expression = "pupils >= sessions_total", message = "Sai" }, new { code = "r2", expression = "pupils >", message = "" } },
        });
        var problem = await response.Json(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "code", "name", "indicators[0].code", "indicators[1].section", "indicators[1].max", "indicators[2].aggregation", "indicators[2].choices",
            "indicators[3].code", "indicators[3].type", "indicators[4].prefillKey", "rules[0].expression", "rules[1].expression", "rules[1].message",
        }, fields);
        await using var db = factory.NewDbContext();
        Assert.False(await db.Templates.AnyAsync(t => t.Code == "BAD TEMPLATE"));

        using var school = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        (await school.PostAsJsonAsync("/api/reports/templates", new { code = "X", name = "X", sections = new[] { new { code = "s", title = "S" } },
            indicators = new[] { new { code = "a", section = "s", label = "A", type = "Integer" } } })).StatusCode.Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_new_version_leaves_the_old_one_as_it_was_and_new_reports_use_the_latest()
    {
        var template = await factory.CreateDemoTemplateAsync("VERSIONED");
        using var department = factory.Department();
        var body = ReportingApiFactory.DemoDefinition();
        body["changeNote"] = "Bỏ chỉ tiêu vi phạm giao thông";
        body["indicators"] = ((IEnumerable<object>)body["indicators"]!).Where(i => !i.ToString()!.Contains("traffic_violations", StringComparison.Ordinal)).ToList();
        var v2 = await (await department.PostAsJsonAsync($"/api/reports/templates/{template}/versions", body)).Json(HttpStatusCode.Created);
        Assert.Equal(2, v2.GetProperty("number").GetInt32());
        var v1 = await (await department.GetAsync($"/api/reports/templates/{template}/versions/1")).Json(HttpStatusCode.OK);
        Assert.Contains(v1.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("indicators").EnumerateArray()), i => i.GetProperty("code").GetString() == "traffic_violations");
        var latest = await (await department.GetAsync($"/api/reports/templates/{template}")).Json(HttpStatusCode.OK);
        Assert.Equal(2, latest.GetProperty("latestVersion").GetInt32());
        Assert.DoesNotContain(latest.GetProperty("version").GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("indicators").EnumerateArray()), i => i.GetProperty("code").GetString() == "traffic_violations");
    }

    [Fact]
    public async Task A_schedule_for_recipient_groups_resolves_them_at_each_period_and_an_unknown_group_is_a_field_error()
    {
        factory.Clock.Set(new DateOnly(2024, 10, 20));
        var template = await factory.CreateDemoTemplateAsync("GROUPS");
        var group = Guid.NewGuid();
        factory.Groups.Groups[group] = [Org.UpperSchool, Org.DistrictA, Org.DistrictB];
        using var department = factory.Department();

        await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Quý", periodType = "Quarterly", deadlineDays = 7, groupIds = new[] { Guid.NewGuid() }, firstPeriod = "2024-Q4",
        })).AssertProblemNames("groupIds");
        await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Quý", periodType = "Quarterly", deadlineDays = 7, groupIds = new[] { group }, firstPeriod = "2024-03",
        })).AssertProblemNames("firstPeriod");
        await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Quý", periodType = "Quarterly", deadlineDays = 7, cutoffDay = 31, unitKinds = new[] { "Castle" }, firstPeriod = "2024-Q4",
        })).AssertProblemNames("unitKinds[0]");
        await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Quý", periodType = "Quarterly", deadlineDays = 7, cutoffDay = 31, groupIds = new[] { group }, firstPeriod = "2024-Q4",
        })).AssertProblemNames("cutoffDay");

        var created = await (await department.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "Báo cáo quý", periodType = "Quarterly", deadlineDays = 7, groupIds = new[] { group }, firstPeriod = "2024-Q3",
        })).Json(HttpStatusCode.Created);
        // Q3 (data 15/06–14/09) and Q4 (data from 15/09) have opened by 20/10.
        var opened = created.GetProperty("openedPeriods").EnumerateArray().ToList();
        Assert.Equal(["2024-Q3", "2024-Q4"], opened.Select(p => p.GetProperty("key").GetString()));
        // Q4's data window closes 14/12; seven days later is Saturday 21/12/2024, so the deadline is the next working day, Monday 23/12.
        Assert.Equal("2024-12-23", opened[1].GetProperty("deadline").GetString());
        Assert.False(opened[1].GetProperty("deadlineProvisional").GetBoolean());
        Assert.All(opened, p => Assert.Equal(3, p.GetProperty("expectedReports").GetInt32()));
        Assert.Contains((group, new DateOnly(2024, 12, 14)), factory.Groups.Calls);

        await using var db = factory.NewDbContext();
        var expected = await db.Submissions.Where(s => s.TemplateId == template).ToListAsync();
        Assert.Equal(6, expected.Count);
        Assert.Equal([Org.Department], expected.Single(s => s.UnitId == Org.DistrictA && s.DataTo == new DateOnly(2024, 12, 14)).Chain);

        using var school = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        (await school.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId = template, name = "x", periodType = "Monthly", deadlineDays = 7, unitKinds = new[] { "Preschool" }, firstPeriod = "2024-10",
        })).StatusCode.Is(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_request_to_a_group_while_the_units_service_is_away_is_a_503_with_retry_after_and_creates_nothing()
    {
        factory.Clock.Set(new DateOnly(2024, 11, 4));
        var template = await factory.CreateDemoTemplateAsync("UNAVAILABLE");
        var group = Guid.NewGuid();
        factory.Groups.Unavailable.Add(group);
        using var department = factory.Department();
        await using var before = factory.NewDbContext();
        var requests = await before.Requests.CountAsync();

        var response = await department.PostAsJsonAsync("/api/reports/requests", new
        {
            templateId = template, title = "Đột xuất khi dịch vụ đơn vị vắng", groupIds = new[] { group }, dueInHours = 24,
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to try again");
        Assert.Contains("units", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using var after = factory.NewDbContext();
        Assert.Equal(requests, await after.Requests.CountAsync());
    }

    [Fact]
    public async Task An_ad_hoc_request_asks_selected_units_by_a_deadline_in_hours_and_a_district_cannot_ask_outside_its_schools()
    {
        factory.Clock.Set(new DateOnly(2024, 11, 4));
        var template = await factory.CreateDemoTemplateAsync("ADHOC");
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        (await district.PostAsJsonAsync("/api/reports/requests", new { templateId = template, title = "Đột xuất", unitIds = new[] { Org.SchoolB1 }, dueInHours = 24 }))
            .StatusCode.Is(HttpStatusCode.Forbidden);
        await (await district.PostAsJsonAsync("/api/reports/requests", new { templateId = template, title = "Đột xuất", unitIds = new[] { Org.SchoolA1 }, dueInHours = 24, dueInDays = 1 }))
            .AssertProblemNames("deadlineAt");
        var created = await (await district.PostAsJsonAsync("/api/reports/requests", new
        {
            templateId = template, title = "Báo cáo nhanh vụ việc ngày 03/11", unitIds = new[] { Org.SchoolA1, Org.SchoolA2 }, dueInHours = 24,
        })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var evt = Assert.Single(await factory.EventsAsync<ReportRequested>(), e => e.Event.RequestId == id).Event;
        Assert.Equal("AdHoc", evt.Kind);
        Assert.Equal(factory.Clock.GetUtcNow().AddHours(24), evt.DeadlineAt);
        Assert.Equal(new[] { Org.SchoolA1, Org.SchoolA2 }.Order(), evt.UnitIds.Order());

        await using var db = factory.NewDbContext();
        var a1 = await db.Submissions.SingleAsync(s => s.RequestId == id && s.UnitId == Org.SchoolA1);
        await TestApi.SubmitAsync(factory, a1.Id, Org.SchoolA1, TestApi.ValidValues());
        var summary = await (await district.GetAsync($"/api/reports/requests/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal(2, summary.GetProperty("completeness").GetProperty("expected").GetInt32());
        Assert.Equal(1, summary.GetProperty("completeness").GetProperty("onTime").GetInt32());

        // The request's window is a period like any other for the completeness matrix and the consolidated report,
        // by the key the request answered (in any letter case); a key no request made is a field error.
        var periodKey = created.GetProperty("periodKey").GetString()!;
        Assert.StartsWith("ADHOC-", periodKey);
        var matrix = await (await district.GetAsync($"/api/reports/completeness?templateId={template}&period={periodKey.ToUpperInvariant()}&unitId={Org.DistrictA}")).Json(HttpStatusCode.OK);
        Assert.Equal(periodKey, Assert.Single(matrix.GetProperty("periods").EnumerateArray()).GetString());
        Assert.Equal(2, matrix.GetProperty("total").GetProperty("expected").GetInt32());
        Assert.Equal(1, matrix.GetProperty("total").GetProperty("submitted").GetInt32());
        var consolidated = await (await district.GetAsync($"/api/reports/consolidated?templateId={template}&period={periodKey}&unitId={Org.DistrictA}")).Json(HttpStatusCode.OK);
        Assert.Equal(periodKey, consolidated.GetProperty("period").GetString());
        await (await district.GetAsync($"/api/reports/completeness?templateId={template}&period=ADHOC-00000000000000ff&unitId={Org.DistrictA}"))
            .AssertProblemNames("period");

        // Months no schedule has opened yet (the dashboard's heatmap asks for the latest six) are empty columns, not a 500.
        var unopened = await (await district.GetAsync($"/api/reports/completeness?templateId={template}&from=2030-01&to=2030-06&unitId={Org.DistrictA}")).Json(HttpStatusCode.OK);
        Assert.Equal(["2030-01", "2030-02", "2030-03", "2030-04", "2030-05", "2030-06"], unopened.GetProperty("periods").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, unopened.GetProperty("total").GetProperty("expected").GetInt32());
    }

    [Fact]
    public async Task An_inspection_records_its_checklist_and_a_finding_is_published_for_the_tasks_service()
    {
        factory.Clock.Set(new DateOnly(2024, 11, 5));
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        (await district.PostAsJsonAsync("/api/reports/inspections", new
        {
            inspectedUnitId = Org.SchoolB1, kind = "Planned", subject = "x", scheduledOn = "2024-11-06", checklist = new[] { "a" },
        })).StatusCode.Is(HttpStatusCode.Forbidden);
        var inspection = await (await district.PostAsJsonAsync("/api/reports/inspections", new
        {
            inspectedUnitId = Org.SchoolA2, kind = "Unannounced", subject = "Kiểm tra an ninh trường học", scheduledOn = "2024-11-05",
            checklist = new[] { "Có phương án phòng, chống bạo lực học đường", "Có đường dây nóng" },
        })).Json(HttpStatusCode.Created);
        var id = inspection.GetProperty("id").GetGuid();
        await (await district.PostAsJsonAsync($"/api/reports/inspections/{id}/complete", new { })).Json(HttpStatusCode.UnprocessableEntity);
        await (await district.PutAsJsonAsync($"/api/reports/inspections/{id}/checklist", new { items = new[] { new { index = 5, result = "Met" } } })).AssertProblemNames("items");
        await (await district.PutAsJsonAsync($"/api/reports/inspections/{id}/checklist", new { items = new[] { new { index = 0, result = "Maybe" } } })).AssertProblemNames("items[0].result");
        await (await district.PutAsJsonAsync($"/api/reports/inspections/{id}/checklist", new
        {
            items = new[] { new { index = 0, result = "Met" }, new { index = 1, result = "NotMet" } },
        })).Json(HttpStatusCode.OK);
        await (await district.PostAsJsonAsync($"/api/reports/inspections/{id}/findings", new
        {
            description = "Chưa công khai số điện thoại đường dây nóng", severity = "Major", correctiveAction = "Công khai đường dây nóng tại cổng trường", dueDate = "2024-11-30",
        })).Json(HttpStatusCode.OK);
        var done = await (await district.PostAsJsonAsync($"/api/reports/inspections/{id}/complete", new { conclusion = "Cơ bản đạt" })).Json(HttpStatusCode.OK);
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        await (await district.PostAsJsonAsync($"/api/reports/inspections/{id}/findings", new { description = "muộn", severity = "Minor" })).Json(HttpStatusCode.Conflict);

        var finding = Assert.Single(await factory.EventsAsync<InspectionFindingRaised>(), e => e.Event.InspectionId == id).Event;
        Assert.Equal(Org.SchoolA2, finding.InspectedUnitId);
        Assert.Equal(Org.DistrictA, finding.InspectingUnitId);
        Assert.Equal("Major", finding.Severity);
        Assert.Equal(new DateOnly(2024, 11, 30), finding.CorrectiveActionDueDate);

        // The district's completed inspection pre-fills its own report's "inspections carried out".
        await using var db = factory.NewDbContext();
        var prefill = await new Platform.Reporting.Infrastructure.ReportingPrefillSource(db).ValuesAsync(Org.DistrictA, new DateOnly(2024, 10, 15), new DateOnly(2024, 11, 14), CancellationToken.None);
        Assert.Equal(1, prefill[Platform.Reporting.Domain.PrefillKeys.InspectionsCarriedOut].Value);
    }
}
