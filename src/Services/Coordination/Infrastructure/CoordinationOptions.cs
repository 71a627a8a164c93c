using Platform.Coordination.Domain;

namespace Platform.Coordination.Infrastructure;

/// <summary><c>Coordination:Referrals</c>: the referral rules and the acknowledgement SLA per severity.</summary>
public sealed class ReferralOptions
{
    /// <summary>How long the police have to acknowledge, per severity (Decree 80 says "promptly": the numbers are ours to set).</summary>
    public Dictionary<string, TimeSpan> AcknowledgeWithin { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ReferralSeverity.LifeSafety)] = TimeSpan.FromMinutes(15),
        [nameof(ReferralSeverity.Urgent)] = TimeSpan.FromHours(4),
        [nameof(ReferralSeverity.Routine)] = TimeSpan.FromHours(24),
    };

    /// <summary>Categories referred at once even when not life-safety; null keeps the default (drugs).</summary>
    public string[]? AutomaticCategories { get; set; }

    /// <summary>Categories that are urgent when not life-safety; null keeps the default (drugs, child abuse).</summary>
    public string[]? UrgentCategories { get; set; }

    /// <summary>A referral is sent at most this many times; escalation goes on without re-sending after that.</summary>
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>How often the SLA monitor looks for missed acknowledgements (and refreshes the gauge).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the SLA monitor runs in the background (tests drive it by hand).</summary>
    public bool MonitorEnabled { get; set; } = true;

    public TimeSpan SlaFor(ReferralSeverity severity) =>
        AcknowledgeWithin.TryGetValue(severity.ToString(), out var sla) && sla > TimeSpan.Zero ? sla
        : severity == ReferralSeverity.LifeSafety ? TimeSpan.FromMinutes(15) : TimeSpan.FromHours(24);

    public ReferralRules Rules() => new(AutomaticCategories ?? [.. ReferralRules.DefaultAutomaticCategories],
        UrgentCategories ?? [.. ReferralRules.DefaultUrgentCategories]);
}

/// <summary><c>Coordination:Scheduler</c>: the missed-cadence and obligation scans.</summary>
public sealed class SchedulerOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How many past periods of a cadence are checked; older misses are history, not news.</summary>
    public int CadenceLookbackPeriods { get; set; } = 3;
    /// <summary>An obligation occurrence is announced this many days before it falls due.</summary>
    public int ObligationLeadDays { get; set; } = 14;
}

/// <summary><c>Coordination:Coverage</c>: what seed task 3 counts.</summary>
public sealed class CoverageOptions
{
    /// <summary>A school counts as covered only when the police of its area signed too.</summary>
    public bool RequirePolice { get; set; } = true;
    /// <summary>Unit kinds counted as schools; null keeps every educational institution kind.</summary>
    public string[]? SchoolKinds { get; set; }

    public IReadOnlyList<string> Kinds => SchoolKinds ?? [.. UnitKinds.Schools];
}

/// <summary><c>Coordination:SignedCopy</c>: limits of the signed copy of a programme.</summary>
public sealed class SignedCopyOptions
{
    /// <summary>8 MiB: with the multipart envelope it stays under the gateway's 10 MiB body limit.</summary>
    public long MaxBytes { get; set; } = 8 * 1024 * 1024;
}
