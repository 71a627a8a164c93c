using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging.Audit;

/// <summary>
/// The audit trail table in a service's own database. Its guarantees live in the database, so no code path can skip
/// them: a <c>BEFORE INSERT</c> trigger numbers each line and chains it to the one before under a transaction-scoped
/// advisory lock (concurrent writers queue; a rolled-back line leaves no gap), and <c>BEFORE UPDATE/DELETE/TRUNCATE</c>
/// triggers refuse any change, whoever asks. Someone who can disable triggers (the table's owner, a superuser) can
/// still change a line — and <see cref="AuditVerifier"/> then names it, because its hash, or the next line's link to
/// it, no longer matches.
/// </summary>
public static class AuditTrail
{
    public const string Table = "audit_entries";

    /// <summary>The advisory lock the chaining trigger takes ("AUDITCHN" in ASCII).</summary>
    public const long ChainLockKey = 0x4155444954434E48;

    /// <summary>Adds the audit trail to a service's model; its migration must also run <see cref="InstallSql"/>.</summary>
    public static ModelBuilder AddAuditTrail(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.ToTable(Table);
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
            // Store-generated on insert (the trigger); EF sends nothing and reads the values back.
            b.Property(e => e.Sequence).HasColumnName("sequence").HasDefaultValueSql("0");
            b.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasDefaultValueSql("'\\x'::bytea");
            b.Property(e => e.Hash).HasColumnName("hash").HasDefaultValueSql("'\\x'::bytea");
            b.Property(e => e.At).HasColumnName("at");
            b.Property(e => e.ActorId).HasColumnName("actor_id").HasMaxLength(AuditEntry.ActorIdMax);
            b.Property(e => e.ActorUnitId).HasColumnName("actor_unit_id");
            b.Property(e => e.ActorRoles).HasColumnName("actor_roles").HasMaxLength(AuditEntry.RolesMax);
            b.Property(e => e.Action).HasColumnName("action").HasMaxLength(AuditEntry.ActionMax);
            b.Property(e => e.SubjectType).HasColumnName("subject_type").HasMaxLength(AuditEntry.SubjectTypeMax);
            b.Property(e => e.SubjectId).HasColumnName("subject_id").HasMaxLength(AuditEntry.SubjectIdMax);
            b.Property(e => e.Detail).HasColumnName("detail").HasMaxLength(AuditEntry.DetailMax);
            b.HasIndex(e => e.Sequence).IsUnique().HasDatabaseName("ix_audit_entries_sequence");
            b.HasIndex(e => new { e.SubjectType, e.SubjectId }).HasDatabaseName("ix_audit_entries_subject");
            b.HasIndex(e => e.At).HasDatabaseName("ix_audit_entries_at");
        });
        return modelBuilder;
    }

    /// <summary>The triggers: run once by the migration that creates <see cref="Table"/>.</summary>
    public static readonly string InstallSql = $$"""
        CREATE OR REPLACE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS
        $f$ SELECT CASE WHEN value IS NULL THEN '-;' ELSE octet_length(value)::text || ':' || value || ';' END $f$;

        CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE last_sequence bigint; last_hash bytea;
        BEGIN
            PERFORM pg_advisory_xact_lock({{ChainLockKey}});
            SELECT sequence, hash INTO last_sequence, last_hash FROM {{Table}} ORDER BY sequence DESC LIMIT 1;
            NEW.sequence := COALESCE(last_sequence, 0) + 1;
            NEW.previous_hash := COALESCE(last_hash, '\x'::bytea);
            NEW.hash := sha256(convert_to(
                   audit_field(NEW.sequence::text) || audit_field(NEW.id::text)
                || audit_field(to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
                || audit_field(NEW.actor_id) || audit_field(NEW.actor_unit_id::text) || audit_field(NEW.actor_roles)
                || audit_field(NEW.action) || audit_field(NEW.subject_type) || audit_field(NEW.subject_id) || audit_field(NEW.detail),
                'UTF8') || NEW.previous_hash);
            RETURN NEW;
        END $f$;

        CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            RAISE EXCEPTION 'The audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $f$;

        CREATE TRIGGER audit_entries_chain BEFORE INSERT ON {{Table}} FOR EACH ROW EXECUTE FUNCTION audit_entries_chain();
        CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON {{Table}} FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON {{Table}} FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        REVOKE UPDATE, DELETE, TRUNCATE ON {{Table}} FROM PUBLIC;
        """;

    /// <summary>The hash the chaining trigger gives a line, computed the same way here (for <see cref="AuditVerifier"/>).</summary>
    public static byte[] HashOf(AuditEntry e, byte[] previousHash)
    {
        var text = new StringBuilder()
            .Append(Field(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Field(e.Id.ToString("D")))
            .Append(Field(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Field(e.ActorId)).Append(Field(e.ActorUnitId?.ToString("D"))).Append(Field(e.ActorRoles))
            .Append(Field(e.Action)).Append(Field(e.SubjectType)).Append(Field(e.SubjectId)).Append(Field(e.Detail))
            .ToString();
        var bytes = Encoding.UTF8.GetBytes(text);
        return SHA256.HashData([.. bytes, .. previousHash]);
    }

    private static string Field(string? value) =>
        value is null ? "-;" : $"{Encoding.UTF8.GetByteCount(value)}:{value};";
}
