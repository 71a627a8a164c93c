using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Platform.Reporting.Infrastructure;

/// <summary>Resolves a recipient group (held by the units service) to its member units on a date.</summary>
public interface IRecipientGroupDirectory
{
    /// <summary>The member unit ids, or null when the group does not exist.</summary>
    Task<IReadOnlyList<Guid>?> MembersAsync(Guid groupId, DateOnly asOf, CancellationToken ct);
}

/// <summary>
/// Asks the units service (<c>GET /api/units/groups/{id}/members?asOf=</c>) on behalf of the caller,
/// forwarding their bearer token, so the answer is limited to what the caller may see. Outside a request
/// (the background job opening a new period) it uses the reporting service's own token
/// (<see cref="IServiceTokenSource"/>); the schedule's owner scope is applied afterwards by <see cref="ExpectedReports"/>.
/// </summary>
public sealed class UnitsServiceGroupDirectory(HttpClient http, IHttpContextAccessor accessor, IServiceTokenSource serviceTokens,
    ILogger<UnitsServiceGroupDirectory> logger) : IRecipientGroupDirectory
{
    public async Task<IReadOnlyList<Guid>?> MembersAsync(Guid groupId, DateOnly asOf, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/units/groups/{groupId}/members?asOf={asOf:yyyy-MM-dd}");
        if (accessor.HttpContext is { } context)
        {
            var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
            if (!string.IsNullOrEmpty(authorization) && AuthenticationHeaderValue.TryParse(authorization, out var header))
            {
                request.Headers.Authorization = header;
            }
        }
        else if (await serviceTokens.AccessTokenAsync(ct) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            throw new RecipientGroupUnavailableException(groupId, "the reporting service has no client credentials (Reporting:ServiceClientSecret)");
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new RecipientGroupUnavailableException(groupId, "unreachable", ex);
        }
        using var _ = response;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Units service answered {Status} for the members of group {GroupId}", (int)response.StatusCode, groupId);
            throw new RecipientGroupUnavailableException(groupId, $"HTTP {(int)response.StatusCode}");
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            return json.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RecipientGroupUnavailableException(groupId, "unreadable answer", ex);
        }
    }
}

public sealed class RecipientGroupUnavailableException(Guid groupId, string reason, Exception? inner = null)
    : DependencyUnavailableException(Platform.ServiceDefaults.ResourceNames.Units, $"The units service could not resolve recipient group {groupId} ({reason}).", inner);
