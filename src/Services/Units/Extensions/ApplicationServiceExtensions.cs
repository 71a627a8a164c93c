using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Units.Infrastructure;

namespace Platform.Units.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<UnitsDbContext>(ResourceNames.UnitsDatabase);
        builder.AddPlatformMessaging<UnitsDbContext>(ResourceNames.Units);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UnitHierarchy>();
        builder.Services.AddScoped<UnitAccess>();
        builder.Services.AddScoped<UnitImporter>();
        builder.Services.AddScoped<RestructuringPlanner>();
        builder.Services.AddScoped<IDatabaseSeeder<UnitsDbContext>, DemoDataSeeder>();
        return builder;
    }
}
