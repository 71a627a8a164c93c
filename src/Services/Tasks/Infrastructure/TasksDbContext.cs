using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Messaging;
using Platform.Messaging.Idempotency;
using Platform.Tasks.Domain;
using Platform.UnitDirectory;

namespace Platform.Tasks.Infrastructure;

public sealed class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<DocumentTask> DocumentTasks => Set<DocumentTask>();
    public DbSet<DocumentAddressee> DocumentAddressees => Set<DocumentAddressee>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<AssignmentHistoryEntry> AssignmentHistory => Set<AssignmentHistoryEntry>();
    public DbSet<ProgressUpdate> ProgressUpdates => Set<ProgressUpdate>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<QuestionMessage> QuestionMessages => Set<QuestionMessage>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<DocumentNumberCounter> NumberCounters => Set<DocumentNumberCounter>();
    public DbSet<FollowUpNotice> FollowUpNotices => Set<FollowUpNotice>();
    public DbSet<UnitReplica> Units => Set<UnitReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIdempotencyKeys();
        modelBuilder.AddUnitReplica();

        modelBuilder.Entity<Document>(b =>
        {
            b.ToTable("documents");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
            b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(d => d.SigningAuthority).HasConversion<string>().HasMaxLength(8);
            b.Property(d => d.Symbol).HasMaxLength(DocumentLimits.Symbol);
            b.Property(d => d.IssuerName).HasMaxLength(DocumentLimits.Name);
            b.Property(d => d.SignerName).HasMaxLength(DocumentLimits.Name);
            b.Property(d => d.SignerPosition).HasMaxLength(DocumentLimits.Name);
            b.Property(d => d.Subject).HasMaxLength(DocumentLimits.Subject);
            b.Property(d => d.Place).HasMaxLength(DocumentLimits.Name);
            b.Property(d => d.SearchText).HasMaxLength(DocumentLimits.Subject + DocumentLimits.Name + DocumentLimits.Symbol + 64);
            b.Property(d => d.CreatedBy).HasMaxLength(DocumentLimits.UserId);
            b.Property(d => d.IssuedBy).HasMaxLength(DocumentLimits.UserId);
            b.Property<int?>("IssueYear").HasComputedColumnSql("EXTRACT(YEAR FROM issue_date)::integer", stored: true);
            b.Property<string>("IssuerKey").HasMaxLength(300)
                .HasComputedColumnSql("COALESCE(issuer_unit_id::text, lower(issuer_name))", stored: true);
            // Số văn bản is unique per issuer and year, whoever registered it.
            b.HasIndex("IssuerKey", "IssueYear", nameof(Document.Number)).IsUnique()
                .HasDatabaseName("ux_documents_issuer_year_number").HasFilter("number IS NOT NULL");
            b.HasIndex(d => d.Status);
            b.Property(d => d.SourceKey).HasMaxLength(DocumentLimits.SourceKey);
            b.HasIndex(d => d.SourceKey).IsUnique().HasFilter("source_key IS NOT NULL");
            b.Ignore(d => d.NumberAndSymbol);
            b.Ignore(d => d.IsIssued);
            b.HasMany(d => d.Tasks).WithOne().HasForeignKey(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(d => d.Addressees).WithOne().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(d => d.CopyTo).WithOne().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(d => d.Tasks).AutoInclude();
            b.Navigation(d => d.Addressees).AutoInclude();
            b.Navigation(d => d.CopyTo).AutoInclude();
        });

        modelBuilder.Entity<DocumentTask>(b =>
        {
            b.ToTable("document_tasks");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.Text).HasMaxLength(DocumentLimits.TaskText);
            b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
            b.Property(t => t.Period).HasConversion<string>().HasMaxLength(16);
            b.Property(t => t.ExpectedEvidence).HasMaxLength(DocumentLimits.Subject);
            b.HasIndex(t => new { t.DocumentId, t.Number }).IsUnique();
            b.Property(t => t.SourceKey).HasMaxLength(DocumentLimits.SourceKey);
            b.HasIndex(t => t.SourceKey).IsUnique().HasFilter("source_key IS NOT NULL");
        });

        modelBuilder.Entity<DocumentAddressee>(b =>
        {
            b.ToTable("document_addressees");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Label).HasMaxLength(DocumentLimits.Name);
        });

        modelBuilder.Entity<DocumentCopyRecipient>(b =>
        {
            b.ToTable("document_copy_recipients");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Name).HasMaxLength(DocumentLimits.Name);
            b.Property(a => a.Purpose).HasMaxLength(DocumentLimits.Purpose);
        });

        modelBuilder.Entity<Assignment>(b =>
        {
            b.ToTable("assignments");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(a => a.CompletionRule).HasConversion<string>().HasMaxLength(16);
            b.Property(a => a.Period).HasMaxLength(16);
            b.Property(a => a.AssignedBy).HasMaxLength(DocumentLimits.UserId);
            b.Property(a => a.AcknowledgedBy).HasMaxLength(DocumentLimits.UserId);
            b.Property(a => a.CompletedBy).HasMaxLength(DocumentLimits.UserId);
            b.Property(a => a.ClosedReason).HasMaxLength(DocumentLimits.Subject);
            b.Property(a => a.Version).IsRowVersion();
            b.Ignore(a => a.IsOpen);
            b.HasOne<Document>().WithMany().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<DocumentTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Assignment>().WithMany().HasForeignKey(a => a.ParentAssignmentId).OnDelete(DeleteBehavior.Restrict);
            // One assignment per task, period and unit at each level of the cascade.
            b.HasIndex(a => new { a.TaskId, a.Occurrence, a.UnitId, a.ParentAssignmentId }).IsUnique().AreNullsDistinct(false);
            b.HasIndex(a => new { a.UnitId, a.Status });
            b.HasIndex(a => new { a.DocumentId, a.TaskNumber });
            b.HasIndex(a => a.ParentAssignmentId);
            b.HasIndex(a => a.DueDate).HasFilter("status IN ('Assigned','Acknowledged','InProgress')").HasDatabaseName("ix_assignments_open_due");
        });

        modelBuilder.Entity<AssignmentHistoryEntry>(b =>
        {
            b.ToTable("assignment_history");
            b.HasKey(h => h.Id);
            b.Property(h => h.Id).ValueGeneratedNever();
            b.Property(h => h.Kind).HasMaxLength(32);
            b.Property(h => h.UserId).HasMaxLength(DocumentLimits.UserId);
            b.Property(h => h.Note).HasMaxLength(DocumentLimits.Subject);
            b.HasIndex(h => new { h.AssignmentId, h.At });
        });

        modelBuilder.Entity<ProgressUpdate>(b =>
        {
            b.ToTable("progress_updates");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).ValueGeneratedNever();
            b.Property(p => p.UserId).HasMaxLength(DocumentLimits.UserId);
            b.Property(p => p.Text).HasMaxLength(DocumentLimits.TaskText);
            b.HasIndex(p => new { p.AssignmentId, p.At });
        });

        modelBuilder.Entity<Question>(b =>
        {
            b.ToTable("questions");
            b.HasKey(q => q.Id);
            b.Property(q => q.Id).ValueGeneratedNever();
            b.Property(q => q.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(q => q.AskedBy).HasMaxLength(DocumentLimits.UserId);
            b.HasMany(q => q.Messages).WithOne().HasForeignKey(m => m.QuestionId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(q => q.AssignmentId);
            b.HasIndex(q => new { q.Status, q.AskedAt });
        });

        modelBuilder.Entity<QuestionMessage>(b =>
        {
            b.ToTable("question_messages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.UserId).HasMaxLength(DocumentLimits.UserId);
            b.Property(m => m.Text).HasMaxLength(DocumentLimits.TaskText);
        });

        modelBuilder.Entity<Attachment>(b =>
        {
            b.ToTable("attachments");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.OwnerKind).HasConversion<string>().HasMaxLength(16);
            b.Property(a => a.FileName).HasMaxLength(DocumentLimits.FileName);
            b.Property(a => a.ContentType).HasMaxLength(128);
            b.Property(a => a.Sha256).HasMaxLength(64);
            b.Property(a => a.UploadedBy).HasMaxLength(DocumentLimits.UserId);
            b.HasIndex(a => new { a.OwnerKind, a.OwnerId });
        });

        modelBuilder.Entity<AttachmentContent>(b =>
        {
            b.ToTable("attachment_contents");
            b.HasKey(a => a.AttachmentId);
            b.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Holiday>(b =>
        {
            b.ToTable("holidays");
            b.HasKey(h => h.Date);
            b.Property(h => h.Name).HasMaxLength(DocumentLimits.Name);
            b.Property(h => h.Kind).HasConversion<string>().HasMaxLength(16);
            b.HasData(HolidaySeed.VietnamPublicHolidays2024To2026);
        });

        modelBuilder.Entity<DocumentNumberCounter>(b =>
        {
            b.ToTable("document_number_counters");
            b.HasKey(c => new { c.IssuerUnitId, c.Year });
        });

        modelBuilder.Entity<FollowUpNotice>(b =>
        {
            b.ToTable("follow_up_notices");
            b.HasKey(n => n.Id);
            b.Property(n => n.Id).ValueGeneratedNever();
            b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(n => new { n.AssignmentId, n.Kind, n.DueDate }).IsUnique();
        });
    }
}

public static class DocumentLimits
{
    public const int Symbol = 64;
    public const int Name = 256;
    public const int Subject = 1000;
    public const int Body = 50_000;
    public const int TaskText = 4000;
    public const int Purpose = 128;
    public const int UserId = 128;
    public const int SourceKey = 128;
    public const int FileName = 255;
    public const int MaxTasks = 50;
    public const int MaxAddressees = 100;
    public const int MaxLinks = 20;
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the service.</summary>
internal sealed class TasksDbContextDesignFactory : IDesignTimeDbContextFactory<TasksDbContext>
{
    public TasksDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<TasksDbContext>()
        .UseNpgsql("Host=localhost;Database=tasks_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
