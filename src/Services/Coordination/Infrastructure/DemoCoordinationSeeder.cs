using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Police;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Infrastructure;

/// <summary>
/// Demo data (only when <c>Demo:Enabled</c>): the City Police–Department plans 1002 and 688, ward-level
/// programmes between schools, their ward People's Committee and ward police for most wards (some without
/// police, some still drafts, one expired — so coverage shows gaps), a monthly briefing cadence for Lê Chân's
/// lower-secondary schools, and two meetings of the demo school. It waits until the unit replica holds the
/// demo units and has stopped growing; fixed ids make it run once across restarts and replicas.
/// </summary>
public sealed class DemoCoordinationSeeder(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider clock,
    DatabaseReadiness<CoordinationDbContext> readiness,
    ILogger<DemoCoordinationSeeder> logger) : BackgroundService
{
    public const string DemoUser = "system:demo-data";
    public static readonly Guid Plan1002ProgrammeId = Id("PROGRAMME:1002/KHPH-CATP-SGDĐT");
    public static readonly Guid Plan688ProgrammeId = Id("PROGRAMME:688/KHPH-CAHP-SGDĐT");
    /// <summary>The tasks service's ids of the two plans (same name-based scheme as its demo seeder).</summary>
    public static readonly Guid Plan1002DocumentId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:1002/KHPH-CATP-SGDĐT/2024");
    public static readonly Guid Plan688DocumentId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:688/KHPH-CAHP-SGDĐT/2024");

    /// <summary>How often it looks at the replica while waiting (<c>Coordination:Demo:PollInterval</c>).</summary>
    private TimeSpan PollInterval => configuration.GetValue("Coordination:Demo:PollInterval", TimeSpan.FromSeconds(5));

    private static Guid Id(string name) => DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"COORD:{name}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false)) return;
        await readiness.WaitAsync(stoppingToken);
        var lastCount = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
                if (await db.Programmes.AnyAsync(p => p.Id == Plan1002ProgrammeId, stoppingToken)) return;
                var count = await db.Units.CountAsync(stoppingToken);
                var ready = await db.Units.AnyAsync(u => u.Id == DemoUnitIds.For(DemoUnitIds.Department), stoppingToken)
                            && await db.Units.AnyAsync(u => u.Id == DemoUnitIds.For(DemoUnitIds.CityPolice), stoppingToken);
                if (ready && count == lastCount)
                {
                    await SeedAsync(db, stoppingToken);
                    return;
                }
                logger.LogInformation("Demo coordination data waits for the unit replica ({Count} units so far)", count);
                lastCount = count;
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                logger.LogInformation("Demo coordination data was seeded by another replica");
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Seeding demo coordination data failed; retrying");
            }
            await Task.Delay(PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task SeedAsync(CoordinationDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = new Actor(DemoUser, DemoUnitIds.For(DemoUnitIds.Department), now);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).ToListAsync(ct);
        var byId = units.ToDictionary(u => u.Id);
        var department = byId[DemoUnitIds.For(DemoUnitIds.Department)];
        var cityPolice = byId[DemoUnitIds.For(DemoUnitIds.CityPolice)];

        Programme New(Guid id, string title, Guid owner, DateOnly from, DateOnly? to, params string[] areas) => new()
        {
            Id = id, Title = title, OwnerUnitId = owner, ValidFrom = from, ValidTo = to, ScopeAreas = [.. areas],
            CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = actor.UnitId, UpdatedAt = now, UpdatedBy = DemoUser,
        };
        void Party(Programme p, UnitReplica u) => p.Parties.Add(new ProgrammeParty { ProgrammeId = p.Id, UnitId = u.Id, Name = u.Name, Kind = u.Kind, AreaCode = u.AreaCode });
        var programmes = new List<Programme>();

        var plan1002 = New(Plan1002ProgrammeId, "Tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục trên địa bàn thành phố giai đoạn 2024-2030",
            department.Id, new DateOnly(2024, 4, 10), new DateOnly(2030, 12, 31), nameof(ScopeArea.DrugLegalEducation), nameof(ScopeArea.DrugUseNearSchools));
        plan1002.EstablishingDocumentId = Plan1002DocumentId;
        plan1002.EstablishingDocumentNumber = "1002/KHPH-CATP-SGDĐT";
        plan1002.EstablishingDocumentDate = new DateOnly(2024, 4, 10);
        Party(plan1002, department);
        Party(plan1002, cityPolice);
        plan1002.Obligations.Add(new ProgrammeObligation
        {
            ProgrammeId = plan1002.Id, Title = "Sơ kết công tác phối hợp phòng, chống ma túy trong trường học", Recurrence = Recurrence.Semiannual,
            ResponsibleUnitId = department.Id, FirstDueDate = new DateOnly(2024, 6, 30), CreatesTasks = true,
        });
        programmes.Add(plan1002);

        var plan688 = New(Plan688ProgrammeId, "Tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh trong tình hình mới",
            department.Id, new DateOnly(2024, 3, 18), null, nameof(ScopeArea.TrafficSafety));
        plan688.EstablishingDocumentId = Plan688DocumentId;
        plan688.EstablishingDocumentNumber = "688/KHPH-CAHP-SGDĐT";
        plan688.EstablishingDocumentDate = new DateOnly(2024, 3, 18);
        Party(plan688, department);
        Party(plan688, cityPolice);
        programmes.Add(plan688);

        // Seed task 3: each school with its ward's People's Committee and police, ward by ward.
        var schoolKinds = UnitKinds.Schools.ToHashSet();
        var wards = units.Where(u => u.Kind == UnitKinds.WardPeoplesCommittee && u.AreaCode is not null).OrderBy(u => u.AreaCode, StringComparer.Ordinal).ToList();
        var index = 0;
        var drafts = new HashSet<Guid>();
        foreach (var ward in wards)
        {
            index++;
            var police = units.FirstOrDefault(u => u.Kind == UnitKinds.WardPolice && u.AreaCode == ward.AreaCode);
            var schools = units.Where(u => schoolKinds.Contains(u.Kind) && u.AreaCode == ward.AreaCode).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            if (police is null || schools.Count == 0 || index % 5 == 0) continue; // one ward in five has not signed yet
            var office = units.FirstOrDefault(u => u.Kind == UnitKinds.DistrictEducationOffice && u.AreaCode == AreaCodes.District(ward.AreaCode)) ?? department;
            var wardName = ward.Name.Replace("Ủy ban nhân dân ", "", StringComparison.Ordinal);
            var expired = index % 11 == 0;
            var draft = index % 13 == 0;
            var withoutPolice = index % 7 == 3;
            var p = New(Id($"WARD:{ward.AreaCode}"), $"Chương trình phối hợp bảo đảm an ninh, trật tự trường học giữa các cơ sở giáo dục và chính quyền {wardName}",
                office.Id, new DateOnly(2024, 9, 1), expired ? new DateOnly(2025, 6, 30) : new DateOnly(2027, 8, 31),
                nameof(ScopeArea.SchoolSecurityAndOrder), nameof(ScopeArea.DrugUseNearSchools), nameof(ScopeArea.ViolenceAndAbuseAgainstChildren));
            p.Reference = $"{index:D2}/CTPH-{ward.AreaCode}";
            p.EstablishingDocumentNumber = "SGDĐT-VP (công văn triển khai Chỉ thị 02/CT-TTg)";
            foreach (var school in schools) Party(p, school);
            Party(p, ward);
            if (!withoutPolice) Party(p, police);
            p.Obligations.Add(new ProgrammeObligation
            {
                ProgrammeId = p.Id, Title = "Tuyên truyền pháp luật phòng, chống ma túy và bạo lực học đường", Recurrence = Recurrence.Quarterly,
                ResponsibleUnitId = schools[0].Id, FirstDueDate = new DateOnly(2024, 12, 15), CreatesTasks = true,
            });
            programmes.Add(p);
            if (draft) drafts.Add(p.Id);
        }

        foreach (var p in programmes)
        {
            if (!drafts.Contains(p.Id))
            {
                p.Sign(p.ValidFrom.AddDays(4) <= actor.Today ? p.ValidFrom.AddDays(4) : p.ValidFrom, actor);
                db.AddIntegrationEvent(new ProgrammeSigned
                {
                    ProgrammeId = p.Id, OwnerUnitId = p.OwnerUnitId, Title = p.Title,
                    PartyUnitIds = p.Parties.Where(x => x.UnitId != null).Select(x => x.UnitId!.Value).ToList(), ScopeAreas = [.. p.ScopeAreas],
                    EstablishingDocumentId = p.EstablishingDocumentId, EstablishingDocumentNumber = p.EstablishingDocumentNumber,
                    SignedOn = p.SignedOn!.Value, ValidFrom = p.ValidFrom, ValidTo = p.ValidTo, SignedByUserId = DemoUser, OccurredAt = now,
                });
                if (p.HasPoliceParty) db.AddIntegrationEvent(PoliceMessages.ProgrammeSigned(p));
            }
            db.Programmes.Add(p);
        }

        // Task 5: a monthly briefing for Lê Chân's lower-secondary schools, and the demo school's own meetings.
        var leChan = byId.GetValueOrDefault(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice));
        var school0 = byId.GetValueOrDefault(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool));
        if (leChan is not null)
        {
            db.Cadences.Add(new BriefingCadence
            {
                Id = Id("CADENCE:LECHAN-THCS"), Name = "Giao ban an ninh, trật tự trường học hằng tháng — các trường THCS quận Lê Chân",
                UnitId = leChan.Id, AppliesToKinds = ["LowerSecondarySchool"], Interval = CadenceInterval.Monthly,
                EffectiveFrom = new DateOnly(2024, 9, 1), CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = leChan.Id,
            });
        }
        if (school0 is not null)
        {
            var wardUnits = units.Where(u => u.AreaCode == school0.AreaCode && (u.Kind == UnitKinds.WardPolice || u.Kind == UnitKinds.WardPeoplesCommittee)).ToList();
            var localMonth = TimeZoneInfo.ConvertTime(now, VietnamTime.Zone);
            var lastMonth = new DateTimeOffset(localMonth.Year, localMonth.Month, 1, 8, 0, 0, VietnamTime.Zone.BaseUtcOffset).AddMonths(-1).AddDays(9);
            var held = Meeting(Id("MEETING:HELD"), school0.Id, "Giao ban an ninh, trật tự trường học tháng trước", lastMonth, wardUnits, now);
            held.Record("Hai bên thống nhất tăng cường tuần tra khu vực cổng trường giờ tan học; nhà trường tổ chức tuyên truyền phòng, chống ma túy.",
                held.Participants.ToDictionary(p => p.Id, _ => true), actor);
            db.Meetings.Add(held);
            var decision = held.AddDecision(Id("DECISION:1"), "Tổ chức buổi tuyên truyền pháp luật phòng, chống ma túy cho học sinh khối 8, 9",
                school0.Id, DateOnly.FromDateTime(lastMonth.AddMonths(1).DateTime), actor);
            db.AddIntegrationEvent(new BriefingMeetingHeld
            {
                MeetingId = held.Id, OrganiserUnitId = held.OrganiserUnitId, ParticipantUnitIds = [.. held.ParticipantUnitIds], HeldOn = held.HeldOn!.Value,
                PoliceAttended = held.HasPolice, LocalAuthorityAttended = held.Participants.Any(p => p.IsLocalAuthority), DecisionCount = 1, OccurredAt = now,
            });
            db.AddIntegrationEvent(new MeetingDecisionRecorded
            {
                DecisionId = decision.Id, MeetingId = held.Id, Number = 1, MeetingTitle = held.Title, MeetingHeldOn = held.HeldOn!.Value,
                OrganiserUnitId = held.OrganiserUnitId, OwnerUnitId = decision.OwnerUnitId, Text = decision.Text, DueDate = decision.DueDate,
                RecordedByUserId = DemoUser, OccurredAt = now,
            });
            var next = Meeting(Id("MEETING:NEXT"), school0.Id, "Giao ban an ninh, trật tự trường học tháng này",
                new DateTimeOffset(localMonth.Date.AddDays(7).AddHours(8), VietnamTime.Zone.BaseUtcOffset), wardUnits, now);
            next.Participants.Add(new MeetingParticipant
            {
                Id = Guid.CreateVersion7(now), MeetingId = next.Id, Name = "Đại diện Ban đại diện cha mẹ học sinh", Organisation = "Ban đại diện CMHS", Email = "bandaidien.cmhs@example.vn",
                Kind = UnitKinds.OtherAgency,
            });
            db.Meetings.Add(next);
            if (next.HasPolice) db.AddIntegrationEvent(PoliceMessages.MeetingScheduled(next, school0, byId, now));
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Programmes} demo coordination programmes, a cadence and demo meetings", programmes.Count);
    }

    private static BriefingMeeting Meeting(Guid id, Guid organiser, string title, DateTimeOffset startsAt, IEnumerable<UnitReplica> participants, DateTimeOffset now)
    {
        var meeting = new BriefingMeeting
        {
            Id = id, OrganiserUnitId = organiser, Title = title, Location = "Phòng họp nhà trường", StartsAt = startsAt, EndsAt = startsAt.AddHours(2),
            Agenda = "Tình hình an ninh, trật tự khu vực trường học; phối hợp phòng, chống ma túy và bạo lực học đường",
            Status = MeetingStatus.Scheduled, CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = organiser, UpdatedAt = now, UpdatedBy = DemoUser,
        };
        foreach (var u in participants)
        {
            meeting.Participants.Add(new MeetingParticipant
            {
                Id = Guid.CreateVersion7(now), MeetingId = id, UnitId = u.Id, Name = u.Name, Kind = u.Kind, IsPolice = UnitKinds.IsPolice(u.Kind), IsLocalAuthority = UnitKinds.IsLocalAuthority(u.Kind),
            });
        }
        return meeting;
    }
}
