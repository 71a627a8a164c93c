using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Tasks;
using Platform.Notifications.Tests.Support;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Notifications.Tests;

/// <summary>The inbox API: a person sees and changes only their own notifications.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class InboxApiTests(NotificationsFixture service)
{
    private async Task<(World World, string Principal, HttpClient Client)> PrincipalWithNotificationsAsync(int count)
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        for (var i = 0; i < count; i++)
        {
            await service.PublishAsync(new AssignmentDueSoon
            {
                AssignmentId = Guid.NewGuid(), UnitId = world.School, DueDate = new DateOnly(2025, 3, 10 + i), WorkingDaysLeft = 2,
                OccurredAt = service.Clock.GetUtcNow(),
            });
        }
        await service.WaitForNotificationsAsync(principal, count);
        return (world, principal, service.ClientFor(principal, world.School, PlatformRoles.SchoolManager));
    }

    [Fact]
    public async Task Inbox_lists_my_notifications_newest_first_with_paging_and_unread_filter()
    {
        var (_, principal, client) = await PrincipalWithNotificationsAsync(3);
        var mine = await service.NotificationsOfAsync(principal);

        var page = await (await client.GetAsync("/api/notifications?pageSize=2")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(mine[^1].Id, items[0].GetProperty("id").GetGuid());
        Assert.False(items[0].GetProperty("isRead").GetBoolean());
        Assert.Equal("Nhiệm vụ sắp đến hạn", items[0].GetProperty("title").GetString());

        await (await client.PostAsync($"/api/notifications/{mine[0].Id}/read", null)).ReadAsync(HttpStatusCode.OK);
        var unread = await (await client.GetAsync("/api/notifications?unread=true")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(2, unread.GetProperty("total").GetInt64());
        Assert.DoesNotContain(unread.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == mine[0].Id);

        var bad = await (await client.GetAsync("/api/notifications?pageSize=500&kind=Nope")).ReadAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Another_persons_notification_is_not_found_and_stays_unread()
    {
        var (world, principal, _) = await PrincipalWithNotificationsAsync(1);
        var item = (await service.NotificationsOfAsync(principal)).Single();
        // Same school, same role: still someone else's inbox.
        using var colleague = service.ClientFor("colleague-" + Guid.NewGuid().ToString("N")[..6], world.School, PlatformRoles.SchoolManager);

        await (await colleague.GetAsync($"/api/notifications/{item.Id}")).ReadAsync(HttpStatusCode.NotFound);
        await (await colleague.PostAsync($"/api/notifications/{item.Id}/read", null)).ReadAsync(HttpStatusCode.NotFound);
        var read = await (await colleague.PostAsync("/api/notifications/read-all", null)).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(0, read.GetProperty("marked").GetInt32());
        var list = await (await colleague.GetAsync("/api/notifications")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt64());

        Assert.Null((await service.NotificationsOfAsync(principal)).Single().ReadAt);
    }

    [Fact]
    public async Task Read_all_and_unread_count_follow_each_other()
    {
        var (_, _, client) = await PrincipalWithNotificationsAsync(2);

        var count = await (await client.GetAsync("/api/notifications/unread-count")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(2, count.GetProperty("unread").GetInt32());
        var marked = await (await client.PostAsync("/api/notifications/read-all", null)).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(2, marked.GetProperty("marked").GetInt32());
        count = await (await client.GetAsync("/api/notifications/unread-count")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(0, count.GetProperty("unread").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/api/notifications")]
    [InlineData("GET", "/api/notifications/unread-count")]
    [InlineData("GET", "/api/notifications/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/notifications/00000000-0000-0000-0000-000000000001/read")]
    [InlineData("POST", "/api/notifications/read-all")]
    [InlineData("GET", "/api/notifications/preferences")]
    [InlineData("PUT", "/api/notifications/preferences")]
    [InlineData("GET", "/api/notifications/stream")]
    [InlineData("PUT", "/api/notifications/recipients/someone")]
    public async Task Every_route_needs_a_token(string method, string path)
    {
        using var anonymous = service.CreateClient();
        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_in_makes_a_person_a_recipient_from_their_token()
    {
        var world = await service.NewWorldAsync();
        var userId = "signed-in-" + Guid.NewGuid().ToString("N")[..6];
        using var client = service.ClientFor(userId, world.School, PlatformRoles.SchoolManager);
        await (await client.GetAsync("/api/notifications/unread-count")).ReadAsync(HttpStatusCode.OK);

        await service.PublishAsync(new AssignmentDueSoon
        {
            AssignmentId = Guid.NewGuid(), UnitId = world.School, DueDate = new DateOnly(2025, 3, 10), WorkingDaysLeft = 1, OccurredAt = service.Clock.GetUtcNow(),
        });

        Assert.Single(await service.WaitForNotificationsAsync(userId, 1));
        // No address in the token, none registered: no email planned.
        Assert.Empty(await service.DeliveriesOfAsync(userId));
    }

    [Fact]
    public async Task Only_system_admins_register_recipients_and_bad_input_names_the_field()
    {
        var world = await service.NewWorldAsync();
        using var principal = service.ClientFor("p-" + Guid.NewGuid().ToString("N")[..6], world.School, PlatformRoles.SchoolManager);
        var body = new { unitId = world.School, roles = new[] { PlatformRoles.SchoolManager }, email = "a@b.vn", displayName = "A" };
        Assert.Equal(HttpStatusCode.Forbidden, (await principal.PutAsJsonAsync("/api/notifications/recipients/x", body)).StatusCode);

        using var admin = service.AdminClient(world);
        var problem = await (await admin.PutAsJsonAsync("/api/notifications/recipients/x",
            new { unitId = Guid.NewGuid(), roles = new[] { "Principal" }, email = "not-an-address", displayName = "" })).ReadAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "unitId", "roles", "email", "displayName" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"should name {field}: {problem}");
        }
        var extra = await (await admin.PutAsJsonAsync("/api/notifications/recipients/x", new { unitId = world.School, roles = new[] { "SchoolManager" }, displayName = "A", source = "token" }))
            .ReadAsync(HttpStatusCode.BadRequest);
        Assert.True(extra.GetProperty("errors").TryGetProperty("source", out _));
    }

    [Fact]
    public async Task Preferences_round_trip_and_unknown_kinds_or_times_are_named()
    {
        var world = await service.NewWorldAsync();
        var userId = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        using var client = service.ClientFor(userId, world.School, PlatformRoles.SchoolManager);

        var initial = await (await client.GetAsync("/api/notifications/preferences")).ReadAsync(HttpStatusCode.OK);
        Assert.All(initial.GetProperty("kinds").EnumerateArray(), k =>
        {
            Assert.True(k.GetProperty("inApp").GetBoolean());
            Assert.Equal("Immediate", k.GetProperty("email").GetString());
        });
        Assert.Equal(NotificationsFixture.EmailOf(userId), initial.GetProperty("emailAddress").GetString());

        var saved = await (await client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            email = new Dictionary<string, string> { ["ReportRequested"] = "Digest", ["ReportApproved"] = "Off" },
            quietHours = new { start = "21:00", end = "06:30" },
        })).ReadAsync(HttpStatusCode.OK);
        var kinds = saved.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, k => k.GetProperty("email").GetString());
        Assert.Equal("Digest", kinds["ReportRequested"]);
        Assert.Equal("Off", kinds["ReportApproved"]);
        Assert.Equal("Immediate", kinds["TaskAssigned"]);
        Assert.Equal("21:00", saved.GetProperty("quietHours").GetProperty("start").GetString());

        var bad = await (await client.PutAsJsonAsync("/api/notifications/preferences", new
        {
            email = new Dictionary<string, string> { ["Gossip"] = "Digest", ["TaskAssigned"] = "Sometimes" },
            quietHours = new { start = "25:00", end = "06:30" },
        })).ReadAsync(HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email.Gossip", out _), bad.ToString());
        Assert.True(errors.TryGetProperty("email.TaskAssigned", out _), bad.ToString());
        Assert.True(errors.TryGetProperty("quietHours.start", out _), bad.ToString());
    }
}
