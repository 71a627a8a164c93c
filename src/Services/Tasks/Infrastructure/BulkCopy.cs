using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Platform.Messaging;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// Writes the thousands of rows an issue creates with PostgreSQL's binary COPY, on the context's
/// connection and inside its open transaction (so they commit or roll back with everything else).
/// One row per assignment and per event, as EF would write them, in a fraction of the time.
/// </summary>
internal static class BulkCopy
{
    public static async Task AssignmentsAsync(TasksDbContext db, IReadOnlyList<Assignment> assignments, CancellationToken ct)
    {
        var connection = Connection(db);
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY assignments (id, document_id, task_id, task_number, occurrence, period, unit_id, original_unit_id,
                              parent_assignment_id, due_date, status, assigned_at, assigned_by, completed_by_children,
                              progress_percent, has_children, completion_rule)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var a in assignments)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(a.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(a.DocumentId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(a.TaskId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(a.TaskNumber, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(a.Occurrence, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, a.Period, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(a.UnitId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(a.OriginalUnitId, NpgsqlDbType.Uuid, ct);
            await WriteNullableAsync(writer, a.ParentAssignmentId, NpgsqlDbType.Uuid, ct);
            await WriteNullableAsync(writer, a.DueDate, NpgsqlDbType.Date, ct);
            await writer.WriteAsync(a.Status.ToString(), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(a.AssignedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(a.AssignedBy, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(a.CompletedByChildren, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(a.ProgressPercent, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(a.HasChildren, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(a.CompletionRule.ToString(), NpgsqlDbType.Varchar, ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// Queues the events through the Messaging building block (its type names and JSON), then copies the rows
    /// in the order they were queued; the identity column numbers them in that order for the relay.
    /// </summary>
    public static async Task OutboxAsync<T>(TasksDbContext db, IEnumerable<T> events, CancellationToken ct) where T : class
    {
        var rows = new List<OutboxMessage>();
        foreach (var evt in events)
        {
            var row = db.AddIntegrationEvent(evt);
            db.Entry(row).State = EntityState.Detached;
            rows.Add(row);
        }
        var connection = Connection(db);
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY outbox_messages (id, message_type, body, trace_parent, created_at, next_attempt_at, attempts)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(row.MessageType, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.Body, NpgsqlDbType.Jsonb, ct);
            await WriteNullableAsync(writer, row.TraceParent, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(row.NextAttemptAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(row.Attempts, NpgsqlDbType.Integer, ct);
        }
        await writer.CompleteAsync(ct);
    }

    private static NpgsqlConnection Connection(TasksDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk rows are written inside the caller's transaction.");
        }
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? writer.WriteAsync(value, type, ct) : writer.WriteNullAsync(ct);
}
