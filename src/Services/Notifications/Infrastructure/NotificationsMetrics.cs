using System.Diagnostics.Metrics;

namespace Platform.Notifications.Infrastructure;

/// <summary>Meter <c>Platform.Notifications</c>, on the Aspire dashboard.</summary>
public static class NotificationsMetrics
{
    public const string Name = "Platform.Notifications";
    private static readonly Meter Meter = new(Name);
    private static long _pendingEmails;
    private static long _failedEmails;

    public static readonly Counter<long> Created = Meter.CreateCounter<long>(
        "platform.notifications.created", "{notification}", "Inbox items created, by kind");
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>(
        "platform.notifications.emails_sent", "{email}", "Emails accepted by the SMTP server (a digest counts once)");
    public static readonly Counter<long> EmailFailures = Meter.CreateCounter<long>(
        "platform.notifications.email_failures", "{attempt}", "Email attempts the SMTP server refused or did not answer; retried with backoff");
    public static readonly Counter<long> EmailsAbandoned = Meter.CreateCounter<long>(
        "platform.notifications.emails_abandoned", "{email}", "Emails given up after the last attempt");

    static NotificationsMetrics()
    {
        Meter.CreateObservableGauge("platform.notifications.emails_pending", () => Interlocked.Read(ref _pendingEmails),
            "{email}", "Emails waiting: due now, after quiet hours, for the digest or for a retry");
        Meter.CreateObservableGauge("platform.notifications.emails_failed", () => Interlocked.Read(ref _failedEmails),
            "{email}", "Emails given up and not sent");
    }

    internal static void SetBacklog(long pending, long failed)
    {
        Interlocked.Exchange(ref _pendingEmails, pending);
        Interlocked.Exchange(ref _failedEmails, failed);
    }
}
