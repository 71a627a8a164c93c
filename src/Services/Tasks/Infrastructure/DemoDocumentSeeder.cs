using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>
/// The seed's chain of documents (Directive 02/CT-TTg → Plan 256/KH-SGDĐT → coordination plans 1002 and 688
/// → the Department's dispatch with its five tasks), only when <c>Demo:Enabled</c> is true.
/// <para>
/// It cannot run with the migrations: the dispatch is assigned to the units its four addressee groups
/// reach, and at start-up neither the units service (to resolve the groups) nor this service's unit
/// replica (fed by the units events) can be relied on. So it waits in the background until the replica
/// holds the Department and has stopped growing, then resolves the groups from the replica by the same
/// rules the units service's demo groups use (kinds, and direct children of the Department where the
/// group says so), and issues everything in one transaction through the ordinary issuing path. Fixed
/// document ids make it run once, across restarts and replicas.
/// </para>
/// </summary>
public sealed class DemoDocumentSeeder(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    DatabaseReadiness<TasksDbContext> readiness,
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


    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false))
        {
            return;
        }
        await readiness.WaitAsync(stoppingToken);
        var pollInterval = configuration.GetValue("Demo:PollInterval", TimeSpan.FromSeconds(5));
        // The replica fills as the units events arrive; it counts as complete once it has not grown for this many polls.
        var stablePolls = configuration.GetValue("Demo:StablePolls", 3);
        var lastCount = -1;
        var unchanged = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
                if (await db.Documents.AnyAsync(d => d.Id == DispatchId, stoppingToken))
                {
                    return;
                }
                var department = DemoUnitIds.For(DemoUnitIds.Department);
                var count = await db.Units.CountAsync(stoppingToken);
                unchanged = count > 0 && count == lastCount ? unchanged + 1 : 0;
                if (unchanged >= stablePolls && await db.Units.AnyAsync(u => u.Id == department, stoppingToken))
                {
                    await SeedAsync(db, scope.ServiceProvider.GetRequiredService<DocumentIssuer>(), DateTimeOffset.UtcNow, stoppingToken);
                    return;
                }
                if (count != lastCount)
                {
                    logger.LogInformation("Demo documents wait for the unit replica to settle ({Count} units so far)", count);
                }
                lastCount = count;
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

    /// <summary>Writes the chain and issues the dispatch, all in one transaction.</summary>
    public static async Task SeedAsync(TasksDbContext db, DocumentIssuer issuer, DateTimeOffset now, CancellationToken ct)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var police = DemoUnitIds.For(DemoUnitIds.CityPolice);
        var actor = new Actor(DemoUser, department, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var directive = Document.Draft(DirectiveId, DocumentKind.Directive, 2, "CT-TTg", new DateOnly(2024, 1, 26), null, "Thủ tướng Chính phủ",
            null, null, SigningAuthority.None,
            "Về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng, chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong học sinh, sinh viên",
            null, "Hà Nội", [], [], [], [], actor);
        var plan256 = Document.Draft(Plan256Id, DocumentKind.Plan, 256, "KH-SGDĐT", new DateOnly(2024, 3, 6), department, "Sở Giáo dục và Đào tạo Hải Phòng",
            null, null, SigningAuthority.None,
            "Triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ về việc tăng cường công tác phối hợp giữa nhà trường, gia đình và xã hội trong phòng chống bạo lực học đường, phòng ngừa tội phạm và tệ nạn xã hội trong học sinh, sinh viên ngành GDĐT Hải Phòng",
            null, "Hải Phòng", [], [], [], [DirectiveId], actor);
        var plan1002 = Document.Draft(Plan1002Id, DocumentKind.CoordinationPlan, 1002, "KHPH-CATP-SGDĐT", new DateOnly(2024, 4, 10), police,
            "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng", null, null, SigningAuthority.None,
            "Về tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật phòng, chống ma túy trong các cơ sở giáo dục trên địa bàn thành phố giai đoạn 2024-2030",
            null, "Hải Phòng", [], [], [], [DirectiveId], actor);
        var plan688 = Document.Draft(Plan688Id, DocumentKind.CoordinationPlan, 688, "KHPH-CAHP-SGDĐT", new DateOnly(2024, 3, 18), police,
            "Công an thành phố Hải Phòng – Sở Giáo dục và Đào tạo Hải Phòng", null, null, SigningAuthority.None,
            "Về tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh trong tình hình mới",
            null, "Hải Phòng", [], [], [], [DirectiveId], actor);
        foreach (var document in new[] { directive, plan256, plan688, plan1002 })
        {
            db.Documents.Add(document);
            await issuer.IssueAsync(document, [], document.IssueDate!.Value, actor, ct);
        }

        var dispatch = SeedDispatch(actor);
        db.Documents.Add(dispatch);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.Kind, u.ParentId }).ToListAsync(ct);
        List<Guid> Reach(Func<string, Guid?, bool> rule) => units.Where(u => rule(u.Kind, u.ParentId)).Select(u => u.Id).ToList();
        var lines = dispatch.Addressees.OrderBy(a => a.Position).ToList();
        IReadOnlyList<ResolvedAddressee> resolved =
        [
            new(lines[0], null, Reach((kind, parent) => kind == "DistrictEducationOffice" && parent == department)),
            new(lines[1], null, Reach((kind, _) => kind is "UpperSecondarySchool" or "MultiLevelSchool")),
            new(lines[2], null, Reach((kind, parent) => kind == "AffiliatedUnit" && parent == department)),
            new(lines[3], null, Reach((kind, _) => kind == "ContinuingEducationCentre")),
        ];
        await issuer.IssueAsync(dispatch, resolved, DispatchDate, actor, ct);
        await transaction.CommitAsync(ct);
    }

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
