using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Tests;

/// <summary>
/// The 2025 reform seen from reporting: on 01/07/2025 the district offices' schools move under the Culture–Society
/// divisions of the new communes, whose People's Committees have no parent — so the Department is no longer on
/// their chain. Views of a 2024 period still group by district office; views of a 2026 period group by commune
/// division, and the Department's province-wide figures still count the commune schools it asked to report.
/// </summary>
public sealed class ReformViewsTests(ReportingApiFactory factory) : IClassFixture<ReportingApiFactory>
{
    private static readonly Guid CommuneX = DemoUnitIds.For("T-UBND-X");
    private static readonly Guid DivisionX = DemoUnitIds.For("T-VHXH-X");
    private static readonly Guid CommuneY = DemoUnitIds.For("T-UBND-Y");
    private static readonly Guid DivisionY = DemoUnitIds.For("T-VHXH-Y");
    private static readonly DateOnly Reform = new(2025, 7, 1);

    private static readonly Dictionary<Guid, int> Sessions = new() { [Org.SchoolA1] = 1, [Org.SchoolA2] = 10, [Org.SchoolB1] = 100, [Org.UpperSchool] = 1000 };

    private async Task SubmitAndApproveAsync(Guid template, string period, Func<Guid, (Guid Unit, string Role)> reviewer)
    {
        foreach (var (unit, n) in Sessions)
        {
            var id = await TestApi.SubmissionIdAsync(factory, template, period, unit);
            await TestApi.SubmitAsync(factory, id, unit, TestApi.ValidValues(n));
            var (reviewerUnit, role) = reviewer(unit);
            await TestApi.ApproveAsync(factory, id, reviewerUnit, role);
        }
    }

    private static JsonElement Row(JsonElement completeness, Guid unit) =>
        completeness.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitId").GetGuid() == unit);

