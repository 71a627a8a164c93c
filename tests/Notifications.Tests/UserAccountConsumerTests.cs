using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Notifications.Consumers;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;
using Platform.Notifications.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests;

/// <summary>Identity's account events keep the recipients table, so people are notified before they ever sign in.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class UserAccountConsumerTests(NotificationsFixture service)
{
    private DateTimeOffset Now => service.Clock.GetUtcNow();

    private static UserAccountRegistered Registered(Guid userId, Guid unitId, string role, DateTimeOffset at, string? email = null) => new()
    {
        UserId = userId, UserName = $"u.{userId:N}"[..12], DisplayName = "Nguyễn Thị Lan", Email = email ?? $"{userId:N}@truong.test",
        UnitId = unitId, UnitCode = "THCS-A1", Roles = [role], OccurredAt = at,
    };

    private static UserAccountUpdated Updated(UserAccountRegistered r, DateTimeOffset at, string[]? roles = null, Guid? unitId = null, bool locked = false) => new()
    {
        UserId = r.UserId, UserName = r.UserName, DisplayName = r.DisplayName, Email = r.Email, UnitId = unitId ?? r.UnitId, UnitCode = r.UnitCode,
        Roles = roles ?? r.Roles, IsLocked = locked, OccurredAt = at,
    };

    private AssignmentOverdue Overdue(Guid unit) => new()
    {
        AssignmentId = Guid.NewGuid(), DocumentId = Guid.NewGuid(), TaskId = Guid.NewGuid(), UnitId = unit,
        DueDate = new DateOnly(2025, 3, 1), OccurredAt = Now,
    };

    private async Task<Recipient?> RecipientAsync(Guid userId)
    {
        await using var db = service.NewDbContext();
        return await db.Recipients.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId.ToString());
    }

    private async Task<Recipient> WaitForRecipientAsync(Guid userId, Func<Recipient, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await RecipientAsync(userId) is { } r && until(r)) return r;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Recipient {userId} did not reach the expected state.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Registered_account_is_notified_and_mailed_without_ever_calling_the_service()
    {
        var world = await service.NewWorldAsync();
        var account = Registered(Guid.NewGuid(), world.School, PlatformRoles.SchoolManager, Now);

        await service.PublishAsync(account);
        var recipient = await WaitForRecipientAsync(account.UserId, _ => true);
        var overdue = Overdue(world.School);
        await service.PublishAsync(overdue);

        Assert.Equal(Recipient.FromIdentity, recipient.Source);
        Assert.Equal(world.School, recipient.UnitId);
        Assert.Equal([PlatformRoles.SchoolManager], recipient.Roles);
        Assert.Equal("Nguyễn Thị Lan", recipient.DisplayName);
        Assert.True(recipient.IsActive);
        Assert.Null(recipient.LastSeenAt);
        var item = Assert.Single(await service.WaitForNotificationsAsync(account.UserId.ToString(), 1));
        Assert.Equal(NotificationKind.AssignmentOverdue, item.Kind);
        var delivery = Assert.Single(await service.DeliveriesOfAsync(account.UserId.ToString()));
        Assert.Equal(account.Email, delivery.ToAddress);
    }

    [Fact]
    public async Task Account_event_applies_once_and_an_older_one_does_not_undo_a_newer_one()
    {
        var world = await service.NewWorldAsync();
        var account = Registered(Guid.NewGuid(), world.School, PlatformRoles.SchoolStaff, Now.AddMinutes(-10));
        var registrationId = Guid.NewGuid();
        await service.PublishAsync(account, registrationId);
        await WaitForRecipientAsync(account.UserId, _ => true);
        // Someone corrects the row by hand; a second application of the registration would undo that.
        await using (var db = service.NewDbContext())
        {
            var row = await db.Recipients.SingleAsync(r => r.UserId == account.UserId.ToString());
            row.DisplayName = "Sửa tay";
            row.IdentityUpdatedAt = null;
            await db.SaveChangesAsync();
        }

        await service.PublishAsync(account, registrationId);
        var promotion = Guid.NewGuid();
        await service.PublishAsync(Updated(account, Now, roles: [PlatformRoles.SchoolManager]), promotion);
        await service.WaitForInboxAsync(promotion);
        var stale = Guid.NewGuid();
        await service.PublishAsync(Updated(account, Now.AddMinutes(-5), roles: [PlatformRoles.DistrictOfficer], unitId: world.District), stale);
        await service.WaitForInboxAsync(stale);

        var recipient = (await RecipientAsync(account.UserId))!;
        Assert.Equal([PlatformRoles.SchoolManager], recipient.Roles);
        Assert.Equal(world.School, recipient.UnitId);
        Assert.Equal(Now, recipient.IdentityUpdatedAt);
        await using var check = service.NewDbContext();
        Assert.Equal(1, await check.Set<InboxMessage>().CountAsync(m => m.MessageId == registrationId));
    }

    [Fact]
    public async Task Locked_account_gets_nothing_until_it_is_unlocked()
    {
        var world = await service.NewWorldAsync();
        var account = Registered(Guid.NewGuid(), world.School, PlatformRoles.SchoolManager, Now.AddMinutes(-2));
        await service.PublishAsync(account);
        await service.PublishAsync(new UserAccountLocked
        {
            UserId = account.UserId, UserName = account.UserName, DisplayName = account.DisplayName, Email = account.Email,
            UnitId = account.UnitId, UnitCode = account.UnitCode, Roles = account.Roles, OccurredAt = Now.AddMinutes(-1),
        });
        await WaitForRecipientAsync(account.UserId, r => !r.IsActive);

        var whileLocked = Guid.NewGuid();
        await service.PublishAsync(Overdue(world.School), whileLocked);
        await service.WaitForInboxAsync(whileLocked);
        Assert.Empty(await service.NotificationsOfAsync(account.UserId.ToString()));

        await service.PublishAsync(Updated(account, Now, locked: false));
        await WaitForRecipientAsync(account.UserId, r => r.IsActive);
        await service.PublishAsync(Overdue(world.School));
        Assert.Single(await service.WaitForNotificationsAsync(account.UserId.ToString(), 1));
    }

    [Fact]
    public async Task Once_identity_described_a_person_their_older_token_only_marks_them_seen()
    {
        var world = await service.NewWorldAsync();
        var account = Registered(Guid.NewGuid(), world.School, PlatformRoles.SchoolStaff, Now);
        await service.PublishAsync(account);
        await WaitForRecipientAsync(account.UserId, _ => true);

        // A token issued before a role change still says SchoolManager at another school.
        using var client = service.ClientFor(account.UserId.ToString(), world.OtherSchool, PlatformRoles.SchoolManager);
        await (await client.GetAsync("/api/notifications/unread-count")).ReadAsync(HttpStatusCode.OK);

        var recipient = (await RecipientAsync(account.UserId))!;
        Assert.Equal(Recipient.FromIdentity, recipient.Source);
        Assert.Equal([PlatformRoles.SchoolStaff], recipient.Roles);
        Assert.Equal(world.School, recipient.UnitId);
        Assert.Equal(account.Email, recipient.Email);
        Assert.NotNull(recipient.LastSeenAt);
    }

    [Fact]
    public async Task Identitys_republish_answer_is_recorded_where_the_sync_looks_for_it()
    {
        var answer = Guid.NewGuid();
        await service.PublishAsync(new UserAccountsRepublished
        {
            RequestedBy = ResourceNames.Notifications, RequestedAt = Now, AccountCount = 0, OccurredAt = Now,
        }, answer);

        await service.WaitForInboxAsync(answer);
        await using var db = service.NewDbContext();
        Assert.True(await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == answer && m.Consumer == UserAccountConsumer.RepublishedInbox));
    }

    [Fact]
    public async Task An_account_event_for_a_person_first_written_by_a_concurrent_transaction_waits_for_it_instead_of_failing()
    {
        var world = await service.NewWorldAsync();
        var account = Registered(Guid.NewGuid(), world.School, PlatformRoles.SchoolManager, Now);

        // Another transaction (the person's first signed-in call) has written the row and not committed yet.
        await using var first = service.NewDbContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        await new RecipientDirectory(first, service.Clock).TouchAsync(
            TestUser(account.UserId, world.School), "token@truong.test", CancellationToken.None);

        // The account event for the same person starts meanwhile; before, it found no row, inserted one and failed
        // with a duplicate key once the first transaction committed.
        await using var second = service.NewDbContext();
        var applying = Task.Run(async () =>
        {
            await using var transaction = await second.Database.BeginTransactionAsync();
            var outcome = await UserAccountConsumer.ApplyAccountAsync(second, new UserAccountConsumer.AccountState(
                account.UserId, account.DisplayName, account.Email, account.UnitId, account.Roles, true, account.OccurredAt), Now, CancellationToken.None);
            await second.SaveChangesAsync();
            await transaction.CommitAsync();
            return outcome;
        });
        await Task.Delay(500);
        Assert.False(applying.IsCompleted, "The account event did not wait for the transaction that holds the person's row");
        await firstTransaction.CommitAsync();

        Assert.Equal("applied", await applying.WaitAsync(TimeSpan.FromSeconds(20)));
        var recipient = await RecipientAsync(account.UserId);
        Assert.NotNull(recipient);
        Assert.Equal(Recipient.FromIdentity, recipient.Source);
        Assert.Equal(account.Email, recipient.Email);
        Assert.Equal("Nguyễn Thị Lan", recipient.DisplayName);
        Assert.NotNull(recipient.LastSeenAt); // the first transaction's sign-in is kept
    }

    private static PlatformUser TestUser(Guid userId, Guid unitId) =>
        new(userId.ToString(), "Người dùng thử", unitId, new HashSet<string> { PlatformRoles.SchoolManager });
}
