using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Messaging;
using Platform.Notifications.Domain;

namespace Platform.Notifications.Infrastructure;

/// <summary>
/// Sends planned emails: each immediate one alone, each person's due digest items as one email. A row is
/// claimed with <c>FOR UPDATE SKIP LOCKED</c> (replicas never send the same one) and marked sent in the
/// same transaction; an SMTP failure backs the row off exponentially and, after the last attempt, marks
/// it failed with an error log and a metric. The one gap left is a crash between the server accepting
/// the email and the commit, which would send it again; the stable Message-Id lets mail systems spot it.
/// </summary>
public sealed class EmailDispatcher(
    IServiceScopeFactory scopes,
    IEmailSender sender,
    TimeProvider clock,
    DatabaseReadiness<NotificationsDbContext> readiness,
    IOptionsMonitor<EmailOptions> emailOptions,
    IOptionsMonitor<NotificationsOptions> options,
    ILogger<EmailDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!emailOptions.CurrentValue.Enabled)
        {
            logger.LogInformation("Email dispatcher is switched off (Notifications:Email:Enabled)");
            return;
        }
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A round that finds no due email leaves no trace; one that sends is one "email dispatch" trace.
            using (var trace = ScanTrace.Start("email dispatch"))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    trace.FoundWork(0);
                    trace.Activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                    logger.LogError(ex, "Email dispatcher round failed; trying again");
                }
            }
            await Task.Delay(emailOptions.CurrentValue.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One round: due immediate emails, then due digests. Returns how many emails the server accepted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var batch = emailOptions.CurrentValue.BatchSize;
        for (var i = 0; i < batch; i++)
        {
            var outcome = await SendNextImmediateAsync(cancellationToken);
            if (outcome == Outcome.Sent) sent++;
            // Nothing due, or the server is failing: one timeout per round is enough.
            else break;
        }

        var now = clock.GetUtcNow();
        List<string> digestRecipients;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            digestRecipients = await db.EmailDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.Mode == EmailMode.Digest && d.DueAt <= now)
                .Select(d => d.RecipientId).Distinct().Take(batch).ToListAsync(cancellationToken);
        }
        foreach (var recipientId in digestRecipients)
        {
            var outcome = await SendDigestAsync(recipientId, cancellationToken);
            if (outcome == Outcome.Sent) sent++;
            else if (outcome == Outcome.Failed) break;
        }

        await RefreshBacklogAsync(cancellationToken);
        return sent;
    }

    private enum Outcome { Nothing, Sent, Failed }

    private async Task<Outcome> SendNextImmediateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUniversalTime();
        var delivery = await db.EmailDeliveries.FromSqlInterpolated($"""
                SELECT * FROM email_deliveries
                WHERE status = 'Pending' AND mode = 'Immediate' AND due_at <= {now}
                ORDER BY due_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).FirstOrDefaultAsync(cancellationToken);
        if (delivery is null)
        {
            return Outcome.Nothing;
        }
        ScanTrace.FoundWork();
        var notification = await db.Notifications.AsNoTracking().FirstAsync(n => n.Id == delivery.NotificationId, cancellationToken);
        var name = await db.Recipients.Where(r => r.UserId == delivery.RecipientId).Select(r => r.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";

        var outcome = await TrySendAsync([delivery], new OutgoingEmail(
            delivery.ToAddress, name,
            (notification.IsUrgent ? "[KHẨN] " : "") + notification.Title,
            ImmediateBody(name, notification),
            $"<{delivery.Id:N}@notifications.platform>"), now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<Outcome> SendDigestAsync(string recipientId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUniversalTime();
        var deliveries = await db.EmailDeliveries.FromSqlInterpolated($"""
                SELECT * FROM email_deliveries
                WHERE status = 'Pending' AND mode = 'Digest' AND due_at <= {now} AND recipient_id = {recipientId}
                ORDER BY id
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
        if (deliveries.Count == 0)
        {
            return Outcome.Nothing;
        }
        ScanTrace.FoundWork(deliveries.Count);
        var ids = deliveries.Select(d => d.NotificationId).ToList();
        var notifications = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id)).OrderBy(n => n.Sequence).ToListAsync(cancellationToken);
        var name = await db.Recipients.Where(r => r.UserId == recipientId).Select(r => r.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "";
        var digestId = SequentialGuid.NewVersion7(now);
        var day = VietnamTime.Format(VietnamTime.Today(clock));

        var outcome = await TrySendAsync(deliveries, new OutgoingEmail(
            deliveries[0].ToAddress, name,
            $"Tổng hợp thông báo ngày {day} ({notifications.Count} mục)",
            DigestBody(name, day, notifications),
            $"<{digestId:N}@notifications.platform>"), now, cancellationToken);
        if (outcome == Outcome.Sent)
        {
            deliveries.ForEach(d => d.DigestId = digestId);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<Outcome> TrySendAsync(List<EmailDelivery> deliveries, OutgoingEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = emailOptions.CurrentValue;
        try
        {
            await sender.SendAsync(email, cancellationToken);
            foreach (var d in deliveries)
            {
                d.Status = DeliveryStatus.Sent;
                d.SentAt = now;
                d.Attempts++;
                d.LastError = null;
            }
            NotificationsMetrics.EmailsSent.Add(1, new KeyValuePair<string, object?>("mode", deliveries[0].Mode.ToString()));
            logger.LogInformation("Sent {Mode} email {MessageId} with {Count} notifications", deliveries[0].Mode, email.MessageId, deliveries.Count);
            return Outcome.Sent;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            NotificationsMetrics.EmailFailures.Add(1, new KeyValuePair<string, object?>("mode", deliveries[0].Mode.ToString()));
            foreach (var d in deliveries)
            {
                d.Attempts++;
                d.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                if (d.Attempts >= settings.MaxAttempts)
                {
                    d.Status = DeliveryStatus.Failed;
                    NotificationsMetrics.EmailsAbandoned.Add(1);
                    logger.LogError(ex, "Gave up emailing notification {NotificationId} after {Attempts} attempts", d.NotificationId, d.Attempts);
                }
                else
                {
                    d.DueAt = now + Backoff(d.Attempts, settings);
                    logger.LogWarning(ex, "Emailing notification {NotificationId} failed (attempt {Attempts}); retrying at {DueAt}",
                        d.NotificationId, d.Attempts, d.DueAt);
                }
            }
            return Outcome.Failed;
        }
    }

    internal static TimeSpan Backoff(int attempts, EmailOptions settings)
    {
        var ms = settings.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, settings.MaxBackoff.TotalMilliseconds));
    }

    private async Task RefreshBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var counts = await db.EmailDeliveries.AsNoTracking()
            .Where(d => d.Status != DeliveryStatus.Sent)
            .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        NotificationsMetrics.SetBacklog(
            counts.Where(c => c.Key == DeliveryStatus.Pending).Sum(c => c.Count),
            counts.Where(c => c.Key == DeliveryStatus.Failed).Sum(c => c.Count));
    }

    private string LinkOf(Notification n) => $"{options.CurrentValue.PublicBaseUrl.TrimEnd('/')}{n.Link}";

    private string ImmediateBody(string name, Notification n)
    {
        var text = new StringBuilder();
        text.Append("Kính gửi ").Append(name.Length > 0 ? name : "anh/chị").AppendLine(",").AppendLine();
        text.AppendLine(n.Body).AppendLine();
        text.Append("Xem chi tiết: ").AppendLine(LinkOf(n)).AppendLine();
        AppendFooter(text);
        return text.ToString();
    }

    private string DigestBody(string name, string day, List<Notification> items)
    {
        var text = new StringBuilder();
        text.Append("Kính gửi ").Append(name.Length > 0 ? name : "anh/chị").AppendLine(",").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Các thông báo tổng hợp đến ngày {day}:").AppendLine();
        var number = 1;
        foreach (var n in items)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{number++}. {n.Title}");
            text.Append("   ").AppendLine(n.Body);
            text.Append("   ").AppendLine(LinkOf(n)).AppendLine();
        }
        AppendFooter(text);
        return text.ToString();
    }

    private static void AppendFooter(StringBuilder text) =>
        text.AppendLine("---").AppendLine("Thư được gửi tự động từ nền tảng điều hành giáo dục. Thay đổi cách nhận thư tại mục Cài đặt thông báo.");
}
