using Microsoft.Extensions.Options;

namespace Platform.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    /// <summary>Everything the gateway needs beyond the platform defaults.</summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.IsValid(), "Gateway settings must be positive: MaxRequestBodyBytes, MaxRequestTargetBytes, RateLimit:PermitLimit, RateLimit:WindowSeconds, HealthCheckTimeoutSeconds; ForwardedHeaders:KnownNetworks must be CIDR networks (e.g. 10.42.0.0/16).")
            .ValidateOnStart();

        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<GatewayOptions>>((kestrel, gateway) => RequestTargetLimit.AllowLongRequestLines(kestrel, gateway.Value));

        builder.AddPlatformAuthentication();
        builder.Services.AddGatewayProxy();
        builder.Services.AddGatewayRateLimiting();
        builder.Services.AddEdgeSecurity();
        builder.Services.AddDownstreamHealthChecks();
        return builder;
    }
}
