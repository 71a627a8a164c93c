using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Platform.Contracts.Coordination;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;

namespace Platform.Coordination.Tests;

/// <summary>A briefing meeting end to end on real PostgreSQL: scheduled, invited (.ics), minuted, decisions to the tasks service.</summary>
public sealed class MeetingApiTests(CoordinationApiFactory factory) : IClassFixture<CoordinationApiFactory>
{
    private static object Schedule(DateTimeOffset startsAt) => new
    {
        organiserUnitId = TestUnits.SchoolA1,
        title = "Giao ban an ninh, trật tự trường học tháng 10",
        agenda = "Tình hình khu vực cổng trường; phòng, chống ma túy",
        location = "Phòng họp Trường THCS Lê Lợi",
        startsAt,
        endsAt = startsAt.AddHours(2),
        participantUnitIds = new[] { TestUnits.WardPoliceA1, TestUnits.WardCommitteeA1 },
        outsideParticipants = new[] { new { name = "Trần Thị Mai", organisation = "Ban đại diện cha mẹ học sinh", email = "mai.cmhs@example.vn" } },
    };

    [Fact]
    public async Task A_meeting_is_scheduled_invited_as_ics_minuted_and_its_decision_becomes_an_event_for_the_tasks_service()
    {
        var secretary = factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolStaff);
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(1), TimeSpan.Zero); // 08:00 in Hà Nội / Hải Phòng yesterday
        var mark = await factory.OutboxMarkAsync();
        var meeting = await secretary.PostJsonAsync("/api/coordination/meetings", Schedule(startsAt), HttpStatusCode.Created);
        var id = meeting.GetProperty("id").GetGuid();
        Assert.Equal(("Scheduled", 3), (meeting.GetProperty("status").GetString(), meeting.GetProperty("participants").GetArrayLength()));
        var invitation = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<BriefingMeetingScheduled>());
        Assert.Equal((id, "CAP-A-W1"), (invitation.MeetingId, Assert.Single(invitation.PoliceParticipants).Code));

        var ics = await secretary.GetAsync($"/api/coordination/meetings/{id}/invitation.ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", ics.Content.Headers.ContentType?.CharSet);
        Assert.EndsWith(".ics", ics.Content.Headers.ContentDisposition?.FileNameStar ?? ics.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var calendar = Calendar.Load(new UTF8Encoding(false, true).GetString(await ics.Content.ReadAsByteArrayAsync()))!;
        var evt = Assert.Single(calendar.Events)!;
        Assert.Equal(("Giao ban an ninh, trật tự trường học tháng 10", "Asia/Ho_Chi_Minh", 8), (evt.Summary, evt.DtStart!.TzId, evt.DtStart.Hour));
        Assert.Equal(startsAt.UtcDateTime, evt.DtStart.AsUtc);
        Assert.Equal("mailto:mai.cmhs@example.vn", Assert.Single(evt.Attendees).Value?.ToString());

        // The police liaison invited sees the invitation, not what the school will minute.
        var police = factory.ClientFor(TestUnits.DistrictPoliceA, PlatformRoles.PoliceLiaison);
        var policeIcs = await police.GetAsync($"/api/coordination/meetings/{id}/invitation.ics");
        Assert.Equal(HttpStatusCode.OK, policeIcs.StatusCode);
        // ... without the participants' e-mails, which their JSON view hides too.
        var policeText = new UTF8Encoding(false, true).GetString(await policeIcs.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("mai.cmhs@example.vn", policeText);
        Assert.Empty(Assert.Single(Calendar.Load(policeText)!.Events)!.Attendees);
        Assert.Equal(evt.Summary, Assert.Single(Calendar.Load(policeText)!.Events)!.Summary);

        // Decisions wait for the minutes.
        await (await secretary.PostAsJsonAsync($"/api/coordination/meetings/{id}/decisions",
            new { decisions = new[] { new { text = "x", ownerUnitId = TestUnits.SchoolA1, dueDate = "2030-01-01" } } })).JsonAsync(HttpStatusCode.UnprocessableEntity);

        var participants = meeting.GetProperty("participants").EnumerateArray().ToList();
        var policeParticipant = participants.Single(p => p.GetProperty("isPolice").GetBoolean()).GetProperty("id").GetGuid();
        var parent = participants.Single(p => p.GetProperty("unitId").ValueKind == System.Text.Json.JsonValueKind.Null).GetProperty("id").GetGuid();
        mark = await factory.OutboxMarkAsync();
        var held = await secretary.PostJsonAsync($"/api/coordination/meetings/{id}/record", new
        {
            minutes = "Công an phường thông báo tình hình; thống nhất tăng cường tuần tra giờ tan học.",
            attendance = new[] { new { participantId = policeParticipant, attended = true }, new { participantId = parent, attended = false } },
        }, HttpStatusCode.OK);
        Assert.Equal("Held", held.GetProperty("status").GetString());
        var heldEvent = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<BriefingMeetingHeld>());
        Assert.Equal((id, true, DateOnly.FromDateTime(startsAt.ToOffset(TimeSpan.FromHours(7)).DateTime)), (heldEvent.MeetingId, heldEvent.PoliceAttended, heldEvent.HeldOn));
        var policeView = await police.GetJsonAsync($"/api/coordination/meetings/{id}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, policeView.GetProperty("minutes").ValueKind);

        mark = await factory.OutboxMarkAsync();
        var decided = await secretary.PostJsonAsync($"/api/coordination/meetings/{id}/decisions", new
        {
            decisions = new[]
            {
                new { text = "Tổ chức tuyên truyền phòng, chống ma túy cho khối 8, 9", ownerUnitId = TestUnits.SchoolA1, dueDate = "2030-11-30" },
                new { text = "Lắp camera khu vực cổng trường", ownerUnitId = TestUnits.OfficeA, dueDate = "2030-12-31" },
            },
        }, HttpStatusCode.OK);
        Assert.Equal(2, decided.GetProperty("decisions").GetArrayLength());
        var tasks = (await factory.OutboxSinceAsync(mark)).OfEvent<MeetingDecisionRecorded>().OrderBy(d => d.Number).ToList();
        Assert.Equal([(1, TestUnits.SchoolA1, new DateOnly(2030, 11, 30)), (2, TestUnits.OfficeA, new DateOnly(2030, 12, 31))],
            tasks.Select(d => (d.Number, d.OwnerUnitId, d.DueDate)));
        Assert.All(tasks, d => Assert.Equal((id, TestUnits.SchoolA1), (d.MeetingId, d.OrganiserUnitId)));
        Assert.Equal("Lắp camera khu vực cổng trường", tasks[1].Text);

        await (await secretary.PostAsJsonAsync($"/api/coordination/meetings/{id}/cancel", new { reason = "muộn" })).JsonAsync(HttpStatusCode.UnprocessableEntity);
        var stats = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer)
            .GetJsonAsync($"/api/coordination/statistics?unitId={TestUnits.SchoolA1}&from=2000-01-01&to=2099-12-31");
        Assert.Equal(1, stats.GetProperty("values").GetProperty("coordination.briefing-meetings-held").GetInt32());
    }

    [Fact]
    public async Task A_future_meeting_cannot_be_minuted_and_cancelling_tells_the_police()
    {
        var manager = factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolManager);
        var meeting = await manager.PostJsonAsync("/api/coordination/meetings", Schedule(DateTimeOffset.UtcNow.AddDays(7)), HttpStatusCode.Created);
        var id = meeting.GetProperty("id").GetGuid();
        await (await manager.PostAsJsonAsync($"/api/coordination/meetings/{id}/record", new { minutes = "sớm" })).JsonAsync(HttpStatusCode.UnprocessableEntity);
        var mark = await factory.OutboxMarkAsync();
        var cancelled = await manager.PostJsonAsync($"/api/coordination/meetings/{id}/cancel", new { reason = "Trùng lịch kiểm tra của Sở" }, HttpStatusCode.OK);
        Assert.Equal(("Cancelled", 1), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("sequence").GetInt32()));
        Assert.Equal(1, Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<BriefingMeetingCancelled>()).Sequence);
        var bad = await (await manager.PostAsJsonAsync("/api/coordination/meetings", new { organiserUnitId = TestUnits.SchoolA1, title = "x", location = "y",
            startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(-1) })).JsonAsync(HttpStatusCode.BadRequest);
        bad.AssertNames("endsAt");
    }
}

