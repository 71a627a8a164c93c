using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.SafeLine.Domain;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Infrastructure;

public sealed class SafeLineDbContext(DbContextOptions<SafeLineDbContext> options) : DbContext(options)
{
    public DbSet<SafeCase> Cases => Set<SafeCase>();
    public DbSet<CaseMessage> Messages => Set<CaseMessage>();
    public DbSet<CaseRead> Reads => Set<CaseRead>();
    public DbSet<SchoolHandler> Handlers => Set<SchoolHandler>();
    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<UnitReplica> Units => Set<UnitReplica>();

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
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SafeLineDbContext).Assembly);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without the running host's configuration.</summary>
internal sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SafeLineDbContext>
{
    public SafeLineDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SafeLineDbContext>()
        .UseNpgsql("Host=localhost;Database=safeline", o => o.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention().Options);
}
