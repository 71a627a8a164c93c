using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting;
using Platform.Messaging;
using Platform.Reporting.Apis;
using Platform.Reporting.Domain;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Infrastructure;

/// <summary>What the demo makes of one expected monthly report of a past month.</summary>
public enum LiveReportFate
{
    /// <summary>Submitted before the deadline and approved by the supervising unit.</summary>
    OnTimeApproved,
    /// <summary>Submitted after the deadline, then approved.</summary>
    LateApproved,
    /// <summary>Submitted on time, still waiting for review (only the latest past month: reviewers catch up).</summary>
    AwaitingReview,
    /// <summary>Submitted on time and returned for correction, not yet resubmitted.</summary>
    Returned,
    /// <summary>Nothing received: missing, flagged overdue by the ordinary job.</summary>
    Missing,
}

/// <summary>
/// The demo's live school year (issue 17, item 6, reporting's part): the monthly report <c>BC-PCBLHD</c> of every past
/// month of the current school year — mostly submitted and approved, some late, a few awaiting review or returned, some
/// missing — and a few incidents of different kinds. Everything is placed relative to the moment the demo was loaded
/// (the demo schedule's <c>CreatedAt</c>, the platform's TimeProvider then) and decided from a fixed seed per unit and
/// month, so every fresh start looks alike and tests are deterministic. Reports go through the domain's ordinary
/// steps (draft, submit with the template's rules, approve or return) with their events in the outbox and approvals
/// consolidated in the same transaction; the reporting job then flags the missing ones overdue as it would any other.
/// Only reports still not started are touched, so nothing a person did is overwritten.
/// </summary>
public static class LiveSchoolYear
{
    public const int Seed = 20260130; // Directive 03/CT-TTg, 30/01/2026
    public const string Actor = "system:demo-data";

    /// <summary>The fate of one report, from the seed, the unit and the month alone.</summary>
    public static LiveReportFate FateOf(Guid unitId, string periodKey, bool latestPastMonth)
    {
        var roll = Roll(unitId, periodKey, "fate") % 100;
        return roll switch
        {
            < 70 => LiveReportFate.OnTimeApproved,
            < 80 => LiveReportFate.LateApproved,
            < 86 => latestPastMonth ? LiveReportFate.AwaitingReview : LiveReportFate.OnTimeApproved,
            < 88 => LiveReportFate.Returned,
            _ => LiveReportFate.Missing,
        };
    }

