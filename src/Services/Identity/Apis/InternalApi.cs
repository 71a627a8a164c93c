using Microsoft.EntityFrameworkCore;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Apis;

/// <summary>
/// Service-to-service endpoints on identity's own address; the gateway routes none of them to the outside.
/// </summary>
public static class InternalApi
{
    public const string LockedAccountsPath = "/internal/locked-accounts";

    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder app)
    {
        // Every service polls this to refuse, within its poll interval, the still-unexpired access tokens of
        // accounts an administrator has locked (see AuthenticationDefaults). It names opaque account ids only,
        // and only administrators' locks: a lockout after failed sign-ins, which anyone can cause, must not
        // end the account holder's sessions.
        app.MapGet(LockedAccountsPath, async (IdentityDbContext db, CancellationToken ct) => TypedResults.Ok(new LockedAccountsResponse(
                await db.Users.AsNoTracking().Where(u => u.LockoutEnd >= AccountRules.AdminLockEnd).Select(u => u.Id).ToListAsync(ct))))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}

public sealed record LockedAccountsResponse(IReadOnlyList<Guid> UserIds);
