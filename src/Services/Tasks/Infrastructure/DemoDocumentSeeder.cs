using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// The demo's documents, only when <c>Demo:Enabled</c> is true: the seed's chain (Directive 02/CT-TTg → Plan
/// 256/KH-SGDĐT → coordination plans 1002 and 688 → the Department's 2024 dispatch with its five tasks) as closed
/// history, and the live school year (<see cref="DemoSchoolYear"/>: Directive 03/CT-TTg and the Department's
/// dispatch implementing it, its work placed around the start date).
/// <para>
/// It cannot run with the migrations: each dispatch is assigned to the units its addressee groups reached on its
/// date, as the units service resolves them (<c>GET /api/units/groups/{id}/members?asOf=</c>, with the service's
/// own token), and the work handed on follows the unit replica (fed by the units events). So it waits in the
/// background until the replica holds the reformed organisation (the Lê Chân Culture–Society division exists,
/// the Lê Chân district office is dissolved) and has stopped changing, then issues everything through the
/// ordinary issuing path. Waiting for the reform matters: a 2024 dispatch issued while the reform's events
/// are still arriving would have part of its work carried over to the successors and part not. Fixed document
/// ids make each part run once, across restarts and replicas.
/// </para>
/// </summary>
public sealed class DemoDocumentSeeder(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    DatabaseReadiness<TasksDbContext> readiness,
    TimeProvider clock,
    ILogger<DemoDocumentSeeder> logger) : BackgroundService
{
    public const string DemoUser = "system:demo-data";
    public static readonly Guid DirectiveId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:02/CT-TTg/2024");
    public static readonly Guid Plan256Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:256/KH-SGDĐT/2024");
    public static readonly Guid Plan1002Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:1002/KHPH-CATP-SGDĐT/2024");
    public static readonly Guid Plan688Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:688/KHPH-CAHP-SGDĐT/2024");
    public static readonly Guid DispatchId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:SEED-DISPATCH/SGDĐT-VP/2024");

    /// <summary>The seed dispatch's date is left blank in the original; the demo dates it after its newest cited plan.</summary>
    public static readonly DateOnly DispatchDate = new(2024, 4, 22);

    /// <summary>The seed of the 2024 dispatch's closing history (who finished when).</summary>
    public const int HistorySeed = 20240422;

    /// <summary>The commune Culture–Society division of the demo (reform spec); its existence says the reform has arrived.</summary>
    public const string CommuneDivisionCode = "VHXH-P-LECHAN";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false))
        {
            return;
        }
        await readiness.WaitAsync(stoppingToken);
        var pollInterval = configuration.GetValue("Demo:PollInterval", TimeSpan.FromSeconds(5));
        // The replica follows the units events; it counts as settled once it has not changed for this many polls.
        var stablePolls = configuration.GetValue("Demo:StablePolls", 3);
        (int, int, DateTimeOffset)? last = null;
        var unchanged = 0;
        var waitingLogged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
                if (await db.Documents.AnyAsync(d => d.Id == DispatchId, stoppingToken)
                    && await db.Documents.AnyAsync(d => d.Id == DemoSchoolYear.DispatchId, stoppingToken))
                {
                    return;
                }
                var fingerprint = await ReplicaFingerprintAsync(db, stoppingToken);
                unchanged = fingerprint.Count > 0 && fingerprint == last ? unchanged + 1 : 0;
                last = fingerprint;
                if (unchanged >= stablePolls && await ReformAppliedAsync(db, stoppingToken))
                {
                    await SeedAsync(db, scope.ServiceProvider.GetRequiredService<DocumentIssuer>(),
                        scope.ServiceProvider.GetRequiredService<IRecipientGroupResolver>(), clock.GetUtcNow(), stoppingToken);
                    return;
                }
                if (unchanged == 0 || !waitingLogged)
                {
                    logger.LogInformation("Demo documents wait for the unit replica to hold the reformed organisation and settle ({Count} units so far)",
                        fingerprint.Count);
                    waitingLogged = true;
                }
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                logger.LogInformation("Demo documents were seeded by another replica");
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Seeding demo documents failed; retrying");
            }
            await Task.Delay(pollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<(int Count, int Active, DateTimeOffset Latest)> ReplicaFingerprintAsync(TasksDbContext db, CancellationToken ct)
    {
        var count = await db.Units.CountAsync(ct);
        var active = await db.Units.CountAsync(u => u.IsActive, ct);
        var latest = count == 0 ? DateTimeOffset.MinValue : await db.Units.MaxAsync(u => u.SourceUpdatedAt, ct);
        return (count, active, latest);
    }

    /// <summary>The replica holds the Department and the organisation after 01/07/2025 (reform spec's demo constants).</summary>
    public static async Task<bool> ReformAppliedAsync(TasksDbContext db, CancellationToken ct)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var division = DemoUnitIds.For(CommuneDivisionCode);
        var districtOffice = DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice);
        return await db.Units.AnyAsync(u => u.Id == department && u.IsActive, ct)
               && await db.Units.AnyAsync(u => u.Id == division && u.IsActive, ct)
               && !await db.Units.AnyAsync(u => u.Id == districtOffice && u.IsActive, ct);
    }

    /// <summary>The 2024 chain as closed history, then the live school year; each part once, in its own transaction.</summary>
    public static async Task SeedAsync(TasksDbContext db, DocumentIssuer issuer, IRecipientGroupResolver groups, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Documents.AnyAsync(d => d.Id == DispatchId, ct))
        {
            await SeedHistoryAsync(db, issuer, groups, now, ct);
            db.ChangeTracker.Clear();
        }
        if (!await db.Documents.AnyAsync(d => d.Id == DemoSchoolYear.DispatchId, ct))
        {
            await DemoSchoolYear.SeedAsync(db, issuer, groups, now, ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Writes the 2024 chain, issues the dispatch to the units its four groups reached on 22/04/2024, and closes its
    /// work as history: most completed in 2024 on believable dates (on time or a little late), the rest closed at
    /// the end of the school year it fell in, with the reason on it. All in one transaction.
    /// </summary>
    public static async Task SeedHistoryAsync(TasksDbContext db, DocumentIssuer issuer, IRecipientGroupResolver groups, DateTimeOffset now, CancellationToken ct)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var police = DemoUnitIds.For(DemoUnitIds.CityPolice);
        Actor On(DateOnly date) => new(DemoUser, department, AtLocal(date, 9));

        var dispatch = SeedDispatch(On(DispatchDate));
        var resolved = await ResolveAsync(groups, dispatch, DispatchDate, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var directive = Document.Draft(DirectiveId, DocumentKind.Directive, 2, "CT-TTg", new DateOnly(2024, 1, 26), null, "Thủ tướng Chính phủ",
            null, null, SigningAuthority.None,
            "Về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng, chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong học sinh, sinh viên",
            null, "Hà Nội", [], [], [], [], On(new DateOnly(2024, 1, 26)));
        var plan256 = Document.Draft(Plan256Id, DocumentKind.Plan, 256, "KH-SGDĐT", new DateOnly(2024, 3, 6), department, "Sở Giáo dục và Đào tạo Hải Phòng",
            null, null, SigningAuthority.None,
            "Triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong học sinh, sinh viên ngành GDĐT Hải Phòng",
            null, "Hải Phòng", [], [], [], [DirectiveId], On(new DateOnly(2024, 3, 6)));
        var plan1002 = Document.Draft(Plan1002Id, DocumentKind.CoordinationPlan, 1002, "KHPH-CATP-SGDĐT", new DateOnly(2024, 4, 10), police,
            "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng", null, null, SigningAuthority.None,
            "Về tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục trên địa bàn thành phố giai đoạn 2024-2030",
            null, "Hải Phòng", [], [], [], [DirectiveId], On(new DateOnly(2024, 4, 10)));
        var plan688 = Document.Draft(Plan688Id, DocumentKind.CoordinationPlan, 688, "KHPH-CAHP-SGDĐT", new DateOnly(2024, 3, 18), police,
            "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng", null, null, SigningAuthority.None,
            "Về tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh trong tình hình mới",
            null, "Hải Phòng", [], [], [], [DirectiveId], On(new DateOnly(2024, 3, 18)));
        foreach (var document in new[] { directive, plan256, plan688, plan1002 })
        {
            db.Documents.Add(document);
            await issuer.IssueAsync(document, [], document.IssueDate!.Value, On(document.IssueDate!.Value), ct);
        }

        db.Documents.Add(dispatch);
        await issuer.IssueAsync(dispatch, resolved, DispatchDate, On(DispatchDate), ct);
        await CloseHistoryAsync(db, VietnamToday(now), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Each addressee line's group as the units service resolved it on <paramref name="asOf"/>.</summary>
    internal static async Task<List<ResolvedAddressee>> ResolveAsync(IRecipientGroupResolver groups, Document document, DateOnly asOf, CancellationToken ct)
    {
        var resolved = new List<ResolvedAddressee>();
        foreach (var line in document.Addressees.OrderBy(a => a.Position))
        {
            var group = await groups.ResolveAsync(line.GroupId!.Value, asOf, ct)
                ?? throw new InvalidOperationException($"The units service does not know the recipient group of \"{line.Label}\" ({line.GroupId}).");
            resolved.Add(new ResolvedAddressee(line, null, group.UnitIds));
        }
        return resolved;
    }

    private static readonly DateOnly EndOfSchoolYear2024 = new(2024, 6, 30);
    private static readonly DateOnly EndOfSchoolYear2025 = new(2025, 6, 30);

    /// <summary>
    /// The 2024 dispatch's work as it ended: acknowledged within days of issue; about three in four completed on time,
    /// one in six a little late, the rest closed at the end of the school year their deadline fell in (30/06/2024 or
    /// 30/06/2025) with that reason; the standing task's year closed with its year-end record in December 2024.
    /// Deterministic (<see cref="HistorySeed"/>), in unit-code order. Nothing later than <paramref name="today"/> is written.
    /// </summary>
    private static async Task CloseHistoryAsync(TasksDbContext db, DateOnly today, CancellationToken ct)
    {
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, ct);
        var work = (await db.Assignments.Where(a => a.DocumentId == DispatchId).ToListAsync(ct))
            .OrderBy(a => codes.GetValueOrDefault(a.UnitId) ?? a.UnitId.ToString(), StringComparer.Ordinal)
            .ThenBy(a => a.TaskNumber).ThenBy(a => a.Occurrence).ToList();
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var random = new Random(HistorySeed);
        foreach (var assignment in work)
        {
            Actor Unit(DateOnly date, int hour) => new(DemoUser, assignment.UnitId, AtLocal(date, hour));
            var assigned = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(assignment.AssignedAt, VietnamTime.Zone).DateTime);
            var acknowledged = assigned.AddDays(random.Next(0, 4));
            var roll = random.NextDouble();
            var spread = random.Next(0, 11);
            if (assignment.DueDate is not { } due)
            {
                // Standing task: the year's record of briefing meetings closes it in December, or the school year ends it.
                var done = roll < 0.8 ? new DateOnly(2024, 12, 16).AddDays(spread) : (DateOnly?)null;
                if (acknowledged > today) continue;
                AssignmentWorkflow.Acknowledge(db, assignment, Unit(acknowledged, 8));
                if (done is { } d && d <= today)
                {
                    await AssignmentWorkflow.CompleteAsync(db, assignment, d, "Tổng hợp biên bản giao ban năm 2024", Unit(d, 16), ct);
                }
                else if (EndOfSchoolYear2025 <= today)
                {
                    await AssignmentWorkflow.CloseAsync(db, assignment, EndOfSchoolYear2025,
                        "Kết thúc năm học 2024–2025 (30/06/2025): nhiệm vụ thường xuyên của công văn năm 2024 khép lại; công tác giao ban tiếp tục theo Chỉ thị 03/CT-TTg",
                        new Actor(DemoUser, department, AtLocal(EndOfSchoolYear2025, 17)), ct);
                }
                continue;
            }
            DateOnly? completed = roll switch
            {
                < 0.72 => Max(acknowledged, due.AddDays(-spread)),
                < 0.88 => due.AddDays(1 + spread + random.Next(0, 10)),
                _ => null,
            };
            if (completed is { } c && c < acknowledged) acknowledged = c;
            if (acknowledged > today) continue;
            AssignmentWorkflow.Acknowledge(db, assignment, Unit(acknowledged, 8));
            if (completed is { } on)
            {
                if (on <= today)
                {
                    await AssignmentWorkflow.CompleteAsync(db, assignment, on, null, Unit(on, 15), ct);
                }
                continue;
            }
            var (close, year) = due <= EndOfSchoolYear2024 ? (EndOfSchoolYear2024, "2023–2024") : (EndOfSchoolYear2025, "2024–2025");
            if (close <= today)
            {
                await AssignmentWorkflow.CloseAsync(db, assignment, close,
                    $"Kết thúc năm học {year} ({VietnamTime.Format(close)}): nhiệm vụ khép lại, đơn vị chưa báo cáo hoàn thành",
                    new Actor(DemoUser, department, AtLocal(close, 17)), ct);
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    internal static DateOnly VietnamToday(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, VietnamTime.Zone).DateTime);

    /// <summary>That day at <paramref name="hour"/> o'clock in Hải Phòng.</summary>
    internal static DateTimeOffset AtLocal(DateOnly date, int hour, int minute = 0) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7)).ToUniversalTime();

    /// <summary>The seed dispatch (seed-dispatch.vi.txt) with its five numbered tasks and four addressee groups.</summary>
    public static Document SeedDispatch(Actor actor)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        DocumentTask Task(int number, string text, TaskKind kind, string evidence, DateOnly? deadline = null, int? workingDays = null,
            RecurrencePeriod? period = null, DateOnly? until = null, int? dueDay = null) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"TASK:SEED-DISPATCH:{number}"),
            Number = number,
            Text = text,
            Kind = kind,
            Deadline = deadline,
            DeadlineWorkingDays = workingDays,
            Period = period,
            RepeatUntil = until,
            DueDay = dueDay,
            ExpectedEvidence = evidence,
        };
        DocumentAddressee Group(string key, string label) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"ADDRESSEE:SEED-DISPATCH:{key}"),
            GroupId = DemoUnitIds.For(key),
            Label = label,
        };
        DocumentCopyRecipient Copy(string name, string? purpose, Guid? unitId = null) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"COPY:SEED-DISPATCH:{name}"),
            Name = name,
            Purpose = purpose,
            UnitId = unitId,
        };

        return Document.Draft(DispatchId, DocumentKind.Dispatch, null, "SGDĐT-VP", DispatchDate, department, "Sở Giáo dục và Đào tạo Hải Phòng",
            "Đỗ Thị Hòa", "Phó Giám đốc", SigningAuthority.KT,
            "V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ",
            SeedBody, "Hải Phòng",
            [
                Task(1, "Tiếp tục chỉ đạo, triển khai công tác tuyên truyền; tổ chức quán triệt thực hiện nghiêm các nội dung, nhiệm vụ giải pháp Chỉ thị số 02/CT-TTg (gửi kèm theo).",
                    TaskKind.OneOff, "Kế hoạch, biên bản tổ chức quán triệt Chỉ thị số 02/CT-TTg", workingDays: 10),
                Task(2, "Tuyên truyền, triển khai thực hiện các Chương trình phối hợp giữa Công an Hải Phòng và Sở GDĐT: Kế hoạch số 1002/KHPH-CATP-SGDĐT ngày 10/4/2024 về tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục trên địa bàn thành phố giai đoạn 2024-2030; Kế hoạch số 688/KHPH-CAHP-SGDĐT ngày 18/3/2024 về tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh trong tình hình mới (gửi kèm theo).",
                    TaskKind.OneOff, "Báo cáo kết quả tuyên truyền, triển khai các kế hoạch phối hợp", deadline: new DateOnly(2024, 5, 31)),
                Task(3, "Tăng cường công tác phối hợp, triển khai ký kết Chương trình phối hợp giữa cơ sở giáo dục với chính quyền trên địa bàn, trong đó, chú trọng các nhiệm vụ giải pháp về công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục; đảm bảo an ninh, an toàn, trật tự xã hội, triển khai các biện pháp phát hiện, đấu tranh, xử lý với các vi phạm sử dụng trái phép chất ma túy tại khu vực trường học; hướng dẫn, tập huấn, tuyên truyền, phổ biến pháp luật, giáo dục nâng cao nhận thức pháp luật về các loại tội phạm, tệ nạn xã hội, các hành vi ngược đãi, bạo lực, xâm hại đối với trẻ em, học sinh.",
                    TaskKind.OneOff, "Chương trình phối hợp đã ký với chính quyền địa phương", deadline: new DateOnly(2024, 6, 28)),
                Task(4, "Tổ chức kiểm tra, đánh giá và báo cáo thường xuyên, đột xuất về công tác phòng chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong các nhà trường.",
                    TaskKind.Recurring, "Báo cáo kiểm tra, đánh giá định kỳ", period: RecurrencePeriod.Quarterly, until: new DateOnly(2024, 12, 31), dueDay: 25),
                Task(5, "Duy trì, thực hiện tốt chế độ giao ban về công tác an ninh, trật tự, an toàn trường học với chính quyền và công an địa phương.",
                    TaskKind.Standing, "Biên bản các buổi giao ban"),
            ],
            [
                Group("GROUP:PGDDT", "Trưởng phòng GDĐT quận, huyện"),
                Group("GROUP:THPT", "Hiệu trưởng các trường THPT, PT có nhiều cấp học"),
                Group("GROUP:TRUCTHUOC", "Thủ trưởng các đơn vị trực thuộc"),
                Group("GROUP:GDTX", "Giám đốc Trung tâm GDTX-GDNN quận, huyện"),
            ],
            [
                Copy("Như trên", null),
                Copy("Công an thành phố", "để p/h", DemoUnitIds.For(DemoUnitIds.CityPolice)),
                Copy("Ban Giám đốc Sở", null, DemoUnitIds.For("SGDDT-HP-BGD")),
                Copy("Lưu: VT", null),
            ],
            [DirectiveId, Plan256Id, Plan1002Id, Plan688Id], actor);
    }

    private const string SeedBody =
        "Ngày 06/3/2024, Sở Giáo dục và Đào tạo (GDĐT) đã ban hành Kế hoạch số 256/KH-SGDĐT về triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong học sinh, sinh viên ngành GDĐT Hải Phòng; Sở GDĐT đã phối hợp với Công an thành phố ký kết một số chương trình phối hợp công tác để triển khai cụ thể nội dung của Chỉ thị, Sở GDĐT yêu cầu Thủ trưởng các đơn vị thực hiện các nội dung, cụ thể như sau:\n\n"
        + "(các nhiệm vụ 1–5)\n\n"
        + "Sở GDĐT đề nghị Thủ trưởng các đơn vị thực hiện nghiêm túc nội dung trên. Trong quá trình chỉ đạo thực hiện, nếu có khó khăn, vướng mắc liên hệ Văn phòng Sở để được hướng dẫn và xử lý kịp thời./.";
}
