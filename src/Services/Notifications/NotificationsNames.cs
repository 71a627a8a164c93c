namespace Platform.Notifications;

/// <summary>
/// Resource names of this service. They belong beside the others in <c>ResourceNames</c> of
/// ServiceDefaults once the AppHost declares the service; until then the service and its tests use these.
/// </summary>
public static class NotificationsNames
{
    public const string Service = "notifications";
    public const string Database = "notifications-db";
}
