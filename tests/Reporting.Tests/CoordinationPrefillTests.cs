using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Reporting.Tests;

/// <summary>Pre-fill from the coordination service, asked over HTTP (a stand-in on a loopback port) with the caller's token.</summary>
public sealed class CoordinationPrefillTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private static Dictionary<string, JsonElement> ValuesOf(JsonElement report) =>
        report.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!);

    [Fact]
    public async Task The_draft_is_prefilled_with_the_meetings_programmes_and_referrals_coordination_counted_and_says_where_they_came_from()
    {
        factory.Coordination.Down = false;
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("CO-PREFILL");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        factory.Coordination.Statistics[Org.SchoolB1] = new()
        {
            ["coordination.briefing-meetings-held"] = 3, ["coordination.programmes-signed"] = 1, ["coordination.referred-to-police"] = 1,
        };
        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolB1);
        var token = TestTokens.Create(Org.SchoolB1, PlatformRoles.SchoolManager);
        using var school = factory.CreateClient().WithToken(token);
        factory.Coordination.Requests.Clear();

        var report = await (await school.GetAsync($"/api/reports/submissions/{id}")).Json(HttpStatusCode.OK);

        var values = ValuesOf(report);
        Assert.Equal(3, values["briefing_meetings_held"].GetProperty("value").GetInt32());
        Assert.Equal(1, values["coordination_programmes_signed"].GetProperty("value").GetInt32());
        Assert.Equal(1, values["cases_referred_to_police"].GetProperty("value").GetInt32());
        Assert.All(new[] { "briefing_meetings_held", "coordination_programmes_signed", "cases_referred_to_police" }, code =>
        {
            Assert.True(values[code].GetProperty("prefilled").GetBoolean());
            Assert.Contains("hệ thống phối hợp (15/02/2024–14/03/2024)", values[code].GetProperty("source").GetString());
            Assert.Equal(JsonValueKind.Null, values[code].GetProperty("prefillMissing").ValueKind);
        });
        Assert.StartsWith("Cuộc giao ban đã họp", values["briefing_meetings_held"].GetProperty("source").GetString());
        Assert.Empty(report.GetProperty("prefillWarnings").EnumerateArray());
        Assert.False(values["dissemination_sessions"].GetProperty("prefilled").GetBoolean());

        // Asked for this unit and the report's data window, on behalf of the caller.
        var asked = Assert.Single(factory.Coordination.Requests);
        Assert.Equal(Org.SchoolB1, asked.UnitId);
        Assert.Equal(("2024-02-15", "2024-03-14"), (asked.From, asked.To));
        Assert.Equal($"Bearer {token}", asked.Authorization);

        // Left empty, the numbers are stored on submission with their source; a typed number wins over coordination's.
        var typed = TestApi.ValidValues();
        typed.Remove("briefing_meetings_held");
        typed.Remove("cases_referred_to_police");
        typed["coordination_programmes_signed"] = 4;
        await TestApi.SubmitAsync(factory, id, Org.SchoolB1, typed);
        await using var db = factory.NewDbContext();
        var stored = await db.ReportValues.Where(v => v.SubmissionId == id)
            .Join(db.Indicators, v => v.IndicatorId, i => i.Id, (v, i) => new { i.Code, v.NumericValue, v.Source }).ToDictionaryAsync(v => v.Code);
        Assert.Equal(3, stored["briefing_meetings_held"].NumericValue);
        Assert.StartsWith("Cuộc giao ban đã họp, theo hệ thống phối hợp", stored["briefing_meetings_held"].Source);
        Assert.Equal(1, stored["cases_referred_to_police"].NumericValue);
        Assert.StartsWith("Vụ việc đã chuyển cơ quan công an", stored["cases_referred_to_police"].Source);
        Assert.Equal(4, stored["coordination_programmes_signed"].NumericValue);
        Assert.Null(stored["coordination_programmes_signed"].Source);
    }

    [Fact]
    public async Task When_coordination_is_unreachable_the_draft_opens_and_saves_without_its_numbers_and_says_they_are_missing()
    {
        factory.Clock.Set(new DateOnly(2024, 3, 10));
        var template = await factory.CreateDemoTemplateAsync("CO-DOWN");
        await TestApi.CreateScheduleAsync(factory, template, "2024-03");
        factory.Coordination.Statistics[Org.SchoolA2] = new() { ["coordination.briefing-meetings-held"] = 5 };
        var id = await TestApi.SubmissionIdAsync(factory, template, "2024-03", Org.SchoolA2);
        using var school = factory.ClientFor(Org.SchoolA2, PlatformRoles.SchoolStaff);
        factory.Coordination.Down = true;
        try
        {
            var report = await (await school.GetAsync($"/api/reports/submissions/{id}")).Json(HttpStatusCode.OK);
            var values = ValuesOf(report);
            foreach (var code in new[] { "briefing_meetings_held", "coordination_programmes_signed", "cases_referred_to_police" })
            {
                Assert.Equal(JsonValueKind.Null, values[code].GetProperty("value").ValueKind);
                Assert.False(values[code].GetProperty("prefilled").GetBoolean());
                Assert.Contains("hệ thống phối hợp", values[code].GetProperty("prefillMissing").GetString());
            }
            // The platform's own numbers are still there; indicators without a source carry no warning.
            Assert.True(values["violence_serious"].GetProperty("prefilled").GetBoolean());
            Assert.Equal(JsonValueKind.Null, values["violence_serious"].GetProperty("prefillMissing").ValueKind);
            Assert.Equal(JsonValueKind.Null, values["dissemination_sessions"].GetProperty("prefillMissing").ValueKind);
            var warning = Assert.Single(report.GetProperty("prefillWarnings").EnumerateArray()).GetString();
            Assert.Contains("giao ban", warning);

            // Saving still works; a required number coordination would have given is asked for by name on submission.
            var saved = await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = new { dissemination_sessions = 2 } })).Json(HttpStatusCode.OK);
            Assert.Equal("Draft", saved.GetProperty("summary").GetProperty("status").GetString());
            var partial = TestApi.ValidValues();
            partial.Remove("briefing_meetings_held");
            await (await school.PutAsJsonAsync($"/api/reports/submissions/{id}/values", new { values = partial })).Json(HttpStatusCode.OK);
            await (await school.PostAsync($"/api/reports/submissions/{id}/submit", null)).AssertProblemNames("values.briefing_meetings_held");
        }
        finally
        {
            factory.Coordination.Down = false;
        }

        // Once coordination answers again, the number is back.
        var again = ValuesOf(await (await school.GetAsync($"/api/reports/submissions/{id}")).Json(HttpStatusCode.OK));
        Assert.Equal(5, again["briefing_meetings_held"].GetProperty("value").GetInt32());
    }
}
