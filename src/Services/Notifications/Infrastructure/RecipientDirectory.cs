using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Infrastructure;

/// <summary>
/// Learns people from their tokens: every call to this service records the caller's unit, roles and name
/// (and email when the token carries an <c>email</c> claim), so routing reaches someone identity has not
/// told about. Once identity's account events have described a person they are the truth: a token (which
/// may predate a role change by up to its lifetime) then only marks the person as seen.
/// </summary>
public sealed class RecipientDirectory(NotificationsDbContext db, TimeProvider clock)
{
    public const string EmailClaim = "email";

    public async Task TouchAsync(PlatformUser user, string? email, CancellationToken ct)
    {
        if (!user.IsAuthenticated || user.Id.Length is 0 or > Domain.Recipient.IdMax)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUniversalTime();
        var roles = user.Roles.Order(StringComparer.Ordinal).ToArray();
        var name = user.Name.Length > Domain.Recipient.NameMax ? user.Name[..Domain.Recipient.NameMax] : user.Name;
        email = string.IsNullOrWhiteSpace(email) || email.Length > Domain.Recipient.EmailMax ? null : email.Trim();
        // One statement, safe under concurrent first calls; writes only when something changed or an hour passed.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO recipients (user_id, unit_id, roles, email, display_name, source, is_active, updated_at, last_seen_at)
            VALUES ({user.Id}, {user.UnitId}, {roles}, {email}, {name}, 'token', TRUE, {now}, {now})
            ON CONFLICT (user_id) DO UPDATE SET
                unit_id = CASE WHEN recipients.source = 'identity' THEN recipients.unit_id ELSE EXCLUDED.unit_id END,
                roles = CASE WHEN recipients.source = 'identity' THEN recipients.roles ELSE EXCLUDED.roles END,
                display_name = CASE WHEN recipients.source = 'identity' THEN recipients.display_name ELSE EXCLUDED.display_name END,
                email = CASE WHEN recipients.source = 'identity' THEN recipients.email ELSE COALESCE(EXCLUDED.email, recipients.email) END,
                source = CASE WHEN recipients.source = 'identity'
                                OR (recipients.unit_id = EXCLUDED.unit_id AND recipients.roles = EXCLUDED.roles) THEN recipients.source
                              ELSE 'token' END,
                updated_at = CASE WHEN recipients.source = 'identity' THEN recipients.updated_at ELSE EXCLUDED.updated_at END,
                last_seen_at = EXCLUDED.last_seen_at
            WHERE (recipients.source <> 'identity' AND (
                     recipients.unit_id IS DISTINCT FROM EXCLUDED.unit_id
                  OR recipients.roles IS DISTINCT FROM EXCLUDED.roles
                  OR recipients.display_name IS DISTINCT FROM EXCLUDED.display_name
                  OR (EXCLUDED.email IS NOT NULL AND recipients.email IS DISTINCT FROM EXCLUDED.email)))
               OR recipients.last_seen_at IS NULL
               OR recipients.last_seen_at < EXCLUDED.last_seen_at - INTERVAL '1 hour'
            """, ct);
    }
}

/// <summary>Records the caller as a recipient before any notifications endpoint runs.</summary>
public sealed class RecipientSyncFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.RequestServices.GetRequiredService<PlatformUser>();
        await http.RequestServices.GetRequiredService<RecipientDirectory>()
            .TouchAsync(user, http.User.FindFirst(RecipientDirectory.EmailClaim)?.Value, http.RequestAborted);
        return await next(context);
    }
}
