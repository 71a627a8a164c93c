using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

public sealed class CoordinationDbContext(DbContextOptions<CoordinationDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddUnitReplica();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class CoordinationDbContextDesignFactory : IDesignTimeDbContextFactory<CoordinationDbContext>
{
    public CoordinationDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CoordinationDbContext>()
        .UseNpgsql("Host=localhost;Database=coordination_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
