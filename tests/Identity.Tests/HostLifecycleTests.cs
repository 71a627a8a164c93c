using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Units;
using Platform.Identity.Infrastructure;
using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>Tests that start their own hosts: restarts, replicas, other environments.</summary>
public sealed class HostLifecycleTests
{
    [Fact]
    public async Task Signing_key_survives_a_restart_and_is_shared_by_replicas()
    {
        string firstToken, firstRefresh, kid;
        JsonWebKeySetSnapshot firstKeys;
        string connectionString;
        await using (var first = await IdentityHost.StartAsync())
        {
            connectionString = first.ConnectionString;
            using var client = first.CreateClient();
            var response = await Tokens.PasswordAsync(client, "admin", DemoAccounts.Password);
            firstToken = response.AccessToken!;
            firstRefresh = response.RefreshToken!;
            kid = response.Jwt.Kid;
            firstKeys = new(await client.GetStringAsync("/.well-known/jwks"));
        }

        // The same database after a restart, and a second replica beside it.
        await using var restarted = await IdentityHost.StartAsync(connectionString: connectionString);
        await using var replica = await IdentityHost.StartAsync(connectionString: connectionString);
        using var restartedClient = restarted.CreateClient();
        using var replicaClient = replica.CreateClient();

        var second = await Tokens.PasswordAsync(restartedClient, "auditor", DemoAccounts.Password);
        var third = await Tokens.PasswordAsync(replicaClient, "auditor", DemoAccounts.Password);
        var restartedKeys = await Tokens.KeysAsync(restartedClient);

        Assert.Equal(kid, second.Jwt.Kid);
        Assert.Equal(kid, third.Jwt.Kid);
        Assert.Equal(firstKeys.Json, await restartedClient.GetStringAsync("/.well-known/jwks"));
        Assert.True((await Tokens.ValidateAsync(firstToken, restartedKeys)).IsValid, "a token from before the restart validates with the keys after it");
        Assert.True((await Tokens.ValidateAsync(third.AccessToken!, firstKeys.Keys)).IsValid, "a replica's token validates with the first keys");
        Assert.Single(await restarted.WithDbAsync(db => db.SigningKeys.Where(k => k.Use == SigningKey.SignatureUse).ToListAsync()));

        // Refresh tokens are encrypted with the persisted key too: one issued before the restart still works.
        var refreshed = await Tokens.RequestAsync(replicaClient, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = PlatformClients.Cli,
            ["refresh_token"] = firstRefresh,
        });
        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.ToString());
    }

    [Fact]
    public async Task Outside_Development_the_password_grant_the_cli_client_and_the_demo_accounts_do_not_exist()
    {
        // A database a development run used first, with the cli client and demo accounts in it.
        string connectionString;
        await using (var development = await IdentityHost.StartAsync())
        {
            connectionString = development.ConnectionString;
            Assert.True(await development.WithDbAsync(db => db.Users.AnyAsync(u => u.IsDemo)));
        }

        await using var production = await IdentityHost.StartAsync("Production", new Dictionary<string, string?>
        {
            ["Identity:RequireHttps"] = "false",
            ["Identity:PoliceSystemSecret"] = "a-production-secret-from-configuration",
        }, connectionString);
        using var client = production.CreateClient();

        var password = await Tokens.PasswordAsync(client, "admin", DemoAccounts.Password);
        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.BadRequest, password.Status);
        Assert.Equal("unsupported_grant_type", password.Error);
        Assert.Null(password.AccessToken);
        Assert.DoesNotContain("password", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.False(await production.WithDbAsync(db => db.Users.AnyAsync(u => u.IsDemo)));
        Assert.False(await production.WithDbAsync(db => db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>()
            .AnyAsync(a => a.ClientId == PlatformClients.Cli)));

        // The machine client works with the configured secret, not the development one.
        var police = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = PlatformClients.PoliceSystem,
            ["client_secret"] = "a-production-secret-from-configuration", ["scope"] = "api",
        });
        var devSecret = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = PlatformClients.PoliceSystem,
            ["client_secret"] = "police-system-dev-secret", ["scope"] = "api",
        });
        Assert.True(police.Status == HttpStatusCode.OK, police.ToString());
        Assert.Equal("invalid_client", devSecret.Error);
    }

    [Fact]
    public async Task Outside_Development_plain_HTTP_is_refused_unless_configured()
    {
        await using var production = await IdentityHost.StartAsync("Production");
        using var client = production.CreateClient();

        var response = await Tokens.RequestAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = PlatformClients.PoliceSystem, ["client_secret"] = "x",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Error);
        Assert.Null(response.AccessToken);
    }

    [Fact]
    public async Task Unit_replica_follows_the_units_events()
    {
        await using var host = await IdentityHost.StartAsync();
        var unitId = Guid.CreateVersion7();

        await host.Services.GetRequiredService<IBus>().Publish(new UnitRegistered
        {
            UnitId = unitId, Code = "THCS-TEST-REPLICA", Name = "Trường THCS Thử", Kind = "LowerSecondarySchool",
            ParentId = Platform.ServiceDefaults.DemoUnitIds.For(Platform.ServiceDefaults.DemoUnitIds.LeChanDistrictOffice),
            EffectiveFrom = new DateOnly(2024, 9, 5), OccurredAt = DateTimeOffset.UtcNow,
        });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await host.WithDbAsync(db => db.UnitReplicas.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the identity service's unit replica did not receive the unit within 20 s");
            await Task.Delay(100);
        }
    }

    /// <summary>A JWKS as served, kept as text to compare and as keys to validate with.</summary>
    private sealed record JsonWebKeySetSnapshot(string Json)
    {
        public Microsoft.IdentityModel.Tokens.JsonWebKeySet Keys { get; } = new(Json);
    }
}
