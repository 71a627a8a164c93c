using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging.Idempotency;

/// <summary>
/// The stored outcome of a creating request sent with an <c>Idempotency-Key</c>: written in the same
/// transaction as the change it created, so the key exists exactly when the change does.
/// </summary>
public sealed class IdempotencyKey
{
    /// <summary>The caller's token subject (<c>sub</c>); keys of different callers never meet.</summary>
    public string Caller { get; set; } = "";

    /// <summary>Method and route pattern, e.g. <c>POST /api/reports/incidents/</c>.</summary>
    public string Route { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of method, path and query, and the request body.</summary>
    public byte[] RequestHash { get; set; } = [];

    public string Method { get; set; } = "";
    public string Path { get; set; } = "";
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

public static class IdempotencyModel
{
    public const string Table = "idempotency_keys";

    /// <summary>Adds the <c>idempotency_keys</c> table to a service's own database (next to its outbox).</summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyKey>(b =>
        {
            b.ToTable(Table);
            b.HasKey(k => new { k.Caller, k.Route, k.Key });
            b.Property(k => k.Caller).HasColumnName("caller").HasMaxLength(256);
            b.Property(k => k.Route).HasColumnName("route").HasMaxLength(512);
            b.Property(k => k.Key).HasColumnName("key").HasMaxLength(Idempotency.MaxKeyLength);
            b.Property(k => k.RequestHash).HasColumnName("request_hash");
            b.Property(k => k.Method).HasColumnName("method").HasMaxLength(16);
            b.Property(k => k.Path).HasColumnName("path").HasMaxLength(2048);
            b.Property(k => k.StatusCode).HasColumnName("status_code");
            b.Property(k => k.ContentType).HasColumnName("content_type").HasMaxLength(256);
            b.Property(k => k.Location).HasColumnName("location").HasMaxLength(2048);
            b.Property(k => k.Body).HasColumnName("body");
            b.Property(k => k.CreatedAt).HasColumnName("created_at");
            b.Property(k => k.ExpiresAt).HasColumnName("expires_at");
            b.HasIndex(k => k.ExpiresAt).HasDatabaseName("ix_idempotency_keys_expires_at");
        });
        return modelBuilder;
    }
}
