using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Platform.Contracts.Units;
using Platform.Messaging;

namespace Platform.Resilience.Consumer;

/// <summary>One row per unit whose registration this consumer applied; the key makes a second apply fail loudly.</summary>
public sealed class AppliedUnit
{
    public Guid UnitId { get; set; }
    public Guid MessageId { get; set; }
    public required string Code { get; set; }
}

public sealed class ConsumerDbContext(DbContextOptions<ConsumerDbContext> options) : DbContext(options)
{
    public DbSet<AppliedUnit> AppliedUnits => Set<AppliedUnit>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppliedUnit>(b =>
        {
            b.ToTable("applied_units");
            b.HasKey(a => a.UnitId);
            b.Property(a => a.Code).HasMaxLength(100);
        });
        modelBuilder.AddOutboxAndInbox();
    }

    public static ConsumerDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ConsumerDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}

public sealed class UnitRegisteredConsumer(ConsumerDbContext db, IConfiguration configuration) : IConsumer<UnitRegistered>
{
    public const string Name = "resilience-unit-registered";

    public async Task Consume(ConsumeContext<UnitRegistered> context)
    {
        var applied = await db.ApplyOnceAsync(context, Name, _ =>
        {
            db.AppliedUnits.Add(new AppliedUnit { UnitId = context.Message.UnitId, MessageId = context.MessageId!.Value, Code = context.Message.Code });
            return Task.CompletedTask;
        });
        Console.WriteLine(applied ? $"applied {context.MessageId} {context.Message.UnitId}" : $"duplicate {context.MessageId}");
        // Committed but not yet acknowledged: a kill now leaves the message to be redelivered.
        var hold = configuration.GetValue<int>("HoldAfterApplyMs");
        if (hold > 0) await Task.Delay(hold, context.CancellationToken);
    }
}
