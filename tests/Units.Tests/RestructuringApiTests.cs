using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Units.Domain;

namespace Platform.Units.Tests;

/// <summary>Rename, move, merge, split and dissolve through the API on real PostgreSQL: state, history and events.</summary>
public sealed class RestructuringApiTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>
{
    private readonly HttpClient _admin = factory.AdminClient();
    private static readonly DateOnly Reform = new(2025, 7, 1);

    /// <summary>A department, two district offices with schools: each test gets its own, prefixed with its name.</summary>
    private async Task<(Guid Department, Guid OfficeA, Guid[] SchoolsA, Guid OfficeB, Guid[] SchoolsB)> TreeAsync(string prefix)
    {
        var department = await _admin.CreateUnitAsync($"{prefix}-SGD", "Department");
        var officeA = await _admin.CreateUnitAsync($"{prefix}-PGD-A", "DistrictEducationOffice", department, "Phòng GDĐT quận Đồ Sơn");
        var officeB = await _admin.CreateUnitAsync($"{prefix}-PGD-B", "DistrictEducationOffice", department, "Phòng GDĐT quận Dương Kinh");
        Guid[] schoolsA =
        [
            await _admin.CreateUnitAsync($"{prefix}-TH-A1", "PrimarySchool", officeA),
            await _admin.CreateUnitAsync($"{prefix}-THCS-A2", "LowerSecondarySchool", officeA),
        ];
        Guid[] schoolsB = [await _admin.CreateUnitAsync($"{prefix}-MN-B1", "Preschool", officeB)];
        return (department, officeA, schoolsA, officeB, schoolsB);
    }

    private static string[] Types(List<(string Type, string Body)> events) => [.. events.Select(e => e.Type).Order(StringComparer.Ordinal)];

