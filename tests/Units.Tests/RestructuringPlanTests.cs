using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;
using Platform.Units.Domain;

namespace Platform.Units.Tests;

/// <summary>
/// Restructuring plans (issue 17 item 2): a CSV or XLSX of dated actions, checked as a whole and applied
/// all or nothing as dated changes with history and events, on real PostgreSQL.
/// </summary>
public sealed class RestructuringPlanTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>
{
    private const string Header = "action,effective_date,unit_code,new_code,name,short_name,kind,parent_code,target_codes,area_code,note";
    private readonly HttpClient _admin = factory.AdminClient();

    private static MultipartFormDataContent File(byte[] bytes, string fileName)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/octet-stream");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    private static MultipartFormDataContent Csv(params string[] lines) => File(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), "ke-hoach.csv");

    private async Task<JsonElement> PostAsync(string step, HttpContent file, HttpStatusCode expected, HttpClient? client = null) =>
        await (await (client ?? _admin).PostAsync($"/api/units/restructuring-plans/{step}", file)).JsonAsync(expected);

    private static List<(int Line, string Column)> Errors(JsonElement problem) =>
        problem.GetProperty("importErrors").EnumerateArray()
            .Select(e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString()), e.ToString());
                return (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()!);
            }).ToList();

    private static string Reason(JsonElement problem, int line) =>
        string.Join(" | ", problem.GetProperty("importErrors").EnumerateArray().Where(e => e.GetProperty("line").GetInt32() == line).Select(e => e.GetProperty("reason").GetString()));

    private static (int Rows, int Created, int Changed, int Events) Counts(JsonElement result) =>
        (result.GetProperty("rows").GetInt32(), result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32(), result.GetProperty("eventsPublished").GetInt32());

    private async Task<Dictionary<string, Guid>> IdsAsync(string prefix)
    {
        await using var db = factory.NewDbContext();
        return await db.Units.AsNoTracking().Where(u => u.Code.StartsWith(prefix)).ToDictionaryAsync(u => u.Code, u => u.Id);
    }

    [Fact]
    public async Task The_2025_reform_as_a_plan_is_checked_then_applied_as_dated_changes_with_history_and_events()
    {
        var department = await _admin.CreateUnitAsync("P1-SGD", "Department");
        var office = await _admin.CreateUnitAsync("P1-PGD", "DistrictEducationOffice", department, "Phòng GDĐT thành phố Thủy Nguyên");
        var th1 = await _admin.CreateUnitAsync("P1-TH1", "PrimarySchool", office, "Trường Tiểu học Thủy Đường");
        var th2 = await _admin.CreateUnitAsync("P1-TH2", "PrimarySchool", office, "Trường Tiểu học Hoàng Lâm");
        var thcs = await _admin.CreateUnitAsync("P1-THCS3", "LowerSecondarySchool", office, "Trường THCS Dương Quan");
        string[] plan =
        [
            Header,
            "create,2025-07-01,P1-XA-TN,,Phường Thủy Nguyên,,WardPeoplesCommittee,,,HP-TN,NQ 1669/NQ-UBTVQH15",
            "create,01/07/2025,P1-XA-TH,,Phường Thiên Hương,,WardPeoplesCommittee,,,HP-TH,",
            "move,01/07/2025,P1-TH1,,,,,P1-XA-TN,,,",
            "move,1/7/2025,P1-TH2,,,,,P1-XA-TH,,,",
            "dissolve,01/07/2025,P1-PGD,,,,,,P1-XA-TN; P1-XA-TH,,Luật 72/2025/QH15",
            "rename,01/09/2025,P1-TH2,,Trường Tiểu học Thiên Hương,TH Thiên Hương,,,,,",
        ];
        var before = await factory.StateAsync();

        var check = await PostAsync("check", Csv(plan), HttpStatusCode.OK);

        Assert.True(check.GetProperty("dryRun").GetBoolean());
        // 2 registered, 2 moved, then the office's last school moves and the office is dissolved, 1 rename.
        Assert.Equal((6, 2, 4, 7), Counts(check));
        Assert.Equal(before, await factory.StateAsync());

        var mark = await factory.OutboxMarkAsync();
        var applied = await PostAsync("apply", Csv(plan), HttpStatusCode.OK);

        Assert.False(applied.GetProperty("dryRun").GetBoolean());
        Assert.Equal((6, 2, 4, 7), Counts(applied));
        var ids = await IdsAsync("P1-XA-");
        var (tn, th) = (ids["P1-XA-TN"], ids["P1-XA-TH"]);

        // Before 01/07/2025 the old tree, from then on the new one.
        Assert.Equal([th1, th2, thcs], (await _admin.GetJsonAsync($"/api/units/{office}/children?asOf=2025-06-30")).Ids());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/units/{tn}?asOf=2025-06-30")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/units/{office}?asOf=2025-07-01")).StatusCode);
        Assert.Equal(new[] { th1, thcs }.Order(), (await _admin.GetJsonAsync($"/api/units/{tn}/children?asOf=2025-07-01")).Ids());
        Assert.Equal([th2], (await _admin.GetJsonAsync($"/api/units/{th}/children?asOf=2025-07-01")).Ids());
        Assert.Equal(new[] { th1, thcs }.Order(), (await _admin.GetJsonAsync($"/api/units?parentId={tn}")).GetProperty("items").Ids());
        Assert.Equal("Trường Tiểu học Hoàng Lâm", (await _admin.GetJsonAsync($"/api/units/{th2}?asOf=2025-08-31")).GetProperty("name").GetString());
        Assert.Equal("Trường Tiểu học Thiên Hương", (await _admin.GetJsonAsync($"/api/units/{th2}")).GetProperty("name").GetString());
        var officeNow = await _admin.GetJsonAsync($"/api/units/{office}");
        Assert.Equal(("Dissolved", tn, "2025-07-01"),
            (officeNow.GetProperty("status").GetString(), officeNow.GetProperty("successorId").GetGuid(), officeNow.GetProperty("effectiveTo").GetString()));

        // The history: the school's three periods with their parents, the office's successors, the ward's predecessor.
        var schoolHistory = await _admin.GetJsonAsync($"/api/units/{th2}/history");
        Assert.Equal(
            [("2024-01-01", "P1-PGD", "Trường Tiểu học Hoàng Lâm"), ("2025-07-01", "P1-XA-TH", "Trường Tiểu học Hoàng Lâm"), ("2025-09-01", "P1-XA-TH", "Trường Tiểu học Thiên Hương")],
            schoolHistory.GetProperty("periods").EnumerateArray()
                .Select(p => (p.GetProperty("validFrom").GetString(), p.GetProperty("parentCode").GetString(), p.GetProperty("name").GetString())));
        Assert.Equal(["Registered", "Moved", "Renamed"], schoolHistory.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()));
        var officeHistory = await _admin.GetJsonAsync($"/api/units/{office}/history");
        Assert.Equal([("P1-XA-TH", "Dissolved", "2025-07-01"), ("P1-XA-TN", "Dissolved", "2025-07-01")],
            officeHistory.GetProperty("successors").EnumerateArray()
                .Select(s => (s.GetProperty("code").GetString(), s.GetProperty("how").GetString(), s.GetProperty("effectiveDate").GetString())));
        Assert.Contains("Luật 72/2025/QH15", officeHistory.GetProperty("changes").EnumerateArray().Last().GetProperty("summary").GetString());
        Assert.Empty(officeHistory.GetProperty("predecessors").EnumerateArray());
        foreach (var ward in new[] { tn, th })
        {
            var wardHistory = await _admin.GetJsonAsync($"/api/units/{ward}/history");
            Assert.Equal(["P1-PGD"], wardHistory.GetProperty("predecessors").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        }

        // The same events as the single endpoints, in the outbox, in file order.
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitRegistered", "UnitRegistered", "UnitMoved", "UnitMoved", "UnitMoved", "UnitDissolved", "UnitUpdated"], events.Select(e => e.Type));
        Assert.Equal(["P1-XA-TN", "P1-XA-TH"], events.OfEvent<UnitRegistered>().Select(r => r.Code));
        Assert.All(events.OfEvent<UnitRegistered>(), r => Assert.Equal(new DateOnly(2025, 7, 1), r.EffectiveFrom));
        Assert.Equal([(th1, tn), (th2, th), (thcs, tn)], events.OfEvent<UnitMoved>().Select(m => (m.UnitId, m.NewParentId!.Value)));
        Assert.All(events.OfEvent<UnitMoved>(), m => Assert.Equal((office, new DateOnly(2025, 7, 1)), (m.PreviousParentId!.Value, m.EffectiveDate)));
        var dissolved = Assert.Single(events.OfEvent<UnitDissolved>());
        Assert.Equal((office, tn, "Dissolved"), (dissolved.UnitId, dissolved.SuccessorUnitId!.Value, dissolved.Reason));
        var renamed = Assert.Single(events.OfEvent<UnitUpdated>());
        Assert.Equal((th2, "Trường Tiểu học Thiên Hương", new DateOnly(2025, 9, 1)), (renamed.UnitId, renamed.Name, renamed.EffectiveDate));

        // Sending the same plan again is refused row by row (the wards exist, the office is dissolved) and writes nothing.
        var after = await factory.StateAsync();
        var again = await PostAsync("apply", Csv(plan), HttpStatusCode.UnprocessableEntity);
        Assert.Equal([2, 3, 4, 5, 6, 7], Errors(again).Select(e => e.Line).Distinct());
        Assert.Equal(after, await factory.StateAsync());
    }

    [Fact]
    public async Task A_plan_with_several_bad_rows_names_every_one_and_writes_nothing()
    {
        var department = await _admin.CreateUnitAsync("P2-SGD", "Department");
        var office = await _admin.CreateUnitAsync("P2-PGD", "DistrictEducationOffice", department);
        await _admin.CreateUnitAsync("P2-TH1", "PrimarySchool", office);
        await _admin.CreateUnitAsync("P2-TH2", "PrimarySchool", office);
        var office2 = await _admin.CreateUnitAsync("P2-PGD2", "DistrictEducationOffice", department);
        await _admin.CreateUnitAsync("P2-TH3", "PrimarySchool", office2);
        string[] plan =
        [
            Header,
            "create,01/07/2025,P2-XA,,Xã Mới,,WardPeoplesCommittee,,,,",          // 2 good
            "transfer,01/07/2025,P2-TH1,,,,,P2-XA,,,",                           // 3 unknown action
            "move,01/07/2025,P2-NOWHERE,,,,,P2-XA,,,",                           // 4 unknown unit
            "rename,31/02/2025,P2-TH1,,Trường mới,,,,,,",                        // 5 bad date
            "dissolve,01/07/2025,P2-PGD,,,,,,P2-XA-LATE,,",                      // 6 successor only created on line 9
            "move,01/07/2025,P2-PGD2,,,,,P2-TH3,,,",                             // 7 under its own school: a cycle
            "move,01/07/2025,P2-TH2,,,,,P2-XA,,,",                               // 8 good
            "create,01/07/2025,P2-XA-LATE,,Xã Sau,,WardPeoplesCommittee,,,,",    // 9 good
            "move,01/07/2025,P2-TH2,,,,,P2-PGD2,,,",                             // 10 conflicts with 8
            "move,01/07/2025,P2-TH2,,,,,P2-XA,,,",                               // 11 duplicate of 8
            "create,01/07/2025,P2-XB,,Xã B,,Castle,,,,",                         // 12 unknown kind
            "merge,01/07/2025,P2-TH3,,,,,,P2-XA;P2-XB,,",                        // 13 merges into two units
            "rename,01/07/2025,P2-TH3,,,,,P2-SGD,,,",                            // 14 no name; parent_code not used by rename
            "rename,01/01/2023,P2-TH1,,Trường cũ hơn,,,,,,",                     // 15 before the school's current state began
            "move,01/07/2025,P2-TH1,,,,,P2-XC,,,",                               // 16 parent unknown
        ];
        var before = await factory.StateAsync();

        foreach (var step in new[] { "check", "apply" })
        {
            var problem = await PostAsync(step, Csv(plan), HttpStatusCode.UnprocessableEntity);

            Assert.Equal(
                [(3, "action"), (4, "unit_code"), (5, "effective_date"), (6, "target_codes"), (7, "parent_code"), (10, "unit_code"), (11, "unit_code"),
                    (12, "kind"), (13, "target_codes"), (14, "name"), (14, "parent_code"), (15, "effective_date"), (16, "parent_code")],
                Errors(problem));
            Assert.Contains("P2-NOWHERE", Reason(problem, 4));
            Assert.Contains("9", Reason(problem, 6));
            Assert.Contains("P2-TH3", Reason(problem, 7));
            Assert.Contains("8", Reason(problem, 10));
            Assert.Contains("8", Reason(problem, 11));
            Assert.Contains("12", problem.GetProperty("detail").GetString());
            Assert.Equal("application/problem+json", (await _admin.PostAsync($"/api/units/restructuring-plans/{step}", Csv(plan))).Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await factory.StateAsync());
        await using var db = factory.NewDbContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code.StartsWith("P2-X")));
    }

    [Fact]
    public async Task Rows_are_checked_against_what_the_rows_above_them_did()
    {
        var office = await _admin.CreateUnitAsync("P6-PGD", "DistrictEducationOffice");
        await _admin.CreateUnitAsync("P6-TH1", "PrimarySchool", office);
        var other = await _admin.CreateUnitAsync("P6-PGD2", "DistrictEducationOffice");
        await _admin.CreateUnitAsync("P6-TH2", "PrimarySchool", other);
        var before = await factory.StateAsync();

        var problem = await PostAsync("apply", Csv(Header,
            "create,01/09/2025,P6-XA,,Xã Mới,,WardPeoplesCommittee,,,,",          // 2 good, but only from 01/09/2025
            "dissolve,01/07/2025,P6-PGD,,,,,,P6-XA,,",                          // 3 the successor does not exist yet on 01/07/2025
            "dissolve,01/10/2025,P6-PGD2,,,,,,P6-XA,,",                         // 4 good: P6-TH2 goes to the ward
            "move,01/11/2025,P6-TH2,,,,,P6-PGD2,,,",                            // 5 P6-PGD2 was dissolved on line 4
            "split,01/07/2025,P6-PGD,P6-A,Phòng A,,,,P6-TH1,,",                 // 6 split rows of one unit and date
            "rename,01/08/2025,P6-TH1,,Trường Tiểu học Mới,,,,,,",              // 7 good
            "split,01/07/2025,P6-PGD,P6-B,Phòng B,,,,,,"),                      // 8 …must be adjacent
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(3, "target_codes"), (5, "parent_code"), (6, "new_code"), (8, "unit_code")], Errors(problem));
        Assert.Contains("01/07/2025", Reason(problem, 3));
        Assert.Contains("4", Reason(problem, 5));
        Assert.Contains("6", Reason(problem, 8));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Errors_are_in_English_when_the_caller_asks_for_English()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/units/restructuring-plans/check") { Content = Csv(Header, "move,01/07/2025,EN-NOWHERE,,,,,EN-X,,,") };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var problem = await (await _admin.SendAsync(request)).JsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(2, "parent_code"), (2, "unit_code")], Errors(problem));
        Assert.Contains("No unit with code 'EN-NOWHERE'", Reason(problem, 2));
    }

    [Fact]
    public async Task Merge_and_split_rows_use_the_same_operations_as_the_endpoints()
    {
        var department = await _admin.CreateUnitAsync("P3-SGD", "Department");
        var officeA = await _admin.CreateUnitAsync("P3-PGD-A", "DistrictEducationOffice", department, "Phòng GDĐT quận Ngô Quyền");
        var officeB = await _admin.CreateUnitAsync("P3-PGD-B", "DistrictEducationOffice", department, "Phòng GDĐT quận Hồng Bàng");
        var a1 = await _admin.CreateUnitAsync("P3-TH-A1", "PrimarySchool", officeA);
        var b1 = await _admin.CreateUnitAsync("P3-TH-B1", "PrimarySchool", officeB);
        var b2 = await _admin.CreateUnitAsync("P3-TH-B2", "PrimarySchool", officeB);
        var officeC = await _admin.CreateUnitAsync("P3-PGD-C", "DistrictEducationOffice", department, "Phòng GDĐT quận Lê Chân");
        var c1 = await _admin.CreateUnitAsync("P3-TH-C1", "PrimarySchool", officeC);
        var mark = await factory.OutboxMarkAsync();

        // A split that forgets a school is refused on its first row; nothing written.
        var before = await factory.StateAsync();
        var incomplete = await PostAsync("apply", Csv(Header,
            "split,01/07/2025,P3-PGD-B,P3-PGD-B1,Phòng GDĐT Hồng Bàng 1,,,,P3-TH-B1,,",
            "split,01/07/2025,P3-PGD-B,P3-PGD-B2,Phòng GDĐT Hồng Bàng 2,,,,,,"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal([(2, "target_codes")], Errors(incomplete));
        Assert.Contains("P3-TH-B2", Reason(incomplete, 2));
        Assert.Equal(before, await factory.StateAsync());

        var applied = await PostAsync("apply", Csv(Header,
            "split,01/07/2025,P3-PGD-B,P3-PGD-B1,Phòng GDĐT Hồng Bàng 1,,,,P3-TH-B1,HP-HB1,",
            "split,01/07/2025,P3-PGD-B,P3-PGD-B2,Phòng GDĐT Hồng Bàng 2,,,,P3-TH-B2,,",
            "merge_into,01/07/2025,P3-PGD-A,,,,,,P3-PGD-B1,,Nghị quyết 1669",
            "merge,01/07/2025,P3-PGD-C,,,,,,P3-PGD-B1,,Nghị quyết 1669"), HttpStatusCode.OK);

        // Adjacent merge rows into one unit on one date are one merge, as POST /api/units/merge with two sources.
        Assert.Equal((4, 2, 7, 10), Counts(applied));
        var ids = await IdsAsync("P3-PGD-B");
        var (newB1, newB2) = (ids["P3-PGD-B1"], ids["P3-PGD-B2"]);
        Assert.Equal(new[] { a1, b1, c1 }.Order(), (await _admin.GetJsonAsync($"/api/units?parentId={newB1}")).GetProperty("items").Ids());
        Assert.Equal([b2], (await _admin.GetJsonAsync($"/api/units?parentId={newB2}")).GetProperty("items").Ids());
        Assert.Equal([a1], (await _admin.GetJsonAsync($"/api/units/{officeA}/children?asOf=2025-06-30")).Ids());
        Assert.Equal(new[] { b1, b2 }.Order(), (await _admin.GetJsonAsync($"/api/units/{officeB}/children?asOf=2025-06-30")).Ids());

        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(["UnitRegistered", "UnitRegistered", "UnitMoved", "UnitMoved", "UnitDissolved", "UnitMoved", "UnitMoved", "UnitDissolved", "UnitDissolved", "UnitsMerged"],
            events.Select(e => e.Type));
        Assert.Equal([(officeB, newB1, "Split"), (officeA, newB1, "Merged"), (officeC, newB1, "Merged")],
            events.OfEvent<UnitDissolved>().Select(d => (d.UnitId, d.SuccessorUnitId!.Value, d.Reason)));
        Assert.Equal(new[] { officeA, officeC }.Order(), Assert.Single(events.OfEvent<UnitsMerged>()).SourceUnitIds.Order());

        var b1History = await _admin.GetJsonAsync($"/api/units/{newB1}/history");
        Assert.Equal([("P3-PGD-A", "Merged"), ("P3-PGD-B", "Split"), ("P3-PGD-C", "Merged")],
            b1History.GetProperty("predecessors").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("how").GetString())));
        var bHistory = await _admin.GetJsonAsync($"/api/units/{officeB}/history");
        Assert.Equal(["P3-PGD-B1", "P3-PGD-B2"], bHistory.GetProperty("successors").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task The_same_plan_as_XLSX_and_as_CSV_reads_the_same()
    {
        var office = await _admin.CreateUnitAsync("P4-PGD", "DistrictEducationOffice");
        var school = await _admin.CreateUnitAsync("P4-TH", "PrimarySchool", office);
        string[] columns = Header.Split(',');
        object?[][] rows =
        [
            ["create", new DateTime(2025, 7, 1), "P4-XA", null, "Xã Kiến Thụy", null, "WardPeoplesCommittee", null, null, "HP-KT", "ghi chú"],
            ["move", "2025-07-01", "P4-TH", null, null, null, null, "P4-XA", null, null, null],
            ["dissolve", "01/07/2025", "P4-PGD", null, null, null, null, null, "P4-XA", null, null],
        ];
        var sheet = rows.Select(r => columns.Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(sheet);
        string Cell(object? v) => v switch { null => "", DateTime d => d.ToString("dd/MM/yyyy"), _ => v.ToString()! };
        string[] csv = [Header, .. rows.Select(r => string.Join(',', r.Select(Cell)))];

        var fromCsv = await PostAsync("check", Csv(csv), HttpStatusCode.OK);
        var fromXlsx = await PostAsync("check", File(xlsx.ToArray(), "ke-hoach.xlsx"), HttpStatusCode.OK);
        Assert.Equal(fromCsv.ToString(), fromXlsx.ToString());
        Assert.Equal((3, 1, 2, 3), Counts(fromXlsx));

        await PostAsync("apply", File(xlsx.ToArray(), "ke-hoach.xlsx"), HttpStatusCode.OK);
        var ward = (await IdsAsync("P4-XA"))["P4-XA"];
        Assert.Equal([school], (await _admin.GetJsonAsync($"/api/units/{ward}/children")).Ids());
        await using var db = factory.NewDbContext();
        var unit = await db.Units.AsNoTracking().Include(u => u.Periods).SingleAsync(u => u.Id == ward);
        Assert.Equal((new DateOnly(2025, 7, 1), "HP-KT", UnitKind.WardPeoplesCommittee), (unit.EffectiveFrom, unit.AreaCode, unit.Kind));

        // A bad row in the XLSX is named by its spreadsheet row number.
        var bad = new List<Dictionary<string, object?>> { columns.ToDictionary(c => c, c => (object?)(c switch { "action" => "rename", "effective_date" => "hôm qua", "unit_code" => "P4-TH", "name" => "Tên", _ => null })) };
        using var badXlsx = new MemoryStream();
        await badXlsx.SaveAsAsync(bad);
        Assert.Equal([(2, "effective_date")], Errors(await PostAsync("check", File(badXlsx.ToArray(), "ke-hoach.xlsx"), HttpStatusCode.UnprocessableEntity)));
    }

    [Fact]
    public async Task A_missing_or_unreadable_file_and_bad_headers_are_problems_and_write_nothing()
    {
        var before = await factory.StateAsync();

        (await PostAsync("apply", File("x"u8.ToArray(), "ke-hoach.txt"), HttpStatusCode.BadRequest)).GetProperty("detail");
        (await PostAsync("apply", new MultipartFormDataContent { { new StringContent("x"), "other" } }, HttpStatusCode.BadRequest)).AssertNames("file");
        Assert.Equal([(1, "")], Errors(await PostAsync("apply", File("not a spreadsheet"u8.ToArray(), "ke-hoach.xlsx"), HttpStatusCode.UnprocessableEntity)));
        Assert.Equal([(1, "")], Errors(await PostAsync("apply", Csv(Header), HttpStatusCode.UnprocessableEntity)));
        foreach (var zip in new[] { Zip(("hello.txt", "hi")), Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets><sheet name=\"x\"/></sheets></workbook>")) })
        {
            var answer = await _admin.PostAsync("/api/units/restructuring-plans/apply", File(zip, "ke-hoach.xlsx"));
            Assert.True(answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal([(1, "colour"), (1, "unit_code"), (2, "unit_code")],
            Errors(await PostAsync("apply", Csv("action,effective_date,colour", "dissolve,01/07/2025,đỏ"), HttpStatusCode.UnprocessableEntity)));
        var response = await _admin.PostAsync("/api/units/restructuring-plans/apply", Csv(Header, "move,01/07/2025,,,,,,,,,"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task The_same_plan_applied_twice_at_once_is_applied_once_and_the_other_is_refused_never_a_500()
    {
        var office = await _admin.CreateUnitAsync("P5-PGD", "DistrictEducationOffice");
        await _admin.CreateUnitAsync("P5-TH", "PrimarySchool", office);
        var mark = await factory.OutboxMarkAsync();
        string[] plan =
        [
            Header,
            "create,01/07/2025,P5-XA,,Xã Tiên Lãng,,WardPeoplesCommittee,,,,",
            "dissolve,01/07/2025,P5-PGD,,,,,,P5-XA,,",
        ];

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _admin.PostAsync("/api/units/restructuring-plans/apply", Csv(plan))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1 && statuses.All(s => s is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict),
            string.Join(", ", statuses));
        await using var db = factory.NewDbContext();
        Assert.Equal(1, await db.Units.CountAsync(u => u.Code == "P5-XA"));
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Single(events.OfEvent<UnitRegistered>());
        Assert.Single(events.OfEvent<UnitDissolved>());
    }

    /// <summary>A zip archive that is not (quite) a workbook.</summary>
    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(PlatformRoles.DepartmentOfficer)]
    [InlineData(PlatformRoles.DepartmentLeader)]
    [InlineData(PlatformRoles.DistrictOfficer)]
    [InlineData(PlatformRoles.SchoolManager)]
    [InlineData(PlatformRoles.Auditor)]
    public async Task Only_a_system_administrator_may_check_or_apply_a_plan(string role)
    {
        var before = await factory.StateAsync();
        var client = factory.ClientFor(UnitsApiFactory.Department, role);

        foreach (var step in new[] { "check", "apply" })
        {
            var problem = await PostAsync(step, Csv(Header, $"create,01/07/2025,DENY-{role},,Xã A,,WardPeoplesCommittee,,,,"), HttpStatusCode.Forbidden, client);
            Assert.Contains("quản trị hệ thống", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(before, await factory.StateAsync());
        await using var db = factory.NewDbContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code.StartsWith("DENY-")));
    }
}
