using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Messaging;

namespace Platform.Units.Tests;

public sealed class CreateUnitTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>
{
    private readonly HttpClient _client = factory.AdminClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Created_unit_and_its_UnitRegistered_event_commit_together_and_the_event_is_published()
    {
        var response = await _client.PostAsync("/api/units", Json("""
            {"code":"HP-THPT-NQ","name":"Trường THPT Ngô Quyền","shortName":"THPT Ngô Quyền","kind":"UpperSecondarySchool","areaCode":"HP-NQ","effectiveFrom":"2024-09-05"}
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/units/{id}", response.Headers.Location?.OriginalString);

        await using var db = factory.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Id == id);
        Assert.Equal("Trường THPT Ngô Quyền", unit.Name);
        Assert.Equal(new DateOnly(2024, 9, 5), unit.EffectiveFrom);

        var rows = (await db.Set<OutboxMessage>().AsNoTracking().ToListAsync()).Where(m => m.Body.Contains(id.ToString())).ToList();
        var row = Assert.Single(rows);
        Assert.StartsWith(typeof(UnitRegistered).FullName!, row.MessageType);
        var evt = JsonSerializer.Deserialize<UnitRegistered>(row.Body, JsonSerializerOptions.Web)!;
        Assert.Equal(id, evt.UnitId);
        Assert.Equal("HP-THPT-NQ", evt.Code);
        Assert.Equal("UpperSecondarySchool", evt.Kind);

        // The relay publishes it to the real broker and marks it.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id)).PublishedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox row was not published within 20 s");
            await Task.Delay(100);
        }
    }

    public static TheoryData<string, string, string?> BadBodies => new()
    {
        { "malformed JSON", """{"code":"BAD-1","name":""", null },
        { "array instead of object", """[{"code":"BAD-2"}]""", null },
        { "number where text is expected", """{"code":5,"name":"Trường A","kind":"Preschool"}""", "code" },
        { "text where a date is expected", """{"code":"BAD-3","name":"Trường A","kind":"Preschool","effectiveFrom":"hôm qua"}""", "effectiveFrom" },
        { "parent id not a uuid", """{"code":"BAD-4","name":"Trường A","kind":"Preschool","parentId":"abc"}""", "parentId" },
        { "missing name", """{"code":"BAD-5","kind":"Preschool"}""", "name" },
        { "missing code", """{"name":"Trường A","kind":"Preschool"}""", "code" },
        { "missing kind", """{"code":"BAD-6","name":"Trường A"}""", "kind" },
        { "blank name", """{"code":"BAD-7","name":"   ","kind":"Preschool"}""", "name" },
        { "overlong name", $$"""{"code":"BAD-8","name":"{{new string('x', 257)}}","kind":"Preschool"}""", "name" },
        { "overlong code", $$"""{"code":"{{new string('A', 33)}}","name":"Trường A","kind":"Preschool"}""", "code" },
        { "overlong short name", $$"""{"code":"BAD-9","name":"Trường A","shortName":"{{new string('s', 65)}}","kind":"Preschool"}""", "shortName" },
        { "code with spaces and diacritics", """{"code":"Trường 1","name":"Trường A","kind":"Preschool"}""", "code" },
        { "unknown kind", """{"code":"BAD-10","name":"Trường A","kind":"Castle"}""", "kind" },
        { "numeric kind", """{"code":"BAD-11","name":"Trường A","kind":"3"}""", "kind" },
        { "unknown parent", $$"""{"code":"BAD-12","name":"Trường A","kind":"Preschool","parentId":"{{Guid.NewGuid()}}"}""", "parentId" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing(string because, string body, string? field)
    {
        await using var db = factory.NewDbContext();
        var unitsBefore = await db.Units.CountAsync();
        var eventsBefore = await db.Set<OutboxMessage>().CountAsync();

        var response = await _client.PostAsync("/api/units", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), because);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _),
                $"{because}: the problem should name '{field}' but was {problem}");
        }
        Assert.Equal(unitsBefore, await db.Units.CountAsync());
        Assert.Equal(eventsBefore, await db.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Missing_body_is_a_problem()
    {
        var response = await _client.PostAsync("/api/units", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Duplicate_code_is_a_conflict_and_writes_nothing()
    {
        const string body = """{"code":"HP-DUP","name":"Trường Tiểu học Lê Lợi","kind":"PrimarySchool"}""";
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/units", Json(body))).StatusCode);
        await using var db = factory.NewDbContext();
        var eventsBefore = await db.Set<OutboxMessage>().CountAsync();

        var second = await _client.PostAsync("/api/units", Json(body));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("HP-DUP", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await db.Units.CountAsync(u => u.Code == "HP-DUP"));
        Assert.Equal(eventsBefore, await db.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Text_is_stored_in_NFC()
    {
        var decomposed = "Trường Mầm non Hoa Sen".Normalize(NormalizationForm.FormD);
        var response = await _client.PostAsJsonAsync("/api/units", new { code = "HP-MN-HS", name = decomposed, kind = "Preschool" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await using var db = factory.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Code == "HP-MN-HS");
        Assert.Equal(decomposed.Normalize(NormalizationForm.FormC), unit.Name);
        Assert.NotEqual(decomposed, unit.Name);
    }

    [Fact]
    public async Task Problems_follow_Accept_Language()
    {
        var english = new HttpRequestMessage(HttpMethod.Post, "/api/units") { Content = Json("""{"code":"X"}""") };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var vietnamese = new HttpRequestMessage(HttpMethod.Post, "/api/units") { Content = Json("""{"code":"X"}""") };

        var en = await (await _client.SendAsync(english)).Content.ReadFromJsonAsync<JsonElement>();
        var vi = await (await _client.SendAsync(vietnamese)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("The field 'name' is required.", en.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("Trường 'name' là bắt buộc.", vi.GetProperty("errors").GetProperty("name")[0].GetString());
    }
}
