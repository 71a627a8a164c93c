using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Police;
using Platform.Messaging;
using Platform.ServiceDefaults;

namespace Platform.Coordination.Infrastructure;

public sealed record DissolutionOutcome(int ProgrammesEnded, int DraftsChanged, int ProgrammesHandedOn, int CadencesEnded, int CadencesHandedOn, int ReferralsHandedOn,
    int ReferralsFlagged, int MeetingsChanged = 0)
{
    public int Total => ProgrammesEnded + DraftsChanged + ProgrammesHandedOn + CadencesEnded + CadencesHandedOn + ReferralsHandedOn + ReferralsFlagged + MeetingsChanged;
}

/// <summary>
/// What becomes of live coordination work when a unit is dissolved (giải thể, sáp nhập, chia tách), so that open work
/// never vanishes and history stays true:
/// <list type="bullet">
/// <item>a signed programme it is party to ends on the dissolution date, with the reason (and the successor, who signs
/// its own programme) on it; a draft takes the successor in its place;</item>
/// <item>a programme it owns (and that still runs) passes to the successor;</item>
/// <item>its briefing cadence ends the day before, with the reason, and the successor carries it on (unless it already
/// has the same rhythm);</item>
/// <item>a referral sent to it passes to the successor police (re-sent there while unacknowledged), or says in its
/// history that its police unit is gone; escalation skips to the successor of a dissolved supervising unit.</item>
/// </list>
/// The caller saves the changes (with its inbox row, in one transaction).
/// </summary>
public static class UnitDissolutionEffects
{
    public const string SystemUser = "system:unit-dissolved";

    public static async Task<DissolutionOutcome> ApplyAsync(CoordinationDbContext db, UnitDissolution d, DateTimeOffset now, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.Id == d.UnitId || u.Id == d.SuccessorUnitId).ToDictionaryAsync(u => u.Id, ct);
        var unit = units.GetValueOrDefault(d.UnitId);
        var successor = d.SuccessorUnitId is { } s ? units.GetValueOrDefault(s) : null;
        var name = unit?.Name ?? d.UnitId.ToString();
        var date = d.EffectiveDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var actor = new Actor(SystemUser, successor?.Id ?? d.UnitId, now);
        var reason = ProgrammeEndReason(name, successor?.Name, d.EffectiveDate, d.Reason);
        var dissolvedParties = (await db.UnitDissolutions.AsNoTracking().Where(x => x.EffectiveDate <= d.EffectiveDate).Select(x => x.UnitId).ToListAsync(ct))
            .Concat(await db.Units.AsNoTracking().Where(u => !u.IsActive).Select(u => u.Id).ToListAsync(ct)).Append(d.UnitId).ToHashSet();

        int ended = 0, drafts = 0, handedOn = 0;
        var programmes = await db.Programmes
            .Where(p => (p.Status == ProgrammeStatus.Draft || p.Status == ProgrammeStatus.Signed)
                        && (p.OwnerUnitId == d.UnitId || p.Parties.Any(x => x.UnitId == d.UnitId)))
            .ToListAsync(ct);
        foreach (var p in programmes.OrderBy(p => p.Id))
        {
            var wasDraft = p.Status == ProgrammeStatus.Draft;
            // No id: EF generates it and inserts the row (a set key on a new dependent reads as an existing row to update).
            var successorParty = successor is null ? null
                : new ProgrammeParty { UnitId = successor.Id, Name = successor.Name, Kind = successor.Kind, AreaCode = successor.AreaCode };
            if (p.PartyDissolved(d.UnitId, d.EffectiveDate, successorParty, reason, actor))
            {
                if (wasDraft)
                {
                    drafts++;
                }
                else
                {
                    ended++;
                    db.AddIntegrationEvent(new ProgrammeTerminated
                    {
                        ProgrammeId = p.Id, OwnerUnitId = p.OwnerUnitId, TerminatedOn = p.TerminatedOn!.Value, Reason = p.TerminationReason!,
                        TerminatedByUserId = SystemUser, OccurredAt = now,
                    });
                }
            }
            // The owner's successor manages a programme that runs on; one whose parties went with the reform too ends with them instead.
            var partyGone = p.Parties.FirstOrDefault(x => x.UnitId is { } u && u != d.UnitId && dissolvedParties.Contains(u));
            if (p.OwnerUnitId == d.UnitId && p.Status == ProgrammeStatus.Signed && partyGone is not null
                && p.PartyDissolved(partyGone.UnitId!.Value, d.EffectiveDate, null, ProgrammeEndReason(partyGone.Name, null, d.EffectiveDate, d.Reason), actor))
            {
                ended++;
                db.AddIntegrationEvent(new ProgrammeTerminated
                {
                    ProgrammeId = p.Id, OwnerUnitId = p.OwnerUnitId, TerminatedOn = p.TerminatedOn!.Value, Reason = p.TerminationReason!,
                    TerminatedByUserId = SystemUser, OccurredAt = now,
                });
            }
            if (p.OwnerUnitId == d.UnitId && successor is not null && p.Status is ProgrammeStatus.Draft or ProgrammeStatus.Signed)
            {
                p.OwnerUnitId = successor.Id;
                p.Touch(actor);
                handedOn++;
            }
        }

