using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Extensions;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Tests;

/// <summary>Token lifetimes, revocation, the keys' encryption at rest and their rotation (security review).</summary>
[Collection(IdentityCollection.Name)]
public sealed class TokenSecurityTests(IdentityFixture fixture)
{
    private readonly IdentityHost _host = fixture.Host;

    [Fact]
    public async Task Access_token_lives_ten_minutes()
    {
        using var client = _host.CreateClient();
        var response = await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var jwt = response.Jwt;
        Assert.Equal(TimeSpan.FromMinutes(10), jwt.ValidTo - jwt.IssuedAt);
        Assert.InRange(response.Body.GetProperty("expires_in").GetInt32(), 590, 600);
    }

    [Fact]
    public void Access_token_lifetime_above_ten_minutes_is_refused_at_start_up()
    {
        var environment = new HostingEnvironment { EnvironmentName = Environments.Production };
        var options = new IdentityServiceOptions { AccessTokenLifetime = TimeSpan.FromMinutes(11) };

        Assert.Throws<InvalidOperationException>(() => options.ApplyDefaults(environment));
        Assert.Equal(TimeSpan.FromHours(12), new IdentityServiceOptions().RefreshTokenLifetime);
    }

    [Fact]
    public async Task Revoked_refresh_token_is_refused()
    {
        using var client = _host.CreateClient();
        var tokens = await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password);

