using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using Platform.Identity.Domain;
using Platform.Identity.Extensions;
using Platform.Messaging;
using Platform.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Infrastructure;

/// <summary>The token server's clients, as the platform knows them.</summary>
public static class PlatformClients
{
    /// <summary>The web client: authorization code with PKCE, public.</summary>
    public const string Web = "platform-web";

    /// <summary>The police coordination system: client credentials, confidential.</summary>
    public const string PoliceSystem = "police-system";

    /// <summary>
    /// The reporting service's background jobs (opening periods of schedules addressed to recipient groups):
    /// client credentials, confidential. Its tokens read, province-wide, and write nothing (role Auditor).
    /// </summary>
    public const string ReportingService = "reporting-service";

    /// <summary>
    /// The tasks service's background work (the demo documents, which resolve recipient groups as of their dates):
    /// client credentials, confidential. Like reporting's, its tokens read province-wide and write nothing (role Auditor).
    /// </summary>
    public const string TasksService = "tasks-service";

    /// <summary>Scripts and tests, Development only: password grant, public.</summary>
    public const string Cli = "platform-cli";

    /// <summary>Roles a machine client's tokens carry.</summary>
    public static IReadOnlyList<string> RolesOf(string clientId) => clientId switch
    {
        PoliceSystem => [PlatformRoles.PoliceLiaison],
        ReportingService => [PlatformRoles.Auditor],
        TasksService => [PlatformRoles.Auditor],
        _ => [],
    };

    /// <summary>The unit a machine client acts for (<c>unit_id</c> of its tokens).</summary>
    public static Guid? UnitOf(string clientId, IdentityServiceOptions options) => clientId switch
    {
        PoliceSystem => options.PoliceSystemUnitId,
        ReportingService => options.ReportingServiceUnitId,
        TasksService => options.TasksServiceUnitId,
        _ => null,
    };
}

/// <summary>
/// Makes the roles and clients match the configuration at every start: creates what is missing,
/// updates redirect URIs and secrets, and removes the development-only client outside Development.
/// </summary>
internal sealed class ClientSeeder(
    IOpenIddictApplicationManager applications,
    RoleManager<IdentityRole<Guid>> roles,
    IdentityServiceOptions options,
    IHostEnvironment environment,
    ILogger<ClientSeeder> logger) : IDatabaseSeeder<IdentityDbContext>
{
    private const string ApiScopePermission = Permissions.Prefixes.Scope + TokenClaims.ApiScope;

    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        foreach (var role in PlatformRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                ThrowIfFailed(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }), $"role {role}");
            }
        }

        await UpsertAsync(WebClient(), cancellationToken);

        if (options.PoliceSystemSecret is { Length: > 0 } secret)
        {
            await UpsertAsync(PoliceSystemClient(secret), cancellationToken);
        }
        else
        {
            logger.LogWarning("Identity:PoliceSystemSecret is not configured: the {Client} client is not registered", PlatformClients.PoliceSystem);
        }

        if (options.ReportingServiceSecret is { Length: > 0 } reportingSecret)
        {
            await UpsertAsync(ReportingServiceClient(reportingSecret), cancellationToken);
        }
        else
        {
            logger.LogWarning("Identity:ReportingServiceSecret is not configured: the {Client} client is not registered", PlatformClients.ReportingService);
        }

        if (options.TasksServiceSecret is { Length: > 0 } tasksSecret)
        {
            await UpsertAsync(MachineClient(PlatformClients.TasksService, tasksSecret, "Dịch vụ nhiệm vụ (tác vụ nền)"), cancellationToken);
        }
        else
        {
            logger.LogWarning("Identity:TasksServiceSecret is not configured: the {Client} client is not registered", PlatformClients.TasksService);
        }

        if (environment.IsDevelopment())
        {
            await UpsertAsync(CliClient(), cancellationToken);
        }
        else if (await applications.FindByClientIdAsync(PlatformClients.Cli, cancellationToken) is { } cli)
        {
            await applications.DeleteAsync(cli, cancellationToken);
            logger.LogWarning("Removed the development-only client {Client} from a non-development database", PlatformClients.Cli);
        }
    }

    private OpenIddictApplicationDescriptor WebClient()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = PlatformClients.Web,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Hệ thống điều hành (web)",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, ApiScopePermission,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in options.WebRedirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        foreach (var uri in options.WebPostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        return descriptor;
    }

    private static OpenIddictApplicationDescriptor PoliceSystemClient(string secret) => new()
    {
        ClientId = PlatformClients.PoliceSystem,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        DisplayName = "Hệ thống điều phối của Công an",
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, ApiScopePermission },
    };

    private static OpenIddictApplicationDescriptor ReportingServiceClient(string secret) => new()
    {
        ClientId = PlatformClients.ReportingService,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        DisplayName = "Dịch vụ báo cáo (tác vụ nền)",
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, ApiScopePermission },
    };

    private static OpenIddictApplicationDescriptor MachineClient(string clientId, string secret, string displayName) => new()
    {
        ClientId = clientId,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        DisplayName = displayName,
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, ApiScopePermission },
    };

    private static OpenIddictApplicationDescriptor CliClient() => new()
    {
        ClientId = PlatformClients.Cli,
        ClientType = ClientTypes.Public,
        DisplayName = "Platform CLI (development only)",
        Permissions =
        {
            Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken,
            Permissions.Scopes.Profile, ApiScopePermission,
        },
    };

    private async Task UpsertAsync(OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            logger.LogInformation("Registered client {Client}", descriptor.ClientId);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    private static void ThrowIfFailed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
