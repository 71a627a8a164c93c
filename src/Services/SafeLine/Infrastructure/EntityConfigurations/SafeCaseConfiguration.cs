using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.SafeLine.Domain;

namespace Platform.SafeLine.Infrastructure.EntityConfigurations;

internal sealed class SafeCaseConfiguration : IEntityTypeConfiguration<SafeCase>
{
    public void Configure(EntityTypeBuilder<SafeCase> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Code).HasMaxLength(16);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.PassphraseSalt).HasMaxLength(16);
        b.Property(c => c.PassphraseHash).HasMaxLength(32);
        b.Property(c => c.Category).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Severity).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Place).HasMaxLength(SafeCase.PlaceMax);
        b.Property(c => c.Text).HasMaxLength(SafeCase.TextMax);
        b.Property(c => c.Contact).HasMaxLength(SafeCase.ContactMax);
        b.Property(c => c.AcknowledgedBy).HasMaxLength(SchoolHandler.UserIdMax);
        b.Property(c => c.Outcome).HasMaxLength(SafeCase.OutcomeMax);
        b.Ignore(c => c.IsAcknowledged);
        b.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.SchoolId, c.Status });
        // The escalation scan's work: high-severity cases waiting for acknowledgement.
        b.HasIndex(c => c.AcknowledgeBy).HasDatabaseName("ix_cases_awaiting_acknowledgement").HasFilter("acknowledge_by IS NOT NULL");
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> b)
    {
        b.ToTable("case_messages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Sequence).UseIdentityAlwaysColumn();
        b.Property(m => m.AuthorUserId).HasMaxLength(SchoolHandler.UserIdMax);
        b.Property(m => m.AuthorName).HasMaxLength(SchoolHandler.NameMax);
        b.Property(m => m.Text).HasMaxLength(CaseMessage.TextMax);
        b.HasIndex(m => new { m.CaseId, m.Sequence });
    }
}

internal sealed class CaseReadConfiguration : IEntityTypeConfiguration<CaseRead>
{
    public void Configure(EntityTypeBuilder<CaseRead> b)
    {
        b.ToTable("case_reads");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityAlwaysColumn();
        b.Property(r => r.UserId).HasMaxLength(SchoolHandler.UserIdMax);
        b.Property(r => r.UserName).HasMaxLength(SchoolHandler.NameMax);
        b.HasIndex(r => new { r.CaseId, r.Id });
        b.HasOne<SafeCase>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> b)
    {
        b.ToTable("school_staff");
        b.HasKey(s => new { s.SchoolId, s.UserId });
        b.Property(s => s.UserId).HasMaxLength(SchoolHandler.UserIdMax);
        b.Property(s => s.Name).HasMaxLength(SchoolHandler.NameMax);
    }
}

internal sealed class SchoolHandlerConfiguration : IEntityTypeConfiguration<SchoolHandler>
{
    public void Configure(EntityTypeBuilder<SchoolHandler> b)
    {
        b.ToTable("school_handlers");
        b.HasKey(h => new { h.SchoolId, h.UserId });
        b.Property(h => h.UserId).HasMaxLength(SchoolHandler.UserIdMax);
        b.Property(h => h.Name).HasMaxLength(SchoolHandler.NameMax);
        b.Property(h => h.NamedBy).HasMaxLength(SchoolHandler.UserIdMax);
        b.HasIndex(h => h.UserId);
    }
}
