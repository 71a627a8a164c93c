using System.Text;
using Ical.Net;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Coordination.Tests;

/// <summary>The .ics invitation, parsed back with Ical.Net as a calendar would.</summary>
public sealed class InvitationTests
{
    private static readonly Guid Organiser = Guid.NewGuid();
    private static readonly Guid Police = Guid.NewGuid();

    private static (BriefingMeeting Meeting, Dictionary<Guid, UnitReplica> Units) Meeting()
    {
        var meeting = new BriefingMeeting
        {
            Id = Guid.NewGuid(), OrganiserUnitId = Organiser, Title = "Giao ban an ninh, trật tự trường học tháng 10", Location = "Phòng họp tầng 2, Trường THCS Lê Lợi",
            Agenda = "Phòng, chống ma túy; bạo lực học đường", StartsAt = new DateTimeOffset(2024, 10, 15, 8, 0, 0, TimeSpan.FromHours(7)),
            EndsAt = new DateTimeOffset(2024, 10, 15, 10, 30, 0, TimeSpan.FromHours(7)), CreatedBy = "u", UpdatedBy = "u",
        };
        meeting.Participants.Add(new MeetingParticipant { Id = Guid.NewGuid(), UnitId = Police, Name = "Công an phường Lạch Tray", Kind = "WardPolice", IsPolice = true });
        meeting.Participants.Add(new MeetingParticipant { Id = Guid.NewGuid(), Name = "Nguyễn Thị Hằng", Organisation = "Hội Cha mẹ học sinh", Email = "hang.cmhs@example.vn", Kind = "OtherAgency" });
        var units = new Dictionary<Guid, UnitReplica>
        {
            [Organiser] = new() { Id = Organiser, Code = "THCS-A1", Name = "Trường THCS Lê Lợi", Kind = "LowerSecondarySchool" },
            [Police] = new() { Id = Police, Code = "CAP-A-W1", Name = "Công an phường Lạch Tray", Kind = "WardPolice" },
        };
        return (meeting, units);
    }

    [Fact]
    public void The_invitation_parses_back_with_local_times_in_ho_chi_minh_and_vietnamese_text_intact()
    {
        var (meeting, units) = Meeting();
        var bytes = Invitations.Build(meeting, units[Organiser], units, DateTimeOffset.UtcNow);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "no byte-order mark");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.Contains("BEGIN:VTIMEZONE", text);
        Assert.Contains("TZID:Asia/Ho_Chi_Minh", text);
        Assert.Contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20241015T080000", text);

        var calendar = Calendar.Load(text)!;
        Assert.Equal("PUBLISH", calendar.Method);
        var evt = Assert.Single(calendar.Events);
        Assert.Equal(Invitations.Uid(meeting.Id), evt!.Uid);
        Assert.Equal("Giao ban an ninh, trật tự trường học tháng 10", evt.Summary);
        Assert.Equal("Phòng họp tầng 2, Trường THCS Lê Lợi", evt.Location);
        Assert.Contains("Trường THCS Lê Lợi", evt.Description);
        Assert.Contains("Công an phường Lạch Tray", evt.Description);
        Assert.Contains("Nguyễn Thị Hằng (Hội Cha mẹ học sinh)", evt.Description);
        Assert.Equal("Asia/Ho_Chi_Minh", evt.DtStart!.TzId);
        Assert.Equal(new DateTime(2024, 10, 15, 8, 0, 0), evt.DtStart.Value);
        Assert.Equal(new DateTime(2024, 10, 15, 1, 0, 0, DateTimeKind.Utc), evt.DtStart.AsUtc);
        Assert.Equal(new DateTime(2024, 10, 15, 3, 30, 0, DateTimeKind.Utc), evt.DtEnd!.AsUtc);
        var attendee = Assert.Single(evt.Attendees);
        Assert.Equal(("mailto:hang.cmhs@example.vn", "Nguyễn Thị Hằng"), (attendee.Value?.ToString(), attendee.CommonName));
        Assert.Equal(("CONFIRMED", 0), (evt.Status, evt.Sequence));
    }

    [Fact]
    public void A_cancelled_meeting_keeps_its_uid_and_raises_the_sequence_so_calendars_replace_it()
    {
        var (meeting, units) = Meeting();
        var before = Calendar.Load(Encoding.UTF8.GetString(Invitations.Build(meeting, units[Organiser], units, DateTimeOffset.UtcNow)))!.Events.Single()!;
        meeting.Cancel("Trùng lịch", new Actor("u", Organiser, DateTimeOffset.UtcNow));
        var after = Calendar.Load(Encoding.UTF8.GetString(Invitations.Build(meeting, units[Organiser], units, DateTimeOffset.UtcNow)))!.Events.Single()!;
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal((1, "CANCELLED"), (after.Sequence, after.Status));
        Assert.StartsWith("[Đã hủy]", after.Summary);
    }
}
