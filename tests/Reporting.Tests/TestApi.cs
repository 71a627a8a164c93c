using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>Small helpers shared by the API tests.</summary>
public static class TestApi
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a validation problem that names <paramref name="field"/>.</summary>
    public static async Task AssertProblemNames(this HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var json = await response.Json(status);
        Assert.True(json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"no error for '{field}' in {json}");
    }

    /// <summary>A complete, valid set of values for the demo template.</summary>
    public static Dictionary<string, object?> ValidValues(int sessions = 2) => new()
    {
        ["dissemination_sessions"] = sessions,
        ["participants_pupils"] = 300,
        ["participants_parents"] = 40,
        ["participants_staff"] = 25,
        ["legal_education_with_police"] = 1,
        ["coordination_programmes_signed"] = 1,
        ["briefing_meetings_held"] = 1,
        ["has_hotline"] = true,
        ["violence_serious"] = 0,
        ["violence_other"] = 1,
        ["pupils_involved"] = 2,
        ["drug_cases"] = 0,
        ["child_abuse_cases"] = 0,
        ["other_social_evil_cases"] = 0,
        ["traffic_violations"] = 3,
        ["traffic_accidents"] = 0,
        ["cases_referred_to_police"] = 0,
        ["inspections_carried_out"] = 0,
        ["overall_situation"] = "Ổn định",
        ["narrative"] = "Tình hình an ninh trật tự ổn định.",
    };

    /// <summary>Creates a monthly schedule for every lower- and upper-secondary school, as the Department.</summary>
    public static async Task<Guid> CreateScheduleAsync(ReportingApiFactory factory, Guid templateId, string firstPeriod, int deadlineDays = 5)
    {
        using var client = factory.Department();
        var response = await client.PostAsJsonAsync("/api/reports/schedules", new
        {
            templateId, name = "Báo cáo tháng", periodType = "Monthly", deadlineDays, unitKinds = new[] { "LowerSecondarySchool", "UpperSecondarySchool" }, firstPeriod,
        });
        return (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> SubmissionIdAsync(ReportingApiFactory factory, Guid templateId, string period, Guid unit)
    {
        using var client = factory.Department();
        var page = await (await client.GetAsync($"/api/reports/submissions?templateId={templateId}&period={period}&unitId={unit}")).Json(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
    }

    /// <summary>The unit's school manager fills and submits its report.</summary>
    public static async Task SubmitAsync(ReportingApiFactory factory, Guid submissionId, Guid unit, Dictionary<string, object?> values)
    {
        using var school = factory.ClientFor(unit, PlatformRoles.SchoolManager);
        await (await school.PutAsJsonAsync($"/api/reports/submissions/{submissionId}/values", new { values })).Json(HttpStatusCode.OK);
        await (await school.PostAsync($"/api/reports/submissions/{submissionId}/submit", null)).Json(HttpStatusCode.OK);
    }

    public static async Task ApproveAsync(ReportingApiFactory factory, Guid submissionId, Guid reviewerUnit, string role = PlatformRoles.DistrictOfficer)
    {
        using var reviewer = factory.ClientFor(reviewerUnit, role);
        await (await reviewer.PostAsync($"/api/reports/submissions/{submissionId}/approve", null)).Json(HttpStatusCode.OK);
    }

    public static async Task<JsonElement> ConsolidatedAsync(HttpClient client, Guid templateId, string period, Guid unit) =>
        await (await client.GetAsync($"/api/reports/consolidated?templateId={templateId}&period={period}&unitId={unit}")).Json(HttpStatusCode.OK);

    public static decimal? Value(this JsonElement consolidated, string code)
    {
        var item = consolidated.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("value");
        return item.ValueKind == JsonValueKind.Null ? null : item.GetDecimal();
    }

    public static decimal? ChildValue(this JsonElement consolidated, Guid child, string code)
    {
        var row = consolidated.GetProperty("children").EnumerateArray().FirstOrDefault(c => c.GetProperty("unitId").GetGuid() == child);
        if (row.ValueKind == JsonValueKind.Undefined) return null;
        var v = row.GetProperty("values").GetProperty(code);
        return v.ValueKind == JsonValueKind.Null ? null : v.GetDecimal();
    }

    public static async Task<JsonElement> CompletenessAsync(HttpClient client, Guid templateId, string period, Guid unit, string groupBy = "child") =>
        await (await client.GetAsync($"/api/reports/completeness?templateId={templateId}&period={period}&unitId={unit}&groupBy={groupBy}")).Json(HttpStatusCode.OK);

    public static JsonElement CellOf(this JsonElement completeness, Guid unit) =>
        completeness.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitId").GetGuid() == unit).GetProperty("total");
}
