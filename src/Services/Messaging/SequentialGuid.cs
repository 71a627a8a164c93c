namespace Platform.Messaging;

/// <summary>
/// Version 7 UUIDs that also sort in the order they were made within one process: the millisecond
/// timestamp, then a 12-bit counter (rand_a) that restarts each millisecond, then random bits.
/// EF Core inserts rows of one table in key order, so outbox rows added together keep the order in
/// which the events were added (<see cref="Guid.CreateVersion7()"/> is random within a millisecond).
/// </summary>
public static class SequentialGuid
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static Guid NewVersion7(DateTimeOffset now)
    {
        long ms;
        int counter;
        lock (Gate)
        {
            ms = Math.Max(now.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (ms == _lastMilliseconds)
            {
                if (++_counter > 0xFFF)
                {
                    ms++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }
            _lastMilliseconds = ms;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[8..]);
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | ((counter >> 8) & 0x0F));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