        int cadencesEnded = 0, cadencesHandedOn = 0;
        var cadences = await db.Cadences.Where(c => c.UnitId == d.UnitId && (c.EndedOn == null || c.EndedOn >= d.EffectiveDate)).ToListAsync(ct);
        var successorCadences = successor is null ? [] : await db.Cadences.AsNoTracking().Where(c => c.UnitId == successor.Id && c.EndedOn == null).ToListAsync(ct);
        foreach (var c in cadences.OrderBy(c => c.Id))
        {
            var lastDay = d.EffectiveDate.AddDays(-1);
            c.EndedOn = lastDay < c.EffectiveFrom ? c.EffectiveFrom : lastDay;
            c.EndReason = successor is null
                ? $"{name} giải thể từ ngày {date}; chế độ giao ban kết thúc."
                : $"{name} giải thể từ ngày {date}; {successor.Name} tiếp tục chế độ giao ban.";
            cadencesEnded++;
            if (successor is null || successorCadences.Any(x => x.Interval == c.Interval && x.AppliesToKinds.Order().SequenceEqual(c.AppliesToKinds.Order()))) continue;
            var carried = new BriefingCadence
            {
                Id = DemoUnitIds.NameBased(c.Id, $"SUCCESSOR:{successor.Id}"), Name = Truncate($"{c.Name} — tiếp nối tại {successor.Name}", 300),
                UnitId = successor.Id, AppliesToKinds = [.. c.AppliesToKinds], Interval = c.Interval,
                EffectiveFrom = d.EffectiveDate < c.EffectiveFrom ? c.EffectiveFrom : d.EffectiveDate, SucceededFromUnitId = d.UnitId,
                CreatedAt = now, CreatedBy = SystemUser, CreatedByUnitId = successor.Id,
            };
            if (await db.Cadences.AnyAsync(x => x.Id == carried.Id, ct)) continue;
            db.Cadences.Add(carried);
            successorCadences.Add(carried);
            cadencesHandedOn++;
        }

        int referralsHandedOn = 0, referralsFlagged = 0;
        var referrals = await db.Referrals
            .Where(r => r.Status != ReferralStatus.Closed && (r.PoliceUnitId == d.UnitId || r.SupervisingUnitIds.Contains(d.UnitId)))
            .ToListAsync(ct);
        foreach (var r in referrals.OrderBy(r => r.Id))
        {
            r.SupervisingUnitIds = [.. r.SupervisingUnitIds];
            r.SupervisingUnitDissolved(d.UnitId, successor?.Id);
            var detail = successor is null
                ? $"{name} giải thể từ ngày {date}, không có đơn vị kế thừa: nhà trường cần chuyển vụ việc cho cơ quan công an có thẩm quyền."
                : $"{name} giải thể từ ngày {date}; vụ việc chuyển cho {successor.Name}.";
            var awaited = r.AwaitsAcknowledgement;
            if (!r.PoliceUnitDissolved(d.UnitId, successor?.Id, detail, now)) continue;
            if (successor is null)
            {
                referralsFlagged++;
                continue;
            }
            referralsHandedOn++;
            if (awaited && await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == r.IncidentId, ct) is { } incident)
            {
                // The new police unit has not seen the case: it is sent there as the next attempt.
                r.SendAttempts++;
                var school = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == r.ReportingUnitId, ct);
                db.AddIntegrationEvent(PoliceMessages.ReferralRequested(r, incident, school, successor));
            }
        }
        var meetingsChanged = 0;
        if (successor is not null)
        {
            var from = new DateTimeOffset(d.EffectiveDate.ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
            var meetings = await db.Meetings
                .Where(m => m.Status == MeetingStatus.Scheduled && m.StartsAt >= from && m.Participants.Any(p => p.UnitId == d.UnitId))
                .ToListAsync(ct);
            foreach (var m in meetings.OrderBy(m => m.Id))
            {
                var invited = m.Participants.First(p => p.UnitId == d.UnitId);
                if (m.Participants.Any(p => p.UnitId == successor.Id))
                {
                    m.Participants.Remove(invited);
                }
                else
                {
                    (invited.UnitId, invited.Name, invited.Kind, invited.IsPolice, invited.IsLocalAuthority, invited.Attended) =
                        (successor.Id, successor.Name, successor.Kind, UnitKinds.IsPolice(successor.Kind), UnitKinds.IsLocalAuthority(successor.Kind), null);
                }
                m.Sequence++;
                (m.UpdatedAt, m.UpdatedBy) = (now, SystemUser);
                if (m.HasPolice)
                {
                    var ids = m.ParticipantUnitIds.Append(m.OrganiserUnitId).Distinct().ToList();
                    var labels = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
                    db.AddIntegrationEvent(PoliceMessages.MeetingScheduled(m, labels.GetValueOrDefault(m.OrganiserUnitId), labels, now));
                }
                meetingsChanged++;
            }
        }
        return new DissolutionOutcome(ended, drafts, handedOn, cadencesEnded, cadencesHandedOn, referralsHandedOn, referralsFlagged, meetingsChanged);
    }

    /// <summary>The reason a programme shows when it ended because a party was dissolved.</summary>
    public static string ProgrammeEndReason(string partyName, string? successorName, DateOnly on, string reason)
    {
        var date = on.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return successorName is null
            ? $"{partyName} giải thể từ ngày {date}, không có đơn vị kế thừa; chương trình kết thúc."
            : $"{partyName} giải thể từ ngày {date} ({ReasonWord(reason)} vào {successorName}); chương trình kết thúc, {successorName} ký chương trình mới.";
    }

    private static string ReasonWord(string reason) => reason switch
    {
        "Merged" => "sáp nhập",
        "Split" => "chia tách, phần chính chuyển",
        _ => "chuyển giao",
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
