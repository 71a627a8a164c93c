using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tasks.Tests;

/// <summary>Small helpers for driving the API as a user would.</summary>
public static class Api
{
    public static object Dispatch(string subject = "V/v triển khai Chỉ thị 02/CT-TTg", object[]? tasks = null, object[]? addressees = null,
        DateOnly? issueDate = null, int? number = null) => new
    {
        kind = "Dispatch",
        symbol = "SGDĐT-VP",
        number,
        issueDate = issueDate ?? new DateOnly(2024, 4, 22),
        subject,
        body = "Sở GDĐT yêu cầu Thủ trưởng các đơn vị thực hiện các nội dung sau.",
        signerName = "Đỗ Thị Hòa",
        signerPosition = "Phó Giám đốc",
        signingAuthority = "KT",
        tasks = tasks ?? new object[]
        {
            new { number = 1, text = "Tổ chức quán triệt Chỉ thị 02/CT-TTg.", kind = "OneOff", deadlineWorkingDays = 10, expectedEvidence = "Biên bản" },
            new { number = 2, text = "Báo cáo kiểm tra định kỳ.", kind = "Recurring", period = "Quarterly", repeatUntil = "2024-12-31", dueDay = 25 },
            new { number = 3, text = "Duy trì chế độ giao ban.", kind = "Standing" },
        },
        addressees = addressees ?? new object[] { new { groupId = TestOrg.DistrictOfficesGroup }, new { unitId = TestOrg.UpperSecondary } },
        copyTo = new object[] { new { name = "Công an thành phố", purpose = "để p/h" }, new { name = "Lưu: VT" } },
    };

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<Guid> CreateDraftAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/tasks/documents", body ?? Dispatch());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> IssueAsync(HttpClient client, Guid documentId)
    {
        var response = await client.PostAsync($"/api/tasks/documents/{documentId}/issue", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<Guid> CreateAndIssueAsync(HttpClient client, object? body = null)
    {
        var id = await CreateDraftAsync(client, body);
        await IssueAsync(client, id);
        return id;
    }

    /// <summary>The id of the assignment of <paramref name="unitId"/> for task <paramref name="taskNumber"/> (first occurrence).</summary>
    public static async Task<Guid> AssignmentIdAsync(TasksApiFactory factory, Guid documentId, Guid unitId, int taskNumber = 1, int occurrence = 1)
    {
        await using var db = factory.NewDbContext();
        return Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Assignments.Where(a => a.DocumentId == documentId && a.UnitId == unitId && a.TaskNumber == taskNumber && a.Occurrence == occurrence))
            .GetAwaiter().GetResult().Id;
    }

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string url) => await client.PostAsync(url, null);

    public static void AssertProblem(HttpResponseMessage response, HttpStatusCode status, string body)
    {
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