    private async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected) =>
        await (await _admin.PostAsJsonAsync(url, body)).JsonAsync(expected);

    [Fact]
    public async Task Merging_two_district_offices_into_a_new_one_moves_their_schools_keeps_history_and_publishes_every_change()
    {
        var (department, officeA, schoolsA, officeB, schoolsB) = await TreeAsync("M1");
        var merged = await _admin.CreateUnitAsync("M1-PGD-NEW", "DistrictEducationOffice", department, "Phòng GDĐT Đồ Sơn - Dương Kinh", effectiveFrom: "2025-07-01");
        var mark = await factory.OutboxMarkAsync();

        var response = await PostAsync("/api/units/merge", new { sourceIds = new[] { officeA, officeB }, successorId = merged, effectiveDate = "2025-07-01" }, HttpStatusCode.OK);

        Assert.Equal(6, response.GetProperty("eventsPublished").GetInt32());
        Guid[] allSchools = [.. schoolsA, .. schoolsB];
        Assert.Equal(allSchools.Append(officeA).Append(officeB).Append(merged).Order(), response.GetProperty("units").Ids());

        await using (var db = factory.NewDbContext())
        {
            var schools = await db.Units.AsNoTracking().Where(u => allSchools.Contains(u.Id)).ToListAsync();
            Assert.All(schools, s => Assert.Equal((merged, UnitStatus.Active), (s.ParentId!.Value, s.Status)));
            var sources = await db.Units.AsNoTracking().Where(u => u.Id == officeA || u.Id == officeB).ToListAsync();
            Assert.All(sources, s => Assert.Equal((UnitStatus.Dissolved, merged, Reform), (s.Status, s.SuccessorId!.Value, s.EffectiveTo!.Value)));
        }

        // The tree of 30/06/2025 is the old one; today's is the new one.
        Assert.Equal(schoolsA.Order(), (await _admin.GetJsonAsync($"/api/units?asOf=2025-06-30&parentId={officeA}")).GetProperty("items").Ids());
        Assert.Empty((await _admin.GetJsonAsync($"/api/units?parentId={officeA}")).GetProperty("items").EnumerateArray());
        Assert.Equal(allSchools.Order(), (await _admin.GetJsonAsync($"/api/units?parentId={merged}")).GetProperty("items").Ids());
        Assert.Equal(schoolsA.Order(), (await _admin.GetJsonAsync($"/api/units/{officeA}/children?asOf=2025-06-30")).Ids());
        Assert.Empty((await _admin.GetJsonAsync($"/api/units/{merged}/children?asOf=2025-06-30")).EnumerateArray());
        var oldOffice = await _admin.GetJsonAsync($"/api/units/{officeA}?asOf=2025-06-30");
        Assert.Equal(("Phòng GDĐT quận Đồ Sơn", "Active"), (oldOffice.GetProperty("name").GetString(), oldOffice.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/units/{officeA}?asOf=2025-07-01")).StatusCode);

        // History: a school's two periods and its move; the office's merge.
        var schoolHistory = await _admin.GetJsonAsync($"/api/units/{schoolsA[0]}/history");
        var periods = schoolHistory.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(2, periods.Count);
        Assert.Equal(("2024-01-01", "2025-07-01", officeA), (periods[0].GetProperty("validFrom").GetString(), periods[0].GetProperty("validTo").GetString(), periods[0].GetProperty("parentId").GetGuid()));
        Assert.Equal(("2025-07-01", JsonValueKind.Null, merged), (periods[1].GetProperty("validFrom").GetString(), periods[1].GetProperty("validTo").ValueKind, periods[1].GetProperty("parentId").GetGuid()));
        var schoolChanges = schoolHistory.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["Registered", "Moved"], schoolChanges.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(new[] { officeA, merged }.Order(), schoolChanges[1].GetProperty("relatedUnitIds").EnumerateArray().Select(i => i.GetGuid()).Order());
        Assert.Equal("2025-07-01", schoolChanges[1].GetProperty("effectiveDate").GetString());

        var officeHistory = await _admin.GetJsonAsync($"/api/units/{officeA}/history");
        Assert.Equal("Dissolved", officeHistory.GetProperty("unit").GetProperty("status").GetString());
        var officeChange = officeHistory.GetProperty("changes").EnumerateArray().Last();
        Assert.Equal(("Merged", merged), (officeChange.GetProperty("kind").GetString(), officeChange.GetProperty("relatedUnitIds")[0].GetGuid()));
        Assert.NotNull(officeChange.GetProperty("actorUserId").GetString());
        var successorChange = (await _admin.GetJsonAsync($"/api/units/{merged}/history")).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal(new[] { officeA, officeB }.Order(), successorChange.GetProperty("relatedUnitIds").EnumerateArray().Select(i => i.GetGuid()).Order());

        // Every change is an event (their order inside one transaction is not promised: consumers cope with any order).
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitDissolved", "UnitDissolved", "UnitMoved", "UnitMoved", "UnitMoved", "UnitsMerged"], Types(events));
        var moves = events.OfEvent<UnitMoved>();
        Assert.Equal(allSchools.Order(), moves.Select(m => m.UnitId).Order());
        Assert.All(moves, m => Assert.Equal((merged, Reform), (m.NewParentId!.Value, m.EffectiveDate)));
        Assert.Equal(officeB, moves.Single(m => m.UnitId == schoolsB[0]).PreviousParentId);
        var dissolved = events.OfEvent<UnitDissolved>();
        Assert.Equal(new[] { officeA, officeB }.Order(), dissolved.Select(d => d.UnitId).Order());
        Assert.All(dissolved, d => Assert.Equal(("Merged", merged, Reform), (d.Reason, d.SuccessorUnitId!.Value, d.EffectiveDate)));
        var mergedEvent = Assert.Single(events.OfEvent<UnitsMerged>());
        Assert.Equal(new[] { officeA, officeB }.Order(), mergedEvent.SourceUnitIds.Order());
        Assert.Equal((merged, Reform), (mergedEvent.SuccessorUnitId, mergedEvent.EffectiveDate));
    }

    [Fact]
    public async Task Merging_into_an_existing_office_adds_the_schools_to_its_own()
    {
        var (_, officeA, schoolsA, officeB, schoolsB) = await TreeAsync("M2");
        var mark = await factory.OutboxMarkAsync();

        await PostAsync("/api/units/merge", new { sourceIds = new[] { officeA }, successorId = officeB, effectiveDate = "2025-07-01" }, HttpStatusCode.OK);

        Assert.Equal(schoolsA.Concat(schoolsB).Order(), (await _admin.GetJsonAsync($"/api/units/{officeB}/children")).Ids());
        Assert.Equal(schoolsB, (await _admin.GetJsonAsync($"/api/units/{officeB}/children?asOf=2025-06-30")).Ids());
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitDissolved", "UnitMoved", "UnitMoved", "UnitsMerged"], Types(events));
        Assert.Equal(officeB, events.OfEvent<UnitDissolved>().Single().SuccessorUnitId);
    }

    [Fact]
    public async Task Merging_into_a_unit_under_one_of_the_sources_is_refused_and_writes_nothing()
    {
        var (_, officeA, schoolsA, officeB, _) = await TreeAsync("M3");
        var branch = await _admin.CreateUnitAsync("M3-BRANCH", "PrimarySchool", schoolsA[0]);
        var before = await factory.StateAsync();

        // The branch's parent would move under the branch: a cycle.
        var problem = await PostAsync("/api/units/merge", new { sourceIds = new[] { officeA, officeB }, successorId = branch, effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest);

        problem.AssertNames("successorId");
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Merging_into_a_successor_that_began_after_the_effective_date_is_refused_and_writes_nothing()
    {
        var (department, officeA, _, _, _) = await TreeAsync("M4");
        var later = await _admin.CreateUnitAsync("M4-PGD-NEW", "DistrictEducationOffice", department, effectiveFrom: "2025-09-01");
        var before = await factory.StateAsync();

        var problem = await PostAsync("/api/units/merge", new { sourceIds = new[] { officeA }, successorId = later, effectiveDate = "2025-07-01" }, HttpStatusCode.UnprocessableEntity);

        Assert.Contains("M4-PGD-NEW", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Merge_names_missing_fields_and_unknown_units()
    {
        var problem = await PostAsync("/api/units/merge", new { sourceIds = Array.Empty<Guid>() }, HttpStatusCode.BadRequest);
        problem.AssertNames("sourceIds");
        problem.AssertNames("successorId");
        problem.AssertNames("effectiveDate");

        var (_, officeA, _, _, _) = await TreeAsync("M5");
        var stranger = Guid.NewGuid();
        problem = await PostAsync("/api/units/merge", new { sourceIds = new[] { officeA, stranger }, successorId = Guid.NewGuid(), effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest);
        problem.AssertNames("successorId");
        Assert.Contains(stranger.ToString(), problem.GetProperty("errors").GetProperty("sourceIds")[0].GetString());
    }

    [Fact]
    public async Task Rename_opens_a_period_keeps_the_old_name_findable_and_publishes_UnitUpdated()
    {
        var (_, officeA, _, _, _) = await TreeAsync("R1");
        var mark = await factory.OutboxMarkAsync();

        await PostAsync($"/api/units/{officeA}/rename", new { name = "Phòng Văn hóa - Xã hội phường Đồ Sơn", shortName = "Phòng VHXH Đồ Sơn", effectiveDate = "2025-07-01" }, HttpStatusCode.OK);

        var unit = await _admin.GetJsonAsync($"/api/units/{officeA}");
        Assert.Equal("Phòng Văn hóa - Xã hội phường Đồ Sơn", unit.GetProperty("name").GetString());
        Assert.Equal("Phòng GDĐT quận Đồ Sơn", (await _admin.GetJsonAsync($"/api/units/{officeA}?asOf=2025-06-30")).GetProperty("name").GetString());
        var found = (await _admin.GetJsonAsync("/api/units?q=phong gddt quan do son")).GetProperty("items");
        Assert.Contains(officeA, found.Ids());
        var history = await _admin.GetJsonAsync($"/api/units/{officeA}/history");
        Assert.Equal(["Phòng GDĐT quận Đồ Sơn", "Phòng Văn hóa - Xã hội phường Đồ Sơn"],
            history.GetProperty("periods").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("Renamed", history.GetProperty("changes").EnumerateArray().Last().GetProperty("kind").GetString());
        var evt = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<UnitUpdated>());
        Assert.Equal((officeA, "Phòng Văn hóa - Xã hội phường Đồ Sơn", "Phòng VHXH Đồ Sơn", Reform), (evt.UnitId, evt.Name, evt.ShortName, evt.EffectiveDate));
    }

    [Fact]
    public async Task Rename_on_or_before_the_current_period_start_is_refused_and_writes_nothing()
    {
        var (_, officeA, _, _, _) = await TreeAsync("R2");
        var before = await factory.StateAsync();

        var problem = await PostAsync($"/api/units/{officeA}/rename", new { name = "Tên mới", effectiveDate = "2024-01-01" }, HttpStatusCode.UnprocessableEntity);

        Assert.Contains("01/01/2024", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
        (await PostAsync($"/api/units/{officeA}/rename", new { name = "Tên mới" }, HttpStatusCode.BadRequest)).AssertNames("effectiveDate");
        (await PostAsync($"/api/units/{officeA}/rename", new { effectiveDate = "2025-01-01" }, HttpStatusCode.BadRequest)).AssertNames("name");
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Move_changes_the_parent_from_its_effective_date_and_publishes_UnitMoved()
    {
        var (_, officeA, schoolsA, officeB, _) = await TreeAsync("V1");
        var mark = await factory.OutboxMarkAsync();

        await PostAsync($"/api/units/{schoolsA[0]}/move", new { parentId = officeB, effectiveDate = "2025-07-01" }, HttpStatusCode.OK);

        Assert.Equal(officeB, (await _admin.GetJsonAsync($"/api/units/{schoolsA[0]}")).GetProperty("parentId").GetGuid());
        Assert.Equal(officeA, (await _admin.GetJsonAsync($"/api/units/{schoolsA[0]}?asOf=2025-06-30")).GetProperty("parentId").GetGuid());
        var evt = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<UnitMoved>());
        Assert.Equal((schoolsA[0], officeA, officeB, Reform), (evt.UnitId, evt.PreviousParentId!.Value, evt.NewParentId!.Value, evt.EffectiveDate));
    }

    [Fact]
    public async Task Move_under_itself_or_its_own_descendant_is_refused_naming_parentId_and_writes_nothing()
    {
        var (_, officeA, schoolsA, _, _) = await TreeAsync("V2");
        var before = await factory.StateAsync();

        var underChild = await PostAsync($"/api/units/{officeA}/move", new { parentId = schoolsA[1], effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest);
        var underItself = await PostAsync($"/api/units/{officeA}/move", new { parentId = officeA, effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest);
        var unknown = await PostAsync($"/api/units/{officeA}/move", new { parentId = Guid.NewGuid(), effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest);

        underChild.AssertNames("parentId");
        underItself.AssertNames("parentId");
        unknown.AssertNames("parentId");
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Move_under_a_parent_that_began_after_the_effective_date_is_refused_and_writes_nothing()
    {
        var (department, _, schoolsA, _, _) = await TreeAsync("V3");
        var later = await _admin.CreateUnitAsync("V3-PGD-NEW", "DistrictEducationOffice", department, effectiveFrom: "2025-09-01");
        var before = await factory.StateAsync();

        (await PostAsync($"/api/units/{schoolsA[0]}/move", new { parentId = later, effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest)).AssertNames("parentId");

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Dissolving_a_unit_with_children_and_no_successor_is_a_422_and_writes_nothing()
    {
        var (_, officeA, _, _, _) = await TreeAsync("D1");
        var before = await factory.StateAsync();

        var problem = await PostAsync($"/api/units/{officeA}/dissolve", new { effectiveDate = "2025-07-01" }, HttpStatusCode.UnprocessableEntity);

        Assert.Contains("D1-PGD-A", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Dissolving_with_a_successor_hands_over_the_children()
    {
        var (_, officeA, schoolsA, officeB, schoolsB) = await TreeAsync("D2");
        var mark = await factory.OutboxMarkAsync();

        await PostAsync($"/api/units/{officeA}/dissolve", new { successorId = officeB, effectiveDate = "2025-07-01" }, HttpStatusCode.OK);

        var office = await _admin.GetJsonAsync($"/api/units/{officeA}");
        Assert.Equal(("Dissolved", officeB), (office.GetProperty("status").GetString(), office.GetProperty("successorId").GetGuid()));
        Assert.Equal(schoolsA.Concat(schoolsB).Order(), (await _admin.GetJsonAsync($"/api/units?parentId={officeB}")).GetProperty("items").Ids());
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitDissolved", "UnitMoved", "UnitMoved"], Types(events));
        var dissolved = events.OfEvent<UnitDissolved>().Single();
        Assert.Equal((officeA, officeB, "Dissolved"), (dissolved.UnitId, dissolved.SuccessorUnitId!.Value, dissolved.Reason));
        Assert.Equal([officeA], (await _admin.GetJsonAsync("/api/units?status=dissolved&q=D2-PGD-A")).GetProperty("items").Ids());
    }

    [Fact]
    public async Task Dissolving_with_a_successor_under_the_unit_itself_is_refused_and_writes_nothing()
    {
        var (_, officeA, schoolsA, _, _) = await TreeAsync("D3");
        var branch = await _admin.CreateUnitAsync("D3-BRANCH", "PrimarySchool", schoolsA[0]);
        var before = await factory.StateAsync();

        (await PostAsync($"/api/units/{officeA}/dissolve", new { successorId = branch, effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest)).AssertNames("successorId");
        (await PostAsync($"/api/units/{officeA}/dissolve", new { successorId = officeA, effectiveDate = "2025-07-01" }, HttpStatusCode.BadRequest)).AssertNames("successorId");

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task A_dissolved_unit_is_refused_further_changes_and_nothing_is_written()
    {
        var (_, _, _, _, schoolsB) = await TreeAsync("D4");
        await PostAsync($"/api/units/{schoolsB[0]}/dissolve", new { effectiveDate = "2025-07-01" }, HttpStatusCode.OK);
        var before = await factory.StateAsync();

        await PostAsync($"/api/units/{schoolsB[0]}/rename", new { name = "Tên mới", effectiveDate = "2025-08-01" }, HttpStatusCode.UnprocessableEntity);
        await (await _admin.PutAsJsonAsync($"/api/units/{schoolsB[0]}", new { phone = "0225 123" })).JsonAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Split_gives_the_children_to_the_new_units_and_dissolves_the_source()
    {
        var (department, officeA, schoolsA, _, _) = await TreeAsync("S1");
        var mark = await factory.OutboxMarkAsync();

        var response = await PostAsync($"/api/units/{officeA}/split", new
        {
            parts = new object[]
            {
                new { code = "S1-PGD-BAC", name = "Phòng GDĐT Đồ Sơn Bắc", childIds = new[] { schoolsA[0] } },
                new { code = "S1-PGD-NAM", name = "Phòng GDĐT Đồ Sơn Nam", areaCode = "HP-DS-NAM", childIds = new[] { schoolsA[1] } },
            },
            primarySuccessorCode = "S1-PGD-NAM",
            effectiveDate = "2025-07-01",
        }, HttpStatusCode.OK);

        var units = response.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("code").GetString()!);
        var north = units["S1-PGD-BAC"];
        var south = units["S1-PGD-NAM"];
        Assert.Equal((department, "DistrictEducationOffice", "2025-07-01"),
            (north.GetProperty("parentId").GetGuid(), north.GetProperty("kind").GetString(), north.GetProperty("effectiveFrom").GetString()));
        Assert.Equal("HP-DS-NAM", south.GetProperty("areaCode").GetString());
        Assert.Equal([schoolsA[0]], (await _admin.GetJsonAsync($"/api/units/{north.GetProperty("id").GetGuid()}/children")).Ids());
        Assert.Equal([schoolsA[1]], (await _admin.GetJsonAsync($"/api/units/{south.GetProperty("id").GetGuid()}/children")).Ids());
        var source = units["S1-PGD-A"];
        Assert.Equal(("Dissolved", south.GetProperty("id").GetGuid()), (source.GetProperty("status").GetString(), source.GetProperty("successorId").GetGuid()));
        Assert.Equal(schoolsA.Order(), (await _admin.GetJsonAsync($"/api/units/{officeA}/children?asOf=2025-06-30")).Ids());

        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitDissolved", "UnitMoved", "UnitMoved", "UnitRegistered", "UnitRegistered"], Types(events));
        Assert.Equal(["S1-PGD-BAC", "S1-PGD-NAM"], events.OfEvent<UnitRegistered>().Select(r => r.Code).Order());
        var dissolved = events.OfEvent<UnitDissolved>().Single();
        Assert.Equal(("Split", south.GetProperty("id").GetGuid()), (dissolved.Reason, dissolved.SuccessorUnitId!.Value));
        var sourceHistory = (await _admin.GetJsonAsync($"/api/units/{officeA}/history")).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal("Split", sourceHistory.GetProperty("kind").GetString());
    }

    private static object SplitBody(string prefix, Guid[] first, Guid[] second, string secondCode = "-NAM") => new
    {
        parts = new object[]
        {
            new { code = $"{prefix}-BAC", name = "Bắc", childIds = first },
            new { code = $"{prefix}{secondCode}", name = "Nam", childIds = second },
        },
        primarySuccessorCode = $"{prefix}-BAC",
        effectiveDate = "2025-07-01",
    };

    [Fact]
    public async Task Split_that_leaves_a_child_unallocated_is_a_422_naming_it_and_writes_nothing()
    {
        var (_, officeA, schoolsA, _, _) = await TreeAsync("S2");
        var before = await factory.StateAsync();

        var problem = await PostAsync($"/api/units/{officeA}/split", SplitBody("S2", [schoolsA[0]], []), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("S2-THCS-A2", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Split_that_gives_away_a_stranger_or_a_child_twice_is_refused_and_writes_nothing()
    {
        var (_, officeA, schoolsA, _, schoolsB) = await TreeAsync("S3");
        var before = await factory.StateAsync();

        var stranger = await PostAsync($"/api/units/{officeA}/split", SplitBody("S3", [schoolsA[0]], [schoolsA[1], schoolsB[0]]), HttpStatusCode.BadRequest);
        var twice = await PostAsync($"/api/units/{officeA}/split", SplitBody("S3", [.. schoolsA], [schoolsA[1]]), HttpStatusCode.UnprocessableEntity);

        stranger.AssertNames("parts");
        Assert.Contains(schoolsB[0].ToString(), stranger.GetProperty("errors").GetProperty("parts")[0].GetString());
        Assert.NotNull(twice.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Split_with_two_parts_of_the_same_code_is_a_problem_naming_the_part_not_a_500()
    {
        var (_, officeA, schoolsA, _, _) = await TreeAsync("S4");
        var before = await factory.StateAsync();

        var problem = await PostAsync($"/api/units/{officeA}/split", SplitBody("S4", [schoolsA[0]], [schoolsA[1]], secondCode: "-BAC"), HttpStatusCode.BadRequest);

        problem.AssertNames("parts[1].code");
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Split_into_a_code_already_in_use_is_a_conflict_and_writes_nothing()
    {
        var (_, officeA, schoolsA, _, _) = await TreeAsync("S5");
        var before = await factory.StateAsync();

        var problem = await PostAsync($"/api/units/{officeA}/split", SplitBody("S5", [schoolsA[0]], [schoolsA[1]], secondCode: "-PGD-B"), HttpStatusCode.Conflict);

        Assert.NotNull(problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }
}
