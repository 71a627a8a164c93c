using Platform.SafeLine.Domain;

namespace Platform.SafeLine.Options;

/// <summary>Section <c>SafeLine</c>.</summary>
public sealed class SafeLineOptions
{
    public AcknowledgeSettings Acknowledge { get; set; } = new();

    /// <summary>How often the escalation scan looks for high-severity cases nobody acknowledged in time.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool EscalationEnabled { get; set; } = true;

    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>
    /// Shared with the web client (the AppHost generates it): a request carrying it in <c>X-SafeLine-Relay</c> comes from
    /// the web client's public pages, which call on behalf of many people from one address and name each one's
    /// rate-limit partition in <c>X-SafeLine-Client</c> (a hash the web client made; never an address).
    /// </summary>
    public string? RelaySecret { get; set; }

    /// <summary>The platform's public address (the gateway's): posters' QR codes point at its <c>/an-toan</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    /// <summary>Hotlines printed on posters.</summary>
    public string Hotlines { get; set; } = "111 (Tổng đài quốc gia bảo vệ trẻ em) · 113 (Công an)";

    /// <summary>Largest request body a public endpoint reads, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 32 * 1024;

    public AcknowledgementPolicy Policy() => new(TimeSpan.FromMinutes(Acknowledge.SchoolHoursMinutes), TimeSpan.FromMinutes(Acknowledge.OtherMinutes),
        TimeOnly.Parse(Acknowledge.SchoolDayStart, System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly.Parse(Acknowledge.SchoolDayEnd, System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class AcknowledgeSettings
{
    public double SchoolHoursMinutes { get; set; } = 15;
    public double OtherMinutes { get; set; } = 60;
    public string SchoolDayStart { get; set; } = "07:00";
    public string SchoolDayEnd { get; set; } = "17:30";
}

/// <summary>Per client address, kept only in memory, keyed by a hash the process forgets when it stops.</summary>
public sealed class RateLimitSettings
{
    public int ReportsPerWindow { get; set; } = 5;
    public int FollowUpsPerWindow { get; set; } = 30;
    public int WindowSeconds { get; set; } = 600;
}
