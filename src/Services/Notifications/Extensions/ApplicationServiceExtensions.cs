using Platform.ServiceDefaults;
using Platform.Messaging;
using Platform.Notifications.Consumers;
using Platform.Notifications.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Notifications.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        const string service = ResourceNames.Notifications;
        builder.AddPlatformAuthentication();
        builder.AddServiceDatabase<NotificationsDbContext>(ResourceNames.NotificationsDatabase);
        builder.AddPlatformMessaging<NotificationsDbContext>(service, bus =>
        {
            bus.AddUnitDirectory<NotificationsDbContext>(service);
            bus.AddConsumer<TaskAssignedConsumer>();
            bus.AddConsumer<AssignmentDueSoonConsumer>();
            bus.AddConsumer<AssignmentOverdueConsumer>();
            bus.AddConsumer<AssignmentEscalatedConsumer>();
            bus.AddConsumer<QuestionAnsweredConsumer>();
            bus.AddConsumer<ReportRequestedConsumer>();
            bus.AddConsumer<ReportReturnedConsumer>();
            bus.AddConsumer<ReportApprovedConsumer>();
            bus.AddConsumer<ReportOverdueConsumer>();
            bus.AddConsumer<IncidentReportedConsumer>();
            bus.AddConsumer<ReferralStatusChangedConsumer>();
            bus.AddConsumer<ReferralEscalatedConsumer>();
            bus.AddConsumer<BriefingCadenceMissedConsumer>();
            bus.AddConsumer<MeetingDecisionRecordedConsumer>();
            bus.AddConsumer<SafeLineCaseRaisedConsumer>();
            bus.AddConsumer<SafeLineCaseEscalatedConsumer>();
            bus.AddConsumer<UserAccountConsumer>().Endpoint(e => e.Name = UserAccountConsumer.Queue);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUnitScope<NotificationsDbContext>();
        builder.Services.AddOptions<NotificationsOptions>().BindConfiguration("Notifications");
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Notifications:Smtp");
        builder.Services.AddOptions<EmailOptions>().BindConfiguration("Notifications:Email");
        builder.Services.AddSingleton<NotificationStream>();
        builder.Services.AddScoped<NotificationWriter>();
        builder.Services.AddScoped<RecipientDirectory>();
        builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        builder.Services.AddSingleton<EmailDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailDispatcher>());
        builder.Services.AddHostedService<IdentityDirectorySync>();
        return builder;
    }
}
