using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging.Idempotency;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Tests;

/// <summary>An incident POST sent again with the same Idempotency-Key (say after a 502) creates one incident, not two.</summary>
public sealed class IdempotencyTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private static object Incident(string place, string? description = null) => new
    {
        category = "SchoolViolence", isLifeSafety = false, occurredAt = "2024-04-01T15:10:00+07:00", place,
        description = description ?? "Hai học sinh xô xát ở sân trường.",
        people = new object[] { new { role = "Victim", isPupil = true, fullName = "Phạm Văn An", identifier = "HS2024-0101", age = 12 } },
    };

    private static string NewPlace() => $"Sân trường {Guid.NewGuid():N}";

    private HttpClient Manager()
    {
        factory.Clock.Set(new DateOnly(2024, 4, 2));
        return factory.ClientFor(Org.SchoolA1, PlatformRoles.SchoolManager);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports/incidents") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.TryAddWithoutValidation(Idempotency.HeaderName, key);
        return client.SendAsync(request);
    }

    private async Task<List<Guid>> IncidentsAtAsync(string place)
    {
        await using var db = factory.NewDbContext();
        return await db.Incidents.Where(i => i.Place == place).Select(i => i.Id).ToListAsync();
    }

    private async Task<int> KeysAsync(string key)
    {
        await using var db = factory.NewDbContext();
        return await db.Set<IdempotencyKey>().CountAsync(k => k.Key == key);
    }

    [Fact]
    public async Task The_same_key_and_body_twice_creates_one_incident_and_replays_the_first_response()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(client, Incident(place), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstBody);
        Assert.False(first.Headers.Contains(Idempotency.ReplayedHeader));

        var second = await PostAsync(client, Incident(place), key);
        var secondBody = await second.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues(Idempotency.ReplayedHeader)));

        var id = Assert.Single(await IncidentsAtAsync(place));
        Assert.Contains(id.ToString(), firstBody);
        Assert.Single(await factory.EventsAsync<IncidentReported>(), e => e.Event.IncidentId == id);
        Assert.Equal(1, await KeysAsync(key));
        // The stored answer holds no pupil's name: names stay in their own table.
        await using var db = factory.NewDbContext();
        var stored = await db.Set<IdempotencyKey>().SingleAsync(k => k.Key == key);
        Assert.DoesNotContain("Phạm Văn An", System.Text.Encoding.UTF8.GetString(stored.Body));
        Assert.DoesNotContain("HS2024-0101", System.Text.Encoding.UTF8.GetString(stored.Body));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422_and_writes_nothing()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        (await PostAsync(client, Incident(place), key)).EnsureSuccessStatusCode();
        var otherPlace = NewPlace();
        var eventsBefore = (await factory.EventsAsync<IncidentReported>()).Count;

        var response = await PostAsync(client, Incident(otherPlace), key);
        var problem = await response.Json(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
        Assert.Empty(await IncidentsAtAsync(otherPlace));
        Assert.Single(await IncidentsAtAsync(place));
        Assert.Equal(eventsBefore, (await factory.EventsAsync<IncidentReported>()).Count);
    }

    [Theory]
    [InlineData("del\u007f")]
    [InlineData("khóa-tiếng-việt")]
    [InlineData("tab\there")]
    [InlineData("129")]
    public async Task A_malformed_key_is_a_400_naming_the_header(string key)
    {
        if (key == "129") key = new string('k', Idempotency.MaxKeyLength + 1);
        using var client = Manager();
        var place = NewPlace();
        await (await PostAsync(client, Incident(place), key)).AssertProblemNames(Idempotency.HeaderName);
        Assert.Empty(await IncidentsAtAsync(place));
    }

    [Fact]
    public async Task A_key_of_128_printable_characters_is_accepted()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = new string('~', 64) + new string(' ', 1) + new string('Z', 63);
        (await PostAsync(client, Incident(place), key)).EnsureSuccessStatusCode();
        Assert.Single(await IncidentsAtAsync(place));
    }

    [Fact]
    public async Task Concurrent_requests_with_the_same_key_create_exactly_one_incident()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(client, Incident(place), key)));

        var id = Assert.Single(await IncidentsAtAsync(place));
        Assert.Single(await factory.EventsAsync<IncidentReported>(), e => e.Event.IncidentId == id);
        var created = new List<string>();
        foreach (var response in responses)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created.Add(text);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        Assert.NotEmpty(created);
        Assert.All(created, body => Assert.Equal(created[0], body));
        Assert.Contains(id.ToString(), created[0]);
        Assert.Equal(created.Count - 1, responses.Count(r => r.Headers.Contains(Idempotency.ReplayedHeader)));
    }

    [Fact]
    public async Task A_400_does_not_use_up_the_key()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(client, new { category = "SchoolViolence", isLifeSafety = false, place }, key)).AssertProblemNames("occurredAt");
        Assert.Equal(0, await KeysAsync(key));

        var fixedRequest = await PostAsync(client, Incident(place), key);
        Assert.Equal(HttpStatusCode.Created, fixedRequest.StatusCode);
        Assert.False(fixedRequest.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.Single(await IncidentsAtAsync(place));
    }

    [Fact]
    public async Task Without_a_key_every_post_creates()
    {
        using var client = Manager();
        var place = NewPlace();
        (await PostAsync(client, Incident(place), null)).EnsureSuccessStatusCode();
        (await PostAsync(client, Incident(place), null)).EnsureSuccessStatusCode();
        Assert.Equal(2, (await IncidentsAtAsync(place)).Count);
    }

    [Fact]
    public async Task Keys_are_per_caller()
    {
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        using (var one = Manager()) (await PostAsync(one, Incident(place), key)).EnsureSuccessStatusCode();
        using var other = Manager();
        var response = await PostAsync(other, Incident(place), key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.Equal(2, (await IncidentsAtAsync(place)).Count);
    }

    [Fact]
    public async Task A_key_expires_after_24_hours()
    {
        using var client = Manager();
        var place = NewPlace();
        var key = Guid.NewGuid().ToString();
        (await PostAsync(client, Incident(place), key)).EnsureSuccessStatusCode();
        factory.Clock.Now = factory.Clock.Now.AddHours(24).AddMinutes(1);
        try
        {
            var again = await PostAsync(client, Incident(place), key);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.False(again.Headers.Contains(Idempotency.ReplayedHeader));
            Assert.Equal(2, (await IncidentsAtAsync(place)).Count);
            Assert.Equal(1, await KeysAsync(key));
        }
        finally
        {
            factory.Clock.Set(new DateOnly(2024, 4, 2));
        }
    }
}