        var revocation = await client.PostAsync("/connect/revocation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = PlatformClients.Cli, ["token"] = tokens.RefreshToken!, ["token_type_hint"] = "refresh_token",
        }));
        var refreshed = await RefreshAsync(client, tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, revocation.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Refresh_token_lifetime_is_absolute_not_sliding()
    {
        await using var host = await IdentityHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Identity:RefreshTokenLifetime"] = "00:00:06",
        });
        using var client = host.CreateClient();
        var signedIn = DateTime.UtcNow;
        var first = await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password);

        // Half-way through, a refresh works and gives a new refresh token...
        await Task.Delay(TimeSpan.FromSeconds(3));
        var second = await RefreshAsync(client, first.RefreshToken!);
        Assert.True(second.Status == HttpStatusCode.OK, second.ToString());
        Assert.NotNull(second.RefreshToken);

        // ...that expires with the first (a sliding one would live until 9 s after sign-in).
        var wait = signedIn.AddSeconds(7.5) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var third = await RefreshAsync(client, second.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, third.Status);
        Assert.Equal("invalid_grant", third.Error);
    }

    [Fact]
    public async Task Stored_private_keys_are_encrypted_with_the_configured_key()
    {
        using var client = _host.CreateClient();
        var published = Assert.Single((await Tokens.KeysAsync(client)).Keys, k => k.Use == "sig");
        var modulus = Base64UrlEncoder.DecodeBytes(published.N);
        var rows = await _host.WithDbAsync(db => db.SigningKeys.AsNoTracking().ToListAsync());

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.True(KeyProtector.IsProtected(row.PrivateKey), $"key {row.Id} is stored in clear");
            Assert.DoesNotContain("-----BEGIN", Encoding.Latin1.GetString(row.PrivateKey));
            Assert.Equal(-1, row.PrivateKey.AsSpan().IndexOf(modulus));
            Assert.Equal(-1, row.PrivateKey.AsSpan().IndexOf(modulus.AsSpan(0, 16)));
            using var rsa = RSA.Create();
            Assert.ThrowsAny<CryptographicException>(() => rsa.ImportPkcs8PrivateKey(row.PrivateKey, out _));
            // Another key, or the row's key under another id, does not decrypt it.
            Assert.ThrowsAny<CryptographicException>(() => new KeyProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(row.PrivateKey, row.Id, row.Use));
            Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(row.PrivateKey, row.Id + "x", row.Use));
        }

        // The configured key does: the signing row is the published key.
        var signing = rows.Single(r => r.Use == SigningKey.SignatureUse && r.RetiredAt == null);
        using var decrypted = RSA.Create();
        decrypted.ImportPkcs8PrivateKey(Protector.Unprotect(signing.PrivateKey, signing.Id, signing.Use), out _);
        Assert.Equal(modulus, decrypted.ExportParameters(false).Modulus);
    }

    [Fact]
    public async Task A_key_stored_in_clear_before_this_change_is_encrypted_at_start_up_and_still_signs()
    {
        string connectionString, kid;
        await using (var first = await IdentityHost.StartAsync())
        {
            connectionString = first.ConnectionString;
            using var client = first.CreateClient();
            kid = (await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password)).Jwt.Kid;
            // As the previous version stored them: PKCS#8 DER in clear.
            await first.WithDbAsync(async db =>
            {
                foreach (var row in await db.SigningKeys.ToListAsync()) row.PrivateKey = Protector.Unprotect(row.PrivateKey, row.Id, row.Use);
                return await db.SaveChangesAsync();
            });
        }

        await using var restarted = await IdentityHost.StartAsync(connectionString: connectionString);
        using var restartedClient = restarted.CreateClient();
        var token = await Tokens.PasswordAsync(restartedClient, "auditor", DemoAccounts.Password);

        Assert.Equal(kid, token.Jwt.Kid);
        Assert.All(await restarted.WithDbAsync(db => db.SigningKeys.AsNoTracking().ToListAsync()),
            row => Assert.True(KeyProtector.IsProtected(row.PrivateKey)));
    }

    [Fact]
    public async Task Rotation_signs_with_a_new_key_and_keeps_the_old_one_published_until_the_overlap_ends()
    {
        await using var host = await IdentityHost.StartAsync();
        using var client = host.CreateClient();
        var rotator = host.Services.GetRequiredService<ServerKeyRotator>();
        var options = host.Services.GetRequiredService<IdentityServiceOptions>();
        var before = await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password);
        var oldKid = before.Jwt.Kid;

        // Nothing is due yet: a check changes nothing.
        await rotator.CheckAsync();
        Assert.Equal([oldKid], KeyIds(await Tokens.KeysAsync(client)));

        // The keys are as old as the rotation interval: the check makes new ones, which sign from now on.
        await ShiftAsync(host, k => k.RetiredAt == null, -(options.KeyRotationInterval + TimeSpan.FromMinutes(1)));
        await rotator.CheckAsync();
        var after = await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password);
        var newKid = after.Jwt.Kid;
        var overlapping = await Tokens.KeysAsync(client);

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(new[] { oldKid, newKid }.Order(), KeyIds(overlapping).Order());
        Assert.True((await Tokens.ValidateAsync(before.AccessToken!, overlapping)).IsValid, "a token signed with the old key still validates");
        Assert.True((await Tokens.ValidateAsync(after.AccessToken!, overlapping)).IsValid);
        // The old encryption key still opens refresh tokens it sealed.
        var refreshed = await RefreshAsync(client, before.RefreshToken!);
        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.ToString());
        Assert.Equal(newKid, refreshed.Jwt.Kid);

        // Once the new signing key has been in use for the whole overlap, the old one is retired and no longer published.
        await ShiftAsync(host, k => k.Id == newKid, -(options.SigningKeyOverlap + TimeSpan.FromMinutes(1)));
        await rotator.CheckAsync();
        var retired = await Tokens.KeysAsync(client);

        Assert.Equal([newKid], KeyIds(retired));
        Assert.False((await Tokens.ValidateAsync(before.AccessToken!, retired)).IsValid);
        Assert.NotNull(await host.WithDbAsync(db => db.SigningKeys.Where(k => k.Id == oldKid).Select(k => k.RetiredAt).SingleAsync()));
        Assert.Equal(newKid, (await Tokens.PasswordAsync(client, "auditor", DemoAccounts.Password)).Jwt.Kid);
    }

    private static KeyProtector Protector => new(Convert.FromBase64String(IdentityHost.TestKeyEncryptionKey));

    private static List<string> KeyIds(JsonWebKeySet keys) => keys.Keys.Where(k => k.Use == "sig").Select(k => k.Kid).ToList();

    private static Task ShiftAsync(IdentityHost host, System.Linq.Expressions.Expression<Func<SigningKey, bool>> which, TimeSpan by) =>
        host.WithDbAsync(async db =>
        {
            foreach (var key in await db.SigningKeys.Where(which).ToListAsync()) key.CreatedAt += by;
            return await db.SaveChangesAsync();
        });

    private static Task<TokenResponse> RefreshAsync(HttpClient client, string refreshToken) => Tokens.RequestAsync(client, new()
    {
        ["grant_type"] = "refresh_token", ["client_id"] = PlatformClients.Cli, ["refresh_token"] = refreshToken,
    });
}
