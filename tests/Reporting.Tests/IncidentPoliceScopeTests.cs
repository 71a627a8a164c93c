using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Consumers;
using Platform.Contracts.Coordination;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>
/// Police liaisons read an incident only after it is referred to a police unit in their scope (coordination's
/// <see cref="IncidentReferredToPolice"/> over the bus), and then only what the referral shared: never the school's
/// description or actions taken, never names.
/// </summary>
public sealed class IncidentPoliceScopeTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private const string Narrative = "Một nhóm học sinh chặn đánh một em lớp 8 ở cổng sau.";
    private const string Actions = "Sơ cứu, báo gia đình, mời công an phường.";

    private async Task<Guid> ReportAsync()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 2));
        using var manager = factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
        var created = await (await manager.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "SchoolViolence", isLifeSafety = true, occurredAt = "2024-04-01T15:10:00+07:00", place = "Cổng sau trường",
            description = Narrative, actionsTaken = Actions,
            people = new object[] { new { role = "Victim", isPupil = true, fullName = "Phạm Thu Hà", identifier = "HS2024-0101", age = 13 } },
        })).Json(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private async Task<(HttpStatusCode Status, string Detail, string List)> ReadAsPoliceAsync(Guid policeUnit, Guid incident)
    {
        using var client = factory.ClientFor(policeUnit, PlatformRoles.PoliceLiaison);
        var detail = await client.GetAsync($"/api/reports/incidents/{incident}");
        var list = await client.GetAsync("/api/reports/incidents?pageSize=200");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        return (detail.StatusCode, await detail.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// What the service does with coordination's <see cref="IncidentReferredToPolice"/> (its consumer's work, saved).
    /// Not through the broker: every test class's service shares the test broker's queues, so another class's host
    /// could take the message.
    /// </summary>
    private async Task ReferAsync(IncidentReferredToPolice referred)
    {
        await using var db = factory.NewDbContext();
        await IncidentReferredToPoliceConsumer.ShareAsync(db, referred, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<int> SharesAsync(Guid incident)
    {
        await using var db = factory.NewDbContext();
        return await db.IncidentPoliceShares.CountAsync(s => s.IncidentId == incident);
    }

    [Fact]
    public async Task Police_read_only_incidents_referred_to_a_unit_in_their_scope_and_never_the_schools_narrative()
    {
        var incident = await ReportAsync();

        // Not referred yet: no police unit reads it, not even the City Police.
        foreach (var police in new[] { Org.Police, Org.WardPoliceA, Org.WardPoliceB })
        {
            var (status, _, list) = await ReadAsPoliceAsync(police, incident);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(incident.ToString(), list);
        }

        var referral = new IncidentReferredToPolice
        {
            ReferralId = Guid.NewGuid(), IncidentId = incident, ReportingUnitId = Org.SchoolA1, PoliceUnitId = Org.WardPoliceA,
            Severity = "LifeSafety", Trigger = "Automatic", AcknowledgeBy = DateTimeOffset.UtcNow.AddMinutes(15), OccurredAt = DateTimeOffset.UtcNow,
        };
        await ReferAsync(referral);
        Assert.Equal(1, await SharesAsync(incident));

        // The ward police it went to, and the City Police above it, read what the referral shared.
        foreach (var police in new[] { Org.WardPoliceA, Org.Police })
        {
            var (status, detail, list) = await ReadAsPoliceAsync(police, incident);
            Assert.True(status == HttpStatusCode.OK, $"{police}: {(int)status} {detail}");
            var json = JsonDocument.Parse(detail).RootElement;
            Assert.Equal(JsonValueKind.Null, json.GetProperty("description").ValueKind);
            Assert.Equal(JsonValueKind.Null, json.GetProperty("actionsTaken").ValueKind);
            Assert.Equal("Cổng sau trường", json.GetProperty("place").GetString());
            Assert.False(json.GetProperty("namesVisible").GetBoolean());
            Assert.Matches("^HS-[0-9A-F]{8}$", json.GetProperty("people")[0].GetProperty("pseudonymousId").GetString());
            foreach (var secret in new[] { Narrative, Actions, "Phạm Thu Hà", "HS2024-0101" })
            {
                Assert.DoesNotContain(secret, detail, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
            }
            Assert.Contains(incident.ToString(), list);
        }

        // Another ward's police: nothing.
        var (otherStatus, _, otherList) = await ReadAsPoliceAsync(Org.WardPoliceB, incident);
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        Assert.DoesNotContain(incident.ToString(), otherList);

        // Education still reads the narrative.
        using var district = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        var forDistrict = await (await district.GetAsync($"/api/reports/incidents/{incident}")).Json(HttpStatusCode.OK);
        Assert.Equal(Narrative, forDistrict.GetProperty("description").GetString());

        // The same referral again shares nothing twice.
        await ReferAsync(referral);
        Assert.Equal(1, await SharesAsync(incident));
    }

    [Fact]
    public async Task A_referral_that_names_no_police_unit_shares_the_incident_with_no_one()
    {
        var incident = await ReportAsync();
        await ReferAsync(new IncidentReferredToPolice
        {
            ReferralId = Guid.NewGuid(), IncidentId = incident, ReportingUnitId = Org.SchoolA1, PoliceUnitId = null,
            Severity = "Routine", Trigger = "Manual", AcknowledgeBy = DateTimeOffset.UtcNow.AddDays(1), OccurredAt = DateTimeOffset.UtcNow,
        });
        Assert.Equal(0, await SharesAsync(incident));
        var (status, _, list) = await ReadAsPoliceAsync(Org.Police, incident);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.DoesNotContain(incident.ToString(), list);
    }
}
