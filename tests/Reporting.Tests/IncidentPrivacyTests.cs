using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

public sealed class IncidentPrivacyTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private static readonly string[] Secrets = ["Nguyễn Văn Bình", "HS2024-0017", "Lê Thị Mai", "HS2024-0042", "8A3"];

    /// <summary>
    /// The secret as a token of its own: the random pseudonyms are hex ("HS-5A3BE8A3"), and a plain substring test once
    /// found the class name "8A3" inside one of them (a test that failed by chance, not a leak).
    /// </summary>
    private static void AssertAbsent(string secret, string text, bool ignoreCase = false) =>
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(
            $"(?<![0-9A-Za-z]){System.Text.RegularExpressions.Regex.Escape(secret)}(?![0-9A-Za-z])",
            ignoreCase ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : System.Text.RegularExpressions.RegexOptions.None), text);
    private const string Description = "Một nhóm học sinh đánh một học sinh lớp 8 sau giờ tan học.";
    private const string ActionsTaken = "Sơ cứu, báo gia đình, mời công an phường.";

    private async Task<Guid> ReportAsync(bool lifeSafety)
    {
        factory.Clock.Set(new DateOnly(2024, 4, 2));
        using var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        var created = await (await manager.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "SchoolViolence", isLifeSafety = lifeSafety, occurredAt = "2024-04-01T15:10:00+07:00", place = "Cổng sau trường",
            description = Description, actionsTaken = ActionsTaken,
            people = new object[]
            {
                new { role = "Victim", isPupil = true, fullName = "Nguyễn Văn Bình", identifier = "HS2024-0017", className = "8A3", age = 13 },
                new { role = "Perpetrator", isPupil = true, fullName = "Lê Thị Mai", identifier = "HS2024-0042", age = 15 },
                new { role = "Witness", isPupil = false, age = 40 },
            },
        })).Json(HttpStatusCode.Created);
        // The answer to the report does not echo the names just typed (nothing disclosed, nothing stored with an Idempotency-Key).
        Assert.False(created.GetProperty("namesVisible").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("people")[0].GetProperty("fullName").ValueKind);
        foreach (var secret in Secrets) AssertAbsent(secret, created.ToString());
        return created.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task IncidentReported_carries_pseudonyms_age_bands_and_counts_but_never_names_identifiers_or_the_schools_narrative()
    {
        var id = await ReportAsync(lifeSafety: true);
        var (evt, body) = Assert.Single(await factory.EventsAsync<IncidentReported>(), e => e.Event.IncidentId == id);
        foreach (var secret in Secrets) AssertAbsent(secret, body, ignoreCase: true);
        // The school's free text stays in reporting: neither the description nor the actions taken, nor the members.
        Assert.DoesNotContain(Description, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ActionsTaken, body, StringComparison.OrdinalIgnoreCase);
        using (var json = System.Text.Json.JsonDocument.Parse(body))
        {
            Assert.False(json.RootElement.TryGetProperty("description", out _));
            Assert.False(json.RootElement.TryGetProperty("actionsTaken", out _));
        }
        // Reporting still keeps and shows it, scope-checked, on its incident page.
        using var staff = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolStaff);
        var stored = await (await staff.GetAsync($"/api/reports/incidents/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal((Description, ActionsTaken), (stored.GetProperty("description").GetString(), stored.GetProperty("actionsTaken").GetString()));
        Assert.Equal(2, evt.PupilsInvolved);
        Assert.Equal(1, evt.OthersInvolved);
        Assert.True(evt.IsLifeSafety);
        Assert.Equal([Org.DistrictA, Org.Department], evt.SupervisingUnitIds);
        Assert.Equal(["11-14", "15-17", "18+"], evt.People.Select(p => p.AgeBand));
        Assert.All(evt.People, p => Assert.Matches("^(HS|NL)-[0-9A-F]{8}$", p.PseudonymousId));
        Assert.Equal(3, evt.People.Select(p => p.PseudonymousId).Distinct().Count());
    }

    public static TheoryData<string, Guid, string, int, bool> Readers => new()
    {
        { "reporting school's manager", Org.SchoolA1, PlatformRoles.SchoolManager, 200, true },
        { "reporting school's staff", Org.SchoolA1, PlatformRoles.SchoolStaff, 200, false },
        { "its district officer", Org.DistrictA, PlatformRoles.DistrictOfficer, 200, false },
        { "Department officer", Org.DepartmentOffice, PlatformRoles.DepartmentOfficer, 200, false },
        { "Department leader (life-safety case)", Org.DepartmentOffice, PlatformRoles.DepartmentLeader, 200, true },
        { "system administrator", Org.DepartmentOffice, PlatformRoles.SystemAdmin, 200, false },
        { "auditor", Org.DepartmentOffice, PlatformRoles.Auditor, 200, false },
        { "police liaison (not referred to them)", Org.Police, PlatformRoles.PoliceLiaison, 404, false },
        { "another school's manager", Org.SchoolB1, PlatformRoles.SchoolManager, 404, false },
        { "another district's officer", Org.DistrictB, PlatformRoles.DistrictOfficer, 404, false },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Names_reach_only_the_reporting_schools_manager_and_the_Department_leaders_for_life_safety_cases(
        string who, Guid unit, string role, int status, bool seesNames)
    {
        var id = await ReportAsync(lifeSafety: true);
        using var client = factory.ClientFor(unit, role);
        var response = await client.GetAsync($"/api/reports/incidents/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{who}: {(int)response.StatusCode} {text}");
        foreach (var secret in Secrets.Take(4))
        {
            Assert.Equal(seesNames, text.Contains(secret, StringComparison.Ordinal));
        }
        var list = await (await client.GetAsync("/api/reports/incidents?pageSize=200")).Content.ReadAsStringAsync();
        foreach (var secret in Secrets) AssertAbsent(secret, list);
        if (status == 200) Assert.Contains(id.ToString(), list);
        else Assert.DoesNotContain(id.ToString(), list);

        await using var db = factory.NewDbContext();
        Assert.Equal(seesNames, await db.IdentityDisclosures.AnyAsync(d => d.IncidentId == id && d.UnitId == unit && d.Roles == role));
    }

    [Fact]
    public async Task Department_leaders_do_not_see_names_when_no_life_is_at_risk()
    {
        var id = await ReportAsync(lifeSafety: false);
        using var leader = factory.ClientFor(Org.DepartmentOffice, PlatformRoles.DepartmentLeader);
        var json = await (await leader.GetAsync($"/api/reports/incidents/{id}")).Json(HttpStatusCode.OK);
        Assert.False(json.GetProperty("namesVisible").GetBoolean());
        Assert.All(json.GetProperty("people").EnumerateArray(), p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("fullName").ValueKind));
    }

    [Fact]
    public async Task A_description_naming_a_pupil_is_refused_and_nothing_is_stored_or_published()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 2));
        using var staff = factory.ClientFor(Org.SchoolA2, PlatformRoles.SchoolStaff);
        await using var db = factory.NewDbContext();
        var before = await db.Incidents.CountAsync();
        var eventsBefore = (await factory.EventsAsync<IncidentReported>()).Count;
        var response = await staff.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "Drugs", isLifeSafety = false, occurredAt = "2024-04-01T10:00:00+07:00", place = "Quán nước trước cổng",
            description = "Em trần văn an lớp 9 bị rủ thử chất lạ.",
            people = new object[] { new { role = "Victim", isPupil = true, fullName = "Trần Văn An", age = 14 } },
        });
        await response.AssertProblemNames("description");
        foreach (var (field, body) in new (string, object)[]
        {
            ("category", new { category = "Fight", isLifeSafety = false, occurredAt = "2024-04-01T10:00:00+07:00", place = "x", description = "y" }),
            ("occurredAt", new { category = "Drugs", isLifeSafety = false, occurredAt = "2030-01-01T10:00:00+07:00", place = "x", description = "y" }),
            ("isLifeSafety", new { category = "Drugs", occurredAt = "2024-04-01T10:00:00+07:00", place = "x", description = "y" }),
            ("people[0].role", new { category = "Drugs", isLifeSafety = false, occurredAt = "2024-04-01T10:00:00+07:00", place = "x", description = "y", people = new[] { new { role = "Hero", isPupil = true } } }),
            ("people[0].age", new { category = "Drugs", isLifeSafety = false, occurredAt = "2024-04-01T10:00:00+07:00", place = "x", description = "y", people = new[] { new { role = "Victim", isPupil = true, age = 300 } } }),
        })
        {
            await (await staff.PostAsJsonAsync("/api/reports/incidents", body)).AssertProblemNames(field);
        }
        Assert.Equal(before, await db.Incidents.CountAsync());
        Assert.Equal(eventsBefore, (await factory.EventsAsync<IncidentReported>()).Count);

        // Districts, auditors and police do not report incidents.
        foreach (var (unit, role) in new[] { (Org.DistrictA, PlatformRoles.DistrictOfficer), (Org.DepartmentOffice, PlatformRoles.Auditor), (Org.Police, PlatformRoles.PoliceLiaison) })
        {
            using var client = factory.ClientFor(unit, role);
            (await client.PostAsJsonAsync("/api/reports/incidents", new { category = "Drugs", isLifeSafety = false, occurredAt = "2024-04-01T10:00:00+07:00", place = "x", description = "y" }))
                .StatusCode.Is(HttpStatusCode.Forbidden);
        }
    }
}
