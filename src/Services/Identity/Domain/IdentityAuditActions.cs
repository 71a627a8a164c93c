namespace Platform.Identity.Domain;

/// <summary>
/// What identity writes on its chained audit trail (<c>audit_entries</c>, <see cref="Platform.Messaging.Audit.AuditTrail"/>):
/// every change an administrator makes to an account, lockouts after wrong passwords, and the data-protection officer's
/// own exports and verifications. The subject of an account line is <c>user</c> and the account id.
/// </summary>
public static class IdentityAuditActions
{
    public const string SubjectUser = "user";
    public const string SubjectAudit = "audit";

    public const string UserCreated = "user.created";
    /// <summary>Detail: the roles before → after.</summary>
    public const string UserRolesChanged = "user.roles-changed";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string UserPasswordReset = "user.password-reset";
    /// <summary>The person replaced an administrator-set password with their own on the sign-in page; the actor is the person.</summary>
    public const string UserPasswordChanged = "user.password-changed";
    /// <summary>Too many wrong passwords in a row locked the account for a while (sign-in page or password grant).</summary>
    public const string SignInLockedOut = "signin.locked-out";
    public const string AuditExported = "export.audit";
    public const string AuditVerified = "audit.verified";

    public static readonly IReadOnlyList<string> All =
        [UserCreated, UserRolesChanged, UserLocked, UserUnlocked, UserPasswordReset, UserPasswordChanged, SignInLockedOut, AuditExported, AuditVerified];
}
