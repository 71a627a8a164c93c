namespace Platform.ServiceDefaults;

/// <summary>
/// Names of the AppHost's resources. Services use them as connection-string and service-discovery
/// names, the AppHost to declare resources, and the tests to find them.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";

    public const string UnitsDatabase = "units-db";
    public const string IdentityDatabase = "identity-db";
    public const string TasksDatabase = "tasks-db";
    public const string ReportingDatabase = "reporting-db";
    public const string CoordinationDatabase = "coordination-db";
    public const string NotificationsDatabase = "notifications-db";
    public const string SafeLineDatabase = "safeline-db";

    public const string Gateway = "gateway";
    public const string Units = "units";
    public const string Identity = "identity";
    public const string Tasks = "tasks";
    public const string Reporting = "reporting";
    public const string Coordination = "coordination";
    public const string Notifications = "notifications";
    public const string SafeLine = "safeline";
    public const string Web = "web";

    /// <summary>The reference police system (demo mode): answers referrals over the police contract.</summary>
    public const string PoliceSimulator = "police-simulator";

    /// <summary>A local SMTP server with a web page showing the emails the platform sent (smtp4dev).</summary>
    public const string MailSink = "mail-sink";
}
