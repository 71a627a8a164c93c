using System.Text.RegularExpressions;
using Platform.ServiceDefaults;
using Platform.Web.Api;
using Platform.Web.Components.Pages;

namespace Platform.Web.Tests;

public sealed partial class UnitHistoryTests : IAsyncLifetime
{
    private static readonly Guid OfficeId = Guid.Parse("0190f2a1-0000-7000-8000-000000000201");
    private static readonly Guid DepartmentId = Guid.Parse("0190f2a1-0000-7000-8000-000000000101");
    private static readonly Guid KienThuyId = Guid.Parse("0190f2a1-0000-7000-8000-000000000202");
    private static readonly Guid OldOfficeId = Guid.Parse("0190f2a1-0000-7000-8000-000000000203");
    private static readonly Guid WardId = Guid.Parse("0190f2a1-0000-7000-8000-000000000401");
    private readonly FakePlatformApi _api = new();
    private readonly BunitContext _bunit;

    public UnitHistoryTests()
    {
        _bunit = PageTestContext.Create(_api, PlatformRoles.DistrictOfficer, OfficeId);
        _api.On(HttpMethod.Get, $"api/units/{OfficeId}", _ => Unit(OfficeId, "PGDDT-THUYNGUYEN", "Phòng GDĐT thành phố Thủy Nguyên", "DistrictEducationOffice", "Dissolved"));
        _api.On(HttpMethod.Get, $"api/units/{WardId}", _ => Unit(WardId, "UBND-PTHUYNGUYEN", "UBND phường Thủy Nguyên", "WardPeoplesCommittee", "Active"));
        // As the units service writes GET /api/units/{id}/history: ISO dates, ids, enum names, the change log.
        _api.On(HttpMethod.Get, $"api/units/{OfficeId}/history", _ => new
        {
            unit = Unit(OfficeId, "PGDDT-THUYNGUYEN", "Phòng GDĐT thành phố Thủy Nguyên", "DistrictEducationOffice", "Dissolved"),
            periods = new object[]
            {
                new { validFrom = new DateOnly(2024, 1, 1), validTo = (DateOnly?)new DateOnly(2025, 1, 1), name = "Phòng GDĐT huyện Thủy Nguyên", shortName = "PGD Thủy Nguyên", parentId = (Guid?)DepartmentId, parentCode = "SGDDT-HP" },
                new { validFrom = new DateOnly(2025, 1, 1), validTo = (DateOnly?)new DateOnly(2025, 7, 1), name = "Phòng GDĐT thành phố Thủy Nguyên", shortName = (string?)null, parentId = (Guid?)DepartmentId, parentCode = (string?)null },
            },
            changes = new[] { new { id = Guid.NewGuid(), kind = "Dissolved", effectiveDate = new DateOnly(2025, 7, 1), summary = "Giải thể", relatedUnitIds = new[] { WardId } } },
            predecessors = new[]
            {
                new { id = OldOfficeId, code = "PGDDT-CU", name = "Phòng GDĐT cũ", how = "Split", effectiveDate = new DateOnly(2024, 1, 1) },
                new { id = KienThuyId, code = "PGDDT-KIENTHUY", name = "Phòng GDĐT huyện Kiến Thụy", how = "Merged", effectiveDate = new DateOnly(2025, 1, 1) },
            },
            successors = new[] { new { id = WardId, code = "UBND-PTHUYNGUYEN", name = "UBND phường Thủy Nguyên", how = "Dissolved", effectiveDate = new DateOnly(2025, 7, 1) } },
        });
        _api.On(HttpMethod.Get, $"api/units/{WardId}/history", _ => new
        {
            unit = Unit(WardId, "UBND-PTHUYNGUYEN", "UBND phường Thủy Nguyên", "WardPeoplesCommittee", "Active"),
            periods = new[] { new { validFrom = new DateOnly(2025, 7, 1), validTo = (DateOnly?)null, name = "UBND phường Thủy Nguyên", shortName = (string?)null, parentId = (Guid?)null, parentCode = (string?)null } },
            changes = Array.Empty<object>(),
            predecessors = new[] { new { id = OfficeId, code = "PGDDT-THUYNGUYEN", name = "Phòng GDĐT thành phố Thủy Nguyên", how = "Dissolved", effectiveDate = new DateOnly(2025, 7, 1) } },
            successors = Array.Empty<object>(),
        });
    }

