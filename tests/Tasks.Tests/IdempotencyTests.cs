using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging.Idempotency;

namespace Platform.Tasks.Tests;

/// <summary>A document draft POST retried with the same Idempotency-Key creates one draft.</summary>
public sealed class IdempotencyTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/documents") { Content = JsonContent.Create(body) };
        request.Headers.Add(Idempotency.HeaderName, key);
        return client.SendAsync(request);
    }

    private async Task<int> DraftsAsync(string subject)
    {
        await using var db = factory.NewDbContext();
        return await db.Documents.IgnoreAutoIncludes().CountAsync(d => d.Subject == subject);
    }

    [Fact]
    public async Task The_same_key_twice_creates_one_draft_and_another_body_is_refused()
    {
        using var officer = factory.Officer();
        var subject = $"V/v thử lại {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(officer, Api.Dispatch(subject), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstBody);
        var second = await PostAsync(officer, Api.Dispatch(subject), key);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains(Idempotency.ReplayedHeader));
        Assert.Equal(1, await DraftsAsync(subject));

        var other = await PostAsync(officer, Api.Dispatch(subject + " khác"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(0, await DraftsAsync(subject + " khác"));
    }
}
