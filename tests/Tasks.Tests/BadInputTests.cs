using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.ServiceDefaults;

namespace Platform.Tasks.Tests;

/// <summary>Every mistake a user can make gets a ProblemDetails naming the field, and nothing changes.</summary>
public sealed class BadInputTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Doc(string extra = "", string tasks = """[{"text":"Tuyên truyền","kind":"OneOff","deadline":"2024-05-31"}]""",
        string addressees = """[{"unitId":"10000000-0000-0000-0000-0000000000c1"}]""") =>
        $$"""{"kind":"Dispatch","symbol":"SGDĐT-VP","issueDate":"2024-04-22","subject":"V/v thử","tasks":{{tasks}},"addressees":{{addressees}}{{extra}}}""";

    public static TheoryData<string, string, string?> BadDocuments => new()
    {
        { "malformed JSON", """{"kind":"Dispatch",""", null },
        { "unknown field", Doc(""","status":"Issued" """), "status" },
        { "unknown kind", Doc().Replace("\"Dispatch\"", "\"Memo\""), "kind" },
        { "missing symbol", Doc().Replace("\"symbol\":\"SGDĐT-VP\",", ""), "symbol" },
        { "symbol with spaces", Doc().Replace("SGDĐT-VP", "SGD VP"), "symbol" },
        { "dispatch subject without V/v", Doc().Replace("V/v thử", "Về việc thử"), "subject" },
        { "missing subject", Doc().Replace("\"subject\":\"V/v thử\",", ""), "subject" },
        { "KT. without position", Doc(""","signingAuthority":"KT" """), "signerPosition" },
        { "unknown signing authority", Doc(""","signingAuthority":"XX","signerPosition":"Phó Giám đốc" """), "signingAuthority" },
        { "deadline before the issue date", Doc(tasks: """[{"text":"Báo cáo","kind":"OneOff","deadline":"2024-04-01"}]"""), "tasks[0].deadline" },
        { "one-off task with both deadlines", Doc(tasks: """[{"text":"Báo cáo","kind":"OneOff","deadline":"2024-05-01","deadlineWorkingDays":5}]"""), "tasks[0].deadline" },
        { "one-off task with no deadline", Doc(tasks: """[{"text":"Báo cáo","kind":"OneOff"}]"""), "tasks[0].deadline" },
        { "zero working days", Doc(tasks: """[{"text":"Báo cáo","kind":"OneOff","deadlineWorkingDays":0}]"""), "tasks[0].deadlineWorkingDays" },
        { "recurring without period", Doc(tasks: """[{"text":"Báo cáo","kind":"Recurring","repeatUntil":"2024-12-31"}]"""), "tasks[0].period" },
        { "recurring ending before issue", Doc(tasks: """[{"text":"Báo cáo","kind":"Recurring","period":"Monthly","repeatUntil":"2024-01-31"}]"""), "tasks[0].repeatUntil" },
        { "too many periods", Doc(tasks: """[{"text":"Báo cáo","kind":"Recurring","period":"Monthly","repeatUntil":"2030-12-31"}]"""), "tasks[0].repeatUntil" },
        { "standing task with a deadline", Doc(tasks: """[{"text":"Giao ban","kind":"Standing","deadline":"2024-05-01"}]"""), "tasks[0].deadline" },
        { "duplicate task numbers", Doc(tasks: """[{"number":1,"text":"A","kind":"Standing"},{"number":1,"text":"B","kind":"Standing"}]"""), "tasks[1].number" },
        { "blank task text", Doc(tasks: """[{"text":"  ","kind":"Standing"}]"""), "tasks[0].text" },
        { "tasks without addressees", Doc(addressees: "[]"), "addressees" },
        { "addressee with both group and unit", Doc(addressees: """[{"groupId":"20000000-0000-0000-0000-000000000001","unitId":"10000000-0000-0000-0000-0000000000c1"}]"""), "addressees[0]" },
        { "assignment to a dissolved unit", Doc(addressees: """[{"unitId":"10000000-0000-0000-0000-0000000000a9"}]"""), "addressees[0].unitId" },
        { "assignment to an unknown unit", Doc(addressees: $$"""[{"unitId":"{{Guid.NewGuid()}}"}]"""), "addressees[0].unitId" },
        { "legal basis that does not exist", Doc($$""","legalBasis":["{{Guid.NewGuid()}}"]"""), "legalBasis[0]" },
        { "registered number without a date", Doc(""","number":12""").Replace("\"issueDate\":\"2024-04-22\",", ""), "issueDate" },
        { "outside issuer without a number", Doc(""","issuerName":"Bộ Công an" """), "number" },
        { "date that is not a date", Doc().Replace("2024-04-22", "22/04/2024"), "issueDate" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public async Task Bad_documents_are_problems_naming_the_field_and_write_nothing(string because, string body, string? field)
    {
        await using var db = factory.NewDbContext();
        var before = await db.Documents.CountAsync();

        var response = await factory.Officer().PostAsync("/api/tasks/documents", Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{because}: should name '{field}' but was {text}");
        }
        Assert.Equal(before, await db.Documents.CountAsync());
    }

    [Fact]
    public async Task A_duplicate_document_number_is_a_conflict_naming_the_number()
    {
        var officer = factory.Officer();
        var body = Doc(""","number":77,"issuerUnitId":"10000000-0000-0000-0000-000000000001" """);
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsync("/api/tasks/documents", Json(body))).StatusCode);
        await using var db = factory.NewDbContext();
        var before = await db.Documents.CountAsync();

        var second = await officer.PostAsync("/api/tasks/documents", Json(body));

        var text = await second.Content.ReadAsStringAsync();
        Api.AssertProblem(second, HttpStatusCode.Conflict, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("number", out _), text);
        Assert.Equal(before, await db.Documents.CountAsync());
    }

    [Fact]
    public async Task A_deadline_that_passed_before_the_draft_is_issued_stops_the_issue()
    {
        var officer = factory.Officer();
        var id = await Api.CreateDraftAsync(officer, JsonSerializer.Deserialize<JsonElement>(
            Doc(tasks: """[{"text":"Báo cáo","kind":"OneOff","deadline":"2024-04-10"}]""").Replace("\"issueDate\":\"2024-04-22\",", "")));

        var response = await officer.PostAsync($"/api/tasks/documents/{id}/issue");

        var text = await response.Content.ReadAsStringAsync();
        Api.AssertProblem(response, HttpStatusCode.BadRequest, text);
        Assert.Contains("tasks[0].deadline", text);
        await using var db = factory.NewDbContext();
        Assert.False(await db.Assignments.AnyAsync(a => a.DocumentId == id));
        Assert.Null((await db.Documents.FindAsync(id))!.Number);
    }

    [Fact]
    public async Task A_dissolved_group_member_is_replaced_by_its_successor()
    {
        factory.UnitsService.Groups[Guid.Parse("20000000-0000-0000-0000-0000000000ff")] = ("OLD", "Nhóm cũ", [TestOrg.DissolvedSchool, TestOrg.SchoolA2]);
        var id = await Api.CreateAndIssueAsync(factory.Officer(), JsonSerializer.Deserialize<JsonElement>(
            Doc(addressees: """[{"groupId":"20000000-0000-0000-0000-0000000000ff"}]""")));
        await using var db = factory.NewDbContext();
        Assert.Equal([TestOrg.SchoolA1, TestOrg.SchoolA2], (await db.Assignments.Where(a => a.DocumentId == id).Select(a => a.UnitId).ToListAsync()).Order());
    }

    public static TheoryData<string, byte[], string, string> BadFiles => new()
    {
        { "an executable", "MZ\u0090\0\u0003 program"u8.ToArray(), "setup.pdf", "không được chấp nhận" },
        { "a PNG named .pdf", FileInspectorTests.Png, "bao-cao.pdf", "không khớp" },
        { "a text file", "Báo cáo"u8.ToArray(), "bao-cao.txt", "không được chấp nhận" },
        { "a file over the limit", [.. FileInspectorTests.Pdf, .. new byte[300 * 1024]], "lon.pdf", "vượt giới hạn" },
        { "an empty file", [], "rong.pdf", "rỗng" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Evidence_of_a_forbidden_type_or_over_the_limit_is_refused_and_nothing_is_stored(string because, byte[] content, string name, string message)
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), JsonSerializer.Deserialize<JsonElement>(Doc()));
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        await using var db = factory.NewDbContext();
        var before = await db.Attachments.CountAsync();
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);

        var response = await factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolStaff).PostAsync($"/api/tasks/assignments/{id}/evidence", form);

        var text = await response.Content.ReadAsStringAsync();
        Api.AssertProblem(response, HttpStatusCode.BadRequest, $"{because}: {text}");
        Assert.Contains("\"file\"", text);
        Assert.Contains(message, text);
        Assert.Equal(before, await db.Attachments.CountAsync());
    }

    [Fact]
    public async Task Bad_progress_reports_name_the_field_and_change_nothing()
    {
        var doc = await Api.CreateAndIssueAsync(factory.Officer(), JsonSerializer.Deserialize<JsonElement>(Doc()));
        var id = await Api.AssignmentIdAsync(factory, doc, TestOrg.UpperSecondary);
        var school = factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolManager);
        await school.PostAsync($"/api/tasks/assignments/{id}/acknowledge");
        await using var db = factory.NewDbContext();
        var events = await db.Set<OutboxMessage>().CountAsync();

        foreach (var (body, field) in new[]
        {
            ("""{"text":"Đã làm","percent":150}""", "percent"),
            ("""{"percent":50}""", "text"),
            ("""{"text":"Đã làm","percent":50,"links":["javascript:alert(1)"]}""", "links[0]"),
            ($$"""{"text":"Đã làm","percent":50,"evidenceIds":["{{Guid.NewGuid()}}"]}""", "evidenceIds[0]"),
            ("""{"text":"Đã làm","percent":"nhiều"}""", "percent"),
        })
        {
            var response = await school.PostAsync($"/api/tasks/assignments/{id}/progress", Json(body));
            var text = await response.Content.ReadAsStringAsync();
            Api.AssertProblem(response, HttpStatusCode.BadRequest, text);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {text}");
        }
        Assert.Equal(events, await db.Set<OutboxMessage>().CountAsync());
        Assert.False(await db.ProgressUpdates.AnyAsync(p => p.AssignmentId == id));
    }

    [Fact]
    public async Task Problems_follow_Accept_Language()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/documents") { Content = Json("""{"kind":"Dispatch"}""") };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await (await factory.Officer().SendAsync(request)).ReadJsonAsync();
        Assert.Equal("The field 'symbol' is required.", english.GetProperty("errors").GetProperty("symbol")[0].GetString());
    }
}
