using Platform.Reporting.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<ReportingDbContext>(ResourceNames.ReportingDatabase);
        builder.AddPlatformMessaging<ReportingDbContext>(ResourceNames.Reporting, bus => bus.AddUnitDirectory<ReportingDbContext>(ResourceNames.Reporting));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<ReportingDbContext>();
        return builder;
    }
}
