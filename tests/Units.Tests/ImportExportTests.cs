using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.ServiceDefaults;
using Platform.Units.Domain;

namespace Platform.Units.Tests;

/// <summary>CSV and XLSX import (upsert by code, all or nothing, every bad row reported) and export.</summary>
public sealed class ImportExportTests(UnitsApiFactory factory) : IClassFixture<UnitsApiFactory>
{
    private const string Header = "code,name,short_name,kind,parent_code,area_code,address,head_name,head_title,phone,email,effective_from";
    private readonly HttpClient _admin = factory.AdminClient();

    private static MultipartFormDataContent File(byte[] bytes, string fileName)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/octet-stream");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    private static MultipartFormDataContent Csv(params string[] lines) => File(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), "don-vi.csv");

    private async Task<JsonElement> ImportAsync(HttpContent file, HttpStatusCode expected, string query = "", HttpClient? client = null) =>
        await (await (client ?? _admin).PostAsync($"/api/units/import{query}", file)).JsonAsync(expected);

    private static (int Created, int Updated, int Unchanged) Counts(JsonElement result) =>
        (result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("unchanged").GetInt32());

    private static List<(int Line, string Column)> Errors(JsonElement problem) =>
        problem.GetProperty("importErrors").EnumerateArray()
            .Select(e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString()), e.ToString());
                return (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()!);
            }).ToList();

    [Fact]
    public async Task A_file_with_good_and_bad_rows_imports_nothing_and_reports_every_bad_row()
    {
        var before = await factory.StateAsync();

        var problem = await ImportAsync(Csv(
            Header,
            "MIX-SGD,Sở GDĐT thử nghiệm,,Department,,HP,,,,,,01/01/2024",                         // 2 good
            "MIX-A,Trường A,,Castle,MIX-SGD,,,,,,,",                                                // 3 unknown kind
            "MIX-B,,,PrimarySchool,MIX-SGD,,,,,,,",                                                 // 4 no name
            "MIX-C,Trường C,,PrimarySchool,MIX-SGD,,,,,0225 abc,not-an-email,31/02/2024",           // 5 phone, email, date
            "MIX-D,Trường D,,PrimarySchool,MIX-NOWHERE,,,,,,,",                                     // 6 unknown parent
            "MIX-E,Trường E,,Preschool,MIX-SGD,,,,,,,",                                             // 7 good
            "MIX-SGD,Sở GDĐT lặp,,Department,,,,,,,,",                                              // 8 duplicate code
            "Mã có dấu,Trường F,,Preschool,MIX-SGD,,,,,,,",                                         // 9 bad code
            "MIX-G,Trường G,,Preschool,MIX-SGD,,,,,,,,extra"),                                      // 10 too many fields
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(
            [(3, "kind"), (4, "name"), (5, "effective_from"), (5, "email"), (5, "phone"), (6, "parent_code"), (8, "code"), (9, "code"), (10, "")],
            Errors(problem));
        Assert.Contains("9", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task A_good_file_creates_its_units_with_events_and_a_second_import_changes_nothing()
    {
        string[] file =
        [
            Header,
            "GOOD-SGD,Sở GDĐT Hải Phòng (thử),Sở GDĐT,Department,,HP,\"Số 10 Lê Đại Hành, Hồng Bàng\",Nguyễn Văn A,Giám đốc,0225 3842547,so@hp.edu.vn,01/01/2024",
            "GOOD-PGD,Phòng GDĐT quận Lê Chân,,DistrictEducationOffice,GOOD-SGD,HP-LECHAN,,,,,,2024-01-01",
            "GOOD-TH,Trường Tiểu học Lê Lợi,TH Lê Lợi,PrimarySchool,GOOD-PGD,HP-LECHAN-ANBIEN,,,,,,5/9/2024",
        ];
        var mark = await factory.OutboxMarkAsync();

        Assert.Equal((3, 0, 0), Counts(await ImportAsync(Csv(file), HttpStatusCode.OK)));

        await using (var db = factory.NewDbContext())
        {
            var units = await db.Units.AsNoTracking().Where(u => u.Code.StartsWith("GOOD-")).ToDictionaryAsync(u => u.Code);
            Assert.Equal(units["GOOD-SGD"].Id, units["GOOD-PGD"].ParentId);
            Assert.Equal(units["GOOD-PGD"].Id, units["GOOD-TH"].ParentId);
            Assert.Equal(("Số 10 Lê Đại Hành, Hồng Bàng", "0225 3842547", new DateOnly(2024, 9, 5)),
                (units["GOOD-SGD"].Address, units["GOOD-SGD"].Phone, units["GOOD-TH"].EffectiveFrom));
            var registered = (await factory.OutboxSinceAsync(mark)).OfEvent<UnitRegistered>();
            Assert.Equal(["GOOD-PGD", "GOOD-SGD", "GOOD-TH"], registered.Select(r => r.Code).Order(StringComparer.Ordinal));
            Assert.Equal(units["GOOD-PGD"].Id, registered.Single(r => r.Code == "GOOD-TH").ParentId);
        }

        var before = await factory.StateAsync();
        Assert.Equal((0, 0, 3), Counts(await ImportAsync(Csv(file), HttpStatusCode.OK)));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task An_update_by_code_corrects_the_name_in_place_and_publishes_UnitUpdated()
    {
        await ImportAsync(Csv(Header, "UPD-TH,Trường Tiểu học Lê Loi,,PrimarySchool,,,,,,,,01/01/2024"), HttpStatusCode.OK);
        var mark = await factory.OutboxMarkAsync();

        Assert.Equal((0, 1, 0), Counts(await ImportAsync(Csv(Header, "UPD-TH,Trường Tiểu học Lê Lợi,,PrimarySchool,,,,,,0225 111,,01/01/2024"), HttpStatusCode.OK)));

        await using var db = factory.NewDbContext();
        var unit = await db.Units.AsNoTracking().Include(u => u.Periods).SingleAsync(u => u.Code == "UPD-TH");
        Assert.Equal(("Trường Tiểu học Lê Lợi", "0225 111"), (unit.Name, unit.Phone));
        Assert.Equal("Trường Tiểu học Lê Lợi", Assert.Single(unit.Periods).Name);
        var evt = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<UnitUpdated>());
        Assert.Equal((unit.Id, "Trường Tiểu học Lê Lợi"), (evt.UnitId, evt.Name));
        Assert.Equal(UnitChangeKind.Imported, (await db.UnitChanges.Where(c => c.UnitId == unit.Id).OrderBy(c => c.RecordedAt).LastAsync()).Kind);
    }

    [Fact]
    public async Task A_parent_listed_after_its_child_is_created_first()
    {
        Assert.Equal((3, 0, 0), Counts(await ImportAsync(Csv(
            Header,
            "ORD-TH,Trường Tiểu học Cát Bi,,PrimarySchool,ORD-PGD,,,,,,,",
            "ORD-PGD,Phòng GDĐT quận Hải An,,DistrictEducationOffice,ORD-SGD,,,,,,,",
            "ORD-SGD,Sở GDĐT,,Department,,,,,,,,"), HttpStatusCode.OK)));

        await using var db = factory.NewDbContext();
        var units = await db.Units.AsNoTracking().Where(u => u.Code.StartsWith("ORD-")).ToDictionaryAsync(u => u.Code);
        Assert.Equal(units["ORD-PGD"].Id, units["ORD-TH"].ParentId);
        Assert.Equal(units["ORD-SGD"].Id, units["ORD-PGD"].ParentId);
    }

    [Fact]
    public async Task A_cycle_of_parents_in_the_file_is_reported_on_each_of_its_rows()
    {
        var before = await factory.StateAsync();

        var problem = await ImportAsync(Csv(
            Header,
            "CYC-A,Đơn vị A,,PrimarySchool,CYC-C,,,,,,,",
            "CYC-B,Đơn vị B,,PrimarySchool,CYC-A,,,,,,,",
            "CYC-C,Đơn vị C,,PrimarySchool,CYC-B,,,,,,,",
            "CYC-OK,Đơn vị D,,PrimarySchool,,,,,,,,"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(2, "parent_code"), (3, "parent_code"), (4, "parent_code")], Errors(problem));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Moving_an_existing_unit_under_its_own_descendant_by_import_is_reported_as_a_cycle()
    {
        await ImportAsync(Csv(Header,
            "XCY-PGD,Phòng GDĐT,,DistrictEducationOffice,,,,,,,,",
            "XCY-TH,Trường Tiểu học,,PrimarySchool,XCY-PGD,,,,,,,"), HttpStatusCode.OK);
        var before = await factory.StateAsync();

        // Only the office is in the file: its new parent is its own school, which stays under it.
        var problem = await ImportAsync(Csv(Header, "XCY-PGD,Phòng GDĐT,,DistrictEducationOffice,XCY-TH,,,,,,,"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(2, "parent_code")], Errors(problem));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task A_dissolved_parent_is_reported()
    {
        var department = await _admin.CreateUnitAsync("DIS-SGD", "Department");
        var office = await _admin.CreateUnitAsync("DIS-PGD", "DistrictEducationOffice", department);
        await (await _admin.PostAsJsonAsync($"/api/units/{office}/dissolve", new { effectiveDate = "2025-07-01" })).JsonAsync(HttpStatusCode.OK);
        var before = await factory.StateAsync();

        var problem = await ImportAsync(Csv(Header, "DIS-TH,Trường Tiểu học,,PrimarySchool,DIS-PGD,,,,,,,"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(2, "parent_code")], Errors(problem));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task An_unknown_column_and_a_missing_required_column_are_reported_on_the_header()
    {
        var before = await factory.StateAsync();

        var problem = await ImportAsync(Csv("code,name,colour", "COL-A,Đơn vị A,đỏ"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([(1, "colour"), (1, "kind"), (2, "kind")], Errors(problem));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task A_changed_kind_is_reported_and_not_applied()
    {
        await ImportAsync(Csv(Header, "KND-A,Trường A,,PrimarySchool,,,,,,,,"), HttpStatusCode.OK);
        var before = await factory.StateAsync();

        Assert.Equal([(2, "kind")], Errors(await ImportAsync(Csv(Header, "KND-A,Trường A,,Preschool,,,,,,,,"), HttpStatusCode.UnprocessableEntity)));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_writes_nothing()
    {
        await ImportAsync(Csv(Header, "DRY-A,Trường A,,PrimarySchool,,,,,,,,"), HttpStatusCode.OK);
        var before = await factory.StateAsync();

        var result = await ImportAsync(Csv(Header,
            "DRY-A,Trường A (đổi tên),,PrimarySchool,,,,,,,,",
            "DRY-B,Trường B,,PrimarySchool,DRY-A,,,,,,,"), HttpStatusCode.OK, "?dryRun=true");

        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal((1, 1, 0), Counts(result));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Theory]
    [InlineData(PlatformRoles.DepartmentOfficer)]
    [InlineData(PlatformRoles.DepartmentLeader)]
    [InlineData(PlatformRoles.DistrictOfficer)]
    [InlineData(PlatformRoles.Auditor)]
    public async Task Only_a_system_administrator_may_import(string role)
    {
        var before = await factory.StateAsync();

        var problem = await ImportAsync(Csv(Header, $"DENY-{role},Trường A,,PrimarySchool,,,,,,,,"), HttpStatusCode.Forbidden,
            client: factory.ClientFor(UnitsApiFactory.Department, role));

        Assert.Contains("quản trị hệ thống", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await factory.StateAsync());
        await using var db = factory.NewDbContext();
        Assert.False(await db.Units.AnyAsync(u => u.Code.StartsWith("DENY-")));
    }

    [Fact]
    public async Task An_unsupported_format_or_a_missing_file_is_a_400_problem()
    {
        (await ImportAsync(File("code\n"u8.ToArray(), "don-vi.txt"), HttpStatusCode.BadRequest)).GetProperty("detail");
        var missing = await ImportAsync(new MultipartFormDataContent { { new StringContent("x"), "other" } }, HttpStatusCode.BadRequest);
        missing.AssertNames("file");
        var garbage = await ImportAsync(File("not a spreadsheet"u8.ToArray(), "don-vi.xlsx"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal([(1, "")], Errors(garbage));
    }

    [Fact]
    public async Task Exported_CSV_has_the_header_and_NFC_text_and_imports_back_unchanged()
    {
        var decomposed = "Trường Mầm non Hoa Phượng Đỏ".Normalize(NormalizationForm.FormD);
        var response = await _admin.PostAsJsonAsync("/api/units", new { code = "EXP-MN", name = decomposed, kind = "Preschool", address = "Số 5, ngõ \"Hoa\"" });
        await response.JsonAsync(HttpStatusCode.Created);

        var export = await _admin.GetAsync("/api/units/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        Assert.Equal(Header, lines[0]);
        Assert.True(text.IsNormalized(NormalizationForm.FormC));
        Assert.Contains("EXP-MN,Trường Mầm non Hoa Phượng Đỏ,,Preschool,,,\"Số 5, ngõ \"\"Hoa\"\"\"", text);

        var before = await factory.StateAsync();
        await using var db = factory.NewDbContext();
        var active = await db.Units.CountAsync(u => u.Status == UnitStatus.Active);
        Assert.Equal((0, 0, active), Counts(await ImportAsync(File(bytes, "don-vi.csv"), HttpStatusCode.OK)));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Exported_CSV_cells_that_a_spreadsheet_would_run_as_formulas_are_text_and_import_back_unchanged()
    {
        var response = await _admin.PostAsJsonAsync("/api/units", new
        {
            code = "EXP-FORMULA", name = "Trường Tiểu học Bình Minh", kind = "PrimarySchool",
            address = "=HYPERLINK(\"http://example.invalid\";\"Bấm vào đây\")", phone = "+84 225 3842 123",
        });
        await response.JsonAsync(HttpStatusCode.Created);

        var bytes = await (await _admin.GetAsync("/api/units/export?format=csv")).Content.ReadAsByteArrayAsync();
        var line = Assert.Single(Encoding.UTF8.GetString(bytes).Split('\n'), l => l.StartsWith("EXP-FORMULA,", StringComparison.Ordinal));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\";\"\"Bấm vào đây\"\")\",", line);
        Assert.Contains(",'+84 225 3842 123,", line);
        Assert.DoesNotContain(",=", line);
        Assert.DoesNotContain(",+", line);

        var before = await factory.StateAsync();
        var counts = Counts(await ImportAsync(File(bytes, "don-vi.csv"), HttpStatusCode.OK));
        Assert.Equal((0, 0), (counts.Created, counts.Updated));
        Assert.Equal(before, await factory.StateAsync());
        await using var db = factory.NewDbContext();
        var unit = await db.Units.SingleAsync(u => u.Code == "EXP-FORMULA");
        Assert.Equal("+84 225 3842 123", unit.Phone);
    }

    [Fact]
    public async Task Concurrent_imports_of_the_same_new_codes_never_fail_with_a_500_and_create_each_unit_once()
    {
        var mark = await factory.OutboxMarkAsync();
        for (var round = 0; round < 5; round++)
        {
            var code = $"RACE-{round}";
            var csv = new[] { Header, $"{code},Trường Mầm non Đua {round},,Preschool,,,,,,,," };
            var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _admin.PostAsync("/api/units/import", Csv(csv))));
            foreach (var answer in responses)
            {
                Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict,
                    $"round {round}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                }
            }
            await using var db = factory.NewDbContext();
            Assert.Equal(1, await db.Units.CountAsync(u => u.Code == code));
            Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<UnitRegistered>(), e => e.Code == code);
        }
    }

    [Fact]
    public async Task Exported_XLSX_imports_back_with_every_unit_unchanged()
    {
        await ImportAsync(Csv(Header,
            "XL-SGD,Sở GDĐT,,Department,,HP,,,,02253842547,so@hp.edu.vn,01/01/2024",
            "XL-TH,\"Trường Tiểu học Lê Lợi, Hải An\",TH Lê Lợi,PrimarySchool,XL-SGD,HP-HAIAN,Số 1,Trần Thị B,Hiệu trưởng,0225 3 555,,01/09/2024"), HttpStatusCode.OK);

        var export = await _admin.GetAsync("/api/units/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();

        var before = await factory.StateAsync();
        await using var db = factory.NewDbContext();
        var active = await db.Units.CountAsync(u => u.Status == UnitStatus.Active);
        Assert.True(active >= 2);
        Assert.Equal((0, 0, active), Counts(await ImportAsync(File(bytes, "don-vi.xlsx"), HttpStatusCode.OK)));
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Export_names_a_bad_format()
    {
        var problem = await (await _admin.GetAsync("/api/units/export?format=pdf")).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("format", problem.GetProperty("detail").GetString());
    }
}
