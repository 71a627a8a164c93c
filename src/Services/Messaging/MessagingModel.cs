using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging;

public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>Adds the outbox and inbox tables to a service's own database.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable(OutboxTable);
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            b.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(512);
            b.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            b.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            b.Property(m => m.CreatedAt).HasColumnName("created_at");
            b.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            b.Property(m => m.Attempts).HasColumnName("attempts");
            b.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            b.Property(m => m.PublishedAt).HasColumnName("published_at");
            b.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_pending").HasFilter("published_at IS NULL");
            b.HasIndex(m => m.PublishedAt).HasDatabaseName("ix_outbox_published_at").HasFilter("published_at IS NOT NULL");
        });

        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable(InboxTable);
            b.HasKey(m => new { m.MessageId, m.Consumer });
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(256);
            b.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });
        return modelBuilder;
    }
}
