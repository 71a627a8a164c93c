using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Platform.ServiceDefaults;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The platform's rule for children's data, checked on what it actually published: pupils' names and
/// identifiers, and the school's narrative (description, actions taken), never cross the bus. Every service
/// publishes through its transactional outbox, so every message it sent is a row of its <c>outbox_messages</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NarrativeOffTheBusTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string[] Databases =
    [
        ResourceNames.UnitsDatabase, ResourceNames.IdentityDatabase, ResourceNames.TasksDatabase,
        ResourceNames.ReportingDatabase, ResourceNames.CoordinationDatabase, ResourceNames.NotificationsDatabase,
    ];

    [Fact]
    public async Task A_life_safety_incident_is_referred_and_acknowledged_and_no_outbox_message_of_any_service_carries_the_pupils_name_identifier_or_the_schools_narrative()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(gateway, "admin"));
        await DemoPlatform.WaitForDemoUnitsAsync(gateway);
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DemoPlatform.SignInAsync(gateway, "school.principal"));

        // Distinctive values, found nowhere else on the platform; each one also has an ASCII marker, so a
        // search cannot miss it however the body escapes non-ASCII characters.
        const string pupilName = "Hoàng Thị Narrativecanary";
        const string identifier = "HS-NARR-7Q2X-0913";
        const string description = "Canary-description K4ZP: hai em xô xát ở nhà xe, một em bị trầy tay.";
        const string actionsTaken = "Canary-actions W8JD: sơ cứu tại phòng y tế, báo gia đình.";
        string[] secrets = [pupilName, "Narrativecanary", identifier, description, "K4ZP", actionsTaken, "W8JD"];

        var clock = Stopwatch.StartNew();
        using var reported = await gateway.PostAsJsonAsync("/api/reports/incidents", new
        {
            category = "SchoolViolence",
            isLifeSafety = true,
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            place = "Nhà xe học sinh",
            description,
            actionsTaken,
            people = new[] { new { role = "Victim", isPupil = true, fullName = pupilName, identifier, className = "7C", age = 12 } },
        });
        var reportedBody = await reported.Content.ReadAsStringAsync();
        Assert.True(reported.StatusCode == HttpStatusCode.Created, $"POST /api/reports/incidents answered {(int)reported.StatusCode}: {reportedBody}");
        var incidentId = JsonDocument.Parse(reportedBody).RootElement.GetProperty("id").GetGuid();

        // Wait until the whole loop has run: reporting published, coordination referred, the police (simulator) acknowledged.
        JsonElement? referral = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(1) && referral is null)
        {
            var list = await gateway.GetFromJsonAsync<JsonElement>("/api/coordination/referrals?pageSize=50");
            referral = list.GetProperty("items").EnumerateArray()
                .Where(r => r.GetProperty("incidentId").GetGuid() == incidentId && r.GetProperty("status").GetString() is not ("Requested" or "Sent"))
                .Cast<JsonElement?>().FirstOrDefault();
            if (referral is null) await Task.Delay(250);
        }
        Assert.True(referral is not null, $"No police acknowledgement within a minute.\n{platform.RecentLogLines()}");
        output.WriteLine($"Incident reported → police acknowledgement seen by the school: {clock.ElapsedMilliseconds} ms");

        // The referral detail carries no narrative either; the school reads it on the incident page (reporting).
        var referralId = referral.Value.GetProperty("id").GetGuid();
        var detailBody = await gateway.GetStringAsync($"/api/coordination/referrals/{referralId}");
        var detail = JsonDocument.Parse(detailBody).RootElement;
        Assert.False(detail.TryGetProperty("description", out _));
        Assert.False(detail.TryGetProperty("actionsTaken", out _));
        var incident = await gateway.GetFromJsonAsync<JsonElement>($"/api/reports/incidents/{incidentId}");
        Assert.Equal((description, actionsTaken), (incident.GetProperty("description").GetString(), incident.GetProperty("actionsTaken").GetString()));

        // Every message every service published: none carries the secrets, raw or once JSON escapes are decoded.
        var leaks = new List<string>();
        var mentioningIncident = new Dictionary<string, int>();
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT id::text, body::text FROM outbox_messages", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                var (id, body) = (reader.GetString(0), reader.GetString(1));
                var decoded = Decoded(body);
                if (body.Contains(incidentId.ToString(), StringComparison.OrdinalIgnoreCase) || decoded.Contains(incidentId.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    mentioningIncident[database] = mentioningIncident.GetValueOrDefault(database) + 1;
                }
                foreach (var secret in secrets)
                {
                    if (body.Contains(secret, StringComparison.OrdinalIgnoreCase) || decoded.Contains(secret, StringComparison.OrdinalIgnoreCase))
                    {
                        leaks.Add($"{database} outbox_messages {id} carries \"{secret}\": {(body.Length > 600 ? body[..600] + "…" : body)}");
                    }
                }
            }
            output.WriteLine($"{database}: {rows} outbox rows, {mentioningIncident.GetValueOrDefault(database)} about incident {incidentId}");
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        // Not vacuous: the messages of this very incident were read (reporting's IncidentReported, coordination's referral events).
        Assert.True(mentioningIncident.GetValueOrDefault(ResourceNames.ReportingDatabase) >= 1, "reporting's IncidentReported for the incident was not found in its outbox");
        Assert.True(mentioningIncident.GetValueOrDefault(ResourceNames.CoordinationDatabase) >= 1, "coordination's referral events for the incident were not found in its outbox");
    }

    /// <summary>Every string value and property name of a JSON body, unescaped, one per line.</summary>
    private static string Decoded(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var texts = new List<string>();
            Collect(document.RootElement, texts);
            return string.Join('\n', texts);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static void Collect(JsonElement element, List<string> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    texts.Add(property.Name);
                    Collect(property.Value, texts);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, texts);
                break;
            case JsonValueKind.String:
                texts.Add(element.GetString()!);
                break;
        }
    }
}
