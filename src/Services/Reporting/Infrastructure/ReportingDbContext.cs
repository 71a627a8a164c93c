using Platform.Messaging.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.Messaging.Idempotency;
using Platform.Reporting.Domain;
using Platform.UnitDirectory;

namespace Platform.Reporting.Infrastructure;

/// <summary>
/// The reporting database. Report data is stored narrow — one <c>report_values</c> row per submission
/// and indicator (integer indicator ids) — and rolled up on approval into <c>consolidated_values</c>
/// per supervising unit of the period's snapshot chain, so consolidation reads a handful of rows and
/// completeness counts a GIN-indexed chain.
/// </summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<ReportTemplate> Templates => Set<ReportTemplate>();
    public DbSet<TemplateVersion> TemplateVersions => Set<TemplateVersion>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Period> Periods => Set<Period>();
    public DbSet<ReportSchedule> Schedules => Set<ReportSchedule>();
    public DbSet<AdHocRequest> Requests => Set<AdHocRequest>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<ReportValue> ReportValues => Set<ReportValue>();
    public DbSet<SubmissionEvent> SubmissionEvents => Set<SubmissionEvent>();
    public DbSet<ConsolidatedValue> ConsolidatedValues => Set<ConsolidatedValue>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentPerson> IncidentPeople => Set<IncidentPerson>();
    public DbSet<IncidentIdentity> IncidentIdentities => Set<IncidentIdentity>();
    public DbSet<IdentityDisclosure> IdentityDisclosures => Set<IdentityDisclosure>();
    public DbSet<IncidentPoliceShare> IncidentPoliceShares => Set<IncidentPoliceShare>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Inspection> Inspections => Set<Inspection>();
    public DbSet<InspectionFinding> InspectionFindings => Set<InspectionFinding>();
    public DbSet<UnitReplica> UnitReplicas => Set<UnitReplica>();
    public DbSet<UnitParentChange> UnitParentChanges => Set<UnitParentChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddUnitReplica();
        modelBuilder.AddAuditTrail();

        modelBuilder.Entity<ReportTemplate>(b =>
        {
            b.ToTable("report_templates");
            b.Property(t => t.Code).HasMaxLength(64);
            b.Property(t => t.Name).HasMaxLength(256);
            b.Property(t => t.Description).HasMaxLength(2000);
            b.Property(t => t.CreatedBy).HasMaxLength(128);
            b.HasIndex(t => t.Code).IsUnique();
            b.HasMany(t => t.Versions).WithOne().HasForeignKey(v => v.TemplateId);
        });
        modelBuilder.Entity<TemplateVersion>(b =>
        {
            b.ToTable("template_versions");
            b.Property(v => v.ChangeNote).HasMaxLength(1000);
            b.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
            b.HasMany(v => v.Sections).WithOne().HasForeignKey(s => s.VersionId);
            b.HasMany(v => v.Indicators).WithOne().HasForeignKey(i => i.VersionId);
            b.HasMany(v => v.Rules).WithOne().HasForeignKey(r => r.VersionId);
        });
        modelBuilder.Entity<TemplateSection>(b =>
        {
            b.ToTable("template_sections");
            b.Property(s => s.Code).HasMaxLength(64);
            b.Property(s => s.Title).HasMaxLength(256);
            b.HasIndex(s => new { s.VersionId, s.Code }).IsUnique();
        });
        modelBuilder.Entity<Indicator>(b =>
        {
            b.ToTable("indicators");
            b.Property(i => i.Id).UseIdentityAlwaysColumn();
            b.Property(i => i.SectionCode).HasMaxLength(64);
            b.Property(i => i.Code).HasMaxLength(64);
            b.Property(i => i.Label).HasMaxLength(512);
            b.Property(i => i.UnitOfMeasure).HasMaxLength(64);
            b.Property(i => i.Type).HasConversion<string>().HasMaxLength(16);
            b.Property(i => i.Aggregation).HasConversion<string>().HasMaxLength(16);
            b.Property(i => i.PrefillKey).HasMaxLength(64);
            b.Property(i => i.Min).HasPrecision(18, 4);
            b.Property(i => i.Max).HasPrecision(18, 4);
            b.HasIndex(i => new { i.VersionId, i.Code }).IsUnique();
        });
        modelBuilder.Entity<ValidationRule>(b =>
        {
            b.ToTable("validation_rules");
            b.Property(r => r.Code).HasMaxLength(64);
            b.Property(r => r.Expression).HasMaxLength(RuleExpression.MaxLength);
            b.Property(r => r.Message).HasMaxLength(1000);
            b.Property(r => r.MessageEnglish).HasMaxLength(1000);
            b.HasIndex(r => new { r.VersionId, r.Code }).IsUnique();
        });

        modelBuilder.Entity<UnitParentChange>(b =>
        {
            b.ToTable("unit_parent_changes");
            b.Property(c => c.Id).UseIdentityAlwaysColumn();
            b.HasIndex(c => new { c.UnitId, c.EffectiveDate });
        });

        modelBuilder.Entity<Period>(b =>
        {
            b.ToTable("periods");
            b.Property(p => p.Id).UseIdentityAlwaysColumn();
            b.Property(p => p.Type).HasConversion<string>().HasMaxLength(16);
            b.Property(p => p.Key).HasMaxLength(64);
            b.HasIndex(p => new { p.Type, p.Key }).IsUnique();
        });

        modelBuilder.Entity<ReportSchedule>(b =>
        {
            b.ToTable("report_schedules");
            b.Property(s => s.Name).HasMaxLength(256);
            b.Property(s => s.PeriodType).HasConversion<string>().HasMaxLength(16);
            b.Property(s => s.FirstPeriodKey).HasMaxLength(16);
            b.Property(s => s.LastPeriodKey).HasMaxLength(16);
            b.Property(s => s.CreatedBy).HasMaxLength(128);
            b.HasIndex(s => s.TemplateId);
        });
        modelBuilder.Entity<AdHocRequest>(b =>
        {
            b.ToTable("adhoc_requests");
            b.Property(r => r.Title).HasMaxLength(256);
            b.Property(r => r.Instructions).HasMaxLength(2000);
            b.Property(r => r.CreatedBy).HasMaxLength(128);
        });

        modelBuilder.Entity<Submission>(b =>
        {
            b.ToTable("submissions");
            b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(s => s.LastComment).HasMaxLength(2000);
            b.Property(s => s.UpdatedBy).HasMaxLength(128);
            // A version the application bumps on user actions, not xmin: xmin changes on every UPDATE, so no job could
            // touch a row (overdue flag, chain after a move) without making a concurrent save fail.
            b.Property(s => s.Version).IsConcurrencyToken();
            b.Ignore(s => s.SupervisorId);
            // One report per unit, template and period, whichever schedule asked for it: consolidation never counts a unit twice.
            b.HasIndex(s => new { s.TemplateId, s.PeriodId, s.UnitId }).IsUnique();
            b.HasIndex(s => new { s.PeriodId, s.TemplateId, s.Status });
            b.HasIndex(s => s.Chain).HasMethod("gin");
            b.HasIndex(s => new { s.UnitId, s.PeriodId });
            b.HasIndex(s => s.DeadlineAt).HasDatabaseName("ix_submissions_awaiting_overdue")
                .HasFilter("first_submitted_at IS NULL AND overdue_notified_at IS NULL");
            b.HasMany(s => s.Values).WithOne().HasForeignKey(v => v.SubmissionId);
            b.HasMany(s => s.History).WithOne().HasForeignKey(e => e.SubmissionId);
            b.HasOne<Period>().WithMany().HasForeignKey(s => s.PeriodId);
        });
        modelBuilder.Entity<ReportValue>(b =>
        {
            b.ToTable("report_values");
            b.HasKey(v => new { v.SubmissionId, v.IndicatorId });
            b.Property(v => v.NumericValue).HasPrecision(18, 4);
            b.Property(v => v.TextValue).HasMaxLength(Indicator.MaxTextLength);
            b.Property(v => v.Source).HasMaxLength(256);
        });
        modelBuilder.Entity<SubmissionEvent>(b =>
        {
            b.ToTable("submission_events");
            b.Property(e => e.Action).HasMaxLength(32);
            b.Property(e => e.Comment).HasMaxLength(2000);
            b.Property(e => e.UserId).HasMaxLength(128);
            b.HasIndex(e => e.SubmissionId);
        });
        modelBuilder.Entity<ConsolidatedValue>(b =>
        {
            b.ToTable("consolidated_values");
            b.HasKey(v => new { v.TemplateId, v.PeriodId, v.UnitId, v.IndicatorId });
            b.Property(v => v.Total).HasPrecision(24, 4);
            b.Property(v => v.MaxValue).HasPrecision(18, 4);
            b.HasIndex(v => new { v.TemplateId, v.PeriodId, v.ParentId });
        });

        modelBuilder.Entity<Incident>(b =>
        {
            b.ToTable("incidents");
            b.Property(i => i.Category).HasConversion<string>().HasMaxLength(32);
            b.Property(i => i.Place).HasMaxLength(256);
            b.Property(i => i.Description).HasMaxLength(2000);
            b.Property(i => i.ActionsTaken).HasMaxLength(2000);
            b.Property(i => i.ReportedBy).HasMaxLength(128);
            b.HasIndex(i => new { i.ReportingUnitId, i.OccurredOn });
            b.HasIndex(i => i.Chain).HasMethod("gin");
            b.HasMany(i => i.People).WithOne().HasForeignKey(p => p.IncidentId);
        });
        modelBuilder.Entity<IncidentPerson>(b =>
        {
            b.ToTable("incident_people");
            b.Property(p => p.PseudonymousId).HasMaxLength(16);
            b.Property(p => p.Role).HasConversion<string>().HasMaxLength(16);
            b.Property(p => p.AgeBand).HasMaxLength(16);
            b.HasIndex(p => p.PseudonymousId).IsUnique();
        });
        modelBuilder.Entity<IncidentIdentity>(b =>
        {
            b.ToTable("incident_identities");
            b.HasKey(i => i.PersonId);
            b.Property(i => i.FullName).HasMaxLength(128);
            b.Property(i => i.Identifier).HasMaxLength(64);
            b.Property(i => i.ClassName).HasMaxLength(32);
            b.HasIndex(i => i.IncidentId);
            b.HasOne<IncidentPerson>().WithOne().HasForeignKey<IncidentIdentity>(i => i.PersonId);
        });
        modelBuilder.Entity<IncidentPoliceShare>(b =>
        {
            b.ToTable("incident_police_shares");
            b.HasKey(s => s.ReferralId);
            b.HasIndex(s => new { s.PoliceUnitId, s.IncidentId });
            b.HasIndex(s => s.IncidentId);
        });
        modelBuilder.Entity<IdentityDisclosure>(b =>
        {
            b.ToTable("identity_disclosures");
            b.Property(d => d.UserId).HasMaxLength(128);
            b.Property(d => d.Roles).HasMaxLength(256);
            b.HasIndex(d => d.IncidentId);
        });

        modelBuilder.Entity<Inspection>(b =>
        {
            b.ToTable("inspections");
            b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(i => i.Subject).HasMaxLength(512);
            b.Property(i => i.Conclusion).HasMaxLength(4000);
            b.Property(i => i.CreatedBy).HasMaxLength(128);
            b.OwnsMany(i => i.Checklist, c =>
            {
                c.ToJson("checklist");
                c.Property(x => x.Result).HasConversion<string>();
            });
            b.HasIndex(i => i.InspectedChain).HasMethod("gin");
            b.HasIndex(i => new { i.InspectingUnitId, i.CompletedOn });
            b.HasMany(i => i.Findings).WithOne().HasForeignKey(f => f.InspectionId);
        });
        modelBuilder.Entity<InspectionFinding>(b =>
        {
            b.ToTable("inspection_findings");
            b.Property(f => f.Description).HasMaxLength(2000);
            b.Property(f => f.Severity).HasConversion<string>().HasMaxLength(16);
            b.Property(f => f.CorrectiveAction).HasMaxLength(2000);
        });

        // Ids are made by the application (UUIDv7); children added through a navigation must be inserted, not updated.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.FindPrimaryKey() is { Properties: [{ ClrType: var type } key] } && type == typeof(Guid))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }
}

/// <summary>
/// Approved numbers added up per supervising unit (of the period's snapshot chain), template, period and
/// indicator: a district's row is the sum of its units' approved reports, the Department's of everything
/// below it. <see cref="ParentId"/> is the unit's own supervisor in that period, for drill-down.
/// </summary>
public sealed class ConsolidatedValue
{
    public Guid TemplateId { get; set; }
    public int PeriodId { get; set; }
    public Guid UnitId { get; set; }
    public int IndicatorId { get; set; }
    public Guid? ParentId { get; set; }
    public decimal Total { get; set; }
    public int Reports { get; set; }
    public decimal? MaxValue { get; set; }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class ReportingDbContextDesignFactory : IDesignTimeDbContextFactory<ReportingDbContext>
{
    public ReportingDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ReportingDbContext>()
        .UseNpgsql("Host=localhost;Database=reporting_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
