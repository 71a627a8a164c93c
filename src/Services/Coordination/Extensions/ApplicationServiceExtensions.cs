using Platform.Coordination.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<CoordinationDbContext>(ResourceNames.CoordinationDatabase);
        builder.AddPlatformMessaging<CoordinationDbContext>(ResourceNames.Coordination, bus => bus.AddUnitDirectory<CoordinationDbContext>(ResourceNames.Coordination));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<CoordinationDbContext>();
        return builder;
    }
}
