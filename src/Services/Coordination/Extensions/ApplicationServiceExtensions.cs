using Platform.Contracts.Police.V1;
using Platform.Coordination.Consumers;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Police;
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
        builder.AddPlatformMessaging<CoordinationDbContext>(ResourceNames.Coordination, bus =>
        {
            bus.AddUnitDirectory<CoordinationDbContext>(ResourceNames.Coordination);
            // Moves and dissolutions as history, and what a dissolution means for live programmes, cadences and referrals.
            bus.AddConsumer<UnitHistoryConsumer>(ReplicaWait.Apply).Endpoint(e => e.Name = $"{ResourceNames.Coordination}-unit-history");
            bus.AddConsumer<IncidentReportedConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Coordination}-incident-referral");
            // Police-facing messages leave the platform's bus here, re-published on the police exchange as plain JSON.
            bus.AddConsumer<PoliceGatewayConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Coordination}-police-gateway");
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<CoordinationDbContext>();
        builder.Services.AddScoped<CoordinationAccess>();
        builder.Services.AddScoped<ReferralService>();
        builder.Services.AddScoped<PoliceReplyHandler>();
        builder.Services.AddOptions<ReferralOptions>().BindConfiguration("Coordination:Referrals");
        builder.Services.AddOptions<SchedulerOptions>().BindConfiguration("Coordination:Scheduler");
        builder.Services.AddOptions<CoverageOptions>().BindConfiguration("Coordination:Coverage");
        builder.Services.AddOptions<SignedCopyOptions>().BindConfiguration("Coordination:SignedCopy");
        builder.Services.AddOptions<PoliceOptions>().BindConfiguration("Coordination:Police");
        builder.Services.AddSingleton<PoliceBroker>();
        builder.Services.AddHostedService<PoliceReplyListener>();
        builder.Services.AddSingleton<ReferralSlaMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReferralSlaMonitor>());
        builder.Services.AddSingleton<CoordinationScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CoordinationScheduler>());
        builder.Services.AddHostedService<DemoCoordinationSeeder>();
        return builder;
    }
}
