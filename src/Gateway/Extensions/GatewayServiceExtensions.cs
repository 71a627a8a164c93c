namespace Platform.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    /// <summary>Everything the gateway needs beyond the platform defaults.</summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.IsValid(), "Gateway settings must be positive: MaxRequestBodyBytes, RateLimit:PermitLimit, RateLimit:WindowSeconds, HealthCheckTimeoutSeconds.")
            .ValidateOnStart();

        builder.AddPlatformAuthentication();
        builder.Services.AddGatewayProxy();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddDownstreamHealthChecks();
        return builder;
    }
}
