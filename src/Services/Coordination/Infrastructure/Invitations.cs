using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Platform.Coordination.Domain;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

/// <summary>
/// The invitation to a briefing meeting as an iCalendar file (RFC 5545) any calendar opens: times in
/// Asia/Ho_Chi_Minh with its VTIMEZONE, UTF-8 Vietnamese text, a stable UID and a SEQUENCE that counts
/// up with changes (so a calendar replaces, not duplicates, the event). METHOD:PUBLISH, because units
/// have no mailbox for an ORGANIZER; outside participants with an e-mail appear as ATTENDEEs, except in the copy a
/// police liaison downloads, which — like the meeting's JSON for them — holds no participant's e-mail.
/// </summary>
public static class Invitations
{
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";
    public const string TimeZoneId = "Asia/Ho_Chi_Minh";

    public static string Uid(Guid meetingId) => $"{meetingId}@coordination.platform";

    public static byte[] Build(BriefingMeeting meeting, UnitReplica? organiser, IReadOnlyDictionary<Guid, UnitReplica> units, DateTimeOffset now,
        bool includeEmails = true)
    {
        var calendar = new Calendar { ProductId = "-//Platform//Coordination giao ban//VI", Method = "PUBLISH" };
        calendar.AddTimeZone(TimeZoneId);
        var participants = meeting.Participants
            .Select(p => p.UnitId is { } id && units.TryGetValue(id, out var u) ? u.Name : p.Organisation is { Length: > 0 } org ? $"{p.Name} ({org})" : p.Name)
            .ToList();
        var description = new StringBuilder();
        description.Append("Đơn vị chủ trì: ").AppendLine(organiser?.Name ?? meeting.OrganiserUnitId.ToString());
        if (!string.IsNullOrWhiteSpace(meeting.Agenda)) description.Append("Nội dung: ").AppendLine(meeting.Agenda);
        if (participants.Count > 0) description.Append("Thành phần: ").AppendLine(string.Join("; ", participants));
        if (meeting.Status == MeetingStatus.Cancelled) description.Append("ĐÃ HỦY: ").AppendLine(meeting.CancelReason);

        var evt = new CalendarEvent
        {
            Uid = Uid(meeting.Id),
            Summary = meeting.Status == MeetingStatus.Cancelled ? $"[Đã hủy] {meeting.Title}" : meeting.Title,
            Description = description.ToString().TrimEnd(),
            Location = meeting.Location,
            DtStart = Local(meeting.StartsAt),
            DtEnd = Local(meeting.EndsAt),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC", true),
            Sequence = meeting.Sequence,
            Status = meeting.Status == MeetingStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
        };
        foreach (var p in meeting.Participants.Where(p => includeEmails && !string.IsNullOrWhiteSpace(p.Email)))
        {
            evt.Attendees.Add(new Attendee($"mailto:{p.Email}") { CommonName = p.Name, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION" });
        }
        calendar.Events.Add(evt);
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
    }

    private static CalDateTime Local(DateTimeOffset at) =>
        new(DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime, DateTimeKind.Unspecified), TimeZoneId, true);
}
