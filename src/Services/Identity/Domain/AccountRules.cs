using System.Text.RegularExpressions;
using Platform.ServiceDefaults;

namespace Platform.Identity.Domain;

/// <summary>Limits and rules of accounts, shared by the Identity options and the administration API.</summary>
public static partial class AccountRules
{
    public const int UserNameMaxLength = 64;
    public const int DisplayNameMaxLength = 128;
    public const int EmailMaxLength = 256;

    public const int PasswordMinLength = 8;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@";

    /// <summary>An administrator's lock lasts until unlocked; anything this far out counts as one.</summary>
    public static readonly DateTimeOffset AdminLockEnd = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-@]*$")]
    public static partial Regex UserNamePattern();

    /// <summary>
    /// The platform roles among <paramref name="requested"/>, canonically spelt and without duplicates,
    /// and the entries that are not platform roles.
    /// </summary>
    public static (IReadOnlyList<string> Roles, IReadOnlyList<string> Unknown) ParseRoles(IEnumerable<string?> requested)
    {
        var roles = new List<string>();
        var unknown = new List<string>();
        foreach (var value in requested)
        {
            var match = PlatformRoles.All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                unknown.Add(value ?? "null");
            }
            else if (!roles.Contains(match))
            {
                roles.Add(match);
            }
        }
        return (roles, unknown);
    }
}
