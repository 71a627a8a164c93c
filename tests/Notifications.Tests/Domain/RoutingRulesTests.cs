using Platform.Contracts.Coordination;
using Platform.Contracts.Reporting;
using Platform.Contracts.Tasks;
using Platform.Notifications.Domain;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests.Domain;

/// <summary>Who gets what, over a small unit tree, without a database.</summary>
public sealed class RoutingRulesTests
{
    private static readonly Guid Department = Guid.NewGuid();
    private static readonly Guid District = Guid.NewGuid();
    private static readonly Guid School = Guid.NewGuid();
    private static readonly Guid OtherSchool = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 2, 0, 0, TimeSpan.Zero);

    private static readonly UnitTree Tree = new(new Dictionary<Guid, (string, Guid?)>
    {
        [Department] = ("Sở GDĐT", null),
        [District] = ("Phòng GDĐT quận An Biên", Department),
        [School] = ("Trường THCS Lê Lợi", District),
        [OtherSchool] = ("Trường Tiểu học Hòa Bình", District),
    });

    private static readonly RecipientCandidate Principal = new("principal", School, [PlatformRoles.SchoolManager]);
    private static readonly RecipientCandidate Teacher = new("teacher", School, [PlatformRoles.SchoolStaff]);
    private static readonly RecipientCandidate OtherPrincipal = new("other-principal", OtherSchool, [PlatformRoles.SchoolManager]);
    private static readonly RecipientCandidate DistrictOfficer = new("district-officer", District, [PlatformRoles.DistrictOfficer]);
    private static readonly RecipientCandidate DepartmentOfficer = new("department-officer", Department, [PlatformRoles.DepartmentOfficer]);
    private static readonly RecipientCandidate Auditor = new("auditor", Department, [PlatformRoles.Auditor]);
    private static readonly RecipientCandidate[] Everyone = [Principal, Teacher, OtherPrincipal, DistrictOfficer, DepartmentOfficer, Auditor];

    private static string[] Who(NotificationDraft draft) =>
        NotificationRules.Match(Everyone, draft.Audience).Select(r => r.UserId).Order().ToArray();

    [Fact]
    public void Assignment_overdue_goes_to_the_school_managers_only()
    {
        var draft = NotificationRules.For(new AssignmentOverdue
        {
            AssignmentId = Guid.NewGuid(), DocumentId = Guid.NewGuid(), TaskId = Guid.NewGuid(), UnitId = School,
            DueDate = new DateOnly(2025, 3, 1), OccurredAt = Now,
        }, Tree);

        Assert.Equal(["principal"], Who(draft));
        Assert.Contains("Trường THCS Lê Lợi", draft.Body);
        Assert.Contains("01/03/2025", draft.Body);
        Assert.StartsWith("/tasks/assignments/", draft.Link);
        Assert.False(draft.IsUrgent);
    }

    [Fact]
    public void Escalation_goes_to_the_supervising_unit_named_by_the_event_or_else_the_replica_parent()
    {
        AssignmentEscalated Escalated(Guid supervisor) => new()
        {
            AssignmentId = Guid.NewGuid(), UnitId = School, SupervisingUnitId = supervisor, DueDate = new DateOnly(2025, 2, 20),
            WorkingDaysOverdue = 5, OccurredAt = Now,
        };

        Assert.Equal(["district-officer"], Who(NotificationRules.For(Escalated(District), Tree)));
        Assert.Equal(["district-officer"], Who(NotificationRules.For(Escalated(Guid.Empty), Tree)));
        Assert.Equal(["department-officer"], Who(NotificationRules.For(Escalated(Department), Tree)));
    }

    [Fact]
    public void Life_safety_incident_is_urgent_and_reaches_the_school_district_and_Department()
    {
        var draft = NotificationRules.For(Incident(lifeSafety: true, supervisors: [District, Department]), Tree);

        Assert.True(draft.IsUrgent);
        Assert.Equal(["department-officer", "district-officer", "principal"], Who(draft));
        Assert.Contains("bạo lực học đường", draft.Body);
    }

    [Fact]
    public void Ordinary_incident_reaches_only_the_nearest_supervising_unit_even_without_the_events_line()
    {
        Assert.Equal(["district-officer"], Who(NotificationRules.For(Incident(lifeSafety: false, supervisors: [District, Department]), Tree)));
        // An event without the supervising line: the replica's is used.
        var fromReplica = NotificationRules.For(Incident(lifeSafety: false, supervisors: []), Tree);
        Assert.Equal(["district-officer"], Who(fromReplica));
        Assert.False(fromReplica.IsUrgent);
    }

    [Fact]
    public void Report_returned_tells_the_reporting_unit_managers_why_with_a_link()
    {
        var id = Guid.NewGuid();
        var draft = NotificationRules.For(new ReportReturned
        {
            SubmissionId = id, UnitId = School, ReturnedByUnitId = District, Comment = "Thiếu số liệu tháng 2", Reopened = false, OccurredAt = Now,
        }, Tree);

        Assert.Equal(["principal"], Who(draft));
        Assert.Equal($"/reporting/submissions/{id}", draft.Link);
        Assert.Contains("Thiếu số liệu tháng 2", draft.Body);
        Assert.Contains("Phòng GDĐT quận An Biên", draft.Body);
    }

    [Fact]
    public void Report_request_reaches_every_asked_unit_and_police_sla_miss_is_urgent()
    {
        var request = NotificationRules.For(new ReportRequested
        {
            RequestId = Guid.NewGuid(), Kind = "AdHoc", TemplateId = Guid.NewGuid(), TemplateCode = "ANTT", Title = "Báo cáo an ninh trường học",
            PeriodKey = "2025-03", RequestedByUnitId = Department, UnitIds = [School, OtherSchool], DeadlineAt = Now.AddDays(5), OccurredAt = Now,
        }, Tree);
        Assert.Equal(["other-principal", "principal"], Who(request));

        var sla = NotificationRules.For(new ReferralEscalated
        {
            ReferralId = Guid.NewGuid(), IncidentId = Guid.NewGuid(), ReportingUnitId = School, Severity = "LifeSafety", Level = 1,
            EscalatedToUnitId = District, MissedDeadline = Now, SendAttempts = 2, OccurredAt = Now,
        }, Tree);
        Assert.True(sla.IsUrgent);
        Assert.Equal(["district-officer", "principal"], Who(sla));
    }

    [Fact]
    public void Referral_status_nobody_needs_is_not_notified()
    {
        ReferralStatusChanged Changed(string status) => new()
        {
            ReferralId = Guid.NewGuid(), IncidentId = Guid.NewGuid(), ReportingUnitId = School, PreviousStatus = "Sent", Status = status, OccurredAt = Now,
        };
        Assert.Null(NotificationRules.For(Changed("Sent"), Tree));
        Assert.Equal(["principal"], Who(NotificationRules.For(Changed("Acknowledged"), Tree)!));
    }

    private static IncidentReported Incident(bool lifeSafety, IReadOnlyList<Guid> supervisors) => new()
    {
        IncidentId = Guid.NewGuid(), ReportingUnitId = School, SupervisingUnitIds = supervisors, Category = "SchoolViolence",
        IsLifeSafety = lifeSafety, OccurredAt = Now, Place = "Cổng trường", PupilsInvolved = 2,
        OthersInvolved = 0, People = [], ReportedAt = Now,
    };
}
