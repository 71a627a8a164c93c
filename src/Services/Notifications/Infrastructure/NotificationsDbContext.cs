using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Notifications.Domain;
using Platform.UnitDirectory;

namespace Platform.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Recipient> Recipients => Set<Recipient>();
    public DbSet<RecipientPreference> Preferences => Set<RecipientPreference>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<EmailDelivery> EmailDeliveries => Set<EmailDelivery>();
    public DbSet<UnitReplica> Units => Set<UnitReplica>();

    /// <summary>Npgsql writes only UTC offsets to <c>timestamptz</c>; instants are turned to UTC on the way in.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(), v => v);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddUnitReplica();

        modelBuilder.Entity<Recipient>(b =>
        {
            b.ToTable("recipients");
            b.HasKey(r => r.UserId);
            b.Property(r => r.UserId).HasMaxLength(Recipient.IdMax);
            b.Property(r => r.Email).HasMaxLength(Recipient.EmailMax);
            b.Property(r => r.DisplayName).HasMaxLength(Recipient.NameMax);
            b.Property(r => r.Source).HasMaxLength(16);
            b.Ignore(r => r.QuietHours);
            b.HasIndex(r => r.UnitId);
        });
        modelBuilder.Entity<RecipientPreference>(b =>
        {
            b.ToTable("recipient_preferences");
            b.HasKey(p => new { p.UserId, p.Kind });
            b.Property(p => p.UserId).HasMaxLength(Recipient.IdMax);
            b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(64);
            b.Property(p => p.EmailMode).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<Notification>(b =>
        {
            b.ToTable("notifications");
            b.HasKey(n => n.Id);
            b.Property(n => n.Id).ValueGeneratedNever();
            b.Property(n => n.Sequence).UseIdentityAlwaysColumn();
            b.Property(n => n.RecipientId).HasMaxLength(Recipient.IdMax);
            b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(64);
            b.Property(n => n.Title).HasMaxLength(Notification.TitleMax);
            b.Property(n => n.Body).HasMaxLength(Notification.BodyMax);
            b.Property(n => n.Link).HasMaxLength(Notification.LinkMax);
            // One notification per recipient per event, whatever redelivery does.
            b.HasIndex(n => new { n.EventId, n.RecipientId }).IsUnique();
            b.HasIndex(n => new { n.RecipientId, n.Sequence });
            b.HasIndex(n => n.RecipientId).HasDatabaseName("ix_notifications_unread").HasFilter("read_at IS NULL");
        });
        modelBuilder.Entity<EmailDelivery>(b =>
        {
            b.ToTable("email_deliveries");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.RecipientId).HasMaxLength(Recipient.IdMax);
            b.Property(d => d.ToAddress).HasMaxLength(Recipient.EmailMax);
            b.Property(d => d.Mode).HasConversion<string>().HasMaxLength(16);
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(d => d.LastError).HasMaxLength(2000);
            // At most one email per notification.
            b.HasIndex(d => d.NotificationId).IsUnique();
            b.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(d => new { d.Status, d.Mode, d.DueAt }).HasDatabaseName("ix_email_deliveries_pending").HasFilter("status = 'Pending'");
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without the running host's configuration.</summary>
internal sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<NotificationsDbContext>()
        .UseNpgsql("Host=localhost;Database=notifications", o => o.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention().Options);
}
