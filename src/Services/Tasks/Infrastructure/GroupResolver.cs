using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.ServiceDefaults;
using Platform.Tasks.Options;

namespace Platform.Tasks.Infrastructure;

/// <summary>What a recipient group reached on a date, as the units service resolved it.</summary>
public sealed record GroupResolution(Guid GroupId, string Code, string Name, IReadOnlyList<Guid> UnitIds);

/// <summary>Resolves recipient groups (nơi nhận) to units on a date; the units service owns the groups.</summary>
public interface IRecipientGroupResolver
{
    /// <returns>null when the units service does not know the group.</returns>
    Task<GroupResolution?> ResolveAsync(Guid groupId, DateOnly asOf, CancellationToken ct);
}

/// <summary>The units service could not be asked; issuing waits rather than guessing who is addressed.</summary>
public sealed class UnitsServiceUnavailableException(string message, Exception? inner = null)
    : DependencyUnavailableException(ResourceNames.Units, message, inner);

/// <summary>
/// Calls <c>GET /api/units/groups/{id}/members?asOf=</c> on the units service (found by service discovery),
/// forwarding the caller's bearer token: the units service applies its own scope to the answer, and
/// an issuer is a province-wide Department user who sees every member. Outside a request (the demo documents)
/// it sends the service's own token, which reads province-wide.
/// </summary>
public sealed class UnitsServiceGroupResolver(IHttpClientFactory clients, IHttpContextAccessor http, IServiceTokenSource serviceTokens,
    ILogger<UnitsServiceGroupResolver> logger)
    : IRecipientGroupResolver
{
    public const string ClientName = "units";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<GroupResolution?> ResolveAsync(Guid groupId, DateOnly asOf, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/units/groups/{groupId}/members?asOf={asOf:yyyy-MM-dd}");
        if (http.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            && AuthenticationHeaderValue.TryParse(authorization, out var header))
        {
            request.Headers.Authorization = header;
        }
        else if (http.HttpContext is null && await ServiceTokenAsync(ct) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Unreachable, timed out, or not resolvable by service discovery: all mean "cannot ask now".
            logger.LogWarning(ex, "Resolving recipient group {GroupId} failed: units service unreachable", groupId);
            throw new UnitsServiceUnavailableException("The units service could not be reached.", ex);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Resolving recipient group {GroupId} failed with {Status}", groupId, (int)response.StatusCode);
                throw new UnitsServiceUnavailableException($"The units service answered {(int)response.StatusCode}.");
            }
            MembersBody? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync<MembersBody>(Json, ct);
            }
            catch (JsonException ex)
            {
                logger.LogWarning(ex, "Resolving recipient group {GroupId}: the units service's answer could not be read", groupId);
                throw new UnitsServiceUnavailableException("The units service sent an unreadable answer.", ex);
            }
            if (body?.Members is null)
            {
                throw new UnitsServiceUnavailableException("The units service sent an empty answer.");
            }
            return new GroupResolution(groupId, body.Group?.Code ?? "", body.Group?.Name ?? "", body.Members.Select(m => m.Id).Distinct().ToList());
        }
    }

    private async Task<string?> ServiceTokenAsync(CancellationToken ct)
    {
        try
        {
            return await serviceTokens.AccessTokenAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "No service token for resolving recipient groups: identity could not be asked");
            throw new UnitsServiceUnavailableException("The tasks service could not obtain its own token from identity.", ex);
        }
    }

    private sealed record MembersBody(GroupBody? Group, DateOnly AsOf, IReadOnlyList<MemberBody> Members);

    private sealed record GroupBody(Guid Id, string? Code, string? Name);

    private sealed record MemberBody(Guid Id, string? Code, string? Name);

    /// <summary>The named client reaching the units service through service discovery.</summary>
    public static IServiceCollection AddUnitsServiceClient(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.BaseAddress = new Uri($"http://{ResourceNames.Units}"));
        services.AddScoped<IRecipientGroupResolver, UnitsServiceGroupResolver>();
        services.AddOptions<ServiceClientOptions>().BindConfiguration("Tasks");
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, (sp, c) =>
            c.BaseAddress = new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServiceClientOptions>>().Value.IdentityBaseAddress));
        services.AddSingleton<IServiceTokenSource, ClientCredentialsTokenSource>();
        return services;
    }
}
