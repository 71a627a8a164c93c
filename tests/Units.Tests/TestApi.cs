using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;

namespace Platform.Units.Tests;

/// <summary>Small helpers for driving the units API and reading what it wrote.</summary>
internal static class TestApi
{
    public const string Before2024 = "2024-01-01";

    public static async Task<Guid> CreateUnitAsync(this HttpClient client, string code, string kind, Guid? parentId = null,
        string? name = null, string effectiveFrom = Before2024, string? areaCode = null)
    {
        var response = await client.PostAsJsonAsync("/api/units",
            new { code, name = name ?? $"Đơn vị {code}", kind, parentId, effectiveFrom, areaCode });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    public static string[] Codes(this JsonElement array) =>
        array.EnumerateArray().Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToArray();

    public static Guid[] Ids(this JsonElement array) =>
        array.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order().ToArray();

    /// <summary>The outbox's highest sequence now, to read only what a later call wrote.</summary>
    public static async Task<long> OutboxMarkAsync(this UnitsApiFactory factory)
    {
        await using var db = factory.NewDbContext();
        return await db.Set<OutboxMessage>().MaxAsync(m => (long?)m.Sequence) ?? 0;
    }

    /// <summary>Events written after <paramref name="mark"/>, in commit order: (contract name, body).</summary>
    public static async Task<List<(string Type, string Body)>> OutboxSinceAsync(this UnitsApiFactory factory, long mark)
    {
        await using var db = factory.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Sequence > mark).OrderBy(m => m.Sequence).ToListAsync();
        return rows.Select(r => (r.MessageType.Split(',')[0].Split('.')[^1], r.Body)).ToList();
    }

    public static List<T> OfEvent<T>(this IEnumerable<(string Type, string Body)> events) =>
        events.Where(e => e.Type == typeof(T).Name).Select(e => JsonSerializer.Deserialize<T>(e.Body, JsonSerializerOptions.Web)!).ToList();

    /// <summary>Everything a write can touch, to show a refused request wrote nothing.</summary>
    public static async Task<string> StateAsync(this UnitsApiFactory factory)
    {
        await using var db = factory.NewDbContext();
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Id)
            .Select(u => $"{u.Id}|{u.Code}|{u.Name}|{u.ParentId}|{u.Status}|{u.SuccessorId}|{u.Phone}|{u.UpdatedAt:O}").ToListAsync();
        var periods = await db.UnitPeriods.AsNoTracking().OrderBy(p => p.Id).Select(p => $"{p.Id}|{p.ValidFrom}|{p.ValidTo}|{p.Name}|{p.ParentId}").ToListAsync();
        var changes = await db.UnitChanges.CountAsync();
        var groups = await db.RecipientGroups.CountAsync();
        var outbox = await db.Set<OutboxMessage>().CountAsync();
        return $"units:\n{string.Join('\n', units)}\nperiods:\n{string.Join('\n', periods)}\nchanges {changes}, groups {groups}, outbox {outbox}";
    }

    public static void AssertNames(this JsonElement problem, string field) =>
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"the problem should name '{field}': {problem}");
}
