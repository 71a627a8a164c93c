using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Reporting;
using Platform.Contracts.Tasks;
using Platform.Notifications.Domain;
using Platform.Notifications.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests;

/// <summary>Email through a real SMTP conversation (MailKit → in-process server), on the test clock.</summary>
[Collection(NotificationsCollection.Name)]
public sealed class EmailTests(NotificationsFixture service)
{
    private async Task<(World World, string Principal)> PrincipalAsync(object? preferences = null)
    {
        var world = await service.NewWorldAsync();
        var principal = await service.AddPersonAsync(world, world.School, PlatformRoles.SchoolManager);
        if (preferences is not null)
        {
            using var client = service.ClientFor(principal, world.School, PlatformRoles.SchoolManager);
            await (await client.PutAsJsonAsync("/api/notifications/preferences", preferences)).ReadAsync(HttpStatusCode.OK);
        }
        return (world, principal);
    }

    /// <summary>Sends whatever earlier tests left due, so this test's rows are the only ones in play.</summary>
    private async Task DrainAsync()
    {
        while (await service.RunEmailRoundAsync() > 0)
        {
        }
    }

    private AssignmentOverdue Overdue(Guid unit) => new()
    {
        AssignmentId = Guid.NewGuid(), DocumentId = Guid.NewGuid(), TaskId = Guid.NewGuid(), UnitId = unit,
        DueDate = new DateOnly(2025, 3, 1), OccurredAt = service.Clock.GetUtcNow(),
    };

    [Fact]
    public async Task Immediate_email_is_in_Vietnamese_with_the_objects_link()
    {
        service.Clock.SetLocal(2025, 3, 10, 10);
        await DrainAsync();
        var (world, principal) = await PrincipalAsync();
        var submissionId = Guid.NewGuid();
        await service.PublishAsync(new ReportReturned
        {
            SubmissionId = submissionId, UnitId = world.School, ReturnedByUnitId = world.District, Comment = "Thiếu số liệu tháng 2",
            Reopened = false, OccurredAt = service.Clock.GetUtcNow(),
        });
        await service.WaitForNotificationsAsync(principal, 1);

        Assert.True(await service.RunEmailRoundAsync() >= 1);

        var email = Assert.Single(service.EmailsTo(principal));
        Assert.Equal("Báo cáo bị trả lại", email.Subject);
        Assert.Contains($"{NotificationsFixture.PublicBaseUrl}/reporting/submissions/{submissionId}", email.TextBody);
        Assert.Contains("Thiếu số liệu tháng 2", email.TextBody);
        Assert.Contains($"Kính gửi Cô/Thầy {principal}", email.TextBody);
        var delivery = Assert.Single(await service.DeliveriesOfAsync(principal));
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task Smtp_down_then_up_delivers_once_after_a_backoff()
    {
        service.Clock.SetLocal(2025, 4, 1, 10);
        await DrainAsync();
        var (world, principal) = await PrincipalAsync();
        await service.PublishAsync(Overdue(world.School));
        await service.WaitForNotificationsAsync(principal, 1);

        long failures = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Platform.Notifications" && instrument.Name == "platform.notifications.email_failures") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();

        service.StopSmtp();
        try
        {
            Assert.Equal(0, await service.RunEmailRoundAsync());
            Assert.Equal(1, Interlocked.Read(ref failures));
            var failed = Assert.Single(await service.DeliveriesOfAsync(principal));
            Assert.Equal(DeliveryStatus.Pending, failed.Status);
            Assert.Equal(1, failed.Attempts);
            Assert.NotNull(failed.LastError);
            Assert.True(failed.DueAt > service.Clock.GetUtcNow(), "a failed email waits for its backoff");
            // Not due again yet: no second attempt in the same instant.
            await service.RunEmailRoundAsync();
            Assert.Equal(1, Assert.Single(await service.DeliveriesOfAsync(principal)).Attempts);
        }
        finally
        {
            service.StartSmtp();
        }

        service.Clock.Set(service.Clock.GetUtcNow().AddMinutes(2));
        await service.RunEmailRoundAsync();
        await service.RunEmailRoundAsync();

        Assert.Single(service.EmailsTo(principal));
        var delivery = Assert.Single(await service.DeliveriesOfAsync(principal));
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public async Task Digest_collects_the_days_items_into_one_email_at_the_local_hour()
    {
        service.Clock.SetLocal(2025, 3, 11, 9);
        await DrainAsync();
        var (world, principal) = await PrincipalAsync(new
        {
            email = new Dictionary<string, string> { ["ReportRequested"] = "Digest", ["AssignmentOverdue"] = "Digest" },
        });
        var requests = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var id in requests)
        {
            await service.PublishAsync(new ReportRequested
            {
                RequestId = id, Kind = "AdHoc", TemplateId = Guid.NewGuid(), TemplateCode = "ANTT", Title = "Báo cáo an ninh",
                PeriodKey = "2025-03", RequestedByUnitId = world.Department, UnitIds = [world.School],
                DeadlineAt = service.Clock.GetUtcNow().AddDays(3), OccurredAt = service.Clock.GetUtcNow(),
            });
        }
        var overdue = Overdue(world.School);
        await service.PublishAsync(overdue);
        await service.WaitForNotificationsAsync(principal, 3);

        await service.RunEmailRoundAsync();
        service.Clock.SetLocal(2025, 3, 11, 16, 59);
        await service.RunEmailRoundAsync();
        Assert.Empty(service.EmailsTo(principal));

        service.Clock.SetLocal(2025, 3, 11, 17);
        await service.RunEmailRoundAsync();
        await service.RunEmailRoundAsync();

        var digest = Assert.Single(service.EmailsTo(principal));
        Assert.Equal("Tổng hợp thông báo ngày 11/03/2025 (3 mục)", digest.Subject);
        foreach (var id in requests)
        {
            Assert.Contains($"{NotificationsFixture.PublicBaseUrl}/reporting/requests/{id}", digest.TextBody);
        }
        Assert.Contains($"/tasks/assignments/{overdue.AssignmentId}", digest.TextBody);
        var deliveries = await service.DeliveriesOfAsync(principal);
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Single(deliveries.Select(d => d.DigestId).Distinct());
    }

    [Fact]
    public async Task Quiet_hours_hold_an_email_until_they_end()
    {
        service.Clock.SetLocal(2025, 3, 12, 22);
        await DrainAsync();
        var (world, principal) = await PrincipalAsync(new { quietHours = new { start = "21:00", end = "06:30" } });
        await service.PublishAsync(Overdue(world.School));
        await service.WaitForNotificationsAsync(principal, 1);

        await service.RunEmailRoundAsync();
        Assert.Empty(service.EmailsTo(principal));
        var held = Assert.Single(await service.DeliveriesOfAsync(principal));
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 6, 30, 0, TimeSpan.FromHours(7)), held.DueAt);

