using System.Security.Claims;

namespace Platform.ServiceDefaults;

/// <summary>The signed-in caller as the platform's access tokens describe them.</summary>
public sealed record PlatformUser(string Id, string Name, Guid UnitId, IReadOnlySet<string> Roles)
{
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";
    public const string UnitClaim = "unit_id";
    public const string RoleClaim = "role";

    /// <summary>Stands in where no caller is signed in (health checks, anonymous endpoints); has no unit and no roles.</summary>
    public static readonly PlatformUser Anonymous = new("", "", Guid.Empty, new HashSet<string>());

    public bool IsAuthenticated => UnitId != Guid.Empty;

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>Department-level roles see the whole province; everyone else sees their unit's subtree.</summary>
    public bool IsProvinceWide => PlatformRoles.ProvinceWide.Any(Roles.Contains);

    /// <summary>Reads the caller from a validated principal; null when a claim the platform relies on is missing.</summary>
    public static PlatformUser? From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(SubjectClaim);
        if (id is null || !Guid.TryParse(principal.FindFirstValue(UnitClaim), out var unitId))
        {
            return null;
        }
        var roles = principal.FindAll(RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new PlatformUser(id, principal.FindFirstValue(NameClaim) ?? id, unitId, roles);
    }
}
