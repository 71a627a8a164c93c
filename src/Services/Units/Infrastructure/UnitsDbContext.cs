using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

public sealed class UnitsDbContext(DbContextOptions<UnitsDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<UnitPeriod> UnitPeriods => Set<UnitPeriod>();
    public DbSet<UnitChange> UnitChanges => Set<UnitChange>();
    public DbSet<RecipientGroup> RecipientGroups => Set<RecipientGroup>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Unit>(b =>
        {
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).ValueGeneratedNever();
            b.Property(u => u.Code).HasMaxLength(UnitLimits.Code);
            b.HasIndex(u => u.Code).IsUnique();
            b.Property(u => u.Name).HasMaxLength(UnitLimits.Name);
            b.Property(u => u.ShortName).HasMaxLength(UnitLimits.ShortName);
            b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(64);
            b.Property(u => u.Status).HasConversion<string>().HasMaxLength(32);
            b.Property(u => u.AreaCode).HasMaxLength(UnitLimits.AreaCode);
            b.Property(u => u.Address).HasMaxLength(UnitLimits.Address);
            b.Property(u => u.HeadName).HasMaxLength(UnitLimits.PersonName);
            b.Property(u => u.HeadTitle).HasMaxLength(UnitLimits.PersonName);
            b.Property(u => u.Phone).HasMaxLength(UnitLimits.Phone);
            b.Property(u => u.Email).HasMaxLength(UnitLimits.Email);
            b.Property(u => u.SearchText).HasMaxLength(2000);
            b.Property(u => u.CreatedBy).HasMaxLength(128);
            b.Property(u => u.UpdatedBy).HasMaxLength(128);
            b.HasIndex(u => u.ParentId);
            b.HasIndex(u => u.Kind);
            b.HasIndex(u => u.AreaCode);
            b.HasOne<Unit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(u => u.Periods).WithOne().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(u => u.Periods).HasField("_periods").UsePropertyAccessMode(PropertyAccessMode.Field);
            b.Ignore(u => u.CurrentPeriod);
        });
        modelBuilder.Entity<UnitPeriod>(b =>
        {
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.Name).HasMaxLength(UnitLimits.Name);
            b.Property(p => p.ShortName).HasMaxLength(UnitLimits.ShortName);
            b.HasIndex(p => new { p.UnitId, p.ValidFrom });
            b.HasIndex(p => p.ParentId);
        });
        modelBuilder.Entity<UnitChange>(b =>
        {
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
            b.Property(c => c.Summary).HasMaxLength(1000);
            b.Property(c => c.ActorUserId).HasMaxLength(128);
            b.HasIndex(c => new { c.UnitId, c.RecordedAt });
        });
        modelBuilder.Entity<RecipientGroup>(b =>
        {
            b.HasKey(g => g.Id);
            b.Property(g => g.Id).ValueGeneratedNever();
            b.Property(g => g.Code).HasMaxLength(UnitLimits.Code);
            b.HasIndex(g => g.Code).IsUnique();
            b.Property(g => g.Name).HasMaxLength(UnitLimits.Name);
            b.Property(g => g.Description).HasMaxLength(1000);
            b.Property(g => g.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(g => g.UnitKinds).HasConversion(
                v => v.Select(k => k.ToString()).ToArray(),
                v => v.Select(Enum.Parse<UnitKind>).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<UnitKind>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, k) => HashCode.Combine(h, k)), v => v.ToList()));
            b.Property(g => g.AreaCodePrefix).HasMaxLength(UnitLimits.AreaCode);
            b.Property(g => g.CreatedBy).HasMaxLength(128);
        });
    }
}

public static class UnitLimits
{
    public const int Code = 32;
    public const int Name = 256;
    public const int ShortName = 64;
    public const int AreaCode = 32;
    public const int Address = 512;
    public const int PersonName = 128;
    public const int Phone = 32;
    public const int Email = 256;
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class UnitsDbContextDesignFactory : IDesignTimeDbContextFactory<UnitsDbContext>
{
    public UnitsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<UnitsDbContext>()
        .UseNpgsql("Host=localhost;Database=units_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
