using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Messaging.Audit;

/// <summary>One thing wrong with an audit trail: the line it was found at and what.</summary>
public sealed record AuditProblem(long Sequence, string Problem);

/// <summary>What a verification found: how many lines it read, the newest line's hash, and every problem.</summary>
public sealed record AuditVerification(long Lines, string? LastHash, IReadOnlyList<AuditProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Recomputes a service's audit trail from its first line: numbering without gaps (a removed line leaves one, or breaks
/// the link of the line after it), each line linked to the hash of the one before, and each line's own hash over its
/// fields (a changed line no longer matches). Keep the <see cref="AuditVerification.LastHash"/> it reports somewhere
/// else (a ticket, a printed report): a later verification whose chain does not pass through it means lines were
/// removed from the end.
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(NpgsqlConnection connection, CancellationToken ct, int maxProblems = 100)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT sequence, id, at, actor_id, actor_unit_id, actor_roles, action, subject_type, subject_id, detail, previous_hash, hash FROM {AuditTrail.Table} ORDER BY sequence",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var problems = new List<AuditProblem>();
        byte[] previous = [];
        long expected = 1, lines = 0;
        while (await reader.ReadAsync(ct))
        {
            lines++;
            var entry = new AuditEntry
            {
                Sequence = reader.GetInt64(0), Id = reader.GetGuid(1), At = reader.GetFieldValue<DateTimeOffset>(2), ActorId = reader.GetString(3),
                ActorUnitId = await reader.IsDBNullAsync(4, ct) ? null : reader.GetGuid(4), ActorRoles = reader.GetString(5), Action = reader.GetString(6),
                SubjectType = reader.GetString(7), SubjectId = reader.GetString(8), Detail = await reader.IsDBNullAsync(9, ct) ? null : reader.GetString(9),
                PreviousHash = reader.GetFieldValue<byte[]>(10), Hash = reader.GetFieldValue<byte[]>(11),
            };
            if (problems.Count < maxProblems)
            {
                if (entry.Sequence != expected)
                {
                    problems.Add(new AuditProblem(entry.Sequence, entry.Sequence > expected
                        ? $"lines {expected}–{entry.Sequence - 1} are missing"
                        : $"line {entry.Sequence} comes again after line {expected - 1}"));
                }
                if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
                {
                    problems.Add(new AuditProblem(entry.Sequence, $"line {entry.Sequence} does not link to the line before it (changed or removed)"));
                }
                if (!AuditTrail.HashOf(entry, entry.PreviousHash).AsSpan().SequenceEqual(entry.Hash))
                {
                    problems.Add(new AuditProblem(entry.Sequence, $"line {entry.Sequence} was changed after it was written ({entry.Action} {entry.SubjectType} {entry.SubjectId})"));
                }
            }
            previous = entry.Hash;
            expected = entry.Sequence + 1;
        }
        return new AuditVerification(lines, lines == 0 ? null : Convert.ToHexStringLower(previous), problems);
    }

    public static async Task<AuditVerification> VerifyAsync(DbContext db, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            return await VerifyAsync(connection, ct);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
