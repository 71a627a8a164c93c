using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Tests;

public sealed class DocumentsApiTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Issuing_numbers_the_document_assigns_every_task_to_every_resolved_unit_and_writes_the_events_in_one_go()
    {
        var officer = factory.Officer();
        var draftId = await Api.CreateDraftAsync(officer);

        var issued = await Api.IssueAsync(officer, draftId);

        var document = issued.GetProperty("document");
        Assert.Equal("Issued", document.GetProperty("status").GetString());
        Assert.Matches(@"^\d+/SGDĐT-VP$", document.GetProperty("numberAndSymbol").GetString());
        Assert.Equal("2024-04-22", document.GetProperty("issueDate").GetString());
        // District A, district B (group) + the upper-secondary school (unit) = 3 units;
        // tasks: one-off (1) + quarterly from Q2 to Q4 (3) + standing (1) = 5 per unit.
        Assert.Equal(3, issued.GetProperty("unitCount").GetInt32());
        Assert.Equal(15, issued.GetProperty("assignmentCount").GetInt32());

        await using var db = factory.NewDbContext();
        var assignments = await db.Assignments.Where(a => a.DocumentId == draftId).ToListAsync();
        Assert.Equal(15, assignments.Count);
        Assert.Equal([TestOrg.DistrictA, TestOrg.DistrictB, TestOrg.UpperSecondary], assignments.Select(a => a.UnitId).Distinct().Order().ToList());
        // 10 working days after Monday 22/04/2024 skip the 29/04 bridge, 30/04, 01/05 and a weekend, and count Saturday 04/05 (made up).
        Assert.All(assignments.Where(a => a.TaskNumber == 1), a => Assert.Equal(new DateOnly(2024, 5, 8), a.DueDate));
        Assert.Equal([new DateOnly(2024, 6, 25), new DateOnly(2024, 9, 25), new DateOnly(2024, 12, 25)],
            assignments.Where(a => a.TaskNumber == 2 && a.UnitId == TestOrg.DistrictA).OrderBy(a => a.Occurrence).Select(a => a.DueDate!.Value).ToList());
        Assert.All(assignments.Where(a => a.TaskNumber == 3), a => Assert.Null(a.DueDate));

        var outbox = await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
        var assigned = outbox.Where(m => m.MessageType.StartsWith(typeof(TaskAssigned).FullName!)).Select(m => JsonSerializer.Deserialize<TaskAssigned>(m.Body, JsonSerializerOptions.Web)!)
            .Where(e => e.DocumentId == draftId).ToList();
        Assert.Equal(assignments.Select(a => a.Id).Order(), assigned.Select(e => e.AssignmentId).Order());
        var documentIssued = outbox.Where(m => m.MessageType.StartsWith(typeof(DocumentIssued).FullName!))
            .Select(m => JsonSerializer.Deserialize<DocumentIssued>(m.Body, JsonSerializerOptions.Web)!).Single(e => e.DocumentId == draftId);
        Assert.Equal(3, documentIssued.AddresseeUnitIds.Count);
        Assert.Equal(3, documentIssued.TaskCount);

        // The group was resolved on the issue date with the issuer's own token.
        Assert.Contains("2024-04-22", factory.UnitsService.AsOfDates);
        Assert.All(factory.UnitsService.AuthorizationHeaders, h => Assert.StartsWith("Bearer ", h));

        // And the relay publishes them.
        Assert.True(await factory.Harness.Published.Any<DocumentIssued>(m => m.Context.Message.DocumentId == draftId));
    }

    [Fact]
    public async Task Numbers_run_per_issuer_and_year_without_gaps_and_continue_after_a_registered_number()
    {
        var officer = factory.Officer();
        var registered = await Api.CreateAndIssueAsync(officer, new
        {
            kind = "Plan", symbol = "KH-SGDĐT", number = 900, issueDate = "2025-03-06", issuerUnitId = TestOrg.Department, subject = "Kế hoạch thử",
        });
        object[] tasks = [new { text = "Báo cáo.", kind = "OneOff", deadline = "2025-04-30" }];
        var first = await Api.CreateDraftAsync(officer, Api.Dispatch(issueDate: new DateOnly(2025, 3, 10), tasks: tasks));
        var second = await Api.CreateDraftAsync(officer, Api.Dispatch(issueDate: new DateOnly(2025, 3, 11), tasks: tasks));

        var n1 = (await Api.IssueAsync(officer, first)).GetProperty("document").GetProperty("number").GetInt32();
        var n2 = (await Api.IssueAsync(officer, second)).GetProperty("document").GetProperty("number").GetInt32();

        Assert.Equal(901, n1);
        Assert.Equal(902, n2);
        await using var db = factory.NewDbContext();
        Assert.Equal(900, (await db.Documents.FindAsync(registered))!.Number);
    }

    [Fact]
    public async Task A_document_shows_its_legal_basis_addressees_copy_list_and_signer()
    {
        var officer = factory.Officer();
        var basis = await Api.CreateAndIssueAsync(officer, new
        {
            kind = "Directive", symbol = "CT-TTg", number = 2, issueDate = "2024-01-26", issuerName = "Thủ tướng Chính phủ",
            subject = "Về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội",
        });
        var body = Api.Dispatch();
        var json = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!;
        json["legalBasis"] = new System.Text.Json.Nodes.JsonArray(JsonValue(basis));
        var id = await Api.CreateAndIssueAsync(officer, json);

        var document = await (await officer.GetAsync($"/api/tasks/documents/{id}")).ReadJsonAsync();

        Assert.Equal("2/CT-TTg", document.GetProperty("legalBasis")[0].GetProperty("numberAndSymbol").GetString());
        Assert.Equal("KT", document.GetProperty("signingAuthority").GetString());
        Assert.Equal("Phó Giám đốc", document.GetProperty("signerPosition").GetString());
        Assert.Equal("Trưởng phòng GDĐT quận, huyện", document.GetProperty("addressees")[0].GetProperty("label").GetString());
        Assert.Equal(2, document.GetProperty("addressees")[0].GetProperty("resolvedUnitCount").GetInt32());
        Assert.Equal("để p/h", document.GetProperty("copyTo")[0].GetProperty("purpose").GetString());
        Assert.Equal(15, document.GetProperty("assignmentCount").GetInt32());
    }

    private static System.Text.Json.Nodes.JsonNode JsonValue(Guid id) => System.Text.Json.Nodes.JsonValue.Create(id.ToString())!;

    [Fact]
    public async Task A_school_sees_only_documents_addressed_to_its_branch()
    {
        var officer = factory.Officer();
        var toUpperSecondary = await Api.CreateAndIssueAsync(officer, Api.Dispatch(addressees: [new { unitId = TestOrg.UpperSecondary }]));
        var school = factory.ClientFor(TestOrg.SchoolB1, PlatformRoles.SchoolManager);
        var district = factory.ClientFor(TestOrg.UpperSecondary, PlatformRoles.SchoolManager);

        Assert.Equal(HttpStatusCode.NotFound, (await school.GetAsync($"/api/tasks/documents/{toUpperSecondary}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync($"/api/tasks/documents/{toUpperSecondary}")).StatusCode);
        var list = await (await school.GetAsync("/api/tasks/documents?pageSize=200")).ReadJsonAsync();
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == toUpperSecondary);
    }

    [Fact]
    public async Task Documents_are_found_with_or_without_diacritics()
    {
        var officer = factory.Officer();
        var id = await Api.CreateAndIssueAsync(officer, Api.Dispatch(subject: "V/v đảm bảo an toàn giao thông cho học sinh"));

        foreach (var q in new[] { "an toan giao thong", "AN TOÀN GIAO THÔNG", "dam bao", "SGDDT-VP" })
        {
            var found = await (await officer.GetAsync($"/api/tasks/documents?q={Uri.EscapeDataString(q)}&pageSize=200")).ReadJsonAsync();
            Assert.Contains(found.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        }
        var none = await (await officer.GetAsync("/api/tasks/documents?q=ma%20tuy%20xyz")).ReadJsonAsync();
        Assert.Equal(0, none.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Issuing_twice_is_a_conflict()
    {
        var officer = factory.Officer();
        var id = await Api.CreateAndIssueAsync(officer);
        var again = await officer.PostAsync($"/api/tasks/documents/{id}/issue");
        Api.AssertProblem(again, HttpStatusCode.Conflict, await again.Content.ReadAsStringAsync());
        await using var db = factory.NewDbContext();
        Assert.Equal(15, await db.Assignments.CountAsync(a => a.DocumentId == id));
    }

    [Fact]
    public async Task Units_service_outage_issues_nothing()
    {
        var officer = factory.Officer();
        var id = await Api.CreateDraftAsync(officer);
        try
        {
            factory.UnitsService.Down = true;
            var response = await officer.PostAsync($"/api/tasks/documents/{id}/issue");
            var body = await response.Content.ReadAsStringAsync();
            Api.AssertProblem(response, HttpStatusCode.ServiceUnavailable, body);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("'units'", body);
            factory.UnitsService.Down = false;
            factory.UnitsService.Unresolvable = true;
            response = await officer.PostAsync($"/api/tasks/documents/{id}/issue");
            Api.AssertProblem(response, HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            factory.UnitsService.Down = false;
            factory.UnitsService.Unresolvable = false;
        }
        await using var db = factory.NewDbContext();
        Assert.Equal(DocumentStatus.Draft, (await db.Documents.FindAsync(id))!.Status);
        Assert.False(await db.Assignments.AnyAsync(a => a.DocumentId == id));
    }
}
