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
/// Demo data (only when <c>Demo:Enabled</c>), true to history and to today:
/// <list type="bullet">
/// <item>the City Police–Department plans 1002 and 688;</item>
/// <item>the 2024 ward-level programmes between schools, their ward People's Committee and ward police (some without
/// police, some drafts, some expired); where the replica shows those wards dissolved by the 2025 reform, each ends on
/// the dissolution date with the reason on it — history, not a live gap;</item>
/// <item>once communes supervise schools (Culture–Society divisions exist), the current school year's programmes
/// between each commune's schools, its People's Committee and commune police: signed for most communes, some
/// drafts, some without police, a few communes without one — generated from a fixed seed relative to the start date;</item>
/// <item>the monthly briefing cadence of Lê Chân (the 2024 district office's, ended by the reform, and the commune
/// division's of today) with the division's meetings held in past months and upcoming, and the demo school's meetings.</item>
/// </list>
/// It waits until the unit replica holds the demo units and has stopped changing (the reform's events included) for a
/// few polls; fixed ids make it run once across restarts and replicas. It copes with a 2024-only replica.
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

    /// <summary>How many polls in a row the replica must not change before seeding (<c>Coordination:Demo:QuietPolls</c>).</summary>
    private int QuietPolls => Math.Max(1, configuration.GetValue("Coordination:Demo:QuietPolls", 3));

    /// <summary>
    /// Seeded on a 2024-only replica, how long it keeps looking for the reform to add the current school year
    /// (<c>Coordination:Demo:ReformWait</c>).
    /// </summary>
    private TimeSpan ReformWait => configuration.GetValue("Coordination:Demo:ReformWait", TimeSpan.FromMinutes(10));

    /// <summary>In the reference of every programme of the current school year (a commune division's code follows).</summary>
    public const string CommuneReferenceMark = "/CTPH-VHXH-";

    /// <summary>The seed of the generated demo: the same start date gives the same demo.</summary>
    public const int Seed = 20250701;

    private static Guid Id(string name) => DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"COORD:{name}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false)) return;
        await readiness.WaitAsync(stoppingToken);
        ReplicaFingerprint? last = null;
        var quiet = 0;
        var startedAt = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CoordinationDbContext>();
                var seeded = await db.Programmes.AnyAsync(p => p.Id == Plan1002ProgrammeId, stoppingToken);
                var communes = await db.Units.AnyAsync(u => u.Kind == UnitKinds.CommuneDivision && u.IsActive, stoppingToken);
                if (seeded && await db.Programmes.AnyAsync(p => p.Reference != null && p.Reference.Contains(CommuneReferenceMark), stoppingToken)) return;
                if (seeded && !communes && clock.GetUtcNow() - startedAt > ReformWait)
                {
                    logger.LogInformation("Demo coordination data: the unit replica shows no reform after {Wait}; the 2024 demo stays as it is", ReformWait);
                    return;
                }
                // Not only new units: the reform moves and dissolves existing ones, so the whole state must hold still.
                var fingerprint = new ReplicaFingerprint(
                    await db.Units.CountAsync(stoppingToken),
                    await db.Units.CountAsync(u => u.IsActive, stoppingToken),
                    await db.Units.MaxAsync(u => (DateTimeOffset?)u.SourceUpdatedAt, stoppingToken),
                    await db.UnitParentChanges.CountAsync(stoppingToken),
                    await db.UnitDissolutions.CountAsync(stoppingToken));
                var ready = await db.Units.AnyAsync(u => u.Id == DemoUnitIds.For(DemoUnitIds.Department), stoppingToken)
                            && await db.Units.AnyAsync(u => u.Id == DemoUnitIds.For(DemoUnitIds.CityPolice), stoppingToken);
                quiet = ready && fingerprint == last ? quiet + 1 : 0;
                if (quiet >= QuietPolls && !seeded)
                {
                    await SeedAsync(db, stoppingToken);
                    if (communes) return;
                    // Seeded on the 2024 organisation: should the reform arrive later, its current school year follows.
                }
                else if (quiet >= QuietPolls && communes)
                {
                    await SeedAsync(db, stoppingToken, currentYearOnly: true);
                    return;
                }
                else
                {
                    logger.LogInformation("Demo coordination data waits for the unit replica to settle ({Count} units so far, {Quiet} quiet polls)", fingerprint.Units, quiet);
                }
                last = fingerprint;
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

    private sealed record ReplicaFingerprint(int Units, int Active, DateTimeOffset? LastChange, int Moves, int Dissolutions);

    /// <param name="currentYearOnly">
    /// Only the current school year (the commune programmes, the commune division's cadence and meetings): the rest was
    /// seeded on the 2024 organisation before the reform arrived, and the dissolution consumer has since brought it up to date.
    /// </param>
    public async Task SeedAsync(CoordinationDbContext db, CancellationToken ct, bool currentYearOnly = false)
    {
        var now = clock.GetUtcNow();
        var units = await db.Units.AsNoTracking().ToListAsync(ct);
        var moves = await db.UnitParentChanges.AsNoTracking().ToListAsync(ct);
        var dissolutions = await db.UnitDissolutions.AsNoTracking().ToListAsync(ct);
        var demo = Build(units, moves, dissolutions, now);
        if (currentYearOnly)
        {
            // A cadence the consumer carried on from the dissolved office already gives the division its rhythm.
            var withCadence = (await db.Cadences.AsNoTracking().Where(c => c.EndedOn == null).Select(c => c.UnitId).ToListAsync(ct)).ToHashSet();
            demo = new DemoCoordination(demo.Programmes.Where(demo.CurrentYear.Contains).ToList(),
                demo.Cadences.Where(c => demo.CurrentYear.Contains(c) && !withCadence.Contains(c.UnitId)).ToList(),
                demo.Meetings.Where(demo.CurrentYear.Contains).ToList(), demo.Events.Where(demo.CurrentYear.Contains).ToList(), demo.CurrentYear);
        }
        db.Programmes.AddRange(demo.Programmes);
        db.Cadences.AddRange(demo.Cadences);
        db.Meetings.AddRange(demo.Meetings);
        foreach (var e in demo.Events) db.AddIntegrationEvent(e);
        await db.SaveChangesAsync(ct);
        logger.LogInformation(
            "Seeded {Programmes} demo coordination programmes ({Current} of the current school year, {Ended} ended by the reform), {Cadences} cadences and {Meetings} meetings",
            demo.Programmes.Count, demo.Programmes.Count(p => p.Reference?.Contains(CommuneReferenceMark, StringComparison.Ordinal) == true),
            demo.Programmes.Count(p => p.Status == ProgrammeStatus.Terminated),
            demo.Cadences.Count, demo.Meetings.Count);
    }

    /// <summary>What the demo adds, before it is saved.</summary>
    /// <param name="CurrentYear">The items (programmes, cadences, meetings, events) of the current school year's commune part.</param>
    public sealed record DemoCoordination(List<Programme> Programmes, List<BriefingCadence> Cadences, List<BriefingMeeting> Meetings, List<object> Events,
        HashSet<object> CurrentYear);

    /// <summary>The first day of the school year <paramref name="today"/> falls in (1 September).</summary>
    public static DateOnly SchoolYearStart(DateOnly today) => new(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);

    /// <summary>
    /// The demo built from the replica (today's state, with the recorded moves and dissolutions) and the start date
    /// alone: the same inputs give the same demo, and it never rots, as every live date is placed around <paramref name="now"/>.
    /// </summary>
    public static DemoCoordination Build(IReadOnlyList<UnitReplica> units, IReadOnlyList<UnitParentChange> moves, IReadOnlyList<UnitDissolution> dissolutions, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, VietnamTime.Zone).DateTime);
        var actor = new Actor(DemoUser, DemoUnitIds.For(DemoUnitIds.Department), now);
        var byId = units.ToDictionary(u => u.Id);
        var org = new OrganisationOnDate(today, units.Select(u => new OrgUnit(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.AreaCode, u.IsActive, u.SuccessorId, u.EffectiveFrom)),
            moves, dissolutions);
        var dissolvedOn = dissolutions.ToDictionary(d => d.UnitId);
        var department = byId[DemoUnitIds.For(DemoUnitIds.Department)];
        var cityPolice = byId[DemoUnitIds.For(DemoUnitIds.CityPolice)];
        var events = new List<object>();
        var current = new HashSet<object>(ReferenceEqualityComparer.Instance);

        Programme New(Guid id, string title, Guid owner, DateOnly from, DateOnly? to, params string[] areas) => new()
        {
            Id = id, Title = title, OwnerUnitId = owner, ValidFrom = from, ValidTo = to, ScopeAreas = [.. areas],
            CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = actor.UnitId, UpdatedAt = now, UpdatedBy = DemoUser,
        };
        void Party(Programme p, UnitReplica u) => p.Parties.Add(new ProgrammeParty
        {
            Id = DemoUnitIds.NameBased(p.Id, $"PARTY:{u.Id}"), ProgrammeId = p.Id, UnitId = u.Id, Name = u.Name, Kind = u.Kind, AreaCode = u.AreaCode,
        });
        var programmes = new List<Programme>();
        var drafts = new HashSet<Guid>();
        var signedOn = new Dictionary<Guid, DateOnly>();

        var plan1002 = New(Plan1002ProgrammeId, "Tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục trên địa bàn thành phố giai đoạn 2024-2030",
            department.Id, new DateOnly(2024, 4, 10), new DateOnly(2030, 12, 31), nameof(ScopeArea.DrugLegalEducation), nameof(ScopeArea.DrugUseNearSchools));
        plan1002.EstablishingDocumentId = Plan1002DocumentId;
        plan1002.EstablishingDocumentNumber = "1002/KHPH-CATP-SGDĐT";
        plan1002.EstablishingDocumentDate = new DateOnly(2024, 4, 10);
        Party(plan1002, department);
        Party(plan1002, cityPolice);
        plan1002.Obligations.Add(new ProgrammeObligation
        {
            Id = DemoUnitIds.NameBased(plan1002.Id, "OBLIGATION:1"),
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

        // Seed task 3 as it was done in 2024: each school with its ward's People's Committee and police, ward by ward.
        // The 2024 wards are the ward committees that do not head a commune division (the reform's communes do).
        var schoolKinds = UnitKinds.Schools.ToHashSet();
        var communeCommittees = units.Where(u => u.Kind == UnitKinds.CommuneDivision && u.ParentId is not null).Select(u => u.ParentId!.Value).ToHashSet();
        var communePolice = communeCommittees.Select(byId.GetValueOrDefault).OfType<UnitReplica>()
            .SelectMany(c => org.CommunePolice(org.Unit(c.Id)!)).Select(p => p.Id).ToHashSet();
        var wards = units.Where(u => u.Kind == UnitKinds.WardPeoplesCommittee && u.AreaCode is not null && !communeCommittees.Contains(u.Id))
            .OrderBy(u => u.AreaCode, StringComparer.Ordinal).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        var index = 0;
        foreach (var ward in wards)
        {
            index++;
            var police = units.Where(u => u.Kind == UnitKinds.WardPolice && u.AreaCode == ward.AreaCode && !communePolice.Contains(u.Id)).MinBy(u => u.Code, StringComparer.Ordinal);
            var schools = units.Where(u => schoolKinds.Contains(u.Kind) && u.AreaCode == ward.AreaCode && u.EffectiveFrom <= new DateOnly(2024, 9, 1))
                .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            if (police is null || schools.Count == 0 || index % 5 == 0) continue; // one ward in five had not signed yet
            var office = units.Where(u => u.Kind == UnitKinds.DistrictEducationOffice && u.AreaCode == AreaCodes.District(ward.AreaCode)).MinBy(u => u.Code, StringComparer.Ordinal) ?? department;
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
                Id = DemoUnitIds.NameBased(p.Id, "OBLIGATION:1"),
                ProgrammeId = p.Id, Title = "Tuyên truyền pháp luật phòng, chống ma túy và bạo lực học đường", Recurrence = Recurrence.Quarterly,
                ResponsibleUnitId = schools[0].Id, FirstDueDate = new DateOnly(2024, 12, 15), CreatesTasks = true,
            });
            programmes.Add(p);
            if (draft) drafts.Add(p.Id);
            else signedOn[p.Id] = new DateOnly(2024, 9, 5);
        }

        // The current school year, once communes supervise schools: each commune's schools with its People's Committee and police.
        var yearStart = SchoolYearStart(today);
        var divisions = org.Units.Where(u => u.Kind == UnitKinds.CommuneDivision).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var random = new Random(Seed);
        var demoDivision = DemoUnitIds.For(CommuneOfficerUnitCode);
        var communeIndex = 0;
        foreach (var division in divisions)
        {
            communeIndex++;
            // Drawn for every commune, whether or not it gets a programme, so one commune's data never shifts another's.
            var (roll, signDay, withPoliceRoll) = (random.Next(100), random.Next(0, 46), random.Next(100));
            if (org.ParentOf(division.Id) is not { } committeeId || !byId.TryGetValue(committeeId, out var committee)) continue;
            var schools = org.ChildrenOf(division.Id).Where(u => schoolKinds.Contains(u.Kind)).OrderBy(u => u.Code, StringComparer.Ordinal)
                .Select(u => byId[u.Id]).ToList();
            var police = org.CommunePolice(org.Unit(committee.Id)!).OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => byId[u.Id]).FirstOrDefault();
            var isDemo = division.Id == demoDivision;
            if (schools.Count == 0 || (!isDemo && roll < 9)) continue; // a few communes have not signed yet
            var draft = !isDemo && roll < 17;
            var withoutPolice = police is null || (!isDemo && withPoliceRoll < 7);
            var communeName = committee.Name.Replace("Ủy ban nhân dân ", "", StringComparison.Ordinal);
            var reference = $"{communeIndex:D3}/CTPH-{division.Code}";
            var p = New(Id($"COMMUNE:{reference}"),
                $"Chương trình phối hợp bảo đảm an ninh, trật tự trường học năm học {yearStart.Year}-{yearStart.Year + 1} giữa các cơ sở giáo dục và chính quyền {communeName}",
                division.Id, yearStart, yearStart.AddYears(3).AddDays(-1),
                nameof(ScopeArea.SchoolSecurityAndOrder), nameof(ScopeArea.DrugUseNearSchools), nameof(ScopeArea.ViolenceAndAbuseAgainstChildren));
            p.Reference = reference;
            p.EstablishingDocumentNumber = yearStart > new DateOnly(2026, 1, 30)
                ? "SGDĐT (công văn triển khai Chỉ thị 03/CT-TTg)" : "SGDĐT (công văn triển khai Chỉ thị 02/CT-TTg)";
            foreach (var school in schools) Party(p, school);
            Party(p, committee);
            if (!withoutPolice) Party(p, police!);
            p.Obligations.Add(new ProgrammeObligation
            {
                Id = DemoUnitIds.NameBased(p.Id, "OBLIGATION:1"),
                ProgrammeId = p.Id, Title = "Tuyên truyền pháp luật phòng, chống ma túy và bạo lực học đường", Recurrence = Recurrence.Quarterly,
                ResponsibleUnitId = schools[0].Id, FirstDueDate = yearStart.AddMonths(3).AddDays(14), CreatesTasks = true,
            });
            programmes.Add(p);
            current.Add(p);
            var day = yearStart.AddDays(signDay);
            if (draft) drafts.Add(p.Id);
            else signedOn[p.Id] = day <= today ? day : today;
        }

        foreach (var p in programmes)
        {
            if (drafts.Contains(p.Id)) continue;
            var on = signedOn.GetValueOrDefault(p.Id, p.ValidFrom.AddDays(4));
            p.Sign(on <= today ? on : p.ValidFrom <= today ? p.ValidFrom : today, actor);
            var signedEvent = new ProgrammeSigned
            {
                ProgrammeId = p.Id, OwnerUnitId = p.OwnerUnitId, Title = p.Title,
                PartyUnitIds = p.Parties.Where(x => x.UnitId != null).Select(x => x.UnitId!.Value).ToList(), ScopeAreas = [.. p.ScopeAreas],
                EstablishingDocumentId = p.EstablishingDocumentId, EstablishingDocumentNumber = p.EstablishingDocumentNumber,
                SignedOn = p.SignedOn!.Value, ValidFrom = p.ValidFrom, ValidTo = p.ValidTo, SignedByUserId = DemoUser, OccurredAt = now,
            };
            events.Add(signedEvent);
            if (current.Contains(p)) current.Add(signedEvent);
            if (p.HasPoliceParty)
            {
                var toPolice = PoliceMessages.ProgrammeSigned(p);
                events.Add(toPolice);
                if (current.Contains(p)) current.Add(toPolice);
            }
        }

        // History stays true: a programme whose party the reform dissolved ended that day, with the reason shown; a draft
        // never signed carries on with the successors, as the dissolution consumer does with live drafts.
        (UnitReplica Party, DateOnly On, UnitReplica? Successor, string Reason) Gone(Guid unitId)
        {
            var d = dissolvedOn.GetValueOrDefault(unitId);
            var unit = byId[unitId];
            return (unit, d?.EffectiveDate ?? OrganisationOnDate.AssumedDissolutionDate,
                (d?.SuccessorUnitId ?? unit.SuccessorId) is { } s ? byId.GetValueOrDefault(s) : null, d?.Reason ?? "Merged");
        }
        bool IsGone(Guid unitId) => byId.TryGetValue(unitId, out var r) && (!r.IsActive || dissolvedOn.ContainsKey(unitId)) && Gone(unitId).On <= today;
        foreach (var p in programmes)
        {
            var gone = p.Parties.Where(x => x.UnitId is { } u && IsGone(u)).Select(x => Gone(x.UnitId!.Value))
                .OrderBy(x => x.On).ThenBy(x => x.Party.Kind == UnitKinds.WardPeoplesCommittee ? 0 : 1).ThenBy(x => x.Party.Code, StringComparer.Ordinal)
                .ToList();
            if (p.Status == ProgrammeStatus.Draft)
            {
                foreach (var g in gone)
                {
                    var successorParty = g.Successor is { } su ? new ProgrammeParty { Id = DemoUnitIds.NameBased(p.Id, $"PARTY:{su.Id}"), UnitId = su.Id, Name = su.Name, Kind = su.Kind, AreaCode = su.AreaCode } : null;
                    p.PartyDissolved(g.Party.Id, g.On, successorParty, "", actor);
                }
                if (IsGone(p.OwnerUnitId) && Gone(p.OwnerUnitId).Successor is { } owner) p.OwnerUnitId = owner.Id;
                continue;
            }
            if (gone.Count == 0) continue;
            var first = gone[0];
            if (p.PartyDissolved(first.Party.Id, first.On, null, UnitDissolutionEffects.ProgrammeEndReason(first.Party.Name, first.Successor?.Name, first.On, first.Reason), actor))
            {
                events.Add(new ProgrammeTerminated
                {
                    ProgrammeId = p.Id, OwnerUnitId = p.OwnerUnitId, TerminatedOn = p.TerminatedOn!.Value, Reason = p.TerminationReason!,
                    TerminatedByUserId = DemoUser, OccurredAt = now,
                });
            }
        }

        // Briefing cadences: Lê Chân's district office until the reform, the commune division of Lê Chân today.
        var cadences = new List<BriefingCadence>();
        var meetings = new List<BriefingMeeting>();
        var leChan = byId.GetValueOrDefault(DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice));
        if (leChan is not null)
        {
            var cadence = new BriefingCadence
            {
                Id = Id("CADENCE:LECHAN-THCS"), Name = "Giao ban an ninh, trật tự trường học hằng tháng — các trường THCS quận Lê Chân",
                UnitId = leChan.Id, AppliesToKinds = ["LowerSecondarySchool"], Interval = CadenceInterval.Monthly,
                EffectiveFrom = new DateOnly(2024, 9, 1), CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = leChan.Id,
            };
            if (!leChan.IsActive || dissolvedOn.ContainsKey(leChan.Id))
            {
                var d = dissolvedOn.GetValueOrDefault(leChan.Id);
                var successor = (d?.SuccessorUnitId ?? leChan.SuccessorId) is { } s ? byId.GetValueOrDefault(s) : null;
                var ended = (d?.EffectiveDate ?? OrganisationOnDate.AssumedDissolutionDate).AddDays(-1);
                cadence.EndedOn = ended;
                cadence.EndReason = $"{leChan.Name} giải thể từ ngày {ended.AddDays(1):dd/MM/yyyy}" + (successor is null ? "; chế độ giao ban kết thúc." : $"; {successor.Name} tiếp tục chế độ giao ban.");
            }
            cadences.Add(cadence);
        }

        var commune = byId.GetValueOrDefault(demoDivision);
        if (commune is not null && org.Unit(commune.Id) is { } communeNow && org.Exists(communeNow))
        {
            var committee = org.ParentOf(commune.Id) is { } c ? byId.GetValueOrDefault(c) : null;
            var police = committee is null ? null : org.CommunePolice(org.Unit(committee.Id)!).OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => byId[u.Id]).FirstOrDefault();
            var schools = org.ChildrenOf(commune.Id).Where(u => schoolKinds.Contains(u.Kind)).OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => byId[u.Id]).ToList();
            var communeName = committee?.Name.Replace("Ủy ban nhân dân ", "", StringComparison.Ordinal) ?? commune.Name;
            var cadence = new BriefingCadence
            {
                Id = Id("CADENCE:VHXH-P-LECHAN"), Name = $"Giao ban an ninh, trật tự trường học hằng tháng — các trường mầm non, tiểu học, THCS {communeName}",
                UnitId = commune.Id, AppliesToKinds = ["Preschool", "PrimarySchool", "LowerSecondarySchool"], Interval = CadenceInterval.Monthly,
                EffectiveFrom = yearStart, CreatedAt = now, CreatedBy = DemoUser, CreatedByUnitId = commune.Id,
            };
            cadences.Add(cadence);
            current.Add(cadence);
            var invited = schools.Concat(new[] { committee, police }.OfType<UnitReplica>()).ToList();
            var month = new DateOnly(yearStart.Year, yearStart.Month, 1);
            var absentMonth = random.Next(0, 3);
            for (var i = 0; month <= new DateOnly(today.Year, today.Month, 1).AddMonths(1); i++, month = month.AddMonths(1))
            {
                var day = month.AddDays(9);
                while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
                var startsAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), VietnamTime.Zone.BaseUtcOffset);
                var m = Meeting(Id($"MEETING:VHXH-P-LECHAN:{month:yyyy-MM}"), commune.Id, $"Giao ban an ninh, trật tự trường học tháng {month.Month}/{month.Year} — {communeName}",
                    startsAt, invited, now);
                m.CadenceId = cadence.Id;
                m.Location = $"Hội trường {committee?.Name ?? commune.Name}";
                if (startsAt.AddHours(2) <= now)
                {
                    // One month, two schools sent nobody: the cadence's scan will show them as missed.
                    var absent = i == absentMonth ? schools.Skip(1).Take(2).Select(s => s.Id).ToHashSet() : [];
                    m.Record($"Giao ban tháng {month.Month}/{month.Year}: rà soát tình hình an ninh, trật tự quanh trường; thống nhất tuần tra giờ tan học và tuyên truyền phòng, chống bạo lực học đường.",
                        m.Participants.ToDictionary(x => x.Id, x => x.UnitId is not { } u || !absent.Contains(u)), actor);
                    var heldEvent = new BriefingMeetingHeld
                    {
                        MeetingId = m.Id, OrganiserUnitId = m.OrganiserUnitId, ParticipantUnitIds = [.. m.ParticipantUnitIds], HeldOn = m.HeldOn!.Value,
                        PoliceAttended = m.HasPolice, LocalAuthorityAttended = m.Participants.Any(p => p.IsLocalAuthority), DecisionCount = 0, OccurredAt = now,
                    };
                    events.Add(heldEvent);
                    current.Add(heldEvent);
                }
                else if (m.HasPolice)
                {
                    var invitation = PoliceMessages.MeetingScheduled(m, commune, byId, now);
                    events.Add(invitation);
                    current.Add(invitation);
                }
                meetings.Add(m);
                current.Add(m);
            }
        }

        // The demo school's own meetings, with its own People's Committee and police as the organisation of today names them.
        var school0 = byId.GetValueOrDefault(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool));
        if (school0 is not null)
        {
            var local = org.CounterpartsOf(org.Unit(school0.Id)!);
            var wardUnits = local.Authorities.Concat(local.Police).Select(byId.GetValueOrDefault).OfType<UnitReplica>()
                .Where(u => u.Kind is UnitKinds.WardPeoplesCommittee or UnitKinds.WardPolice).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            var localMonth = TimeZoneInfo.ConvertTime(now, VietnamTime.Zone);
            var lastMonth = new DateTimeOffset(localMonth.Year, localMonth.Month, 1, 8, 0, 0, VietnamTime.Zone.BaseUtcOffset).AddMonths(-1).AddDays(9);
            var held = Meeting(Id("MEETING:HELD"), school0.Id, "Giao ban an ninh, trật tự trường học tháng trước", lastMonth, wardUnits, now);
            held.Record("Hai bên thống nhất tăng cường tuần tra khu vực cổng trường giờ tan học; nhà trường tổ chức tuyên truyền phòng, chống ma túy.",
                held.Participants.ToDictionary(p => p.Id, _ => true), actor);
            meetings.Add(held);
            var decision = held.AddDecision(Id("DECISION:1"), "Tổ chức buổi tuyên truyền pháp luật phòng, chống ma túy cho học sinh khối 8, 9",
                school0.Id, DateOnly.FromDateTime(lastMonth.AddMonths(1).DateTime), actor);
            events.Add(new BriefingMeetingHeld
            {
                MeetingId = held.Id, OrganiserUnitId = held.OrganiserUnitId, ParticipantUnitIds = [.. held.ParticipantUnitIds], HeldOn = held.HeldOn!.Value,
                PoliceAttended = held.HasPolice, LocalAuthorityAttended = held.Participants.Any(p => p.IsLocalAuthority), DecisionCount = 1, OccurredAt = now,
            });
            events.Add(new MeetingDecisionRecorded
            {
                DecisionId = decision.Id, MeetingId = held.Id, Number = 1, MeetingTitle = held.Title, MeetingHeldOn = held.HeldOn!.Value,
                OrganiserUnitId = held.OrganiserUnitId, OwnerUnitId = decision.OwnerUnitId, Text = decision.Text, DueDate = decision.DueDate,
                RecordedByUserId = DemoUser, OccurredAt = now,
            });
            var next = Meeting(Id("MEETING:NEXT"), school0.Id, "Giao ban an ninh, trật tự trường học tháng này",
                new DateTimeOffset(localMonth.Date.AddDays(7).AddHours(8), VietnamTime.Zone.BaseUtcOffset), wardUnits, now);
            next.Participants.Add(new MeetingParticipant
            {
                Id = DemoUnitIds.NameBased(next.Id, "PARTICIPANT:CMHS"), MeetingId = next.Id, Name = "Đại diện Ban đại diện cha mẹ học sinh", Organisation = "Ban đại diện CMHS", Email = "bandaidien.cmhs@example.vn",
                Kind = UnitKinds.OtherAgency,
            });
            meetings.Add(next);
            if (next.HasPolice) events.Add(PoliceMessages.MeetingScheduled(next, school0, byId, now));
        }

        return new DemoCoordination(programmes, cadences, meetings, events, current);
    }

    /// <summary>The commune officer's unit: Phòng Văn hóa – Xã hội of Phường Lê Chân (the reform's demo constant).</summary>
    public const string CommuneOfficerUnitCode = "VHXH-P-LECHAN";

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
                Id = DemoUnitIds.NameBased(id, $"PARTICIPANT:{u.Id}"), MeetingId = id, UnitId = u.Id, Name = u.Name, Kind = u.Kind, IsPolice = UnitKinds.IsPolice(u.Kind), IsLocalAuthority = UnitKinds.IsLocalAuthority(u.Kind),
            });
        }
        return meeting;
    }
}
