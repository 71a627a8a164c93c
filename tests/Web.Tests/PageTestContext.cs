using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

/// <summary>A bUnit context for a page: MudBlazor, the localiser, <paramref name="api"/> as the gateway and a signed-in user of one role and unit.</summary>
internal static class PageTestContext
{
    public static BunitContext Create(FakePlatformApi api, string role, Guid unitId)
    {
        var bunit = new BunitContext();
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton<Loc>();
        bunit.Services.AddSingleton(TimeProvider.System);
        bunit.Services.AddSingleton<IPlatformApi>(api);
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = bunit.AddAuthorization();
        auth.SetAuthorized(role.ToLowerInvariant());
        auth.SetRoles(role);
        auth.SetClaims(new Claim("unit_id", unitId.ToString()));
        return bunit;
    }
}
