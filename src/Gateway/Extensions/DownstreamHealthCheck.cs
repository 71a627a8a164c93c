using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

/// <summary>Asks one downstream service for its own <c>/health</c>, through service discovery.</summary>
internal sealed class DownstreamHealthCheck(string service, IHttpClientFactory clients) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";
    public const string Tag = "downstream";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateClient(HttpClientName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync($"http://{service}{ServiceDefaultsExtensions.HealthPath}",
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var statusCode = (int)response.StatusCode;
            var data = new Dictionary<string, object>
            {
                ["statusCode"] = statusCode,
                ["milliseconds"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds),
            };
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} answered {statusCode}.", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{service} answered {statusCode}.", data: data);
        }
        catch (HttpRequestException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{service} could not be reached: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{service} did not answer in time.", e);
        }
    }
}

public static class DownstreamHealthExtensions
{
    /// <summary>
    /// One check per service in <c>Gateway:Downstream</c>, named after it, beside ServiceDefaults' "self".
    /// Registered through options so the list is read from configuration only when health is first asked.
    /// </summary>
    public static IServiceCollection AddDownstreamHealthChecks(this IServiceCollection services)
    {
        // A probe must report what it sees now: the default client's retries would turn a 503 into a
        // timeout. The removal API is marked experimental; its only alternative is disabling each strategy.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(DownstreamHealthCheck.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        services.AddOptions<HealthCheckServiceOptions>()
            .Configure<IOptions<GatewayOptions>>((health, gateway) =>
            {
                var timeout = TimeSpan.FromSeconds(gateway.Value.HealthCheckTimeoutSeconds);
                foreach (var service in gateway.Value.GetDownstreamServices())
                {
                    health.Registrations.Add(new HealthCheckRegistration(
                        service,
                        sp => ActivatorUtilities.CreateInstance<DownstreamHealthCheck>(sp, service),
                        HealthStatus.Unhealthy,
                        [DownstreamHealthCheck.Tag],
                        timeout));
                }
            });
        return services;
    }
}
