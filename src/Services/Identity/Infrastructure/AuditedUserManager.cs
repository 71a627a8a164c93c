using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Domain;
using Platform.Messaging.Audit;

namespace Platform.Identity.Infrastructure;

/// <summary>
/// The accounts' <see cref="UserManager{TUser}"/>, which also writes <see cref="IdentityAuditActions.SignInLockedOut"/> on the
/// chained audit trail when a wrong password (sign-in page or password grant, both count failures here) locks an account
/// for <see cref="AccountRules.LockoutDuration"/>: once per lockout, in the same save as the lockout itself. Nobody is
/// signed in when that happens, so the actor is <see cref="Actor"/>, without unit or roles.
/// </summary>
internal sealed class AuditedUserManager(
    IUserStore<UserAccount> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<UserAccount> passwordHasher,
    IEnumerable<IUserValidator<UserAccount>> userValidators,
    IEnumerable<IPasswordValidator<UserAccount>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<UserAccount>> logger,
    IdentityDbContext db,
    TimeProvider clock)
    : UserManager<UserAccount>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>The actor of a lockout: whoever typed the wrong passwords, who is not known.</summary>
    public const string Actor = "signin";

    public override async Task<IdentityResult> AccessFailedAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // The base counts the failure and, at the limit, sets the lockout end and saves: the line joins that save.
        AuditEntry? line = null;
        if (SupportsUserLockout && await GetLockoutEnabledAsync(user) && !await IsLockedOutAsync(user)
            && await GetAccessFailedCountAsync(user) + 1 >= Options.Lockout.MaxFailedAccessAttempts)
        {
            var now = clock.GetUtcNow();
            line = AuditEntry.Create(Actor, null, [], IdentityAuditActions.SignInLockedOut, IdentityAuditActions.SubjectUser, user.Id.ToString(),
                $"{user.UserName}; {Options.Lockout.MaxFailedAccessAttempts} wrong passwords in a row; locked until {(now + Options.Lockout.DefaultLockoutTimeSpan):O}",
                now);
            db.AuditEntries.Add(line);
        }
        var result = await base.AccessFailedAsync(user);
        if (line is not null && db.Entry(line).State == EntityState.Added)
        {
            // The save failed (another request changed the account first): no lockout, so no line either.
            db.Entry(line).State = EntityState.Detached;
        }
        return result;
    }
}
