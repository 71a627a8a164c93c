using Platform.Contracts.Identity;
using Platform.Identity.Domain;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The integration events about an account, built from its current state. Callers queue them with
/// <c>AddIntegrationEvent</c> before the <c>SaveChanges</c> that commits the change, so the event
/// exists if and only if the change does. Passwords and their hashes never leave the service.
/// </summary>
internal static class AccountEvents
{
    public static UserAccountRegistered Registered(UserAccount account, IEnumerable<string> roles, DateTimeOffset at) => new()
    {
        UserId = account.Id,
        UserName = account.UserName!,
        DisplayName = account.DisplayName,
        Email = account.Email,
        UnitId = account.UnitId,
        UnitCode = account.UnitCode,
        Roles = Sorted(roles),
        OccurredAt = at,
    };

    public static UserAccountUpdated Updated(UserAccount account, IEnumerable<string> roles, DateTimeOffset at) => new()
    {
        UserId = account.Id,
        UserName = account.UserName!,
        DisplayName = account.DisplayName,
        Email = account.Email,
        UnitId = account.UnitId,
        UnitCode = account.UnitCode,
        Roles = Sorted(roles),
        IsLocked = account.IsLockedByAdmin,
        OccurredAt = at,
    };

    public static UserAccountLocked Locked(UserAccount account, IEnumerable<string> roles, DateTimeOffset at) => new()
    {
        UserId = account.Id,
        UserName = account.UserName!,
        DisplayName = account.DisplayName,
        Email = account.Email,
        UnitId = account.UnitId,
        UnitCode = account.UnitCode,
        Roles = Sorted(roles),
        OccurredAt = at,
    };

    private static string[] Sorted(IEnumerable<string> roles) => [.. roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
