using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

public sealed class UnitsDbContext(DbContextOptions<UnitsDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Unit>(b =>
        {
            b.HasKey(u => u.Id);
            b.Property(u => u.Code).HasMaxLength(UnitLimits.Code);
            b.HasIndex(u => u.Code).IsUnique();
            b.Property(u => u.Name).HasMaxLength(UnitLimits.Name);
            b.Property(u => u.ShortName).HasMaxLength(UnitLimits.ShortName);
            b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(64);
            b.Property(u => u.Status).HasConversion<string>().HasMaxLength(32);
            b.Property(u => u.AreaCode).HasMaxLength(UnitLimits.AreaCode);
            b.Property(u => u.SearchText).HasMaxLength(UnitLimits.Name * 2);
            b.Property(u => u.CreatedBy).HasMaxLength(128);
            b.HasIndex(u => u.ParentId);
            b.HasIndex(u => u.Kind);
            b.HasOne<Unit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

public static class UnitLimits
{
    public const int Code = 32;
    public const int Name = 256;
    public const int ShortName = 64;
    public const int AreaCode = 32;
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class UnitsDbContextDesignFactory : IDesignTimeDbContextFactory<UnitsDbContext>
{
    public UnitsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<UnitsDbContext>()
        .UseNpgsql("Host=localhost;Database=units_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
