using Platform.Contracts.Units;

namespace Platform.Messaging.Tests.Support;

public static class Units
{
    public static UnitRegistered Registered(string code) => new()
    {
        UnitId = Guid.NewGuid(),
        Code = code,
        Name = $"Trường THPT {code}",
        Kind = "UpperSecondarySchool",
        AreaCode = "79",
        EffectiveFrom = new DateOnly(2025, 9, 5),
        OccurredAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A unique, queue-name-safe service name, so each test has its own queues on a shared broker.</summary>
    public static string ServiceName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
