using Platform.Messaging;
using Platform.Reporting.Consumers;
using Platform.Reporting.Infrastructure;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Reporting.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<ReportingDbContext>(ResourceNames.ReportingDatabase);
        builder.AddPlatformMessaging<ReportingDbContext>(ResourceNames.Reporting, bus =>
        {
            bus.AddUnitDirectory<ReportingDbContext>(ResourceNames.Reporting);
            // Open reports of a moved unit take its new supervising chain (restructuring with history).
            bus.AddConsumer<UnitMovedConsumer>(ReplicaWait.Apply).Endpoint(e => e.Name = $"{ResourceNames.Reporting}-report-chains");
            bus.AddConsumer<IncidentReferredToPoliceConsumer>().Endpoint(e => e.Name = $"{ResourceNames.Reporting}-police-shares");
        });
        builder.Services.AddSingleton(TimeProvider.System);
        // Deadlines count working days on the calendar tasks use (announced days to 2026, the Labour Code's after).
        builder.Services.AddSingleton(Platform.WorkCalendar.HolidaySeed.AsAnnounced);
        builder.Services.AddUnitScope<ReportingDbContext>();
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration("Reporting");

        builder.Services.AddScoped<ReportAccess>();
        builder.Services.AddScoped<ExpectedReports>();
        builder.Services.AddScoped<IPrefillSource, ReportingPrefillSource>();
        builder.Services.AddHttpClient<CoordinationPrefillSource>((sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportingOptions>>().Value.CoordinationBaseAddress));
        builder.Services.AddScoped<IPrefillSource>(sp => sp.GetRequiredService<CoordinationPrefillSource>());
        builder.Services.AddScoped<Prefiller>();
        builder.Services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, (sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportingOptions>>().Value.IdentityBaseAddress));
        builder.Services.AddSingleton<IServiceTokenSource, ClientCredentialsTokenSource>();
        builder.Services.AddHttpClient<IRecipientGroupDirectory, UnitsServiceGroupDirectory>((sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportingOptions>>().Value.UnitsBaseAddress));
        builder.Services.AddScoped<IDatabaseSeeder<ReportingDbContext>, DemoTemplateSeeder>();
        builder.Services.AddHostedService<ReportingJobs>();
        return builder;
    }
}
