using Microsoft.AspNetCore.Identity;
using Platform.ServiceDefaults;

namespace Platform.Identity.Domain;

/// <summary>
/// A person's platform account. Each account belongs to exactly one unit (whose code is kept for
/// display) and holds one or more <see cref="Platform.ServiceDefaults.PlatformRoles"/>.
/// </summary>
public sealed class UserAccount : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public Guid UnitId { get; set; }

    public required string UnitCode { get; set; }

    /// <summary>User name and display name folded for diacritic-insensitive search.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>Created by the development demo seed; such accounts are removed outside Development.</summary>
    public bool IsDemo { get; set; }

    /// <summary>
    /// The password was set by an administrator (account created or password reset through the users API): it only
    /// opens the sign-in page's change-password form, never a session or a token, until the person chooses their own.
    /// </summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    /// <summary>Locked by an administrator (until unlocked), as opposed to a temporary lockout after failed sign-ins.</summary>
    public bool IsLockedByAdmin => LockoutEnd is { } end && end >= AccountRules.AdminLockEnd;

    public void Touch(string actor, DateTimeOffset now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        SearchText = VietnameseText.Fold($"{UserName} {DisplayName}");
    }
}

/// <summary>One administrative write to an account: who did what, when, from which unit.</summary>
public sealed class UserAuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }
    public Guid? ActorUnitId { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class UserAuditActions
{
    public const string Created = "Created";
    public const string RolesChanged = "RolesChanged";
    public const string Locked = "Locked";
    public const string Unlocked = "Unlocked";
    public const string PasswordReset = "PasswordReset";
    /// <summary>The person replaced an administrator-set password with their own on the sign-in page.</summary>
    public const string PasswordChanged = "PasswordChanged";
}
