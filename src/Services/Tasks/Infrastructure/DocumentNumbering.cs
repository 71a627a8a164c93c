using Microsoft.EntityFrameworkCore;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// Outgoing numbers (số văn bản đi) per issuer and year. The counter row is locked <c>FOR UPDATE</c> inside
/// the issuing transaction: a concurrent issue by the same issuer waits for it, so numbers are unique, and
/// a rolled-back issue rolls its increment back too, so they stay gap-free.
/// </summary>
public static class DocumentNumbering
{
    public static async Task<int> NextAsync(TasksDbContext db, Guid issuerUnitId, int year, CancellationToken ct)
    {
        EnsureTransaction(db);
        var current = await LockAsync(db, issuerUnitId, year, ct);
        var next = current + 1;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE document_number_counters SET last_number = {next} WHERE issuer_unit_id = {issuerUnitId} AND year = {year}", ct);
        return next;
    }

    /// <summary>
    /// A document registered with its own number (issued before the platform, or on paper) moves the counter
    /// past it, so later numbers never collide with it.
    /// </summary>
    public static async Task RegisterAsync(TasksDbContext db, Guid issuerUnitId, int year, int number, CancellationToken ct)
    {
        EnsureTransaction(db);
        var current = await LockAsync(db, issuerUnitId, year, ct);
        if (number > current)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE document_number_counters SET last_number = {number} WHERE issuer_unit_id = {issuerUnitId} AND year = {year}", ct);
        }
    }

    private static async Task<int> LockAsync(TasksDbContext db, Guid issuerUnitId, int year, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO document_number_counters (issuer_unit_id, year, last_number) VALUES ({issuerUnitId}, {year}, 0) ON CONFLICT DO NOTHING", ct);
        return await db.Database.SqlQuery<int>(
                $"SELECT last_number AS \"Value\" FROM document_number_counters WHERE issuer_unit_id = {issuerUnitId} AND year = {year} FOR UPDATE")
            .SingleAsync(ct);
    }

    private static void EnsureTransaction(TasksDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Document numbers are taken inside the issuing transaction.");
        }
    }
}
