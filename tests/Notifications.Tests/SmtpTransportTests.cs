using Microsoft.Extensions.Options;
using Platform.Notifications.Infrastructure;
using Platform.Notifications.Tests.Support;

namespace Platform.Notifications.Tests;

/// <summary>
/// The mail server in front of these tests offers no STARTTLS, as a server would look to us when someone on the path
/// strips it from its answer. With TLS asked for, nothing is sent; credentials never go over a plain connection.
/// </summary>
[Collection(NotificationsCollection.Name)]
public sealed class SmtpTransportTests(NotificationsFixture service)
{
    private SmtpEmailSender Sender(bool startTls, string? userName = null) => new(new Monitor(new SmtpOptions
    {
        Host = "127.0.0.1", Port = service.SmtpPort, UseStartTls = startTls, UserName = userName, Password = userName is null ? null : "bí-mật",
        Timeout = TimeSpan.FromSeconds(3),
    }));

    private static OutgoingEmail Email(string to) => new(to, "Hiệu trưởng", "Thử", "Nội dung", $"<{Guid.NewGuid():N}@platform.test>");

    [Fact]
    public async Task With_starttls_required_a_server_that_does_not_offer_it_gets_no_email()
    {
        var to = $"{Guid.NewGuid():N}@truong.test";
        await Assert.ThrowsAnyAsync<NotSupportedException>(() => Sender(startTls: true).SendAsync(Email(to), CancellationToken.None));
        Assert.DoesNotContain(service.Smtp.ReceivedEmail, m => m.Data.Contains(to, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_password_is_never_sent_over_a_plain_connection()
    {
        var to = $"{Guid.NewGuid():N}@truong.test";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Sender(startTls: false, userName: "platform").SendAsync(Email(to), CancellationToken.None));
        Assert.Contains("UseStartTls", refused.Message);
        Assert.DoesNotContain(service.Smtp.ReceivedEmail, m => m.Data.Contains(to, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_mail_sink_without_tls_or_password_still_gets_its_email()
    {
        var to = $"{Guid.NewGuid():N}@truong.test";
        await Sender(startTls: false).SendAsync(Email(to), CancellationToken.None);
        Assert.Contains(service.Smtp.ReceivedEmail, m => m.Data.Contains(to, StringComparison.Ordinal));
    }

    private sealed class Monitor(SmtpOptions value) : IOptionsMonitor<SmtpOptions>
    {
        public SmtpOptions CurrentValue => value;
        public SmtpOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<SmtpOptions, string?> listener) => null;
    }
}
