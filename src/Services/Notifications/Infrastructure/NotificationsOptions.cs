using Platform.Notifications.Domain;

namespace Platform.Notifications.Infrastructure;

/// <summary><c>Notifications:*</c>.</summary>
public sealed class NotificationsOptions
{
    /// <summary>The web client's public address; emails link to <c>{PublicBaseUrl}{notification link}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    public IdentitySyncOptions IdentitySync { get; set; } = new();
}

/// <summary><c>Notifications:IdentitySync:*</c>: asking identity to republish its accounts until it has once.</summary>
public sealed class IdentitySyncOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary><c>Notifications:Smtp:*</c>.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 2525;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>
    /// STARTTLS, required: a server that does not offer it (or a network that strips it) gets no email and no password.
    /// Off only for a local mail sink.
    /// </summary>
    public bool UseStartTls { get; set; }
    public string From { get; set; } = "no-reply@giaoduc.local";
    public string FromName { get; set; } = "Nền tảng điều hành giáo dục";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary><c>Notifications:Email:*</c>.</summary>
public sealed class EmailOptions
{
    /// <summary>Runs the dispatcher loop; tests switch it off and drive <see cref="EmailDispatcher.RunOnceAsync"/>.</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>For kinds a person has not chosen a mode for.</summary>
    public EmailMode DefaultMode { get; set; } = EmailMode.Immediate;
    /// <summary>Local time (Asia/Ho_Chi_Minh) at which the daily digest goes out.</summary>
    public TimeOnly DigestLocalTime { get; set; } = new(17, 0);
    public int MaxAttempts { get; set; } = 12;
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public int BatchSize { get; set; } = 50;
}
