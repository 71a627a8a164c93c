using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;
using Platform.Messaging;

namespace Platform.Identity.Consumers;

/// <summary>
/// Answers <see cref="RepublishUserAccounts"/>: one <see cref="UserAccountUpdated"/> per account with its
/// current state, then <see cref="UserAccountsRepublished"/>, all through the outbox in one transaction.
/// A service that first started after the accounts were created (its queue did not exist when their
/// events went out) asks for this once and catches up.
/// </summary>
public sealed class RepublishUserAccountsConsumer(IdentityDbContext db, TimeProvider clock, ILogger<RepublishUserAccountsConsumer> logger)
    : IConsumer<RepublishUserAccounts>
{
    public async Task Consume(ConsumeContext<RepublishUserAccounts> context)
    {
        var count = 0;
        var applied = await db.ApplyOnceAsync(context, "identity.republish-user-accounts", async ct =>
        {
            var now = clock.GetUtcNow();
            var accounts = await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(ct);
            var roles = (await db.UserRoles.AsNoTracking()
                    .Join(db.Roles.AsNoTracking(), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                    .ToListAsync(ct))
                .ToLookup(p => p.UserId, p => p.Name!);
            foreach (var account in accounts)
            {
                db.AddIntegrationEvent(AccountEvents.Updated(account, roles[account.Id], now));
            }
            db.AddIntegrationEvent(new UserAccountsRepublished
            {
                RequestedBy = context.Message.RequestedBy,
                RequestedAt = context.Message.RequestedAt,
                AccountCount = accounts.Count,
                OccurredAt = now,
            });
            count = accounts.Count;
        });
        if (applied)
        {
            logger.LogInformation("Republished {Count} accounts for {Service}", count, context.Message.RequestedBy);
        }
    }
}
