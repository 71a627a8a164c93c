using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Platform.Notifications.Infrastructure;

public sealed record OutgoingEmail(string To, string ToName, string Subject, string Body, string MessageId);

public interface IEmailSender
{
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>Sends through SMTP with MailKit, one connection per email (a failure leaves nothing half-open).</summary>
public sealed class SmtpEmailSender(IOptionsMonitor<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        // A stable Message-Id: a mail system that sees the same email twice can tell.
        message.MessageId = email.MessageId;
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = email.Body };

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        // StartTls, not StartTlsWhenAvailable: a downgrade (STARTTLS stripped from the server's answer) fails the send
        // instead of sending the email, and the password, in clear.
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            if (!client.IsSecure)
            {
                throw new InvalidOperationException(
                    $"Notifications:Smtp:UserName is set but the connection to {smtp.Host} is not encrypted: set Notifications:Smtp:UseStartTls=true. No password is sent in clear.");
            }
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
