using System.Diagnostics.Metrics;

namespace Platform.Tasks.Infrastructure;

/// <summary>The tasks service's own metrics, shown on the Aspire dashboard.</summary>
public static class TasksMetrics
{
    public const string Name = "Platform.Tasks";
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> AssignmentsCreated = Meter.CreateCounter<long>(
        "platform.tasks.assignments_created", "{assignment}", "Assignments created by issuing and delegating");
    public static readonly Counter<long> AssignmentsOverdue = Meter.CreateCounter<long>(
        "platform.tasks.assignments_overdue", "{assignment}", "Assignments flagged overdue by the follow-up scheduler");
    public static readonly Counter<long> AssignmentsEscalated = Meter.CreateCounter<long>(
        "platform.tasks.assignments_escalated", "{assignment}", "Overdue assignments escalated to the supervising unit");
    public static readonly Counter<long> RemindersSent = Meter.CreateCounter<long>(
        "platform.tasks.reminders_sent", "{reminder}", "Due-soon reminders sent");
}
