using System.Net;
using System.Text.Json;
using Platform.Contracts.Reporting;
using Platform.Notifications.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class StreamTests(NotificationsFixture service)
{
    [Fact]
    public async Task Stream_pushes_a_new_notification_to_its_owner_only()
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        var otherPrincipal = await service.AddPersonAsync(world, world.OtherSchool, PlatformRoles.SchoolManager);
        using var client = service.ClientFor(principal, world.School, PlatformRoles.SchoolManager);
        using var otherClient = service.ClientFor(otherPrincipal, world.OtherSchool, PlatformRoles.SchoolManager);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream"),
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var otherResponse = await otherClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream"),
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var otherReader = new StreamReader(await otherResponse.Content.ReadAsStreamAsync(timeout.Token));

        var submissionId = Guid.NewGuid();
        await service.PublishAsync(new ReportApproved
        {
            SubmissionId = submissionId, UnitId = world.School, ApprovedByUnitId = world.District, TemplateId = Guid.NewGuid(),
            PeriodKey = "2025-03", OccurredAt = service.Clock.GetUtcNow(),
        });

        var (eventType, data) = await NextEventAsync(reader, "notification", timeout.Token);
        Assert.Equal("notification", eventType);
        var item = JsonDocument.Parse(data).RootElement;
        Assert.Equal("ReportApproved", item.GetProperty("kind").GetString());
        Assert.Equal($"/reporting/submissions/{submissionId}", item.GetProperty("link").GetString());

        // The other school's stream only beats its heart.
        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        var seen = new List<string>();
        try
        {
            while (true) seen.Add((await NextEventAsync(otherReader, null, shortWait.Token)).Type);
        }
        catch (OperationCanceledException)
        {
        }
        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal("heartbeat", t));
    }

    private static async Task<(string Type, string Data)> NextEventAsync(StreamReader reader, string? wanted, CancellationToken ct)
    {
        string type = "message", data = "";
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException();
            if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data += line[5..].Trim();
            else if (line.Length == 0 && (data.Length > 0 || type != "message"))
            {
                if (wanted is null || type == wanted) return (type, data);
                type = "message";
                data = "";
            }
        }
    }
}
