using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

/// <summary>
/// The register lists the official documents; the obligations the coordination service writes for signed programmes
/// ("…/CTPH") appear only when the officer asks for them, and the list starts again at page 1.
/// </summary>
public sealed class DocumentRegisterTests : IAsyncLifetime
{
    private readonly FakePlatformApi _api = new();
    private BunitContext? _bunit;

    [Fact]
    public void Programme_obligations_are_listed_only_when_the_switch_asks_for_them()
    {
        var directive = new DocumentSummary(Guid.NewGuid(), "Directive", "Issued", "03/CT-TTg", new DateOnly(2026, 1, 30), "Thủ tướng Chính phủ", "Về tăng cường các giải pháp ngăn chặn, đẩy lùi bạo lực học đường");
        var obligation = new DocumentSummary(Guid.NewGuid(), "Dispatch", "Issued", "12/CTPH", new DateOnly(2026, 9, 5), "Chương trình phối hợp", "Nghĩa vụ của chương trình phối hợp");
        _api.On(HttpMethod.Get, "api/tasks/documents", call => call.Path.Contains("includeCoordination=true", StringComparison.Ordinal)
            ? new Paged<DocumentSummary>([directive, obligation], 1, 20, 2)
            : new Paged<DocumentSummary>([directive], 1, 20, 1));
        _bunit = PageTestContext.Create(_api, PlatformRoles.DepartmentOfficer, DemoUnitIds.For(DemoUnitIds.DepartmentOffice));

        var page = _bunit.Render<Documents>();

        page.WaitForAssertion(() => Assert.Contains("ngăn chặn, đẩy lùi bạo lực học đường", page.Find("[data-testid=document-table]").TextContent));
        Assert.DoesNotContain("Chương trình phối hợp", page.Find("[data-testid=document-table]").TextContent);
        Assert.All(_api.CallsTo(HttpMethod.Get, "api/tasks/documents"), c => Assert.DoesNotContain("includeCoordination", c.Path));

        page.Find("input[data-testid=include-coordination], [data-testid=include-coordination] input").Change(true);

        page.WaitForAssertion(() => Assert.Contains("Chương trình phối hợp", page.Find("[data-testid=document-table]").TextContent));
        var last = _api.CallsTo(HttpMethod.Get, "api/tasks/documents").Last().Path;
        Assert.Contains("includeCoordination=true", last);
        Assert.Contains("page=1&", last);
        RenderedText.AssertNoRawCodes(page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_bunit is not null) await _bunit.DisposeAsync();
    }
}
