using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Web.Localization;

namespace Platform.Web.Api;

public sealed record SafeLineSchool(Guid Id, string Name, string? Area);

public sealed record SafeLineReportRequest(Guid? SchoolId, string? Category, string? OccurredOn, int? OccurredHour, string? Place, string? Text,
    string? Contact, string? Website);

public sealed record SafeLineReceipt(string Code, string Passphrase, string SchoolName);

public sealed record SafeLineMessage(bool FromReporter, string Author, string Text, DateTimeOffset At);

public sealed record SafeLineCaseView(string Code, string SchoolName, string Category, string Status, bool Acknowledged, string StatusText,
    DateOnly OccurredOn, DateTimeOffset ReceivedAt, string? Outcome, IReadOnlyList<SafeLineMessage> Messages);

/// <summary>
/// The safe line's public API, called without an account for someone on a public page. <paramref name="client"/> is that
/// person's address as this server saw it: only its keyed hash leaves here, as the rate limit's partition.
/// </summary>
public interface ISafeLineApi
{
    Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? client, CancellationToken ct = default);
}

/// <summary>
/// Calls the gateway's <c>/api/safeline</c> without a token, cookie or the person's user agent. The web server calls for
/// everyone from one address; with the relay secret it names each person's rate-limit partition by an HMAC of their
/// address under a key that lives only in this process.
/// </summary>
public sealed class SafeLineApi(IHttpClientFactory clients, IOptions<WebOptions> options, Loc loc, ILogger<SafeLineApi> logger) : ISafeLineApi
{
    private static readonly byte[] PartitionKey = RandomNumberGenerator.GetBytes(32);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? client, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.AcceptLanguage.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));
        if (options.Value.SafeLineRelaySecret is { Length: > 0 } secret && client is { Length: > 0 })
        {
            request.Headers.Add("X-SafeLine-Relay", secret);
            request.Headers.Add("X-SafeLine-Client", Convert.ToHexString(HMACSHA256.HashData(PartitionKey, Encoding.UTF8.GetBytes(client)), 0, 16));
        }
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: PlatformApi.Json);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(PlatformApi.HttpClientName).SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("{Method} {Path}: the safe line could not be reached ({Reason})", method, path, e.GetType().Name);
            return ApiResult<T>.Failure(ApiProblem.Unreachable(loc));
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) return ApiResult<T>.Failure(ApiProblem.From(response.StatusCode, text, loc));
            try
            {
                return ApiResult<T>.Success(JsonSerializer.Deserialize<T>(text, PlatformApi.Json)!);
            }
            catch (JsonException)
            {
                return ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, loc["error.generic"], null, ApiProblem.NoErrors));
            }
        }
    }
}

/// <summary>The safe line's words on the web client's pages.</summary>
public static class SafeLineText
{
    public static readonly IReadOnlyList<(string Key, string Label, string Hint)> Categories =
    [
        ("bullying", "Bắt nạt", "bị trêu chọc, cô lập, đe dọa, cả trên mạng"),
        ("violence", "Bạo lực", "đánh nhau, hành hung, mang hung khí"),
        ("drugs", "Ma túy, chất cấm", "mua bán, sử dụng, mời chào"),
        ("abuse", "Xâm hại", "bị động chạm, quấy rối, xâm hại"),
        ("selfHarm", "Tự làm hại bản thân", "có người nói muốn tự tử, tự làm đau mình"),
        ("other", "Việc khác", "điều gì khác làm em lo lắng"),
    ];

    public static string Category(string? key) => Categories.FirstOrDefault(c => c.Key == key).Label ?? "Việc khác";

    public static string Status(string? status) => status switch
    {
        "New" => "Chờ tiếp nhận",
        "Acknowledged" => "Đã tiếp nhận",
        "Closed" => "Đã đóng",
        _ => "—",
    };

    public static string Severity(string? severity) => severity == "High" ? "Khẩn" : "Thường";

    public static string Escalation(int level) => level switch
    {
        1 => "Đã chuyển lên đơn vị quản lý",
        2 => "Đã chuyển lên Sở",
        _ => "",
    };
}
