using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Messaging.Tests.Infrastructure;

/// <summary>State a test service changes together with the events it queues.</summary>
public sealed class Widget
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
}

/// <summary>A named counter that inbox consumers increment; a duplicate must not move it.</summary>
public sealed class Counter
{
    public required string Name { get; set; }
    public int Value { get; set; }
}

/// <summary>The database of a small test service: its own tables plus the outbox and inbox.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Widget>(b =>
        {
            b.HasKey(w => w.Id);
            b.Property(w => w.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Counter>(b =>
        {
            b.HasKey(c => c.Name);
            b.Property(c => c.Name).HasMaxLength(100);
        });
        modelBuilder.AddOutboxAndInbox();
    }

    /// <summary>
    /// A context configured as <see cref="MessagingSetup.AddServiceDatabase{TContext}"/> configures it,
    /// for the test's own reads and writes outside any host.
    /// </summary>
    public static TestDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<TestDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running server.</summary>
public sealed class TestDbContextDesignTimeFactory : IDesignTimeDbContextFactory<TestDbContext>
{
    public TestDbContext CreateDbContext(string[] args) =>
        TestDbContext.Open("Host=127.0.0.1;Database=messaging_tests_design");
}
