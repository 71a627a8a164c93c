using MassTransit;
using Platform.Contracts.Identity;
using Platform.Messaging;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;

namespace Platform.Notifications.Consumers;

/// <summary>
/// Keeps the recipients table in step with identity's accounts, on one queue
/// (<c>notifications-user-accounts</c>), each event applied once (inbox). Every account event carries the
/// whole account, so any one can create the row; one older than what the row holds is ignored. A locked
/// account stays in the table, inactive, so nothing is routed to it until it is unlocked.
/// </summary>
public sealed class UserAccountConsumer(NotificationsDbContext db, TimeProvider clock, ILogger<UserAccountConsumer> logger) :
    IConsumer<UserAccountRegistered>,
    IConsumer<UserAccountUpdated>,
    IConsumer<UserAccountLocked>,
    IConsumer<UserAccountsRepublished>
{
    public const string Queue = "notifications-user-accounts";
    /// <summary>Inbox name of the republish answer; <see cref="IdentityDirectorySync"/> stops asking once it is recorded.</summary>
    public const string RepublishedInbox = "notifications.user-accounts-republished";

    public Task Consume(ConsumeContext<UserAccountRegistered> context)
    {
        var m = context.Message;
        return ApplyAsync(context, new AccountState(m.UserId, m.DisplayName, m.Email, m.UnitId, m.Roles, IsActive: true, m.OccurredAt));
    }

    public Task Consume(ConsumeContext<UserAccountUpdated> context)
    {
        var m = context.Message;
        return ApplyAsync(context, new AccountState(m.UserId, m.DisplayName, m.Email, m.UnitId, m.Roles, !m.IsLocked, m.OccurredAt));
    }

    public Task Consume(ConsumeContext<UserAccountLocked> context)
    {
        var m = context.Message;
        return ApplyAsync(context, new AccountState(m.UserId, m.DisplayName, m.Email, m.UnitId, m.Roles, IsActive: false, m.OccurredAt));
    }

    public async Task Consume(ConsumeContext<UserAccountsRepublished> context)
    {
        if (await db.ApplyOnceAsync(context, RepublishedInbox, _ => Task.CompletedTask))
        {
            logger.LogInformation("Identity republished {Count} accounts at the request of {Service}", context.Message.AccountCount, context.Message.RequestedBy);
        }
    }

    private sealed record AccountState(Guid UserId, string DisplayName, string? Email, Guid UnitId, IReadOnlyList<string> Roles, bool IsActive, DateTimeOffset OccurredAt);

    private async Task ApplyAsync<T>(ConsumeContext<T> context, AccountState account) where T : class
    {
        var outcome = "was already applied";
        await db.ApplyOnceAsync(context, $"notifications.{typeof(T).Name}", async ct =>
        {
            var userId = account.UserId.ToString();
            var recipient = await db.Recipients.FindAsync([userId], ct);
            if (recipient is null)
            {
                recipient = new Recipient { UserId = userId, DisplayName = "", Source = Recipient.FromIdentity };
                db.Recipients.Add(recipient);
            }
            else if (recipient.IdentityUpdatedAt > account.OccurredAt)
            {
                outcome = "is older than what the recipient holds; ignored";
                return;
            }
            recipient.UnitId = account.UnitId;
            recipient.Roles = [.. account.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            recipient.DisplayName = Truncate(account.DisplayName.Normalize(), Recipient.NameMax);
            recipient.Email = string.IsNullOrWhiteSpace(account.Email) || account.Email.Trim().Length > Recipient.EmailMax ? null : account.Email.Trim();
            recipient.IsActive = account.IsActive;
            recipient.Source = Recipient.FromIdentity;
            recipient.IdentityUpdatedAt = account.OccurredAt;
            recipient.UpdatedAt = clock.GetUtcNow();
            outcome = account.IsActive ? "applied" : "applied (inactive)";
        });
        logger.LogInformation("{Event} for account {UserId} {Outcome}", typeof(T).Name, account.UserId, outcome);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
