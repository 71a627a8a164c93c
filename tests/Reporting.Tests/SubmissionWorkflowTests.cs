using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

public sealed class SubmissionWorkflowTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    [Fact]
    public async Task School_submits_district_returns_school_resubmits_district_approves_and_consolidation_and_completeness_follow()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("WF-MAIN");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        using var school = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        using var department = factory.Department();

        // The school sees only its own expected report.
        var mine = await (await school.GetAsync($"/api/reports/submissions?templateId={template}&period=2024-03")).Json(HttpStatusCode.OK);
        var item = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal(Org.SchoolA1, item.GetProperty("unitId").GetGuid());
        Assert.Equal("2024-03-19", item.GetProperty("deadlineDate").GetString());
        var id = item.GetProperty("id").GetGuid();

        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = TestApi.ValidValues(2) })).Json(HttpStatusCode.OK);
        var submitted = await (await school.PostAsync($"/api/reports/submissions/{id}/submit", null)).Json(HttpStatusCode.OK);
        Assert.Equal("Submitted", submitted.GetProperty("summary").GetProperty("status").GetString());
        Assert.False(submitted.GetProperty("summary").GetProperty("isLate").GetBoolean());

        var before = await TestApi.CompletenessAsync(district, template, "2024-03", Org.DistrictA, "unit");
        Assert.Equal(1, before.CellOf(Org.SchoolA1).GetProperty("onTime").GetInt32());
        Assert.Equal(1, before.CellOf(Org.SchoolA2).GetProperty("pending").GetInt32());
        Assert.Null((await TestApi.ConsolidatedAsync(district, template, "2024-03", Org.DistrictA)).Value("dissemination_sessions"));

        await (await district.PostAsJsonAsync($"/api/reports/submissions/{id}/return", new { comment = "Bổ sung số buổi tuyên truyền tháng 3" })).Json(HttpStatusCode.OK);
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { dissemination_sessions = 4 } })).Json(HttpStatusCode.OK);
        var resubmitted = await (await school.PostAsync($"/api/reports/submissions/{id}/submit", null)).Json(HttpStatusCode.OK);
        Assert.Equal(["Saved", "Submitted", "Returned", "Saved", "Resubmitted"],
            resubmitted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Empty(resubmitted.GetProperty("allowedActions").EnumerateArray());
        var seenByDistrict = await (await district.GetAsync($"/api/reports/submissions/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal(["return", "approve"], seenByDistrict.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        var approved = await (await district.PostAsync($"/api/reports/submissions/{id}/approve", null)).Json(HttpStatusCode.OK);
        Assert.Equal("Approved", approved.GetProperty("summary").GetProperty("status").GetString());

        var districtFigure = await TestApi.ConsolidatedAsync(district, template, "2024-03", Org.DistrictA);
        Assert.Equal(4, districtFigure.Value("dissemination_sessions"));
        Assert.Equal(300, districtFigure.Value("participants_pupils"));
        Assert.Equal(4, districtFigure.ChildValue(Org.SchoolA1, "dissemination_sessions"));
        Assert.Equal(4, (await TestApi.ConsolidatedAsync(department, template, "2024-03", Org.Department)).Value("dissemination_sessions"));
        Assert.Equal(4, (await TestApi.ConsolidatedAsync(department, template, "2024-03", Org.Department)).ChildValue(Org.DistrictA, "dissemination_sessions"));
        var after = await TestApi.CompletenessAsync(district, template, "2024-03", Org.DistrictA, "unit");
        Assert.Equal(1, after.CellOf(Org.SchoolA1).GetProperty("approved").GetInt32());
        Assert.Equal(50.0m, after.GetProperty("total").GetProperty("onTimeRate").GetDecimal());

        // Approved data is locked.
        (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { dissemination_sessions = 9 } })).StatusCode.Is(HttpStatusCode.Conflict);
        (await school.PostAsync($"/api/reports/submissions/{id}/submit", null)).StatusCode.Is(HttpStatusCode.Conflict);
        (await district.PostAsync($"/api/reports/submissions/{id}/approve", null)).StatusCode.Is(HttpStatusCode.Conflict);
        // The approving district may not reopen; the level above may, with a reason.
        (await district.PostAsJsonAsync($"/api/reports/submissions/{id}/reopen", new { reason = "sửa" })).StatusCode.Is(HttpStatusCode.Forbidden);
        await (await department.PostAsJsonAsync($"/api/reports/submissions/{id}/reopen", new { reason = "" })).AssertProblemNames("reason");
        await (await department.PostAsJsonAsync($"/api/reports/submissions/{id}/reopen", new { reason = "Số liệu tuyên truyền chưa khớp với báo cáo của công an" })).Json(HttpStatusCode.OK);
        Assert.Null((await TestApi.ConsolidatedAsync(district, template, "2024-03", Org.DistrictA)).Value("dissemination_sessions"));

        var submittedEvents = (await factory.EventsAsync<ReportSubmitted>()).Where(e => e.Event.SubmissionId == id).ToList();
        Assert.Equal([false, true], submittedEvents.Select(e => e.Event.IsResubmission));
        Assert.All(submittedEvents, e => Assert.Equal(Org.DistrictA, e.Event.SupervisingUnitId));
        var returned = (await factory.EventsAsync<ReportReturned>()).Where(e => e.Event.SubmissionId == id).Select(e => e.Event).ToList();
        Assert.Equal([false, true], returned.Select(r => r.Reopened));
        Assert.Single(await factory.EventsAsync<ReportApproved>(), e => e.Event.SubmissionId == id);
        var requested = (await factory.EventsAsync<ReportRequested>()).Single(e => e.Event.TemplateId == template).Event;
        Assert.Equal(new[] { Org.SchoolA1, Org.SchoolA2, Org.SchoolB1, Org.UpperSchool }.Order(), requested.UnitIds.Order());
    }

    [Fact]
    public async Task Late_submissions_are_accepted_and_flagged_and_missing_reports_are_announced_overdue_once()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("WF-LATE");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        var a2 = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolA2);

        factory.Clock.Set(new DateOnly(2024, 3, 20), hour: 0);
        factory.Clock.Now = factory.Clock.Now.AddMinutes(1);
        await TestApi.SubmitAsync(factory, a2, Org.SchoolA2, TestApi.ValidValues());
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        var late = await (await district.GetAsync($"/api/reports/submissions/{a2}")).Json(HttpStatusCode.OK);
        Assert.True(late.GetProperty("summary").GetProperty("isLate").GetBoolean());

        await using (var db = factory.NewDbContext())
        {
            var flagged = await ReportingJobs.FlagOverdueAsync(db, factory.Clock.GetUtcNow(), CancellationToken.None);
            Assert.True(flagged >= 3);
            Assert.Equal(0, await ReportingJobs.FlagOverdueAsync(db, factory.Clock.GetUtcNow(), CancellationToken.None));
        }
        var overdue = (await factory.EventsAsync<ReportOverdue>()).Select(e => e.Event).Where(e => e.TemplateId == template).ToList();
        Assert.Equal(new[] { Org.SchoolA1, Org.SchoolB1, Org.UpperSchool }.Order(), overdue.Select(o => o.UnitId).Order());
        Assert.All(overdue, o => Assert.Equal("2024-03", o.PeriodKey));

        var matrix = await TestApi.CompletenessAsync(district, template, "2024-03", Org.DistrictA, "unit");
        Assert.Equal(1, matrix.CellOf(Org.SchoolA2).GetProperty("late").GetInt32());
        Assert.Equal(1, matrix.CellOf(Org.SchoolA1).GetProperty("missing").GetInt32());
        Assert.Equal(0m, matrix.GetProperty("total").GetProperty("onTimeRate").GetDecimal());
        Assert.Equal(50.0m, matrix.GetProperty("total").GetProperty("submittedRate").GetDecimal());
    }

    [Fact]
    public async Task Bad_values_and_broken_rules_are_problems_naming_the_field_and_change_nothing()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("WF-BAD");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolB1);
        using var school = factory.ClientFor(Org.SchoolB1, PlatformRoles.SchoolStaff);

        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { dissemination_sessions = "nhiều" } })).AssertProblemNames("values.dissemination_sessions");
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { dissemination_sessions = 1.5 } })).AssertProblemNames("values.dissemination_sessions");
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { no_such_indicator = 1 } })).AssertProblemNames("values.no_such_indicator");
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { overall_situation = "Tốt" } })).AssertProblemNames("values.overall_situation");
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { has_hotline = "yes" } })).AssertProblemNames("values.has_hotline");
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { }, status = "Approved" })).AssertProblemNames("status");
        await using (var db = factory.NewDbContext())
        {
            var untouched = await db.Submissions.Include(s => s.Values).SingleAsync(s => s.Id == id);
            Assert.Equal(SubmissionStatus.NotStarted, untouched.Status);
            Assert.Empty(untouched.Values);
        }

        var broken = TestApi.ValidValues();
        broken["pupils_involved"] = 0;
        broken["violence_other"] = 3;
        broken["legal_education_with_police"] = 5;
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = broken })).Json(HttpStatusCode.OK);
        var response = await school.PostAsync($"/api/reports/submissions/{id}/submit", null);
        var problem = await response.Json(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("Số học sinh liên quan phải ít nhất bằng số vụ bạo lực học đường khi có vụ việc.", errors.GetProperty("rules.pupils_cover_violence")[0].GetString());
        Assert.True(errors.TryGetProperty("rules.legal_within_sessions", out _));
        Assert.False(errors.TryGetProperty("rules.participants_when_sessions", out _));

        var missing = TestApi.ValidValues();
        missing["narrative"] = null;
        missing["dissemination_sessions"] = -1;
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = missing })).Json(HttpStatusCode.OK);
        using var english = factory.ClientFor(Org.SchoolB1, PlatformRoles.SchoolStaff);
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var problem2 = await (await english.PostAsync($"/api/reports/submissions/{id}/submit", null)).Json(HttpStatusCode.BadRequest);
        Assert.Equal("The indicator 'narrative' is required.", problem2.GetProperty("errors").GetProperty("values.narrative")[0].GetString());
        Assert.True(problem2.GetProperty("errors").TryGetProperty("values.dissemination_sessions", out _));

        await using var after = factory.NewDbContext();
        var draft = await after.Submissions.SingleAsync(s => s.Id == id);
        Assert.Equal(SubmissionStatus.Draft, draft.Status);
        Assert.Null(draft.FirstSubmittedAt);
        Assert.DoesNotContain(await factory.EventsAsync<ReportSubmitted>(), e => e.Event.SubmissionId == id);
    }

    [Fact]
    public async Task The_draft_is_prefilled_from_incidents_the_school_reported_and_shows_the_source()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("WF-PREFILL");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        using var school = factory.ClientFor(Org.UpperSchool, PlatformRoles.SchoolManager);
        await (await school.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "SchoolViolence", isLifeSafety = true, occurredAt = "2024-03-05T09:30:00+07:00", place = "Sân trường", description = "Xô xát giữa hai học sinh lớp 11.",
            people = new object[] { new { role = "Victim", isPupil = true, fullName = "Trần Thị Hoa", age = 16 }, new { role = "Perpetrator", isPupil = true, age = 17 } },
        })).Json(HttpStatusCode.Created);
        // Outside the data window (15/02–14/03): not counted.
        await (await school.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "Drugs", isLifeSafety = false, occurredAt = "2024-02-10T09:30:00+07:00", place = "Cổng trường", description = "Nghi vấn mua bán chất cấm.",
        })).Json(HttpStatusCode.Created);

        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.UpperSchool);
        var report = await (await school.GetAsync($"/api/reports/submissions/{id}")).Json(HttpStatusCode.OK);
        var values = report.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!);
        Assert.Equal(1, values["violence_serious"].GetProperty("value").GetInt32());
        Assert.True(values["violence_serious"].GetProperty("prefilled").GetBoolean());
        Assert.Contains("15/02/2024–14/03/2024", values["violence_serious"].GetProperty("source").GetString());
        Assert.Equal(2, values["pupils_involved"].GetProperty("value").GetInt32());
        Assert.Equal(0, values["drug_cases"].GetProperty("value").GetInt32());
        Assert.False(values["dissemination_sessions"].GetProperty("prefilled").GetBoolean());

        var typed = TestApi.ValidValues();
        foreach (var code in new[] { "violence_serious", "violence_other", "pupils_involved", "drug_cases", "child_abuse_cases", "other_social_evil_cases", "traffic_accidents", "inspections_carried_out" })
        {
            typed.Remove(code);
        }
        await TestApi.SubmitAsync(factory, id, Org.UpperSchool, typed);
        await using var db = factory.NewDbContext();
        var stored = await db.ReportValues.Where(v => v.SubmissionId == id).Join(db.Indicators, v => v.IndicatorId, i => i.Id, (v, i) => new { i.Code, v.NumericValue, v.Source }).ToListAsync();
        Assert.Equal(1, stored.Single(s => s.Code == "violence_serious").NumericValue);
        Assert.StartsWith("Sự việc đơn vị đã báo cáo", stored.Single(s => s.Code == "violence_serious").Source);
        Assert.Null(stored.Single(s => s.Code == "dissemination_sessions").Source);
    }
}

internal static class StatusAssert
{
    public static void Is(this HttpStatusCode actual, HttpStatusCode expected) => Assert.Equal(expected, actual);
}
