using Npgsql;

namespace Platform.Messaging;

/// <summary>
/// Holds a service's scheduled scans still. Every scan of <see cref="PeriodicScan"/> runs under a shared session
/// advisory lock on the service's database (<see cref="AdvisoryLockKey"/>); whoever takes that lock exclusively —
/// an operator before maintenance, a test that must see the database stand still — waits for the scans in
/// flight to finish, and no scan starts until the lock is released (or its session ends: a crashed holder
/// holds nothing). A held scan is skipped, not queued: the next interval picks its work up.
/// <code>SELECT pg_advisory_lock(5999710933064043588);   -- hold   (pg_advisory_unlock to release)</code>
/// </summary>
public static class ScanHold
{
    /// <summary>The advisory lock key ("SCANHOLD" in ASCII), the same in every service's database.</summary>
    public const long AdvisoryLockKey = 0x5343414E484F4C44;

    /// <summary>
    /// Enters the scans' shared side of the hold, or returns null when someone holds the scans still.
    /// Dispose the result to leave it.
    /// </summary>
    public static async Task<IAsyncDisposable?> TryEnterAsync(string connectionString, CancellationToken cancellationToken)
    {
        // The platform's data source: the hold's own commands are never root spans of an idle scan.
        var connection = PlatformDatabase.DataSource(connectionString).CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock_shared(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new Entered(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Entered(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_shared(@key)", connection);
                command.Parameters.AddWithValue("key", AdvisoryLockKey);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with its session.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