/// <summary>Missed-cadence detection and obligation announcements with a fake clock: durable, idempotent, one event each.</summary>
public sealed class SchedulerTests(CoordinationApiFactory factory) : IClassFixture<CoordinationApiFactory>
{
    private static DateTimeOffset Local(int y, int m, int d, int h = 0) => new(y, m, d, h, 30, 0, TimeSpan.FromHours(7));

    private async Task HeldAsync(Guid organiser, DateOnly heldOn, params (Guid Unit, bool Attended)[] participants)
    {
        await using var db = factory.NewDbContext();
        var at = new DateTimeOffset(heldOn.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(7));
        var meeting = new BriefingMeeting
        {
            Id = Guid.NewGuid(), OrganiserUnitId = organiser, Title = "Giao ban", Location = "Trường", StartsAt = at, EndsAt = at.AddHours(1), Status = MeetingStatus.Held,
            HeldOn = heldOn, Minutes = "Biên bản", CreatedBy = "t", UpdatedBy = "t",
        };
        foreach (var (unit, attended) in participants)
        {
            meeting.Participants.Add(new MeetingParticipant { Id = Guid.NewGuid(), UnitId = unit, Name = "Đơn vị", Kind = "PrimarySchool", Attended = attended });
        }
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_unit_that_held_no_briefing_in_a_required_month_is_flagged_once_with_an_event_for_its_supervisors()
    {
        var cadence = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer).PostJsonAsync("/api/coordination/cadences", new
        {
            name = "Giao ban hằng tháng các trường tiểu học và THCS quận An Biên",
            unitId = TestUnits.OfficeA,
            appliesToKinds = new[] { "LowerSecondarySchool", "PrimarySchool" },
            interval = "Monthly",
            effectiveFrom = "2024-09-01",
        }, HttpStatusCode.Created);
        var cadenceId = cadence.GetProperty("id").GetGuid();
        Assert.Equal(2, cadence.GetProperty("unitCount").GetInt32());

        await HeldAsync(TestUnits.SchoolA1, new DateOnly(2024, 10, 10));
        await HeldAsync(TestUnits.OfficeA, new DateOnly(2024, 11, 5), (TestUnits.SchoolA2, true));
        await HeldAsync(TestUnits.OfficeA, new DateOnly(2024, 10, 20), (TestUnits.SchoolA2, false)); // invited, did not come

        var clock = new FakeTimeProvider(Local(2024, 12, 1));
        var scheduler = factory.Scheduler(clock);
        var mark = await factory.OutboxMarkAsync();
        Assert.Equal(4, await scheduler.DetectMissedBriefingsAsync(default));
        var missed = (await factory.OutboxSinceAsync(mark)).OfEvent<BriefingCadenceMissed>();
        Assert.Equal(
            [(TestUnits.SchoolA1, new DateOnly(2024, 9, 1)), (TestUnits.SchoolA1, new DateOnly(2024, 11, 1)), (TestUnits.SchoolA2, new DateOnly(2024, 9, 1)), (TestUnits.SchoolA2, new DateOnly(2024, 10, 1))],
            missed.Select(m => (m.UnitId, m.PeriodStart)).OrderBy(m => m.UnitId == TestUnits.SchoolA1 ? 0 : 1).ThenBy(m => m.PeriodStart));
        Assert.All(missed, m => Assert.Equal([TestUnits.OfficeA, TestUnits.Department], m.SupervisingUnitIds));
        Assert.All(missed, m => Assert.Equal(cadenceId, m.CadenceId));

        // Scanning again, or after a restart, flags nothing twice.
        Assert.Equal(0, await scheduler.DetectMissedBriefingsAsync(default));
        Assert.Equal(0, await factory.Scheduler(clock).DetectMissedBriefingsAsync(default));
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await scheduler.DetectMissedBriefingsAsync(default));