        service.Clock.SetLocal(2025, 3, 13, 6, 30);
        await service.RunEmailRoundAsync();
        Assert.Single(service.EmailsTo(principal));
    }

    [Fact]
    public async Task Life_safety_incident_goes_out_at_once_despite_quiet_hours_and_email_off()
    {
        service.Clock.SetLocal(2025, 3, 14, 23);
        await DrainAsync();
        var (world, principal) = await PrincipalAsync(new
        {
            email = new Dictionary<string, string> { ["IncidentReported"] = "Off" },
            quietHours = new { start = "21:00", end = "06:30" },
        });
        var officer = await service.AddPersonAsync(world, world.District, PlatformRoles.DistrictOfficer);
        var incident = Guid.NewGuid();
        await service.PublishAsync(new IncidentReported
        {
            IncidentId = incident, ReportingUnitId = world.School, SupervisingUnitIds = [world.District, world.Department], Category = "ChildAbuse",
            IsLifeSafety = true, OccurredAt = service.Clock.GetUtcNow(), Place = "Khu vực nhà xe",
            PupilsInvolved = 1, OthersInvolved = 1, People = [], ReportedAt = service.Clock.GetUtcNow(),
        });
        await service.WaitForNotificationsAsync(principal, 1);
        await service.WaitForNotificationsAsync(officer, 1);

        await service.RunEmailRoundAsync();

        var email = Assert.Single(service.EmailsTo(principal));
        Assert.StartsWith("[KHẨN]", email.Subject);
        Assert.Contains($"/reporting/incidents/{incident}", email.TextBody);
        Assert.DoesNotContain("Khu vực nhà xe", email.TextBody); // the place is the school's free text too
        Assert.DoesNotContain("Khu vực nhà xe", email.HtmlBody ?? "");
        Assert.Single(service.EmailsTo(officer));
    }
}