    private static UnitInfo Unit(Guid id, string code, string name, string kind, string status) =>
        new(id, code, name, null, kind, DepartmentId, status, "HP-THUYNGUYEN", null, null, null, null, null);

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-|\\d{4}-\\d{2}-\\d{2}|Dissolved|Merged|Split|DistrictEducationOffice|WardPeoplesCommittee|Active")]
    private static partial Regex CodeText();

    [Fact]
    public void A_units_history_reads_as_a_timeline_in_vietnamese_with_its_predecessors_and_successors()
    {
        var page = _bunit.Render<Units>();
        page.WaitForAssertion(() => page.Find("[data-testid=unit-tree] a"));
        page.Find("[data-testid=unit-tree] a").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=unit-history]"));
        var detail = page.Find("[data-testid=unit-detail]").TextContent;
        Assert.Contains("Phòng GDĐT", detail); // the kind by name
        Assert.Contains("Đã giải thể", detail);
        Assert.Contains("Lịch sử", page.Find("[data-testid=unit-history]").TextContent);

        var periods = page.FindAll("[data-testid=period-dates]").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal(["01/01/2024 – 31/12/2024", "01/01/2025 – 30/06/2025"], periods);
        var timeline = page.Find("[data-testid=unit-periods]").TextContent;
        Assert.Contains("Phòng GDĐT huyện Thủy Nguyên", timeline);
        Assert.Contains("(PGD Thủy Nguyên)", timeline);
        Assert.Contains("Đơn vị cấp trên: SGDDT-HP", timeline);
        Assert.Contains("Đơn vị cấp trên: ngoài phạm vi bạn được xem", timeline);

        var predecessors = page.FindAll("[data-testid=unit-predecessors] li").Select(l => l.TextContent).ToList();
        Assert.Contains("Phòng GDĐT cũ (PGDDT-CU) — Chia tách ngày 01/01/2024", predecessors[0]);
        Assert.Contains("Phòng GDĐT huyện Kiến Thụy (PGDDT-KIENTHUY) — Sáp nhập ngày 01/01/2025", predecessors[1]);
        var successor = Assert.Single(page.FindAll("[data-testid=unit-successors] li")).TextContent;
        Assert.Contains("UBND phường Thủy Nguyên (UBND-PTHUYNGUYEN) — Giải thể ngày 01/07/2025", successor);

        // No id, enum name or ISO date reaches the reader.
        Assert.DoesNotMatch(CodeText(), detail);
    }

    [Fact]
    public void A_successor_in_the_history_opens_that_unit_with_its_own_history()
    {
        var page = _bunit.Render<Units>();
        page.WaitForAssertion(() => page.Find("[data-testid=unit-tree] a"));
        page.Find("[data-testid=unit-tree] a").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=unit-successors] a"));

        page.Find("[data-testid=unit-successors] a").Click();

        page.WaitForAssertion(() => Assert.Contains("UBND phường/xã", page.Find("[data-testid=unit-detail]").TextContent));
        Assert.Single(_api.CallsTo(HttpMethod.Get, $"api/units/{WardId}/history"));
        Assert.Equal("Từ 01/07/2025 đến nay", page.Find("[data-testid=period-dates]").TextContent.Trim());
        Assert.Contains("Không có đơn vị cấp trên", page.Find("[data-testid=unit-periods]").TextContent);
        Assert.Contains("Giải thể ngày 01/07/2025", page.Find("[data-testid=unit-predecessors]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=unit-successors]"));
        Assert.DoesNotMatch(CodeText(), page.Find("[data-testid=unit-detail]").TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
