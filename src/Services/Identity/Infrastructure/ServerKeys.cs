using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using Platform.Identity.Extensions;
using Platform.Messaging;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The token server's RSA keys in <c>signing_keys</c> (one use signs tokens, the other encrypts authorization
/// codes and refresh tokens), private keys encrypted with <see cref="KeyProtector"/>. Every
/// <see cref="IdentityServiceOptions.KeyRotationInterval"/> a new key of each use is made and takes over at
/// once; the one it replaces stays loaded (so published in the JWKS, or able to decrypt) for the overlap of its
/// use, then is retired. Replicas serialise on an advisory lock, so they agree on one newest key per use.
/// </summary>
internal sealed class ServerKeyStore(IdentityServiceOptions options, KeyProtector protector, TimeProvider clock, ILogger<ServerKeyStore> logger)
{
    private const long AdvisoryLockKey = 0x1D_5167_4E4B;

    /// <summary>Creates missing or due keys, retires keys past their overlap and encrypts any key stored in clear.</summary>
    public async Task RotateAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        var now = clock.GetUtcNow();

        // Keys written before they were encrypted at rest.
        foreach (var key in await db.SigningKeys.ToListAsync(cancellationToken))
        {
            if (!KeyProtector.IsProtected(key.PrivateKey))
            {
                key.PrivateKey = protector.Protect(key.PrivateKey, key.Id, key.Use);
                logger.LogWarning("Encrypted the token server's {Use} key {KeyId}, which was stored in clear", key.Use, key.Id);
            }
        }

        foreach (var use in new[] { SigningKey.SignatureUse, SigningKey.EncryptionUse })
        {
            var active = await db.SigningKeys.Where(k => k.Use == use && k.RetiredAt == null)
                .OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
            if (active.Count == 0 || now - active[0].CreatedAt >= options.KeyRotationInterval)
            {
                var created = Create(use, now);
                db.SigningKeys.Add(created);
                active.Insert(0, created);
                logger.LogInformation("Created the token server's {Use} key {KeyId}", use, created.Id);
            }
            var overlap = use == SigningKey.SignatureUse ? options.SigningKeyOverlap : options.EncryptionKeyOverlap;
            for (var i = 1; i < active.Count; i++)
            {
                // Its successor has been in use for the whole overlap: nothing valid depends on it any more.
                if (now - active[i - 1].CreatedAt >= overlap)
                {
                    active[i].RetiredAt = now;
                    logger.LogInformation("Retired the token server's {Use} key {KeyId}", use, active[i].Id);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The keys in use, newest first: the first of each use signs or encrypts, the others only validate or decrypt.</summary>
    public List<(SigningKey Row, RsaSecurityKey Key)> LoadActive(IdentityDbContext db)
    {
        var rows = db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).ToList();
        return rows.Select(row =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(protector.Unprotect(row.PrivateKey, row.Id, row.Use), out _);
            return (row, new RsaSecurityKey(rsa) { KeyId = row.Id });
        }).ToList();
    }

    private SigningKey Create(string use, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        return new SigningKey
        {
            Id = id,
            Use = use,
            Algorithm = use == SigningKey.SignatureUse ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.RsaOAEP,
            PrivateKey = protector.Protect(rsa.ExportPkcs8PrivateKey(), id, use),
            CreatedAt = now,
        };
    }
}

/// <summary>Makes the keys at start-up (after the migrations), before the token server loads them.</summary>
internal sealed class ServerKeySeeder(ServerKeyStore store) : IDatabaseSeeder<IdentityDbContext>
{
    public Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken) => store.RotateAsync(db, cancellationToken);
}

/// <summary>
/// Gives the token server the keys from the database. OpenIddict builds its options on the first
/// request it sees; the readiness gate keeps requests out until migrations and <see cref="ServerKeySeeder"/>
/// have run, so the wait here is only a safety net. <see cref="ServerKeyReload"/> makes it build them again.
/// </summary>
internal sealed class PersistedServerKeys(
    IServiceScopeFactory scopes,
    DatabaseReadiness<IdentityDbContext> readiness,
    ServerKeyStore store,
    ServerKeyReload reload,
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
        var keys = store.LoadActive(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
        // Newest first: OpenIddict signs and encrypts with the first credential of each list.
        foreach (var (row, key) in keys)
        {
            if (row.Use == SigningKey.SignatureUse)
            {
                options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }
            else
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
        reload.Loaded = [.. keys.Select(k => k.Row.Id).Order(StringComparer.Ordinal)];
        logger.LogInformation("Loaded {Count} token server keys from the database: {KeyIds}", keys.Count, string.Join(", ", reload.Loaded));
    }
}

/// <summary>
/// Tells the options monitors of the token server and of its local validation to rebuild (and so reload the
/// keys) when the keys in the database differ from the loaded ones. The server's options are rebuilt first:
/// the validation's copy their keys.
/// </summary>
internal sealed class ServerKeyReload
{
    private CancellationTokenSource _server = new();
    private CancellationTokenSource _validation = new();

    /// <summary>The ids of the keys the token server has now, sorted.</summary>
    public IReadOnlyList<string> Loaded { get; set; } = [];

    public IChangeToken ServerToken => new CancellationChangeToken(_server.Token);
    public IChangeToken ValidationToken => new CancellationChangeToken(_validation.Token);

    public void Signal()
    {
        Interlocked.Exchange(ref _server, new CancellationTokenSource()).Cancel();
        Interlocked.Exchange(ref _validation, new CancellationTokenSource()).Cancel();
    }

    public sealed class ServerSource(ServerKeyReload reload) : IOptionsChangeTokenSource<OpenIddictServerOptions>
    {
        public string Name => Options.DefaultName;
        public IChangeToken GetChangeToken() => reload.ServerToken;
    }

    public sealed class ValidationSource(ServerKeyReload reload) : IOptionsChangeTokenSource<OpenIddictValidationOptions>
    {
        public string Name => Options.DefaultName;
        public IChangeToken GetChangeToken() => reload.ValidationToken;
    }
}

/// <summary>
/// Every <see cref="IdentityServiceOptions.KeyCheckInterval"/>: rotates or retires keys when due (any replica
/// may be the one that does it) and reloads the token server's keys when the database's differ from them.
/// </summary>
internal sealed class ServerKeyRotator(
    IServiceScopeFactory scopes,
    DatabaseReadiness<IdentityDbContext> readiness,
    ServerKeyStore store,
    ServerKeyReload reload,
    IOptionsMonitor<OpenIddictServerOptions> server,
    IdentityServiceOptions options,
    TimeProvider clock,
    ILogger<ServerKeyRotator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.KeyCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The keys loaded stay in use; the next check tries again.
                    logger.LogWarning(ex, "Checking the token server's keys failed; trying again in {Interval}", options.KeyCheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check: rotate or retire what is due, then reload if the keys in use changed.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        _ = server.CurrentValue; // the keys are loaded at least once before comparing
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await store.RotateAsync(db, cancellationToken);
        var active = await db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null).Select(k => k.Id).ToListAsync(cancellationToken);
        if (!active.Order(StringComparer.Ordinal).SequenceEqual(reload.Loaded))
        {
            reload.Signal();
        }
    }
}
