using Microsoft.EntityFrameworkCore;
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

    /// <summary>An account as an identity event states it.</summary>
    public sealed record AccountState(Guid UserId, string DisplayName, string? Email, Guid UnitId, IReadOnlyList<string> Roles, bool IsActive, DateTimeOffset OccurredAt);

    private async Task ApplyAsync<T>(ConsumeContext<T> context, AccountState account) where T : class
    {
        var outcome = "was already applied";
        await db.ApplyOnceAsync(context, $"notifications.{typeof(T).Name}", async ct => outcome = await ApplyAccountAsync(db, account, clock.GetUtcNow(), ct));
        logger.LogInformation("{Event} for account {UserId} {Outcome}", typeof(T).Name, account.UserId, outcome);
    }

    /// <summary>
    /// Writes <paramref name="account"/> to its recipient row inside the caller's transaction; returns what happened.
    /// The row is made first with <c>INSERT … ON CONFLICT DO NOTHING</c> and then locked, so a concurrent first write of
    /// the same person (another account event, the person's first signed-in call) waits for this one instead of
    /// racing it into a duplicate key.
    /// </summary>
    public static async Task<string> ApplyAccountAsync(NotificationsDbContext db, AccountState account, DateTimeOffset now, CancellationToken ct)
    {
        var userId = account.UserId.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO recipients (user_id, unit_id, roles, display_name, source, is_active, updated_at)
            VALUES ({userId}, {account.UnitId}, {Array.Empty<string>()}, '', {Recipient.FromIdentity}, FALSE, {now.ToUniversalTime()})
            ON CONFLICT (user_id) DO NOTHING
            """, ct);
        var recipient = await db.Recipients.FromSqlInterpolated($"SELECT * FROM recipients WHERE user_id = {userId} FOR UPDATE").SingleAsync(ct);
        if (recipient.IdentityUpdatedAt > account.OccurredAt)
        {
            return "is older than what the recipient holds; ignored";
        }
        recipient.UnitId = account.UnitId;
        recipient.Roles = [.. account.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        recipient.DisplayName = Truncate(account.DisplayName.Normalize(), Recipient.NameMax);
        recipient.Email = string.IsNullOrWhiteSpace(account.Email) || account.Email.Trim().Length > Recipient.EmailMax ? null : account.Email.Trim();
        recipient.IsActive = account.IsActive;
        recipient.Source = Recipient.FromIdentity;
        recipient.IdentityUpdatedAt = account.OccurredAt;
        recipient.UpdatedAt = now;
        return account.IsActive ? "applied" : "applied (inactive)";
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
