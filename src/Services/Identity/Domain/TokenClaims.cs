using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Platform.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Domain;

/// <summary>What an access token says about an account, as of the moment it is issued.</summary>
public sealed record AccountSnapshot(Guid Id, string UserName, string DisplayName, Guid UnitId, string UnitCode, IReadOnlyCollection<string> Roles);

/// <summary>
/// The claims contract every service relies on: <c>sub</c>, <c>name</c>, <c>preferred_username</c>,
/// <c>unit_id</c> (plus <c>unit_code</c> for display), one <c>role</c> per role, <c>scope</c>, and the
/// audience <c>platform-api</c>.
/// </summary>
public static class TokenClaims
{
    public const string UnitId = PlatformUser.UnitClaim;
    public const string UnitCode = "unit_code";

    /// <summary>The scope that grants access to the platform's APIs.</summary>
    public const string ApiScope = "api";

    /// <summary>The audience (<c>aud</c>) of every access token for the platform's APIs.</summary>
    public const string ApiAudience = AuthenticationDefaults.Audience;

    public static readonly IReadOnlyList<string> SupportedScopes = [Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, ApiScope];

    /// <summary>The requested scopes the platform knows, in a stable order.</summary>
    public static IReadOnlyList<string> GrantableScopes(IEnumerable<string> requested)
    {
        var set = requested.ToHashSet(StringComparer.Ordinal);
        return SupportedScopes.Where(set.Contains).ToList();
    }

    public static ClaimsIdentity ForAccount(AccountSnapshot account, IEnumerable<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.PreferredUsername, account.UserName)
            .SetClaim(UnitId, account.UnitId.ToString())
            .SetClaim(UnitCode, account.UnitCode)
            .SetClaims(Claims.Role, [.. account.Roles.Order(StringComparer.Ordinal)]);
        return Finish(identity, scopes);
    }

    /// <summary>A machine client (client credentials): the subject is the client itself.</summary>
    public static ClaimsIdentity ForClient(string clientId, string displayName, IReadOnlyCollection<string> roles, Guid? unitId, IEnumerable<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(Claims.Name, displayName)
            .SetClaims(Claims.Role, [.. roles]);
        if (unitId is { } unit)
        {
            identity.SetClaim(UnitId, unit.ToString());
        }
        return Finish(identity, scopes);
    }

    /// <summary>
    /// Every claim goes to the access token (services authorise by it). Profile claims also go to the
    /// identity token when the client asked for the profile scope.
    /// </summary>
    public static IEnumerable<string> DestinationsOf(Claim claim, ClaimsPrincipal principal)
    {
        yield return Destinations.AccessToken;
        if (claim.Type is Claims.Name or Claims.PreferredUsername or UnitId or UnitCode or Claims.Role
            && principal.HasScope(Scopes.Profile))
        {
            yield return Destinations.IdentityToken;
        }
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static ClaimsIdentity Finish(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.SetScopes(GrantableScopes(scopes));
        identity.SetResources(ApiAudience);
        var principal = new ClaimsPrincipal(identity);
        identity.SetDestinations(claim => DestinationsOf(claim, principal));
        return identity;
    }
}