    private static HashSet<Guid> RowUnits(JsonElement completeness) =>
        completeness.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("unitId").GetGuid()).ToHashSet();

    [Fact]
    public async Task Views_of_2024_group_by_district_offices_and_views_of_2026_by_commune_divisions_with_the_Department_counting_commune_schools()
    {
        factory.Clock.Set(new DateOnly(2024, 5, 10));
        var template = await factory.CreateDemoTemplateAsync("REFORM");
        var schedule = await TestApi.CreateScheduleAsync(factory, template, "2024-05");
        await SubmitAndApproveAsync(template, "2024-05", unit => unit == Org.UpperSchool
            ? (Org.DepartmentOffice, PlatformRoles.DepartmentOfficer)
            : (unit == Org.SchoolB1 ? Org.DistrictB : Org.DistrictA, PlatformRoles.DistrictOfficer));

        // 01/07/2025: the communes and their divisions exist (no parent above the People's Committee) and the
        // district schools move under them, as the units service announces it.
        await using (var db = factory.NewDbContext())
        {
            UnitReplica U(Guid id, string code, string name, string kind, Guid? parent) =>
                new() { Id = id, Code = code, Name = name, Kind = kind, ParentId = parent, EffectiveFrom = Reform, SourceUpdatedAt = DateTimeOffset.UnixEpoch };
            db.UnitReplicas.AddRange(
                U(CommuneX, "T-UBND-X", "Ủy ban nhân dân phường X", "WardPeoplesCommittee", null),
                U(DivisionX, "T-VHXH-X", "Phòng Văn hóa – Xã hội phường X", "CommuneDivision", CommuneX),
                U(CommuneY, "T-UBND-Y", "Ủy ban nhân dân xã Y", "WardPeoplesCommittee", null),
                U(DivisionY, "T-VHXH-Y", "Phòng Văn hóa – Xã hội xã Y", "CommuneDivision", CommuneY));
            await db.SaveChangesAsync();
        }
        foreach (var (school, from, to) in new[] { (Org.SchoolA1, Org.DistrictA, DivisionX), (Org.SchoolA2, Org.DistrictA, DivisionX), (Org.SchoolB1, Org.DistrictB, DivisionY) })
        {
            await Moves.ApplyAsync(factory, new UnitMoved { UnitId = school, PreviousParentId = from, NewParentId = to, EffectiveDate = Reform, OccurredAt = DateTimeOffset.UtcNow });
        }

        // October 2026: the month is opened and reviewed by the commune divisions (the THPT by the Department).
        factory.Clock.Set(new DateOnly(2026, 10, 10));
        using var department = factory.Department();
        await (await department.PostAsync($"/api/reports/schedules/{schedule}/periods/2026-10/open", null)).Json(HttpStatusCode.OK);
        var octA1 = await Moves.ReportsOfAsync(factory, template, Org.SchoolA1);
        Assert.Equal([DivisionX, CommuneX], octA1["2026-10"].Chain);
        await SubmitAndApproveAsync(template, "2026-10", unit => unit == Org.UpperSchool
            ? (Org.DepartmentOffice, PlatformRoles.DepartmentOfficer)
            : (unit == Org.SchoolB1 ? DivisionY : DivisionX, PlatformRoles.DistrictOfficer));

        // A 2024 month opened only now (history entered late) is chained to the 2024 organisation, not today's.
        await (await department.PostAsync($"/api/reports/schedules/{schedule}/periods/2024-06/open", null)).Json(HttpStatusCode.OK);
        var lateHistory = await Moves.ReportsOfAsync(factory, template, Org.SchoolA1);
        Assert.Equal([Org.DistrictA, Org.Department], lateHistory["2024-06"].Chain);
        Assert.Equal([Org.DistrictB, Org.Department], (await Moves.ReportsOfAsync(factory, template, Org.SchoolB1))["2024-06"].Chain);
        // ...and the communes' units, set up in 2025, owe no report for 2024.
        Assert.Equal(4, (await TestApi.CompletenessAsync(department, template, "2024-06", Org.Department)).GetProperty("total").GetProperty("expected").GetInt32());

        department.DefaultRequestHeaders.AcceptLanguage.ParseAdd("vi");

        // 2024: grouped by district office, the THPT on its own row; the heading says districts.
        var may2024 = await TestApi.CompletenessAsync(department, template, "2024-05", Org.Department);
        Assert.Equal(new[] { Org.DistrictA, Org.DistrictB, Org.UpperSchool }.Order(), RowUnits(may2024).Order());
        Assert.Equal(2, Row(may2024, Org.DistrictA).GetProperty("total").GetProperty("expected").GetInt32());
        Assert.Equal(4, may2024.GetProperty("total").GetProperty("approved").GetInt32());
        Assert.Equal("Quận, huyện", may2024.GetProperty("groupLabel").GetString());

        // 2026: grouped by commune division; the Department's totals count the commune schools outside its subtree.
        var oct2026 = await TestApi.CompletenessAsync(department, template, "2026-10", Org.Department);
        Assert.Equal(new[] { DivisionX, DivisionY, Org.UpperSchool }.Order(), RowUnits(oct2026).Order());
        Assert.Equal(2, Row(oct2026, DivisionX).GetProperty("total").GetProperty("expected").GetInt32());
        Assert.Equal(1, Row(oct2026, DivisionY).GetProperty("total").GetProperty("approved").GetInt32());
        Assert.Equal(4, oct2026.GetProperty("total").GetProperty("expected").GetInt32());
        Assert.Equal(4, oct2026.GetProperty("total").GetProperty("approved").GetInt32());
        Assert.Equal("Xã, phường", oct2026.GetProperty("groupLabel").GetString());
        Assert.Equal("T-VHXH-X", Row(oct2026, DivisionX).GetProperty("code").GetString());

        // A range across the reform: each month by the organisation of its date (rows of both levels, each with its months).
        var across = await (await department.GetAsync($"/api/reports/completeness?templateId={template}&from=2024-05&to=2026-10&unitId={Org.Department}")).Json(HttpStatusCode.OK);
        var districtA = Row(across, Org.DistrictA).GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell").GetProperty("expected").GetInt32() > 0)
            .Select(c => c.GetProperty("period").GetString()).ToList();
        Assert.Equal(["2024-05", "2024-06"], districtA);
        var divisionX = Row(across, DivisionX).GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell").GetProperty("expected").GetInt32() > 0)
            .Select(c => c.GetProperty("period").GetString()).ToList();
        Assert.Equal(["2026-10"], divisionX);
        Assert.Equal("Địa bàn, đơn vị", across.GetProperty("groupLabel").GetString());

        // Consolidation: 2024 by district, 2026 by commune division, the Department's total always the whole province.
        var consolidated2024 = await TestApi.ConsolidatedAsync(department, template, "2024-05", Org.Department);
        Assert.Equal(1111, consolidated2024.Value("dissemination_sessions"));
        Assert.Equal(4, consolidated2024.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "dissemination_sessions").GetProperty("reports").GetInt32());
        Assert.Equal(11, consolidated2024.ChildValue(Org.DistrictA, "dissemination_sessions"));
        Assert.Equal(100, consolidated2024.ChildValue(Org.DistrictB, "dissemination_sessions"));
        Assert.Null(consolidated2024.ChildValue(DivisionX, "dissemination_sessions"));
        Assert.Equal("Quận, huyện", consolidated2024.GetProperty("childrenLabel").GetString());

        var consolidated2026 = await TestApi.ConsolidatedAsync(department, template, "2026-10", Org.Department);
        Assert.Equal(1111, consolidated2026.Value("dissemination_sessions"));
        Assert.Equal(4, consolidated2026.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "dissemination_sessions").GetProperty("reports").GetInt32());
        Assert.Equal(11, consolidated2026.ChildValue(DivisionX, "dissemination_sessions"));
        Assert.Equal(100, consolidated2026.ChildValue(DivisionY, "dissemination_sessions"));
        Assert.Equal(1000, consolidated2026.ChildValue(Org.UpperSchool, "dissemination_sessions"));
        Assert.Null(consolidated2026.ChildValue(Org.DistrictA, "dissemination_sessions"));
        Assert.Equal("Xã, phường", consolidated2026.GetProperty("childrenLabel").GetString());

        // The reports behind the Department's 2026 figure include the commune schools.
        var drill = await (await department.GetAsync($"/api/reports/consolidated/drilldown?templateId={template}&period=2026-10&unitId={Org.Department}&indicator=dissemination_sessions")).Json(HttpStatusCode.OK);
        Assert.Equal([Org.UpperSchool, Org.SchoolB1, Org.SchoolA2, Org.SchoolA1], drill.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("unitId").GetGuid()));

        // The commune division sees its own schools for 2026 and nothing of 2024; the district office the other way round.
        using var division = factory.ClientFor(DivisionX, PlatformRoles.DistrictOfficer);
        var divisionView = await TestApi.ConsolidatedAsync(division, template, "2026-10", DivisionX);
        Assert.Equal(11, divisionView.Value("dissemination_sessions"));
        Assert.Equal(new[] { Org.SchoolA1, Org.SchoolA2 }.Order(), RowUnits(await TestApi.CompletenessAsync(division, template, "2026-10", DivisionX)).Order());
        Assert.Equal(0, (await TestApi.CompletenessAsync(division, template, "2024-05", DivisionX)).GetProperty("total").GetProperty("expected").GetInt32());
        using var office = factory.ClientFor(Org.DistrictA, PlatformRoles.DistrictOfficer);
        Assert.Equal(11, (await TestApi.ConsolidatedAsync(office, template, "2024-05", Org.DistrictA)).Value("dissemination_sessions"));
        Assert.Null((await TestApi.ConsolidatedAsync(office, template, "2026-10", Org.DistrictA)).Value("dissemination_sessions"));
        // A commune division does not get the Department's province-wide view by asking for it.
        Assert.Equal(HttpStatusCode.NotFound, (await division.GetAsync($"/api/reports/completeness?templateId={template}&period=2026-10&unitId={Org.Department}")).StatusCode);
    }
}