    private static uint Roll(Guid unitId, string periodKey, string purpose) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}:{unitId:N}:{periodKey}:{purpose}")), 0);

    private static Random RandomFor(Guid unitId, string periodKey, string purpose) => new((int)(Roll(unitId, periodKey, purpose) & 0x7fffffff));

    /// <summary>
    /// Opens the past months of the current school year for the demo schedule (the ordinary <see cref="ExpectedReports"/>
    /// path: units of the schedule's kinds as of each month, chains as of each month), plays them and reports the demo's
    /// incidents. Idempotent: run again, it opens and plays only what is new (a unit the replica heard of later).
    /// Returns how many reports and incidents changed.
    /// </summary>
    public static async Task<int> OpenAndPlayAsync(IServiceProvider services, TimeProvider clock, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReportingDbContext>();
        var expected = services.GetRequiredService<ExpectedReports>();
        var schedule = await db.Schedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == DemoTemplateSeeder.ScheduleId, ct);
        if (schedule is null || !await db.UnitReplicas.AnyAsync(ct)) return 0;
        var startDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(schedule.CreatedAt, VietnamTime.Zone).DateTime);
        var first = schedule.PeriodFor(schedule.FirstPeriodKey)!;
        var organisation = await expected.ReplicaAsync(ct);
        var opened = 0;
        foreach (var period in PastMonths(startDate, schedule.CutoffDay).Where(p => p.Start < first.Start))
        {
            var (units, _) = await expected.ResolveAsync([], schedule.UnitKinds, [], schedule.OwnerUnitId, schedule.OwnerIsProvinceWide, period.CutoffTo, organisation, ct);
            opened += await expected.OpenPeriodAsync(schedule, period, units, organisation, clock.GetUtcNow(), ct);
        }
        db.ChangeTracker.Clear();
        var played = await PlayReportsAsync(db, ct);
        var incidents = await ReportIncidentsAsync(db, schedule.CreatedAt, ct);
        return opened + played + incidents;
    }

    /// <summary>The months of the school year containing <paramref name="startDate"/> from September to the month before it.</summary>
    public static IEnumerable<ReportingPeriod> PastMonths(DateOnly startDate, int? cutoffDay)
    {
        var schoolYearStart = new DateOnly(startDate.Month >= 9 ? startDate.Year : startDate.Year - 1, 9, 1);
        for (var p = PeriodCalendar.Containing(PeriodType.Monthly, schoolYearStart, cutoffDay); p.Start < new DateOnly(startDate.Year, startDate.Month, 1); p = PeriodCalendar.Next(p, cutoffDay))
        {
            yield return p;
        }
    }

    /// <summary>
    /// Plays the past months of the demo schedule once their reports exist. Returns how many reports changed.
    /// Reports whose chain is not the organisation of their period as the replica now knows it (a move still on its
    /// way) take that chain first, as <see cref="ReportChains"/> would.
    /// </summary>
    public static async Task<int> PlayReportsAsync(ReportingDbContext db, CancellationToken ct)
    {
        var schedule = await db.Schedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == DemoTemplateSeeder.ScheduleId, ct);
        if (schedule is null) return 0;
        var start = schedule.CreatedAt;
        var candidates = await db.Submissions.AsNoTracking()
            .Where(s => s.ScheduleId == schedule.Id && s.Status == SubmissionStatus.NotStarted && s.DeadlineAt < start && s.OverdueNotifiedAt == null)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => new { s.Id, s.UnitId, p.Key })
            .ToListAsync(ct);
        if (candidates.Count == 0) return 0;
        var latestPast = await db.Submissions.AsNoTracking().Where(s => s.ScheduleId == schedule.Id && s.DeadlineAt < start)
            .Join(db.Periods, s => s.PeriodId, p => p.Id, (s, p) => p).OrderByDescending(p => p.Start).Select(p => p.Key).FirstAsync(ct);
        var organisation = await Organisation.LoadAsync(db, ct);
        var versions = new Dictionary<Guid, TemplateVersion>();
        var changed = 0;
        foreach (var candidate in candidates.OrderBy(c => c.Key, StringComparer.Ordinal).ThenBy(c => c.UnitId))
        {
            var fate = FateOf(candidate.UnitId, candidate.Key, candidate.Key == latestPast);
            if (fate == LiveReportFate.Missing) continue;
            db.ChangeTracker.Clear();
            var submission = await db.Submissions.Include(s => s.Values).Include(s => s.History).AsSplitQuery().SingleAsync(s => s.Id == candidate.Id, ct);
            var period = await db.Periods.AsNoTracking().SingleAsync(p => p.Id == submission.PeriodId, ct);
            var chain = organisation.ChainOn(submission.UnitId, period.Start);
            if (chain.Count > 0 && !chain.SequenceEqual(submission.Chain)) submission.Chain = chain;
            if (submission.Chain.Count == 0) continue; // a unit with no supervisor has nobody to review it
            if (!versions.TryGetValue(submission.TemplateVersionId, out var version))
            {
                versions[submission.TemplateVersionId] = version = await TemplatesApi.LoadVersionAsync(db, submission.TemplateVersionId, ct);
            }
            await PlayAsync(db, submission, version, candidate.Key, fate, start, ct);
            changed++;
        }
        db.ChangeTracker.Clear();
        return changed;
    }

    private static async Task PlayAsync(ReportingDbContext db, Submission submission, TemplateVersion version, string periodKey, LiveReportFate fate,
        DateTimeOffset start, CancellationToken ct)
    {
        var random = RandomFor(submission.UnitId, periodKey, "times");
        var windowEnd = ExpectedReports.DeadlineInstant(submission.DataTo);
        var submittedAt = fate == LiveReportFate.LateApproved
            ? submission.DeadlineAt.AddDays(1 + random.Next(6)).AddHours(-random.Next(8))
            : windowEnd.AddHours(-14 + random.Next(8)).AddDays(random.Next(Math.Max(1, (submission.DeadlineDate.DayNumber - submission.DataTo.DayNumber))));
        if (submittedAt >= start) submittedAt = start.AddHours(-2);
        var reviewedAt = submittedAt.AddDays(1 + random.Next(3)).AddHours(random.Next(6));
        if (reviewedAt >= start) reviewedAt = start.AddHours(-1);

        var school = new Actor(Actor, submission.UnitId, submittedAt);
        submission.SaveDraft(Values(version, submission.UnitId, periodKey), school with { At = submittedAt.AddMinutes(-30) });
        submission.Submit(version, new Dictionary<int, PrefillValue>(), school, out var errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Demo report {submission.Id} breaks the template's rules: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Vietnamese}"))}");
        }
        db.AddIntegrationEvent(new ReportSubmitted
        {
            SubmissionId = submission.Id, UnitId = submission.UnitId, SupervisingUnitId = submission.SupervisorId, TemplateId = submission.TemplateId,
            PeriodKey = periodKey, DeadlineAt = submission.DeadlineAt, IsLate = submission.IsLate, IsResubmission = false, OccurredAt = submission.UpdatedAt,
        });
        var reviewer = new Actor(Actor, submission.Chain[0], reviewedAt);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (fate is LiveReportFate.OnTimeApproved or LiveReportFate.LateApproved)
        {
            submission.Approve(reviewer);
            db.AddIntegrationEvent(new ReportApproved
            {
                SubmissionId = submission.Id, UnitId = submission.UnitId, ApprovedByUnitId = reviewer.UnitId, TemplateId = submission.TemplateId,
                PeriodKey = periodKey, OccurredAt = submission.UpdatedAt,
            });
        }
        else if (fate == LiveReportFate.Returned)
        {
            const string comment = "Đề nghị nhà trường bổ sung số liệu tuyên truyền và đánh giá chung, gửi lại trước ngày làm việc tiếp theo.";
            submission.Return(comment, reviewer);
            db.AddIntegrationEvent(new ReportReturned
            {
                SubmissionId = submission.Id, UnitId = submission.UnitId, ReturnedByUnitId = reviewer.UnitId, Comment = comment, Reopened = false,
                OccurredAt = submission.UpdatedAt,
            });
        }
        await db.SaveChangesAsync(ct);
        if (submission.Status == SubmissionStatus.Approved)
        {
            await Consolidation.AddApprovedAsync(db, submission.Id, ct);
        }
        await transaction.CommitAsync(ct);
    }

    private sealed record DemoIncident(IncidentCategory Category, bool LifeSafety, int DaysBefore, string Place, string Description, string Actions,
        (InvolvementRole Role, bool Pupil, int Age, string? Name, string? ClassName)[] People);

    /// <summary>
    /// Invented cases (no real pupil): names and classes go to <c>incident_identities</c> only; the description names nobody
    /// and the <see cref="IncidentReported"/> event carries pseudonyms and age bands, as for any incident.
    /// </summary>
    private static readonly DemoIncident[] Incidents =
    [
        new(IncidentCategory.SchoolViolence, false, 41, "Sân trường, giờ ra chơi", "Hai nhóm học sinh lớp 8 xô xát sau mâu thuẫn trên mạng xã hội; một em bị trầy xước nhẹ.",
            "Giáo viên trực tách các em, sơ cứu, mời cha mẹ học sinh làm việc; tổ tư vấn tâm lý theo dõi.",
            [(InvolvementRole.Victim, true, 13, "Trần Minh Khôi", "8A2"), (InvolvementRole.Perpetrator, true, 14, "Lê Gia Bảo", "8A4"), (InvolvementRole.Witness, true, 13, null, null)]),
        new(IncidentCategory.OtherSocialEvil, false, 63, "Khu vực cổng sau trường", "Phát hiện học sinh sử dụng thuốc lá điện tử trong giờ nghỉ.",
            "Thu giữ, lập biên bản, thông báo gia đình; lồng ghép tuyên truyền tác hại thuốc lá điện tử.",
            [(InvolvementRole.Other, true, 15, null, null), (InvolvementRole.Other, true, 15, null, null)]),
        new(IncidentCategory.TrafficAccident, false, 27, "Nút giao trước cổng trường", "Học sinh đi xe đạp điện va chạm với xe máy khi tan học; không bị thương nặng.",
            "Nhà trường phối hợp công an phường phân luồng giờ tan học; nhắc nhở đội mũ bảo hiểm.",
            [(InvolvementRole.Victim, true, 16, null, null), (InvolvementRole.Other, false, 35, null, null)]),
        new(IncidentCategory.SchoolViolence, true, 12, "Nhà vệ sinh khu B", "Một học sinh bị nhóm bạn đánh hội đồng, phải đưa đi bệnh viện kiểm tra chấn thương.",
            "Đưa em đi cấp cứu, báo công an phường ngay, giữ hình ảnh camera; họp hội đồng kỷ luật.",
            [(InvolvementRole.Victim, true, 14, "Phạm Thu Hà", "9A1"), (InvolvementRole.Perpetrator, true, 15, null, "9A3"), (InvolvementRole.Perpetrator, true, 15, null, "9A3")]),
        new(IncidentCategory.ChildAbuse, true, 5, "Ngoài nhà trường (học sinh trình bày với giáo viên chủ nhiệm)", "Học sinh cho biết bị người quen của gia đình có hành vi xâm hại.",
            "Báo ngay công an và cơ quan bảo vệ trẻ em; bố trí tư vấn, bảo mật thông tin học sinh.",
            [(InvolvementRole.Victim, true, 11, "Hoàng Ngọc Anh", "6A5")]),
        new(IncidentCategory.SchoolViolence, false, 1, "Lớp học, giờ sinh hoạt", "Lời qua tiếng lại giữa hai học sinh dẫn đến xô đẩy; không có thương tích.",
            "Giáo viên chủ nhiệm hòa giải, ghi nhận vào sổ theo dõi.",
            [(InvolvementRole.Perpetrator, true, 12, null, null), (InvolvementRole.Victim, true, 12, null, null)]),
    ];

    /// <summary>The demo's incidents: once each (fixed ids), at schools of today's organisation chosen by the seed, days before the start.</summary>
    public static async Task<int> ReportIncidentsAsync(ReportingDbContext db, DateTimeOffset start, CancellationToken ct)
    {
        var schoolYear = PeriodCalendar.Containing(PeriodType.SchoolYear, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, VietnamTime.Zone).DateTime)).Key;
        var ids = Incidents.Select((_, i) => DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"DEMO-INCIDENT:{schoolYear}:{i}")).ToList();
        var existing = (await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        if (existing.Count == ids.Count) return 0;
        var organisation = await Organisation.LoadAsync(db, ct);
        // The demo school first (the principal's account belongs to it), then schools under a supervisor, in the seed's order.
        var demoSchool = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var schools = organisation.Units.Values
            .Where(u => u.IsActive && DemoTemplateSeeder.ReportingKinds.Contains(u.Kind) && u.ParentId is not null)
            .OrderBy(u => u.Id == demoSchool ? 0 : 1).ThenBy(u => Roll(u.Id, schoolYear, "incident-school")).Select(u => u.Id).Take(Incidents.Length).ToList();
        if (schools.Count == 0) return 0;
        var created = 0;
        for (var n = 0; n < Incidents.Length; n++)
        {
            if (existing.Contains(ids[n])) continue;
            var spec = Incidents[n];
            var unit = schools[n % schools.Count];
            var occurredAt = start.AddDays(-spec.DaysBefore).AddHours(-3 - n);
            var reportedAt = occurredAt.AddHours(spec.LifeSafety ? 0.5 : 4);
            var random = RandomFor(ids[n], schoolYear, "pseudonyms");
            var incident = new Incident
            {
                Id = ids[n],
                ReportingUnitId = unit,
                Chain = organisation.ChainOn(unit, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurredAt, VietnamTime.Zone).DateTime)),
                Category = spec.Category,
                IsLifeSafety = spec.LifeSafety,
                OccurredAt = occurredAt.ToUniversalTime(),
                OccurredOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurredAt, VietnamTime.Zone).DateTime),
                Place = spec.Place,
                Description = spec.Description,
                ActionsTaken = spec.Actions,
                PupilsInvolved = spec.People.Count(p => p.Pupil),
                OthersInvolved = spec.People.Count(p => !p.Pupil),
                ReportedBy = Actor,
                ReportedAt = reportedAt.ToUniversalTime(),
            };
            foreach (var (person, i) in spec.People.Select((p, i) => (p, i)))
            {
                var row = new Domain.IncidentPerson
                {
                    Id = DemoUnitIds.NameBased(incident.Id, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), IncidentId = incident.Id, Ordinal = i,
                    Role = person.Role, IsPupil = person.Pupil, AgeBand = Incident.AgeBandOf(person.Age),
                    PseudonymousId = $"{(person.Pupil ? "HS" : "NL")}-{random.Next():X8}",
                };
                incident.People.Add(row);
                if (person.Name is not null || person.ClassName is not null)
                {
                    db.IncidentIdentities.Add(new IncidentIdentity { PersonId = row.Id, IncidentId = incident.Id, FullName = person.Name ?? "", ClassName = person.ClassName });
                }
            }
            db.Incidents.Add(incident);
            db.AddIntegrationEvent(incident.ToEvent());
            created++;
        }
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>A plausible month for a school, within the template's bounds and rules (the template checks them on submit).</summary>
    private static Dictionary<int, StoredValue?> Values(TemplateVersion version, Guid unitId, string periodKey)
    {
        var r = RandomFor(unitId, periodKey, "values");
        var sessions = 1 + r.Next(4);
        var violenceOther = r.Next(10) < 2 ? 1 : 0;
        var violenceSerious = r.Next(50) == 0 ? 1 : 0;
        var socialEvil = r.Next(25) == 0 ? 1 : 0;
        var accidents = r.Next(30) == 0 ? 1 : 0;
        var cases = violenceOther + violenceSerious + socialEvil + accidents;
        var json = new Dictionary<string, object>
        {
            ["dissemination_sessions"] = sessions,
            ["participants_pupils"] = 80 + r.Next(500),
            ["participants_parents"] = r.Next(80),
            ["participants_staff"] = 10 + r.Next(50),
            ["legal_education_with_police"] = r.Next(sessions + 1),
            ["coordination_programmes_signed"] = r.Next(4) == 0 ? 1 : 0,
            ["briefing_meetings_held"] = r.Next(3),
            ["has_hotline"] = r.Next(20) != 0,
            ["violence_serious"] = violenceSerious,
            ["violence_other"] = violenceOther,
            ["pupils_involved"] = violenceOther + violenceSerious == 0 ? 0 : (violenceOther + violenceSerious) * (2 + r.Next(3)),
            ["drug_cases"] = 0,
            ["child_abuse_cases"] = 0,
            ["other_social_evil_cases"] = socialEvil,
            ["traffic_violations"] = r.Next(8),
            ["traffic_accidents"] = accidents,
            ["cases_referred_to_police"] = violenceSerious,
            ["inspections_carried_out"] = r.Next(3),
            ["overall_situation"] = cases == 0 ? "Ổn định" : "Có vụ việc nhưng đã kiểm soát",
            ["narrative"] = cases == 0
                ? "Tình hình an ninh, trật tự trong nhà trường ổn định; duy trì tuyên truyền dưới cờ và sinh hoạt lớp."
                : "Có vụ việc phát sinh, nhà trường đã xử lý kịp thời, phối hợp với gia đình và công an phường theo quy định.",
        };
        var result = new Dictionary<int, StoredValue?>();
        foreach (var indicator in version.Indicators)
        {
            if (!json.TryGetValue(indicator.Code, out var raw)) continue;
            if (!indicator.TryRead(JsonSerializer.SerializeToElement(raw), out var value, out var error))
            {
                throw new InvalidOperationException($"Demo value of {indicator.Code} refused: {error.En}");
            }
            result[indicator.Id] = value;
        }
        return result;
    }
}
