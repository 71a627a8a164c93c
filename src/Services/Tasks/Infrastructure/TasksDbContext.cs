using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Tasks.Infrastructure;

public sealed class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddUnitReplica();
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class TasksDbContextDesignFactory : IDesignTimeDbContextFactory<TasksDbContext>
{
    public TasksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<TasksDbContext>()
        .UseNpgsql("Host=localhost;Database=tasks_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
