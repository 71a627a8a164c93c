namespace Platform.Contracts.Identity;

// Every account event carries the account's whole current state (never a password or its hash), so a
// consumer can apply any one of them alone; one older than what it holds (OccurredAt) is stale.

/// <summary>An account was created (by an administrator, or by the development demo seed).</summary>
public sealed record UserAccountRegistered
{
    /// <summary>The account id: the <c>sub</c> claim of the person's access tokens.</summary>
    public required Guid UserId { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public string? Email { get; init; }
    public required Guid UnitId { get; init; }
    public required string UnitCode { get; init; }
    /// <summary><c>Platform.ServiceDefaults.PlatformRoles</c> names, sorted.</summary>
    public required IReadOnlyList<string> Roles { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// An account's roles, unit, name or email changed, or an administrator unlocked it; also sent again for
/// every account when a service asks (<see cref="RepublishUserAccounts"/>).
/// </summary>
public sealed record UserAccountUpdated
{
    public required Guid UserId { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public string? Email { get; init; }
    public required Guid UnitId { get; init; }
    public required string UnitCode { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    /// <summary>Locked by an administrator (until unlocked); a temporary lockout after failed sign-ins does not count.</summary>
    public required bool IsLocked { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An administrator locked the account: the person cannot sign in and should not be notified until unlocked.</summary>
public sealed record UserAccountLocked
{
    public required Guid UserId { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public string? Email { get; init; }
    public required Guid UnitId { get; init; }
    public required string UnitCode { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// Asks identity to publish a <see cref="UserAccountUpdated"/> for every account: a service whose queue did
/// not exist yet when the accounts were created (a first start) catches up with it.
/// </summary>
public sealed record RepublishUserAccounts
{
    /// <summary>The asking service, for the logs.</summary>
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}

/// <summary>
/// Identity answered a <see cref="RepublishUserAccounts"/>: the <see cref="UserAccountUpdated"/> events of all
/// <see cref="AccountCount"/> accounts were queued before this one, in the same transaction.
/// </summary>
public sealed record UserAccountsRepublished
{
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required int AccountCount { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
