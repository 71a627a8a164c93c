using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.Messaging;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// Creates the token server's RSA keys once (one to sign tokens, one to encrypt authorization codes and
/// refresh tokens) and keeps them in <c>signing_keys</c>. Replicas starting together serialise on an
/// advisory lock, so exactly one key of each use is created.
/// </summary>
internal sealed class ServerKeySeeder(ILogger<ServerKeySeeder> logger) : IDatabaseSeeder<IdentityDbContext>
{
    private const long AdvisoryLockKey = 0x1D_5167_4E4B;

    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        foreach (var use in new[] { SigningKey.SignatureUse, SigningKey.EncryptionUse })
        {
            if (await db.SigningKeys.AnyAsync(k => k.Use == use && k.RetiredAt == null, cancellationToken))
            {
                continue;
            }
            using var rsa = RSA.Create(2048);
            var key = new SigningKey
            {
                Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
                Use = use,
                Algorithm = use == SigningKey.SignatureUse ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.RsaOAEP,
                PrivateKey = rsa.ExportPkcs8PrivateKey(),
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.SigningKeys.Add(key);
            logger.LogInformation("Created the token server's {Use} key {KeyId}", use, key.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// Gives the token server the keys from the database. OpenIddict builds its options on the first
/// request it sees; the readiness gate keeps requests out until migrations and <see cref="ServerKeySeeder"/>
/// have run, so the wait here is only a safety net.
/// </summary>
internal sealed class PersistedServerKeys(
    IServiceScopeFactory scopes,
    DatabaseReadiness<IdentityDbContext> readiness,
    ILogger<PersistedServerKeys> logger) : IConfigureOptions<OpenIddictServerOptions>
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromMinutes(2);

    public void Configure(OpenIddictServerOptions options)
    {
        using (var timeout = new CancellationTokenSource(ReadinessTimeout))
        {
            readiness.WaitAsync(timeout.Token).GetAwaiter().GetResult();
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var keys = db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).ToList();
        foreach (var key in keys)
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
            var securityKey = new RsaSecurityKey(rsa) { KeyId = key.Id };
            if (key.Use == SigningKey.SignatureUse)
            {
                options.SigningCredentials.Add(new SigningCredentials(securityKey, SecurityAlgorithms.RsaSha256));
            }
            else
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(securityKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
        logger.LogInformation("Loaded {Count} token server keys from the database", keys.Count);
    }
}
