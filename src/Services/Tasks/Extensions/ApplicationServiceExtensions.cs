using Platform.Tasks.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Tasks.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<TasksDbContext>(ResourceNames.TasksDatabase);
        builder.AddPlatformMessaging<TasksDbContext>(ResourceNames.Tasks, bus => bus.AddUnitDirectory<TasksDbContext>(ResourceNames.Tasks));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<TasksDbContext>();
        return builder;
    }
}
