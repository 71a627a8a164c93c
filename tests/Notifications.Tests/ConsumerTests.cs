using Platform.Contracts.Coordination;
using Platform.Contracts.Reporting;
using Platform.Contracts.Tasks;
using Platform.Notifications.Domain;
using Platform.Notifications.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests;

/// <summary>Events from the real broker become inbox items for the right people, once.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class ConsumerTests(NotificationsFixture service)
{
    private DateTimeOffset Now => service.Clock.GetUtcNow();

    private TaskAssigned Assigned(Guid unit) => new()
    {
        AssignmentId = Guid.NewGuid(), DocumentId = Guid.NewGuid(), TaskId = Guid.NewGuid(), TaskNumber = 3, Occurrence = 1,
        UnitId = unit, DueDate = new DateOnly(2025, 3, 20), AssignedByUserId = "department", OccurredAt = Now,
    };

    [Fact]
    public async Task Task_assigned_reaches_the_principal_but_not_staff_nor_other_schools()
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        var teacher = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolStaff);
        var otherPrincipal = await service.AddPersonAsync(world, world.OtherSchool, PlatformRoles.SchoolManager);
        var message = Assigned(world.School);
        var messageId = Guid.NewGuid();

        await service.PublishAsync(message, messageId);

        var inbox = await service.WaitForNotificationsAsync(principal, 1);
        var item = Assert.Single(inbox);
        Assert.Equal(NotificationKind.TaskAssigned, item.Kind);
        Assert.Equal($"/tasks/assignments/{message.AssignmentId}", item.Link);
        Assert.Equal(messageId, item.EventId);
        Assert.Contains("Trường THCS Lê Lợi được giao nhiệm vụ số 3, hạn hoàn thành 20/03/2025", item.Body);
        Assert.Empty(await service.NotificationsOfAsync(teacher));
        Assert.Empty(await service.NotificationsOfAsync(otherPrincipal));
    }

    [Fact]
    public async Task Same_event_delivered_twice_makes_one_notification_and_one_email()
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        var message = new AssignmentOverdue
        {
            AssignmentId = Guid.NewGuid(), DocumentId = Guid.NewGuid(), TaskId = Guid.NewGuid(), UnitId = world.School,
            DueDate = new DateOnly(2025, 3, 1), OccurredAt = Now,
        };
        var messageId = Guid.NewGuid();

        await service.PublishAsync(message, messageId);
        await service.WaitForNotificationsAsync(principal, 1);
        await service.PublishAsync(message, messageId);
        // A marker published after the duplicate: once it is consumed, the duplicate has been too (same queue order).
        var marker = Guid.NewGuid();
        await service.PublishAsync(message with { AssignmentId = Guid.NewGuid() }, marker);
        await service.WaitForNotificationsAsync(principal, 2);
        await service.RunEmailRoundAsync();
        await service.RunEmailRoundAsync();

        var inbox = await service.NotificationsOfAsync(principal);
        Assert.Single(inbox, n => n.EventId == messageId);
        Assert.Equal(2, inbox.Count);
        var deliveries = await service.DeliveriesOfAsync(principal);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(2, service.EmailsTo(principal).Count);
        Assert.Single(service.EmailsTo(principal), m => m.TextBody?.Contains(message.AssignmentId.ToString()) == true);
    }

    [Fact]
    public async Task Overdue_assignment_escalation_reaches_the_district_officer_not_the_school()
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        var officer = await service.AddPersonAsync(world, world.District, PlatformRoles.DistrictOfficer);
        var departmentOfficer = await service.AddPersonAsync(world, world.Department, PlatformRoles.DepartmentOfficer);
        var messageId = Guid.NewGuid();

        await service.PublishAsync(new AssignmentEscalated
        {
            AssignmentId = Guid.NewGuid(), UnitId = world.School, SupervisingUnitId = world.District, DueDate = new DateOnly(2025, 2, 20),
            WorkingDaysOverdue = 7, OccurredAt = Now,
        }, messageId);

        var item = Assert.Single(await service.WaitForNotificationsAsync(officer, 1));
        Assert.Equal(NotificationKind.AssignmentEscalated, item.Kind);
        Assert.Contains("Trường THCS Lê Lợi chưa hoàn thành", item.Body);
        await service.WaitForInboxAsync(messageId);
        Assert.Empty(await service.NotificationsOfAsync(principal));
        Assert.Empty(await service.NotificationsOfAsync(departmentOfficer));
    }

    [Fact]
    public async Task Every_consumed_event_kind_makes_an_inbox_item_with_its_link()
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        var officer = await service.AddPersonAsync(world, world.District, PlatformRoles.DistrictOfficer);
        var id = Guid.NewGuid();
        object[] events =
        [
            Assigned(world.School),
            new AssignmentDueSoon { AssignmentId = id, UnitId = world.School, DueDate = new DateOnly(2025, 3, 5), WorkingDaysLeft = 2, OccurredAt = Now },
            new AssignmentOverdue { AssignmentId = id, DocumentId = id, TaskId = id, UnitId = world.School, DueDate = new DateOnly(2025, 3, 1), OccurredAt = Now },
            new AssignmentEscalated { AssignmentId = id, UnitId = world.School, SupervisingUnitId = world.District, DueDate = new DateOnly(2025, 3, 1), WorkingDaysOverdue = 3, OccurredAt = Now },
            new QuestionAnswered { QuestionId = id, AssignmentId = id, UnitId = world.School, AnsweredByUserId = "vp", OccurredAt = Now },
            new ReportRequested { RequestId = id, Kind = "Periodic", TemplateId = id, TemplateCode = "T", Title = "Báo cáo tháng", PeriodKey = "2025-03", RequestedByUnitId = world.Department, UnitIds = [world.School], DeadlineAt = Now.AddDays(3), OccurredAt = Now },
            new ReportReturned { SubmissionId = id, UnitId = world.School, ReturnedByUnitId = world.District, Comment = "Bổ sung", Reopened = false, OccurredAt = Now },
            new ReportApproved { SubmissionId = id, UnitId = world.School, ApprovedByUnitId = world.District, TemplateId = id, PeriodKey = "2025-03", OccurredAt = Now },
            new ReportOverdue { SubmissionId = id, UnitId = world.School, SupervisingUnitId = world.District, TemplateId = id, PeriodKey = "2025-02", DeadlineAt = Now.AddDays(-1), OccurredAt = Now },
            new IncidentReported { IncidentId = id, ReportingUnitId = world.School, SupervisingUnitIds = [world.District, world.Department], Category = "Drugs", IsLifeSafety = true, OccurredAt = Now, Place = "Cổng trường", PupilsInvolved = 1, OthersInvolved = 0, People = [], ReportedAt = Now },
            new ReferralStatusChanged { ReferralId = id, IncidentId = id, ReportingUnitId = world.School, PreviousStatus = "Sent", Status = "Acknowledged", OccurredAt = Now },
            new ReferralEscalated { ReferralId = id, IncidentId = id, ReportingUnitId = world.School, Severity = "LifeSafety", Level = 1, EscalatedToUnitId = world.District, MissedDeadline = Now, SendAttempts = 2, OccurredAt = Now },
            new BriefingCadenceMissed { CadenceId = id, UnitId = world.School, SupervisingUnitIds = [world.District, world.Department], Interval = "Monthly", PeriodStart = new DateOnly(2025, 2, 1), PeriodEnd = new DateOnly(2025, 2, 28), OccurredAt = Now },
            new MeetingDecisionRecorded { DecisionId = id, MeetingId = id, Number = 1, MeetingTitle = "Giao ban tháng 3", MeetingHeldOn = new DateOnly(2025, 3, 2), OrganiserUnitId = world.District, OwnerUnitId = world.School, Text = "Tăng cường trực cổng", DueDate = new DateOnly(2025, 3, 15), RecordedByUserId = "x", OccurredAt = Now },
            new Platform.Contracts.SafeLine.SafeLineCaseRaised { CaseId = id, SchoolId = world.School, SupervisingUnitId = world.District, DepartmentUnitId = world.Department, Category = "SelfHarm", Severity = "High", AcknowledgeBy = Now.AddMinutes(15), OccurredAt = Now },
            new Platform.Contracts.SafeLine.SafeLineCaseEscalated { CaseId = id, SchoolId = world.School, EscalatedToUnitId = world.District, Level = 1, Category = "SelfHarm", Severity = "High", AcknowledgeBy = Now.AddMinutes(30), OccurredAt = Now },
        ];
        foreach (var e in events)
        {
            await service.PublishAsync(e);
        }

        var principalKinds = (await service.WaitForNotificationsAsync(principal, 15)).Select(n => n.Kind).ToHashSet();
        var officerKinds = (await service.WaitForNotificationsAsync(officer, 7)).Select(n => n.Kind).ToHashSet();

        Assert.Equal(Enum.GetValues<NotificationKind>().ToHashSet(), principalKinds.Union(officerKinds).ToHashSet());
        Assert.Equal(
            [NotificationKind.AssignmentEscalated, NotificationKind.ReportOverdue, NotificationKind.IncidentReported, NotificationKind.ReferralEscalated, NotificationKind.BriefingCadenceMissed,
             NotificationKind.SafeLineCaseRaised, NotificationKind.SafeLineCaseEscalated],
            officerKinds.Order().ToArray());
        var all = await service.NotificationsOfAsync(principal);
        Assert.All(all, n => Assert.StartsWith("/", n.Link));
        Assert.True(all.Single(n => n.Kind == NotificationKind.IncidentReported).IsUrgent);
        Assert.True(all.Single(n => n.Kind == NotificationKind.ReferralEscalated).IsUrgent);
        Assert.False(all.Single(n => n.Kind == NotificationKind.ReportApproved).IsUrgent);
        var safeLine = all.Single(n => n.Kind == NotificationKind.SafeLineCaseRaised);
        Assert.True(safeLine.IsUrgent);
        Assert.Equal("/an-toan/xu-ly", safeLine.Link);
        Assert.Contains("tự làm hại bản thân", safeLine.Body);
    }
}
