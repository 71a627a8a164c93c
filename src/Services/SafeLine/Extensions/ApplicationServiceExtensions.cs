using Platform.Messaging;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Options;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        const string service = ResourceNames.SafeLine;
        builder.AddClientPrivacy(ReporterAnonymity.Prefix);
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<SafeLineDbContext>(ResourceNames.SafeLineDatabase);
        builder.AddPlatformMessaging<SafeLineDbContext>(service, bus => bus.AddUnitDirectory<SafeLineDbContext>(service));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SafeLineOptions>().BindConfiguration("SafeLine");
        builder.Services.AddScoped<CaseAccess>();
        builder.Services.AddUnitScope<SafeLineDbContext>();
        builder.Services.AddReporterAnonymity();
        builder.Services.AddSingleton<EscalationMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EscalationMonitor>());
        return builder;
    }
}
