using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A school's BC-PCBLHD report from the school through its supervising unit (Phường Lê Chân's Culture–Society division since the 2025 reform), via the gateway only: the demo schedule opens the
/// monthly period; the district's ad-hoc request gives the report this test takes through review.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReportingEndToEndTests(PlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>The demo template BC-PCBLHD (preventing school violence, crime and social evils).</summary>
    private static readonly Guid TemplateId = DemoUnitIds.For("TEMPLATE:BC-PCBLHD");

    [Fact]
    public async Task School_report_asked_by_its_district_is_returned_resubmitted_and_approved_and_moves_consolidation_and_completeness()
    {
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var district = DemoUnitIds.For(DemoUnitIds.LeChanCommuneDivision); // the school's supervisor since 01/07/2025

        using var admin = platform.App.CreateHttpClient(ResourceNames.Gateway);
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(admin, "admin"));
        await PlatformTests.WaitForDemoUnitsInEveryReplicaAsync(admin);

        using var principal = platform.App.CreateHttpClient(ResourceNames.Gateway);
        principal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(principal, "school.principal"));
        using var officer = platform.App.CreateHttpClient(ResourceNames.Gateway);
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await PlatformTests.SignInAsync(officer, "commune.officer"));

        // The demo schedule's job opens the monthly period as soon as the unit replica holds the schools — possibly while
        // the 2024 organisation is all it has heard of; the reform's moves then give the open report its new chain (on
        // another queue, after the replica knows the new units). So the report is waited for until its supervisor is the
        // commune's division. That report is the browser walk's (WebClientEndToEndTests): only looked at here.
        var clock = Stopwatch.StartNew();
        JsonElement? monthly = null;
        while (true)
        {
            var list = await GetJsonAsync(principal, $"/api/reports/submissions?templateId={TemplateId}&unitId={school}&sort=deadline&pageSize=50");
            monthly = list.GetProperty("items").EnumerateArray()
                .Where(s => !s.GetProperty("periodKey").GetString()!.StartsWith("ADHOC", StringComparison.Ordinal))
                .Cast<JsonElement?>().LastOrDefault();
            if (monthly is { } found && found.GetProperty("supervisorId").GetGuid() == district) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                var replica = await admin.GetStringAsync($"/api/reports/units/{school}");
                Assert.Fail($"No monthly report for {DemoUnitIds.LeChanLowerSecondarySchool} supervised by the commune's division within 3 minutes; " +
                    $"last seen: {monthly}\nReporting's replica of the school: {replica}\n{platform.RecentLogLines(200)}");
            }
            await Task.Delay(1000);
        }
        output.WriteLine($"Monthly report {monthly.Value.GetProperty("periodKey").GetString()} under the commune's division after {clock.Elapsed.TotalSeconds:F1} s");

        // The district asks the school for the same report ad hoc (báo cáo đột xuất): a period of its own that no other
        // test touches, so consolidation and completeness below move by this school's report alone.
        using var asked = await officer.PostAsJsonAsync("/api/reports/requests", new
        {
            templateId = TemplateId,
            title = "Báo cáo đột xuất công tác phòng, chống bạo lực học đường",
            unitIds = new[] { school },
            dueInDays = 7,
        });
        var askedBody = await asked.Content.ReadAsStringAsync();
        Assert.True(asked.StatusCode == HttpStatusCode.Created, $"POST /api/reports/requests answered {(int)asked.StatusCode}: {askedBody}");
        var period = JsonDocument.Parse(askedBody).RootElement.GetProperty("periodKey").GetString()!;
        var mine = await GetJsonAsync(principal, $"/api/reports/submissions?templateId={TemplateId}&unitId={school}&pageSize=200");
        var expected = mine.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("periodKey").GetString() == period);
        Assert.Equal("NotStarted", expected.GetProperty("status").GetString());
        var id = expected.GetProperty("id").GetGuid();
        Assert.Equal(district, expected.GetProperty("supervisorId").GetGuid());

        // The draft opens with the numbers coordination knows for the school (reporting asks it directly, with the
        // principal's token), each with its source; nothing is reported missing.
        var draft = await GetJsonAsync(principal, $"/api/reports/submissions/{id}");
        Assert.Empty(draft.GetProperty("prefillWarnings").EnumerateArray());
        var briefings = draft.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("code").GetString() == "briefing_meetings_held");
        Assert.True(briefings.GetProperty("prefilled").GetBoolean(), briefings.ToString());
        Assert.Contains("hệ thống phối hợp", briefings.GetProperty("source").GetString());

        var completenessQuery = $"/api/reports/completeness?templateId={TemplateId}&period={period}&unitId={district}";
        var consolidatedQuery = $"/api/reports/consolidated?templateId={TemplateId}&period={period}&unitId={district}";
        var completenessBefore = await GetJsonAsync(officer, completenessQuery);
        var schoolRowBefore = SchoolCell(completenessBefore, school);
        Assert.Equal(1, schoolRowBefore.GetProperty("expected").GetInt32());
        Assert.Equal(0, schoolRowBefore.GetProperty("submitted").GetInt32());

        // The principal fills in every required value (consistent with the template's rules) and submits.
        var values = new Dictionary<string, object>
        {
            ["dissemination_sessions"] = 4,
            ["participants_pupils"] = 620,
            ["participants_parents"] = 180,
            ["participants_staff"] = 45,
            ["legal_education_with_police"] = 1,
            ["coordination_programmes_signed"] = 1,
            ["briefing_meetings_held"] = 2,
            ["has_hotline"] = true,
            ["violence_serious"] = 1,
            ["violence_other"] = 2,
            ["pupils_involved"] = 5,
            ["drug_cases"] = 0,
            ["child_abuse_cases"] = 0,
            ["other_social_evil_cases"] = 0,
            ["traffic_violations"] = 3,
            ["traffic_accidents"] = 0,
            ["cases_referred_to_police"] = 1,
            ["inspections_carried_out"] = 1,
            ["overall_situation"] = "Có vụ việc nhưng đã kiểm soát",
            ["narrative"] = "Nhà trường tổ chức tuyên truyền Chỉ thị 02 cho toàn trường; các vụ việc đã được xử lý kịp thời.",
        };
        var saved = await SendAsync(principal, HttpMethod.Put, $"/api/reports/submissions/{id}/values", new { values });
        Assert.Equal("Draft", Status(saved));
        var submitted = await SendAsync(principal, HttpMethod.Post, $"/api/reports/submissions/{id}/submit");
        Assert.Equal("Submitted", Status(submitted));

        // The district returns it with a comment.
        const string comment = "Số buổi tuyên truyền chưa khớp với kế hoạch; đề nghị nhà trường kiểm tra lại.";
        var returned = await SendAsync(officer, HttpMethod.Post, $"/api/reports/submissions/{id}/return", new { comment });
        Assert.Equal("Returned", Status(returned));
        Assert.Equal(comment, returned.GetProperty("lastComment").GetString());
        var seenByPrincipal = await GetJsonAsync(principal, $"/api/reports/submissions/{id}");
        Assert.Equal("Returned", Status(seenByPrincipal));
        Assert.Equal(comment, seenByPrincipal.GetProperty("lastComment").GetString());
        Assert.Contains("submit", seenByPrincipal.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        // The principal corrects one figure and resubmits.
        const int sessions = 5;
        var corrected = await SendAsync(principal, HttpMethod.Put, $"/api/reports/submissions/{id}/values",
            new { values = new Dictionary<string, object> { ["dissemination_sessions"] = sessions } });
        Assert.Equal(sessions, Value(corrected, "dissemination_sessions"));
        var resubmitted = await SendAsync(principal, HttpMethod.Post, $"/api/reports/submissions/{id}/submit");
        Assert.Equal("Submitted", Status(resubmitted));

        // Read the district's consolidated figure just before approval: other approved reports may contribute.
        var consolidatedBefore = ConsolidatedValue(await GetJsonAsync(officer, consolidatedQuery), "dissemination_sessions");

        var approved = await SendAsync(officer, HttpMethod.Post, $"/api/reports/submissions/{id}/approve");
        Assert.Equal("Approved", Status(approved));
        Assert.NotEqual(JsonValueKind.Null, approved.GetProperty("summary").GetProperty("approvedAt").ValueKind);

        // State, not just status codes: approved, with the corrected value, and locked.
        var final = await GetJsonAsync(principal, $"/api/reports/submissions/{id}");
        Assert.Equal("Approved", Status(final));
        Assert.Equal(sessions, Value(final, "dissemination_sessions"));
        Assert.DoesNotContain("save", final.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        var history = final.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        output.WriteLine($"History: {string.Join(" → ", history)}");

        using var locked = await principal.PutAsJsonAsync($"/api/reports/submissions/{id}/values",
            new { values = new Dictionary<string, object> { ["dissemination_sessions"] = 9 } });
        var lockedBody = await locked.Content.ReadAsStringAsync();
        Assert.True(locked.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
            $"Changing an approved report answered {(int)locked.StatusCode}: {lockedBody}");
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(lockedBody).RootElement;
        Assert.Equal((int)locked.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(sessions, Value(await GetJsonAsync(principal, $"/api/reports/submissions/{id}"), "dissemination_sessions"));

        // The district's consolidated figure grew by exactly the school's value; the school is a child row with it.
        var consolidated = await GetJsonAsync(officer, consolidatedQuery);
        Assert.Equal(sessions, ConsolidatedValue(consolidated, "dissemination_sessions") - consolidatedBefore);
        var schoolChild = consolidated.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("unitId").GetGuid() == school);
        Assert.Equal(sessions, schoolChild.GetProperty("values").GetProperty("dissemination_sessions").GetDecimal());

        // The district officer downloads the consolidated report as XLSX through the gateway; it reads back to the same figures.
        using var export = await officer.GetAsync($"/api/reports/consolidated/export?templateId={TemplateId}&period={period}&unitId={district}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var rows = new MemoryStream(await export.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var sessionsRow = rows.Single(r => r["Mã chỉ tiêu"]?.ToString() == "dissemination_sessions");
        var schoolColumn = $"{schoolChild.GetProperty("name").GetString()} ({schoolChild.GetProperty("code").GetString()})";
        Assert.Equal(sessions, Convert.ToDecimal(sessionsRow[schoolColumn], System.Globalization.CultureInfo.InvariantCulture));
        var totalColumn = $"Tổng hợp {consolidated.GetProperty("unit").GetProperty("name").GetString()}";
        Assert.Equal(consolidatedBefore + sessions, Convert.ToDecimal(sessionsRow[totalColumn], System.Globalization.CultureInfo.InvariantCulture));

        // Completeness for the district and period counts the school as submitted and approved.
        var completenessAfter = await GetJsonAsync(officer, completenessQuery);
        var schoolRowAfter = SchoolCell(completenessAfter, school);
        Assert.Equal(1, schoolRowAfter.GetProperty("submitted").GetInt32());
        Assert.Equal(1, schoolRowAfter.GetProperty("approved").GetInt32());
        Assert.Equal(0, schoolRowAfter.GetProperty("missing").GetInt32());
        var totalBefore = completenessBefore.GetProperty("total");
        var totalAfter = completenessAfter.GetProperty("total");
        Assert.Equal(totalBefore.GetProperty("expected").GetInt32(), totalAfter.GetProperty("expected").GetInt32());
        Assert.Equal(totalBefore.GetProperty("submitted").GetInt32() + 1, totalAfter.GetProperty("submitted").GetInt32());
        Assert.Equal(totalBefore.GetProperty("approved").GetInt32() + 1, totalAfter.GetProperty("approved").GetInt32());
        output.WriteLine($"Period {period}: whole flow took {clock.Elapsed.TotalSeconds:F1} s; district total dissemination_sessions {consolidatedBefore} → {consolidatedBefore + sessions}");
    }

    private static string? Status(JsonElement submission) => submission.GetProperty("summary").GetProperty("status").GetString();

    private static decimal? Value(JsonElement submission, string code) =>
        submission.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("code").GetString() == code).GetProperty("value") is var v
        && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    /// <summary>The district's figure for one indicator; no approved report yet reads as 0.</summary>
    private static decimal ConsolidatedValue(JsonElement consolidated, string code)
    {
        var value = consolidated.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("value");
        return value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : 0m;
    }

    /// <summary>The school's total cell in the district's completeness matrix (one row per school).</summary>
    private static JsonElement SchoolCell(JsonElement completeness, Guid school) =>
        completeness.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitId").GetGuid() == school).GetProperty("total");

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
