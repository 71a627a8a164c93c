using System.Security.Claims;
using OpenIddict.Abstractions;
using Platform.Identity.Apis;
using Platform.Identity.Domain;
using Platform.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Tests;

public sealed class DemoUnitIdsTests
{
    [Fact]
    public void Name_based_uuid_matches_the_RFC_4122_version_5_reference_value()
    {
        // uuid5(NAMESPACE_DNS, "python.org"), the value every implementation documents.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), DemoUnitIds.NameBased(dns, "python.org"));
    }

    [Theory]
    [InlineData(DemoUnitIds.Department, "8bd29f8a-5e7a-58e5-bc45-6270b207fc33")]
    [InlineData(DemoUnitIds.DepartmentOffice, "5aa63c7a-267d-5b68-90e9-c4293ed2a9f7")]
    [InlineData(DemoUnitIds.LeChanDistrictOffice, "053c98cf-43a9-5e4a-9153-fe0e89a5bfa2")]
    [InlineData(DemoUnitIds.LeChanLowerSecondarySchool, "0f3c5ac8-a22f-5031-91a7-048fd09968da")]
    [InlineData(DemoUnitIds.NgoQuyenUpperSecondarySchool, "cb3de15a-2cf6-56b1-81ae-748fe2591c09")]
    [InlineData(DemoUnitIds.CityPolice, "32b45629-60b3-5357-9ce4-938c0de676f9")]
    public void Demo_unit_ids_are_version_5_uuids_of_the_unit_code(string code, string expected)
    {
        var id = DemoUnitIds.For(code);
        Assert.Equal(new Guid(expected), id);
        Assert.Equal(5, id.Version);
        Assert.Equal(id, DemoUnitIds.For(code));
    }
}

public sealed class TokenClaimsTests
{
    private static readonly AccountSnapshot Principal = new(
        Guid.CreateVersion7(), "school.principal", "Hiệu trưởng", DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool),
        DemoUnitIds.LeChanLowerSecondarySchool, [PlatformRoles.SchoolStaff, PlatformRoles.SchoolManager]);

    [Fact]
    public void Account_identity_carries_the_platform_claims_and_every_claim_reaches_the_access_token()
    {
        var identity = TokenClaims.ForAccount(Principal, [Scopes.OpenId, Scopes.Profile, "api", "unknown-scope"]);

        Assert.Equal(Principal.Id.ToString(), identity.GetClaim(Claims.Subject));
        Assert.Equal("Hiệu trưởng", identity.GetClaim(Claims.Name));
        Assert.Equal("school.principal", identity.GetClaim(Claims.PreferredUsername));
        Assert.Equal(Principal.UnitId.ToString(), identity.GetClaim("unit_id"));
        Assert.Equal(DemoUnitIds.LeChanLowerSecondarySchool, identity.GetClaim("unit_code"));
        Assert.Equal([PlatformRoles.SchoolManager, PlatformRoles.SchoolStaff], identity.GetClaims(Claims.Role).ToArray());
        Assert.Equal([Scopes.OpenId, Scopes.Profile, "api"], identity.GetScopes().ToArray());
        Assert.Equal(["platform-api"], identity.GetResources().ToArray());
        Assert.All(identity.Claims.Where(c => !c.Type.StartsWith("oi_", StringComparison.Ordinal)),
            claim => Assert.Contains(Destinations.AccessToken, claim.GetDestinations()));
        Assert.Contains(Destinations.IdentityToken, identity.FindFirst("unit_id")!.GetDestinations());
    }

    [Fact]
    public void Profile_claims_stay_out_of_the_identity_token_without_the_profile_scope()
    {
        var identity = TokenClaims.ForAccount(Principal, [Scopes.OpenId, "api"]);

        Assert.DoesNotContain(Destinations.IdentityToken, identity.FindFirst(Claims.Name)!.GetDestinations());
        Assert.Contains(Destinations.AccessToken, identity.FindFirst(Claims.Name)!.GetDestinations());
    }

    [Fact]
    public void Machine_client_identity_is_the_client_with_its_roles_and_unit()
    {
        var unit = DemoUnitIds.For(DemoUnitIds.CityPolice);
        var identity = TokenClaims.ForClient("police-system", "Công an", [PlatformRoles.PoliceLiaison], unit, ["api"]);

        Assert.Equal("police-system", identity.GetClaim(Claims.Subject));
        Assert.Equal(unit.ToString(), identity.GetClaim("unit_id"));
        Assert.Equal([PlatformRoles.PoliceLiaison], identity.GetClaims(Claims.Role).ToArray());
    }
}

public sealed class AccountRulesTests
{
    [Fact]
    public void Roles_are_matched_case_insensitively_deduplicated_and_unknown_ones_reported()
    {
        var (roles, unknown) = AccountRules.ParseRoles(["schoolmanager", "SchoolManager", "Auditor", "Principal", null]);

        Assert.Equal([PlatformRoles.SchoolManager, PlatformRoles.Auditor], roles);
        Assert.Equal(["Principal", "null"], unknown);
    }

    [Theory]
    [InlineData("Lê Chân", "le chan")]
    [InlineData("Đồ  Sơn", "do son")]
    [InlineData("  NGÔ Quyền ", "ngo quyen")]
    public void Search_text_is_folded_without_diacritics(string text, string folded) =>
        Assert.Equal(folded, VietnameseText.Fold(text));

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/connect/authorize?client_id=x", "/connect/authorize?client_id=x")]
    [InlineData("//evil.example/path", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("http://evil.example/", "/")]
    public void Sign_in_page_returns_only_to_local_paths(string? returnUrl, string expected) =>
        Assert.Equal(expected, LoginPage.SafeReturnUrl(returnUrl));
}
