using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>The outbox rows identity writes about accounts, read back as the contracts other services consume.</summary>
internal static class AccountOutbox
{
    public static string TypeName<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    public static Task<List<OutboxMessage>> RowsAsync(IdentityHost host) =>
        host.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith("Platform.Contracts.Identity."))
            .OrderBy(m => m.Sequence).ToListAsync());

    public static List<T> Of<T>(IEnumerable<OutboxMessage> rows) => rows
        .Where(r => r.MessageType == TypeName<T>())
        .Select(r => JsonSerializer.Deserialize<T>(r.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
        .ToList();

    public static async Task<List<OutboxMessage>> AboutAsync(IdentityHost host, Guid userId) =>
        (await RowsAsync(host)).Where(r => JsonDocument.Parse(r.Body).RootElement.TryGetProperty("userId", out var id) && id.GetGuid() == userId).ToList();
}

[Collection(IdentityCollection.Name)]
public sealed class AccountEventsApiTests(IdentityFixture fixture)
{
    private const string Users = "/api/identity/users";
    private readonly IdentityHost _host = fixture.Host;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token, string? body = null)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.WithBearer(token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Account_created_through_the_API_writes_exactly_one_registration_with_its_state_and_no_password()
    {
        using var client = _host.CreateClient();
        var admin = await Tokens.AccessTokenAsync(client, "admin");
        var userName = $"evt.{Guid.NewGuid():N}"[..16];
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);

        var response = await SendAsync(HttpMethod.Post, Users, admin,
            $$"""{"userName":"{{userName}}","displayName":"Phạm Thị Hằng","email":"hang@lechan.edu.vn","unitId":"{{school}}","roles":["SchoolStaff","SchoolManager"],"password":"Strong@2024"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var rows = await AccountOutbox.AboutAsync(_host, id);
        var row = Assert.Single(rows);
        Assert.Equal(AccountOutbox.TypeName<UserAccountRegistered>(), row.MessageType);
        var registered = Assert.Single(AccountOutbox.Of<UserAccountRegistered>(rows));
        Assert.Equal(id, registered.UserId);
        Assert.Equal(userName, registered.UserName);
        Assert.Equal("Phạm Thị Hằng", registered.DisplayName);
        Assert.Equal("hang@lechan.edu.vn", registered.Email);
        Assert.Equal(school, registered.UnitId);
        Assert.Equal(DemoUnitIds.LeChanLowerSecondarySchool, registered.UnitCode);
        Assert.Equal([PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff], registered.Roles);
        Assert.InRange(registered.OccurredAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.DoesNotContain("Strong@2024", row.Body);
        Assert.DoesNotContain("password", row.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", row.Body, StringComparison.OrdinalIgnoreCase);
        // The relay publishes it to the broker.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await AccountOutbox.AboutAsync(_host, id)).Single().PublishedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay did not publish the registration within 20 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Role_change_lock_and_unlock_each_write_the_accounts_new_state_and_a_refused_write_writes_none()
    {
        using var client = _host.CreateClient();
        var admin = await Tokens.AccessTokenAsync(client, "admin");
        var userName = $"evt.{Guid.NewGuid():N}"[..16];
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var created = await SendAsync(HttpMethod.Post, Users, admin,
            $$"""{"userName":"{{userName}}","displayName":"Lê Văn Nam","unitId":"{{school}}","roles":["SchoolStaff"],"password":"Strong@2024"}""");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"{Users}/{id}/roles", admin, """{"roles":["SchoolManager"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, $"{Users}/{id}/roles", admin, """{"roles":["Headmaster"]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"{Users}/{id}/lock", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"{Users}/{id}/unlock", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"{Users}/{id}/reset-password", admin, """{"newPassword":"Stronger@2025"}""")).StatusCode);

        var rows = await AccountOutbox.AboutAsync(_host, id);
        Assert.Equal(
            [AccountOutbox.TypeName<UserAccountRegistered>(), AccountOutbox.TypeName<UserAccountUpdated>(),
             AccountOutbox.TypeName<UserAccountLocked>(), AccountOutbox.TypeName<UserAccountUpdated>()],
            rows.Select(r => r.MessageType));
        Assert.Null(Assert.Single(AccountOutbox.Of<UserAccountRegistered>(rows)).Email);
        var updates = AccountOutbox.Of<UserAccountUpdated>(rows);
        Assert.Equal([PlatformRoles.SchoolManager], updates[0].Roles);
        Assert.False(updates[0].IsLocked);
        var locked = Assert.Single(AccountOutbox.Of<UserAccountLocked>(rows));
        Assert.Equal([PlatformRoles.SchoolManager], locked.Roles);
        Assert.Equal(school, locked.UnitId);
        Assert.False(updates[1].IsLocked);
        Assert.True(updates[0].OccurredAt <= locked.OccurredAt && locked.OccurredAt <= updates[1].OccurredAt);
        Assert.All(rows, r => Assert.DoesNotContain("Stronger@2025", r.Body));
    }
}

/// <summary>Hosts of their own: the demo seed's events, and the republish a late consumer asks for.</summary>
public sealed class AccountEventsSeedTests
{
    [Fact]
    public async Task Demo_seed_registers_each_demo_account_once_with_its_demo_address()
    {
        await using var host = await IdentityHost.StartAsync();

        var registered = AccountOutbox.Of<UserAccountRegistered>(await AccountOutbox.RowsAsync(host));

        Assert.Equal(DemoAccounts.All.Select(a => a.UserName).Order(), registered.Select(r => r.UserName).Order());
        foreach (var demo in DemoAccounts.All)
        {
            var e = Assert.Single(registered, r => r.UserName == demo.UserName);
            Assert.Equal($"{demo.UserName}@demo.haiphong.edu.vn", e.Email);
            Assert.Equal(DemoUnitIds.For(demo.UnitCode), e.UnitId);
            Assert.Equal([demo.Role], e.Roles);
            Assert.Equal(demo.DisplayName, e.DisplayName);
            var account = await host.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == demo.UserName));
            Assert.Equal(account.Id, e.UserId);
            Assert.Equal(demo.Email, account.Email);
        }

        // A restart on the same database finds every account complete and writes nothing more.
        var connectionString = host.ConnectionString;
        await host.DisposeAsync();
        await using var restarted = await IdentityHost.StartAsync(connectionString: connectionString);
        Assert.Equal(DemoAccounts.All.Count, (await AccountOutbox.RowsAsync(restarted)).Count);
    }

    [Fact]
    public async Task Demo_account_from_an_earlier_run_without_an_address_gets_it_with_an_update()
    {
        await using var first = await IdentityHost.StartAsync();
        var connectionString = first.ConnectionString;
        var principal = await first.WithDbAsync(async db =>
        {
            var account = await db.Users.SingleAsync(u => u.UserName == "school.principal");
            account.Email = null;
            account.NormalizedEmail = null;
            await db.SaveChangesAsync();
            return account.Id;
        });
        await first.DisposeAsync();

        await using var second = await IdentityHost.StartAsync(connectionString: connectionString);

        var updated = Assert.Single(AccountOutbox.Of<UserAccountUpdated>(await AccountOutbox.RowsAsync(second)));
        Assert.Equal(principal, updated.UserId);
        Assert.Equal("school.principal@demo.haiphong.edu.vn", updated.Email);
        Assert.Equal([PlatformRoles.SchoolManager], updated.Roles);
        Assert.False(updated.IsLocked);
        Assert.Equal("school.principal@demo.haiphong.edu.vn",
            await second.WithDbAsync(db => db.Users.Where(u => u.Id == principal).Select(u => u.Email).SingleAsync()));
    }

    [Fact]
    public async Task Republish_request_writes_every_accounts_state_then_the_answer_once()
    {
        await using var host = await IdentityHost.StartAsync();
        var requestId = NewId.NextGuid();
        var request = new RepublishUserAccounts { RequestedBy = "notifications", RequestedAt = DateTimeOffset.UtcNow };

        await host.Services.GetRequiredService<IBus>().Publish(request, ctx => ctx.MessageId = requestId);
        // Generous: on a loaded machine the bus of a fresh host takes a while to bind its queues.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        List<OutboxMessage> rows;
        var sent = DateTime.UtcNow;
        while (AccountOutbox.Of<UserAccountsRepublished>(rows = await AccountOutbox.RowsAsync(host)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "identity did not answer the republish request within 90 s");
            // Sent before the host's queue was bound it is gone: send it again, under the same MessageId.
            if (DateTime.UtcNow - sent > TimeSpan.FromSeconds(5))
            {
                await host.Services.GetRequiredService<IBus>().Publish(request, ctx => ctx.MessageId = requestId);
                sent = DateTime.UtcNow;
            }
            await Task.Delay(100);
        }
        // The same request redelivered is recognised by the inbox.
        await host.Services.GetRequiredService<IBus>().Publish(request, ctx => ctx.MessageId = requestId);
        await Task.Delay(1500);

        rows = await AccountOutbox.RowsAsync(host);
        var answer = Assert.Single(AccountOutbox.Of<UserAccountsRepublished>(rows));
        Assert.Equal("notifications", answer.RequestedBy);
        Assert.Equal(DemoAccounts.All.Count, answer.AccountCount);
        var updates = AccountOutbox.Of<UserAccountUpdated>(rows);
        Assert.Equal(DemoAccounts.All.Select(a => a.UserName).Order(), updates.Select(u => u.UserName).Order());
        Assert.Equal([PlatformRoles.SystemAdmin], updates.Single(u => u.UserName == "admin").Roles);
        Assert.True(rows.FindLastIndex(r => r.MessageType == AccountOutbox.TypeName<UserAccountUpdated>())
            < rows.FindIndex(r => r.MessageType == AccountOutbox.TypeName<UserAccountsRepublished>()), "the answer comes after the accounts");
    }
}
