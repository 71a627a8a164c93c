using Microsoft.EntityFrameworkCore;

namespace Platform.UnitDirectory;

/// <summary>
/// A service's local copy of a unit from the units service, kept current by the units events. Services
/// authorise and label by it without calling the units service.
/// </summary>
public sealed class UnitReplica
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public required string Kind { get; set; }
    public Guid? ParentId { get; set; }
    public string? AreaCode { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Who carries on the unit's work once it was dissolved, merged or split.</summary>
    public Guid? SuccessorId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    /// <summary>When the units service recorded the change this row reflects; older events never overwrite newer state.</summary>
    public DateTimeOffset SourceUpdatedAt { get; set; }
}

public static class UnitReplicaModel
{
    public const string Table = "unit_replicas";

    public static ModelBuilder AddUnitReplica(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UnitReplica>(b =>
        {
            b.ToTable(Table);
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).ValueGeneratedNever();
            b.Property(u => u.Code).HasMaxLength(32);
            b.Property(u => u.Name).HasMaxLength(256);
            b.Property(u => u.ShortName).HasMaxLength(64);
            b.Property(u => u.Kind).HasMaxLength(64);
            b.Property(u => u.AreaCode).HasMaxLength(32);
            b.HasIndex(u => u.ParentId);
            b.HasIndex(u => u.Code);
        });
        return modelBuilder;
    }
}
