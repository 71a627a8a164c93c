using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Coordination.Domain;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

public sealed class CoordinationDbContext(DbContextOptions<CoordinationDbContext> options) : DbContext(options)
{
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<ProgrammeParty> ProgrammeParties => Set<ProgrammeParty>();
    public DbSet<ProgrammeObligation> ProgrammeObligations => Set<ProgrammeObligation>();
    public DbSet<ProgrammeSignedCopy> SignedCopies => Set<ProgrammeSignedCopy>();
    public DbSet<ProgrammeSignedCopyContent> SignedCopyContents => Set<ProgrammeSignedCopyContent>();
    public DbSet<ObligationOccurrence> ObligationOccurrences => Set<ObligationOccurrence>();
    public DbSet<BriefingMeeting> Meetings => Set<BriefingMeeting>();
    public DbSet<MeetingParticipant> MeetingParticipants => Set<MeetingParticipant>();
    public DbSet<MeetingDecision> MeetingDecisions => Set<MeetingDecision>();
    public DbSet<BriefingCadence> Cadences => Set<BriefingCadence>();
    public DbSet<MissedBriefing> MissedBriefings => Set<MissedBriefing>();
    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();
    public DbSet<UnitReplica> Units => Set<UnitReplica>();
    public DbSet<UnitParentChange> UnitParentChanges => Set<UnitParentChange>();
    public DbSet<UnitDissolution> UnitDissolutions => Set<UnitDissolution>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTraces();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTraces();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Each new line of a referral's history records the trace of the step that wrote it (the request, the
    /// consumed event, the police reply), so an operator can open that step's trace in the dashboard, and a
    /// reply shows whether the police echoed the trace context they were sent.
    /// </summary>
    private void StampTraces()
    {
        if (Activity.Current is not { } activity) return;
        var traceId = activity.TraceId.ToHexString();
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<ReferralEvent>())
        {
            if (entry.State == EntityState.Added) entry.Entity.TraceId ??= traceId;
        }
    }

    /// <summary>
    /// PostgreSQL's <c>timestamptz</c> holds instants; Npgsql writes only UTC offsets. Times arrive with
    /// +07:00 from forms and from the police, so every instant is turned to UTC on the way in.
    /// </summary>
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

        modelBuilder.Entity<Programme>(b =>
        {
            b.ToTable("programmes");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.Title).HasMaxLength(Programme.TitleMax);
            b.Property(p => p.Reference).HasMaxLength(100);
            b.Property(p => p.EstablishingDocumentNumber).HasMaxLength(100);
            b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(p => p.SignedBy).HasMaxLength(128);
            b.Property(p => p.TerminationReason).HasMaxLength(1000);
            b.Property(p => p.CreatedBy).HasMaxLength(128);
            b.Property(p => p.UpdatedBy).HasMaxLength(128);
            b.HasMany(p => p.Parties).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(p => p.Obligations).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(p => p.SignedCopy).WithOne().HasForeignKey<ProgrammeSignedCopy>(c => c.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(p => p.Parties).AutoInclude();
            b.Navigation(p => p.Obligations).AutoInclude();
            b.Navigation(p => p.SignedCopy).AutoInclude();
            b.HasIndex(p => p.OwnerUnitId);
            b.HasIndex(p => p.Status);
        });
        modelBuilder.Entity<ProgrammeParty>(b =>
        {
            b.ToTable("programme_parties");
            b.HasKey(p => p.Id);
            b.Property(p => p.Name).HasMaxLength(256);
            b.Property(p => p.Kind).HasMaxLength(64);
            b.Property(p => p.AreaCode).HasMaxLength(32);
            b.HasIndex(p => p.UnitId);
        });
        modelBuilder.Entity<ProgrammeObligation>(b =>
        {
            b.ToTable("programme_obligations");
            b.HasKey(o => o.Id);
            b.Property(o => o.Title).HasMaxLength(500);
            b.Property(o => o.Recurrence).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<ProgrammeSignedCopy>(b =>
        {
            b.ToTable("programme_signed_copies");
            b.HasKey(c => c.ProgrammeId);
            b.Property(c => c.FileName).HasMaxLength(256);
            b.Property(c => c.ContentType).HasMaxLength(100);
            b.Property(c => c.Sha256).HasMaxLength(64);
            b.Property(c => c.UploadedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<ProgrammeSignedCopyContent>(b =>
        {
            b.ToTable("programme_signed_copy_contents");
            b.HasKey(c => c.ProgrammeId);
            b.HasOne<ProgrammeSignedCopy>().WithOne().HasForeignKey<ProgrammeSignedCopyContent>(c => c.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ObligationOccurrence>(b =>
        {
            b.ToTable("obligation_occurrences");
            b.HasKey(o => new { o.ObligationId, o.DueDate });
        });

        modelBuilder.Entity<BriefingMeeting>(b =>
        {
            b.ToTable("briefing_meetings");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Title).HasMaxLength(BriefingMeeting.TitleMax);
            b.Property(m => m.Agenda).HasMaxLength(4000);
            b.Property(m => m.Location).HasMaxLength(300);
            b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(m => m.Minutes).HasMaxLength(20000);
            b.Property(m => m.RecordedBy).HasMaxLength(128);
            b.Property(m => m.CancelReason).HasMaxLength(1000);
            b.Property(m => m.CreatedBy).HasMaxLength(128);
            b.Property(m => m.UpdatedBy).HasMaxLength(128);
            b.HasMany(m => m.Participants).WithOne().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(m => m.Decisions).WithOne().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(m => m.Participants).AutoInclude();
            b.Navigation(m => m.Decisions).AutoInclude();
            b.HasIndex(m => new { m.OrganiserUnitId, m.StartsAt });
            b.HasIndex(m => new { m.Status, m.HeldOn });
        });
        modelBuilder.Entity<MeetingParticipant>(b =>
        {
            b.ToTable("meeting_participants");
            b.HasKey(p => p.Id);
            b.Property(p => p.Name).HasMaxLength(256);
            b.Property(p => p.Organisation).HasMaxLength(256);
            b.Property(p => p.Email).HasMaxLength(256);
            b.Property(p => p.Kind).HasMaxLength(64);
            b.HasIndex(p => p.UnitId);
        });
        modelBuilder.Entity<MeetingDecision>(b =>
        {
            b.ToTable("meeting_decisions");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Text).HasMaxLength(2000);
            b.Property(d => d.RecordedBy).HasMaxLength(128);
            b.HasIndex(d => new { d.MeetingId, d.Number }).IsUnique();
        });
        modelBuilder.Entity<BriefingCadence>(b =>
        {
            b.ToTable("briefing_cadences");
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.Name).HasMaxLength(300);
            b.Property(c => c.Interval).HasConversion<string>().HasMaxLength(16);
            b.Property(c => c.CreatedBy).HasMaxLength(128);
            b.Property(c => c.EndReason).HasMaxLength(1000);
            b.HasIndex(c => c.UnitId);
        });
        modelBuilder.Entity<MissedBriefing>(b =>
        {
            b.ToTable("missed_briefings");
            b.HasKey(m => m.Id);
            b.HasIndex(m => new { m.CadenceId, m.UnitId, m.PeriodStart }).IsUnique();
            b.HasIndex(m => m.UnitId);
        });

        modelBuilder.Entity<UnitParentChange>(b =>
        {
            b.ToTable("unit_parent_changes");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).ValueGeneratedNever();
            b.HasIndex(m => new { m.UnitId, m.EffectiveDate });
        });
        modelBuilder.Entity<UnitDissolution>(b =>
        {
            b.ToTable("unit_dissolutions");
            b.HasKey(d => d.UnitId);
            b.Property(d => d.UnitId).ValueGeneratedNever();
            b.Property(d => d.Reason).HasMaxLength(32);
        });

        modelBuilder.Entity<IncidentRecord>(b =>
        {
            b.ToTable("incidents");
            b.HasKey(i => i.Id);
            b.Property(i => i.Id).ValueGeneratedNever();
            b.Property(i => i.Category).HasMaxLength(32);
            b.Property(i => i.Place).HasMaxLength(300);
            b.OwnsMany(i => i.People, p => p.ToJson());
            b.HasIndex(i => i.ReportingUnitId);
        });
        modelBuilder.Entity<Referral>(b =>
        {
            b.ToTable("referrals");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).ValueGeneratedNever();
            b.Property(r => r.Category).HasMaxLength(32);
            b.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
            b.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(r => r.Note).HasMaxLength(2000);
            b.Property(r => r.RequestedBy).HasMaxLength(128);
            b.Property(r => r.ClosedBy).HasMaxLength(128);
            b.Property(r => r.HandlingUnit).HasMaxLength(256);
            b.Property(r => r.PoliceCaseReference).HasMaxLength(128);
            b.Property(r => r.DeclineReason).HasMaxLength(2000);
            b.Property(r => r.Outcome).HasMaxLength(64);
            b.Property(r => r.OutcomeSummary).HasMaxLength(4000);
            b.HasMany(r => r.History).WithOne().HasForeignKey(e => e.ReferralId).OnDelete(DeleteBehavior.Cascade);
            // One referral per incident: a second request for the same incident is a conflict, not a duplicate case.
            b.HasIndex(r => r.IncidentId).IsUnique();
            b.HasIndex(r => r.ReportingUnitId);
            b.HasIndex(r => new { r.Status, r.AcknowledgeBy });
        });
        modelBuilder.Entity<ReferralEvent>(b =>
        {
            b.ToTable("referral_events");
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever();
            b.Property(e => e.Kind).HasMaxLength(32);
            b.Property(e => e.Detail).HasMaxLength(2000);
            b.Property(e => e.TraceId).HasMaxLength(32);
            b.HasIndex(e => e.ReferralId);
        });
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

public static class ReferralLocking
{
    /// <summary>Loads a referral for change, holding its row lock until the caller's transaction ends.</summary>
    public static async Task<Referral?> LockReferralAsync(this CoordinationDbContext db, Guid id, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM referrals WHERE id = {id} FOR UPDATE", ct);
        return await db.Referrals.FirstOrDefaultAsync(r => r.Id == id, ct);
    }
}
