using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;
using Platform.Web.Extensions;

namespace Platform.Web.Tests;

public sealed class ProgrammePageTests : IAsyncLifetime
{
    private static readonly Guid DistrictId = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid LeChanId = Guid.Parse("0190f2a1-0000-7000-8000-000000000301");
    private static readonly Guid ProgrammeId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000c1");
    private static readonly Guid DocumentId = Guid.Parse("0190f2a1-0000-7000-8000-0000000000d1");
    private static readonly string ProgrammePath = $"api/coordination/programmes/{ProgrammeId}";
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public ProgrammePageTests() => _bunit = PageTestContext.Create(_api, PlatformRoles.DistrictOfficer, DistrictId);

    private static ProgrammeDetail Programme(string status, DateOnly? signedOn, SignedCopyInfo? copy) => new(ProgrammeId,
        "Phối hợp bảo đảm an ninh trật tự trường học 2026–2027", "CT-01/2026", new UnitLabel(DistrictId, "PGD-LC", "Phòng GDĐT Lê Chân", "DistrictEducationOffice"),
        DocumentId, "12/QĐ-PGDĐT", new DateOnly(2026, 1, 5), ["SchoolSecurityAndOrder", "TrafficSafety"], new DateOnly(2026, 1, 15), new DateOnly(2027, 6, 30),
        status, signedOn, null, null,
        [
            new ProgrammeParty(LeChanId, "THCS Lê Chân", "School", null, false),
            new ProgrammeParty(null, "Công an quận Lê Chân", "DistrictPolice", "LC", true),
        ],
        [new ProgrammeObligation(Guid.NewGuid(), "Báo cáo tình hình an ninh trường học", "Quarterly", LeChanId, new DateOnly(2026, 3, 31), true)],
        copy);

    [Fact]
    public void A_signed_programme_shows_parties_scope_validity_in_vietnamese_dates_and_the_signed_copy_link()
    {
        _api.On(HttpMethod.Get, ProgrammePath, _ => Programme("Signed", new DateOnly(2026, 1, 10),
            new SignedCopyInfo("ban-ky.pdf", "application/pdf", 250_000, "abc", new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero), "district.officer")));

        var page = _bunit.Render<ProgrammePage>(p => p.Add(x => x.Id, ProgrammeId));

        var parties = page.Find("[data-testid=parties]").TextContent;
        Assert.Contains("THCS Lê Chân", parties);
        Assert.Contains("Công an quận Lê Chân", parties);
        Assert.Contains("Cơ quan ngoài ngành", parties);
        Assert.Contains("Công an quận/huyện", parties);
        var scope = page.FindAll("[data-testid=scope] li").Select(li => li.TextContent).ToList();
        Assert.Equal(["Bảo đảm an ninh, an toàn, trật tự trường học", "Trật tự, an toàn giao thông cho học sinh"], scope);
        Assert.Contains("15/01/2026 – 30/06/2027", page.Find("[data-testid=validity]").TextContent);
        Assert.Equal("10/01/2026", page.Find("[data-testid=signed-on]").TextContent.Trim());
        Assert.Contains("12/QĐ-PGDĐT ngày 05/01/2026", page.Find("[data-testid=establishing-document]").TextContent.Replace("\n", " ").Replace("  ", " "));
        var link = page.Find("[data-testid=signed-copy] a");
        Assert.Equal($"download/coordination/programmes/{ProgrammeId}/signed-copy", link.GetAttribute("href"));
        Assert.Equal("ban-ky.pdf", link.TextContent.Trim());
        Assert.True(WebServiceExtensions.DownloadAllowed($"coordination/programmes/{ProgrammeId}/signed-copy"));
        Assert.False(WebServiceExtensions.DownloadAllowed("coordination/programmes/not-an-id/signed-copy"));
        var obligation = page.Find("[data-testid=obligations] tbody tr").TextContent;
        Assert.Contains("Hằng quý", obligation);
        Assert.Contains("31/03/2026", obligation);
        Assert.Empty(page.FindAll("[data-testid=sign-programme]"));
    }

    [Fact]
    public void A_draft_without_a_copy_says_so_and_signing_it_shows_the_signed_programme()
    {
        _api.On(HttpMethod.Get, ProgrammePath, _ => Programme("Draft", null, null));
        _api.On(HttpMethod.Post, $"{ProgrammePath}/sign", _ => Programme("Signed", new DateOnly(2026, 12, 2), null));
        var page = _bunit.Render<ProgrammePage>(p => p.Add(x => x.Id, ProgrammeId));
        Assert.Contains("Chưa có", page.Find("[data-testid=signed-copy]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=signed-copy] a"));
        Assert.Equal("—", page.Find("[data-testid=signed-on]").TextContent.Trim());

        page.Find("[data-testid=sign-programme]").Click();

        // MudBlazor's button hands the click on asynchronously: wait for the call and the render it causes.
        page.WaitForAssertion(() => Assert.Single(_api.CallsTo(HttpMethod.Post, $"{ProgrammePath}/sign")));
        page.WaitForAssertion(() => Assert.Equal("02/12/2026", page.Find("[data-testid=signed-on]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=sign-programme]"));
    }

    [Fact]
    public void Signing_refused_by_the_api_shows_its_problem_and_keeps_the_draft()
    {
        _api.On(HttpMethod.Get, ProgrammePath, _ => Programme("Draft", null, null));
        _api.On(HttpMethod.Post, $"{ProgrammePath}/sign", _ => new ApiProblem(403, "Bạn chỉ được xem chương trình này.", null, ApiProblem.NoErrors));
        var page = _bunit.Render<ProgrammePage>(p => p.Add(x => x.Id, ProgrammeId));

        page.Find("[data-testid=sign-programme]").Click();

        page.WaitForAssertion(() => Assert.Contains("Bạn chỉ được xem chương trình này.", page.Find("[data-testid=problem]").TextContent));
        Assert.NotNull(page.Find("[data-testid=sign-programme]"));
        Assert.Equal("—", page.Find("[data-testid=signed-on]").TextContent.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
