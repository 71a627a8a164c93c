using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;
using Platform.Identity.Domain;
using Platform.Messaging;
using Platform.Messaging.Audit;
using Platform.UnitDirectory;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The identity database: accounts and roles (ASP.NET Core Identity), the token server's clients,
/// authorizations and tokens (OpenIddict), its keys, the Data Protection key ring, the per-account
/// history and the chained audit trail, the unit replica, and the outbox and inbox.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext<UserAccount, IdentityRole<Guid>, Guid>(options),
      IDataProtectionKeyContext
{
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<UserAuditEntry> UserAuditEntries => Set<UserAuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<UnitReplica> UnitReplicas => Set<UnitReplica>();
    /// <summary>The chained, append-only audit trail (<see cref="AuditTrail"/>) the data-protection officer reviews.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddUnitReplica();
        modelBuilder.AddAuditTrail();

        // Plain names instead of AspNetUsers / OpenIddictApplications.
        modelBuilder.Entity<UserAccount>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.DisplayName).HasMaxLength(AccountRules.DisplayNameMaxLength);
            b.Property(u => u.UnitCode).HasMaxLength(32);
            b.Property(u => u.SearchText).HasMaxLength(AccountRules.DisplayNameMaxLength + AccountRules.UserNameMaxLength + 1);
            b.Property(u => u.CreatedBy).HasMaxLength(128);
            b.Property(u => u.UpdatedBy).HasMaxLength(128);
            b.HasIndex(u => u.UnitId);
        });
        modelBuilder.Entity<IdentityRole<Guid>>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("openiddict_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("openiddict_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("openiddict_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("openiddict_tokens");

        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        modelBuilder.Entity<SigningKey>(b =>
        {
            b.ToTable("signing_keys");
            b.HasKey(k => k.Id);
            b.Property(k => k.Id).HasMaxLength(64);
            b.Property(k => k.Use).HasMaxLength(8);
            b.Property(k => k.Algorithm).HasMaxLength(32);
            b.HasIndex(k => new { k.Use, k.CreatedAt });
        });

        modelBuilder.Entity<UserAuditEntry>(b =>
        {
            b.ToTable("user_audit_entries");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever();
            b.Property(e => e.Action).HasMaxLength(32);
            b.Property(e => e.Detail).HasMaxLength(1000);
            b.Property(e => e.ActorId).HasMaxLength(128);
            b.Property(e => e.ActorName).HasMaxLength(256);
            b.HasIndex(e => new { e.UserId, e.At });
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class IdentityDbContextDesignFactory : IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityDbContext>()
        .UseNpgsql("Host=localhost;Database=identity_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
