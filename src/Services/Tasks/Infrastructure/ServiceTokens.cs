using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Tasks.Options;

namespace Platform.Tasks.Infrastructure;

/// <summary>An access token for the tasks service itself, for calls no user makes (the demo documents).</summary>
public interface IServiceTokenSource
{
    /// <summary>A valid token, or null when the service has no credentials configured.</summary>
    Task<string?> AccessTokenAsync(CancellationToken ct);
}

/// <summary>
/// Client credentials grant against identity (<c>POST /connect/token</c>) as the confidential client
/// <c>tasks-service</c> (secret <c>Tasks:ServiceClientSecret</c>); identity's tokens for it read province-wide and
/// write nothing. The token is kept until a minute before it expires.
/// </summary>
public sealed class ClientCredentialsTokenSource(IHttpClientFactory httpFactory, IOptions<ServiceClientOptions> options,
    TimeProvider clock, ILogger<ClientCredentialsTokenSource> logger) : IServiceTokenSource, IDisposable
{
    public const string HttpClientName = "identity";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    public async Task<string?> AccessTokenAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ServiceClientSecret))
        {
            return null;
        }
        if (_cached is { } cached && cached.RenewAt > clock.GetUtcNow()) return cached.Token;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.RenewAt > clock.GetUtcNow()) return again.Token;
            using var http = httpFactory.CreateClient(HttpClientName);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ServiceClientId,
                ["client_secret"] = settings.ServiceClientSecret,
                ["scope"] = "api",
            });
            using var response = await http.PostAsync("/connect/token", form, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            if (!response.IsSuccessStatusCode || !json.RootElement.TryGetProperty("access_token", out var token))
            {
                var error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                logger.LogWarning("Identity refused a token for {Client}: HTTP {Status} {Error}", settings.ServiceClientId, (int)response.StatusCode, error);
                throw new InvalidOperationException($"Identity did not issue a token for {settings.ServiceClientId} (HTTP {(int)response.StatusCode}, {error ?? "no error code"}).");
            }
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var seconds) ? TimeSpan.FromSeconds(seconds.GetInt32()) : TimeSpan.FromMinutes(5);
            var margin = lifetime > TimeSpan.FromMinutes(2) ? TimeSpan.FromMinutes(1) : lifetime / 2;
            _cached = (token.GetString()!, clock.GetUtcNow() + lifetime - margin);
            logger.LogInformation("Obtained a service token for {Client}, valid for {Lifetime}", settings.ServiceClientId, lifetime);
            return _cached.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