        // A new month ends: December is missing for both.
        clock.SetUtcNow(Local(2025, 1, 1));
        Assert.Equal(2, await scheduler.DetectMissedBriefingsAsync(default));
        var view = await factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolManager).GetJsonAsync($"/api/coordination/cadences/{cadenceId}");
        Assert.Equal(6, view.GetProperty("missedCount").GetInt32());
        var list = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer).GetJsonAsync("/api/coordination/cadences/missed?pageSize=50");
        Assert.Equal(6, list.GetProperty("total").GetInt32());
        await using var db = factory.NewDbContext();
        Assert.Equal(6, await db.MissedBriefings.CountAsync(m => m.CadenceId == cadenceId));
    }

    [Fact]
    public async Task Obligations_of_signed_programmes_are_announced_once_ahead_of_each_due_date()
    {
        var admin = factory.AdminClient();
        var created = await admin.PostJsonAsync("/api/coordination/programmes", ProgrammeRequests.Body(TestUnits.OfficeB, [TestUnits.SchoolB1, TestUnits.WardCommitteeB1],
            obligations: [new { title = "Tuyên truyền pháp luật về an toàn giao thông", recurrence = "Quarterly", responsibleUnitId = TestUnits.SchoolB1, firstDueDate = "2024-12-15" }]),
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var clock = new FakeTimeProvider(Local(2024, 12, 5, 9));
        var scheduler = factory.Scheduler(clock);
        Assert.Equal(0, await scheduler.AnnounceObligationsAsync(default)); // a draft obliges no one
        await admin.PostJsonAsync($"/api/coordination/programmes/{id}/sign", new { signedOn = "2024-09-05" }, HttpStatusCode.OK);

        var mark = await factory.OutboxMarkAsync();
        Assert.Equal(1, await scheduler.AnnounceObligationsAsync(default));
        Assert.Equal(0, await scheduler.AnnounceObligationsAsync(default));
        clock.SetUtcNow(Local(2025, 3, 5, 9));
        Assert.Equal(1, await scheduler.AnnounceObligationsAsync(default));
        var due = (await factory.OutboxSinceAsync(mark)).OfEvent<ProgrammeObligationDue>();
        Assert.Equal([new DateOnly(2024, 12, 15), new DateOnly(2025, 3, 15)], due.Select(d => d.DueDate));
        Assert.All(due, d => Assert.Equal((id, TestUnits.SchoolB1), (d.ProgrammeId, d.ResponsibleUnitId)));
        Assert.Equal($"{due[0].ObligationId}:2024-12-15", due[0].OccurrenceKey);
    }
}
