using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Apis;
using Platform.Tasks.Consumers;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Tasks.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<TasksDbContext>(ResourceNames.TasksDatabase);
        builder.AddPlatformMessaging<TasksDbContext>(ResourceNames.Tasks, bus =>
        {
            bus.AddUnitDirectory<TasksDbContext>(ResourceNames.Tasks);
            bus.AddConsumer<UnitDissolvedConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Tasks}-assignment-transfer");
            bus.AddConsumer<UnitsMergedConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Tasks}-assignment-transfer");
            bus.AddConsumer<MeetingDecisionRecordedConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Tasks}-coordination-tasks");
            bus.AddConsumer<ProgrammeObligationDueConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Tasks}-coordination-tasks");
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<TasksDbContext>();
        builder.Services.AddScoped<TaskAccess>();
        builder.Services.AddScoped<DocumentIssuer>();
        UnitsServiceGroupResolver.AddUnitsServiceClient(builder.Services);
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration("Tasks:Attachments");
        builder.Services.AddOptions<FollowUpOptions>().BindConfiguration("Tasks:FollowUp");
        builder.Services.AddSingleton<FollowUpScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FollowUpScheduler>());
        builder.Services.AddHostedService<DemoDocumentSeeder>();
        return builder;
    }
}
