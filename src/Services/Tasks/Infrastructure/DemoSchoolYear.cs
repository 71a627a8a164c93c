using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>Where a demo assignment of the live school year stands on the start date.</summary>
public enum DemoState
{
    /// <summary>Received, not yet acknowledged.</summary>
    Assigned,
    Acknowledged,
    InProgress,
    CompletedOnTime,
    CompletedLate,
    /// <summary>Past its deadline, worked on but not finished.</summary>
    OverdueInProgress,
    /// <summary>Past its deadline, acknowledged and nothing reported.</summary>
    OverdueAcknowledged,
}

/// <summary>
/// The live school year of the demo (issue 17, item 6): Directive 03/CT-TTg (30/01/2026, on stopping school
/// violence, building on Directive 02) and the Department's dispatch implementing it, addressed to the
/// reformed organisation's groups as of its date (the communes' Culture–Society divisions, upper-secondary and
/// multi-level schools, continuing-education centres, affiliated units). Its date and deadlines are placed
/// around the start date — issued about 100 days before, one deadline about 11 weeks past, one 3 weeks past,
/// one due in two working days, one a month ahead, one standing task — and its work is done through the
/// ordinary paths (acknowledging, reporting progress, completing, handing on to schools) on believable
/// earlier dates, with a fixed mix per task drawn from <see cref="Seed"/>: the same start date always gives
/// the same data, and the demo never rots. The Lê Chân division (<c>VHXH-P-LECHAN</c>) hands task
/// <see cref="HandedOnTask"/> on to its schools, the demo school <c>THCS-LECHAN-001</c> still working on it, and
/// keeps task <see cref="OpenForHandingOnTask"/> acknowledged and not yet handed on, for its officer to hand on.
/// </summary>
public static class DemoSchoolYear
{
    public static readonly Guid Directive03Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:03/CT-TTg/2026");
    public static readonly Guid DispatchId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:CT03-DISPATCH/SGDĐT-VP");
    public static readonly DateOnly Directive03Date = new(2026, 1, 30);
    public const int Seed = 20260130;
    public const int HandedOnTask = 3;
    public const int OpenForHandingOnTask = 4;
    public const string CommuneDivisionKind = "CommuneDivision";

    /// <summary>The four addressee groups of the reform spec, in the dispatch's order, with their lines.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Groups =
    [
        ("GROUP:VHXH", "Trưởng phòng Văn hóa – Xã hội các xã, phường, đặc khu"),
        ("GROUP:THPT", "Hiệu trưởng các trường THPT, PT có nhiều cấp học"),
        ("GROUP:GDTX", "Giám đốc các Trung tâm GDNN-GDTX"),
        ("GROUP:TRUCTHUOC", "Thủ trưởng các đơn vị trực thuộc"),
    ];

    /// <summary>The shares of each state among the units given a task at issue.</summary>
    public static readonly IReadOnlyDictionary<int, (DemoState State, double Share)[]> Mix = new Dictionary<int, (DemoState, double)[]>
    {
        [1] = [(DemoState.CompletedOnTime, 0.75), (DemoState.CompletedLate, 0.20), (DemoState.OverdueInProgress, 0.05)],
        [2] = [(DemoState.CompletedOnTime, 0.45), (DemoState.CompletedLate, 0.20), (DemoState.OverdueInProgress, 0.25), (DemoState.OverdueAcknowledged, 0.10)],
        [3] = [(DemoState.CompletedOnTime, 0.25), (DemoState.InProgress, 0.50), (DemoState.Acknowledged, 0.15), (DemoState.Assigned, 0.10)],
        [4] = [(DemoState.InProgress, 0.20), (DemoState.Acknowledged, 0.45), (DemoState.Assigned, 0.35)],
        [5] = [(DemoState.InProgress, 0.85), (DemoState.Acknowledged, 0.15)],
    };

    /// <summary>The shares among the schools a commune division handed task <see cref="HandedOnTask"/> on to.</summary>
    public static readonly (DemoState State, double Share)[] HandedOnMix =
        [(DemoState.InProgress, 0.40), (DemoState.CompletedOnTime, 0.35), (DemoState.Acknowledged, 0.15), (DemoState.Assigned, 0.10)];

    /// <summary>The dispatch's date and deadlines for a start date.</summary>
    public sealed record Schedule(DateOnly Today, DateOnly IssueDate, DateOnly Task1Due, DateOnly Task2Due, DateOnly Task3Due, DateOnly Task4Due);

    /// <summary>Null when the start date is too close to the directive for a school year's worth of work (before mid-April 2026).</summary>
    public static Schedule? Plan(DateOnly today, HolidayCalendar calendar)
    {
        var issue = PreviousWorkingDay(today.AddDays(-100), calendar);
        var earliest = NextWorkingDay(Directive03Date.AddDays(14), calendar);
        if (issue < earliest) issue = earliest;
        if (today.DayNumber - issue.DayNumber < 60) return null;
        return new Schedule(today, issue,
            calendar.AddWorkingDays(issue, 15),
            PreviousWorkingDay(today.AddDays(-21), calendar),
            calendar.AddWorkingDays(today, 2),
            NextWorkingDay(today.AddDays(30), calendar));
    }

    /// <summary>
    /// Exactly <paramref name="count"/> states in the mix's shares (largest remainder, ties to the earlier state),
    /// so a task's counts per state follow from the number of units alone.
    /// </summary>
    public static List<DemoState> Quota(int count, IReadOnlyList<(DemoState State, double Share)> mix)
    {
        var total = mix.Sum(m => m.Share);
        var exact = mix.Select(m => m.Share / total * count).ToList();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToList();
        foreach (var i in Enumerable.Range(0, mix.Count).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(count - counts.Sum()))
        {
            counts[i]++;
        }
        return [.. mix.SelectMany((m, i) => Enumerable.Repeat(m.State, counts[i]))];
    }

    /// <summary>Writes Directive 03 and the dispatch, issues it, and plays its work up to the start date, in one transaction.</summary>
    public static async Task SeedAsync(TasksDbContext db, DocumentIssuer issuer, IRecipientGroupResolver groups, DateTimeOffset now, CancellationToken ct)
    {
        var calendar = new HolidayCalendar(await db.Holidays.AsNoTracking().ToListAsync(ct));
        var today = DemoDocumentSeeder.VietnamToday(now);
        if (Plan(today, calendar) is not { } plan)
        {
            return;
        }
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        Actor Department(DateOnly date) => new(DemoDocumentSeeder.DemoUser, department, DemoDocumentSeeder.AtLocal(date, 9));
        var dispatch = Dispatch(plan, Department(plan.IssueDate));
        var resolved = await DemoDocumentSeeder.ResolveAsync(groups, dispatch, plan.IssueDate, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Documents.AnyAsync(d => d.Id == Directive03Id, ct))
        {
            var directive = Document.Draft(Directive03Id, DocumentKind.Directive, 3, "CT-TTg", Directive03Date, null, "Thủ tướng Chính phủ",
                "Lê Thành Long", "Phó Thủ tướng", SigningAuthority.KT,
                "Ngăn chặn, đẩy lùi bạo lực học đường",
                "Chỉ thị tiếp nối Chỉ thị số 02/CT-TTg ngày 26/01/2024: yêu cầu các cấp, các ngành và nhà trường chủ động phối hợp ngay từ khi có dấu hiệu nguy cơ để ngăn chặn, đẩy lùi bạo lực học đường.",
                "Hà Nội", [], [], [], [DemoDocumentSeeder.DirectiveId], Department(Directive03Date));
            db.Documents.Add(directive);
            await issuer.IssueAsync(directive, [], Directive03Date, Department(Directive03Date), ct);
        }
        db.Documents.Add(dispatch);
        await issuer.IssueAsync(dispatch, resolved, plan.IssueDate, Department(plan.IssueDate), ct);
        await PlayAsync(db, plan, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The work of the dispatch up to the start date, in unit-code order, from <see cref="Seed"/>.</summary>
    private static async Task PlayAsync(TasksDbContext db, Schedule plan, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        string Code(Guid id) => units.GetValueOrDefault(id)?.Code ?? id.ToString();
        var random = new Random(Seed);
        var division = DemoUnitIds.For(DemoDocumentSeeder.CommuneDivisionCode);
        var school = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
        var handingOn = new List<(Assignment Parent, DateOnly Date)>();

        var issued = await db.Assignments.Where(a => a.DocumentId == DispatchId && a.ParentAssignmentId == null).ToListAsync(ct);
        foreach (var task in issued.GroupBy(a => a.TaskNumber).OrderBy(g => g.Key))
        {
            var work = task.OrderBy(a => Code(a.UnitId), StringComparer.Ordinal).ToList();
            var states = Shuffle(Quota(work.Count, Mix[task.Key]), random);
            // The Lê Chân division is working on the task it hands on, and has the next one still to hand on.
            var wanted = task.Key switch { HandedOnTask => DemoState.InProgress, OpenForHandingOnTask => DemoState.Acknowledged, _ => (DemoState?)null };
            if (wanted is { } w && work.FindIndex(a => a.UnitId == division) is var at and >= 0)
            {
                Swap(states, at, w);
            }
            for (var i = 0; i < work.Count; i++)
            {
                var assignment = work[i];
                var handsOn = task.Key == HandedOnTask && states[i] == DemoState.InProgress
                              && units.GetValueOrDefault(assignment.UnitId)?.Kind == CommuneDivisionKind
                              && units.Values.Any(u => u.ParentId == assignment.UnitId && u.IsActive);
                var from = LocalDate(assignment.AssignedAt);
                if (handsOn)
                {
                    var acknowledged = Min(from.AddDays(random.Next(0, 4)), plan.Today.AddDays(-10));
                    AssignmentWorkflow.Acknowledge(db, assignment, Unit(assignment, acknowledged, 8));
                    handingOn.Add((assignment, Min(acknowledged.AddDays(random.Next(1, 8)), plan.Today.AddDays(-7))));
                    continue;
                }
                await ApplyAsync(db, assignment, states[i], from, plan.Today, random, ct);
            }
        }

        // Handing on: each division gives the task to every school under it now, then the schools work on it.
        foreach (var (parent, date) in handingOn.OrderBy(h => Code(h.Parent.UnitId), StringComparer.Ordinal))
        {
            var schools = units.Values.Where(u => u.ParentId == parent.UnitId && u.IsActive)
                .OrderBy(u => u.Code, StringComparer.Ordinal).Select(u => u.Id).ToList();
            AssignmentWorkflow.Delegate(db, parent, schools, CompletionRule.AllChildren, null, null, Unit(parent, date, 10));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (parent, date) in handingOn.OrderBy(h => Code(h.Parent.UnitId), StringComparer.Ordinal))
        {
            var children = db.Assignments.Local.Where(a => a.ParentAssignmentId == parent.Id).OrderBy(a => Code(a.UnitId), StringComparer.Ordinal).ToList();
            var states = Shuffle(Quota(children.Count, HandedOnMix), random);
            // At least one school is still at it (the division's task stays open), and the demo school is one of them.
            if (states.Count == 1) states[0] = DemoState.InProgress;
            if (children.FindIndex(c => c.UnitId == school) is var at and >= 0 && states[at] is DemoState.CompletedOnTime)
            {
                Swap(states, at, DemoState.InProgress);
            }
            for (var i = 0; i < children.Count; i++)
            {
                await ApplyAsync(db, children[i], states[i], date, plan.Today, random, ct);
            }
        }
    }

    /// <summary>Plays one assignment to <paramref name="state"/> through the ordinary paths, on dates between <paramref name="from"/> and the start date.</summary>
    private static async Task ApplyAsync(TasksDbContext db, Assignment assignment, DemoState state, DateOnly from, DateOnly today, Random random, CancellationToken ct)
    {
        var acknowledged = Min(from.AddDays(random.Next(0, 5)), today.AddDays(-1));
        var due = assignment.DueDate;
        DateOnly? completed = state switch
        {
            DemoState.CompletedOnTime => Between(Max(acknowledged, (due ?? today).AddDays(-10)), Min(due ?? today, today), random),
            DemoState.CompletedLate when due is { } d && d.AddDays(1) <= today => Between(d.AddDays(1), Min(d.AddDays(20), today), random),
            _ => null,
        };
        if (state == DemoState.Assigned)
        {
            return;
        }
        if (completed is { } c && c < acknowledged) acknowledged = c;
        AssignmentWorkflow.Acknowledge(db, assignment, Unit(assignment, acknowledged, 8));
        switch (state)
        {
            case DemoState.InProgress or DemoState.OverdueInProgress:
                var on = Between(acknowledged, today.AddDays(-1), random);
                AssignmentWorkflow.ReportProgress(db, assignment, 10 * random.Next(2, 9), ProgressText(assignment.TaskNumber), [], [], Unit(assignment, on, 14));
                break;
            case DemoState.CompletedOnTime or DemoState.CompletedLate when completed is { } done:
                await AssignmentWorkflow.CompleteAsync(db, assignment, done, CompletionNote(assignment.TaskNumber), Unit(assignment, done, 15), ct);
                break;
        }
    }

    private static Actor Unit(Assignment assignment, DateOnly date, int hour) =>
        new(DemoDocumentSeeder.DemoUser, assignment.UnitId, DemoDocumentSeeder.AtLocal(date, hour));

    private static string ProgressText(int task) => task switch
    {
        1 => "Đã quán triệt Chỉ thị tại hội nghị cán bộ, giáo viên; đang hoàn thiện kế hoạch của đơn vị.",
        2 => "Đã rà soát tổ tư vấn tâm lý, hộp thư góp ý, đường dây nóng; đang bổ sung quy chế phối hợp.",
        3 => "Đã tuyên truyền trong buổi chào cờ; đang cùng công an xã, phường hoàn thiện chương trình phối hợp.",
        4 => "Đang tổng hợp số liệu cho báo cáo.",
        _ => "Đã giao ban an ninh, trật tự trường học trong tháng với công an xã, phường.",
    };

    private static string? CompletionNote(int task) => task switch
    {
        1 => "Kế hoạch của đơn vị và biên bản hội nghị quán triệt",
        2 => "Quyết định kiện toàn tổ tư vấn, quy chế phối hợp",
        3 => "Chương trình phối hợp đã ký",
        _ => null,
    };

    /// <summary>The dispatch (Công văn) implementing Directive 03, with its five tasks and four addressee groups.</summary>
    public static Document Dispatch(Schedule plan, Actor actor)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        DocumentTask Task(int number, string text, TaskKind kind, string evidence, DateOnly? deadline = null) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"TASK:CT03-DISPATCH:{number}"),
            Number = number,
            Text = text,
            Kind = kind,
            Deadline = deadline,
            ExpectedEvidence = evidence,
        };
        DocumentAddressee Group(string key, string label) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"ADDRESSEE:CT03-DISPATCH:{key}"),
            GroupId = DemoUnitIds.For(key),
            Label = label,
        };
        DocumentCopyRecipient Copy(string name, string? purpose, Guid? unitId = null) => new()
        {
            Id = DemoUnitIds.NameBased(DemoUnitIds.Namespace, $"COPY:CT03-DISPATCH:{name}"),
            Name = name,
            Purpose = purpose,
            UnitId = unitId,
        };
        string Due(DateOnly d) => VietnamTime.Format(d);

        return Document.Draft(DispatchId, DocumentKind.Dispatch, null, "SGDĐT-VP", plan.IssueDate, department, "Sở Giáo dục và Đào tạo Hải Phòng",
            null, "Phó Giám đốc", SigningAuthority.KT,
            "V/v triển khai thực hiện Chỉ thị số 03/CT-TTg ngày 30/01/2026 của Thủ tướng Chính phủ về ngăn chặn, đẩy lùi bạo lực học đường",
            "Thực hiện Chỉ thị số 03/CT-TTg ngày 30/01/2026 của Thủ tướng Chính phủ về ngăn chặn, đẩy lùi bạo lực học đường, tiếp nối Chỉ thị số 02/CT-TTg ngày 26/01/2024, "
            + "Sở Giáo dục và Đào tạo đề nghị các đơn vị thực hiện các nội dung sau:\n\n(các nhiệm vụ 1–5)\n\n"
            + "Phòng Văn hóa – Xã hội các xã, phường, đặc khu chỉ đạo, giao nhiệm vụ cho các cơ sở giáo dục mầm non, tiểu học, trung học cơ sở trên địa bàn và tổng hợp kết quả. "
            + "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, liên hệ Văn phòng Sở để được hướng dẫn./. (Dữ liệu minh hoạ: số, ngày và hạn được đặt theo ngày khởi động nền tảng.)",
            "Hải Phòng",
            [
                Task(1, "Tổ chức quán triệt Chỉ thị số 03/CT-TTg đến toàn thể cán bộ, giáo viên, nhân viên, học sinh; xây dựng kế hoạch thực hiện của đơn vị.",
                    TaskKind.OneOff, "Kế hoạch của đơn vị, biên bản hội nghị quán triệt", plan.Task1Due),
                Task(2, "Rà soát, kiện toàn tổ tư vấn tâm lý, công tác xã hội trường học; duy trì hộp thư góp ý, đường dây nóng; bảo đảm thông tin người báo tin được giữ kín.",
                    TaskKind.OneOff, "Quyết định kiện toàn tổ tư vấn; danh sách đường dây nóng", plan.Task2Due),
                Task(3, "Phối hợp với công an, chính quyền cấp xã ký kết, triển khai chương trình phối hợp phát hiện sớm, can thiệp kịp thời khi có dấu hiệu nguy cơ bạo lực học đường; "
                    + "tổ chức tuyên truyền cho học sinh và cha mẹ học sinh.",
                    TaskKind.OneOff, "Chương trình phối hợp đã ký; hình ảnh, biên bản tuyên truyền", plan.Task3Due),
                Task(4, $"Báo cáo kết quả thực hiện Chỉ thị số 03/CT-TTg (số vụ việc, biện pháp đã áp dụng, kiến nghị) về Sở trước ngày {Due(plan.Task4Due)}.",
                    TaskKind.OneOff, "Báo cáo kết quả thực hiện", plan.Task4Due),
                Task(5, "Duy trì giao ban định kỳ về an ninh, trật tự trường học với công an và chính quyền cấp xã; kịp thời thông tin, phối hợp xử lý vụ việc.",
                    TaskKind.Standing, "Biên bản các buổi giao ban"),
            ],
            Groups.Select(g => Group(g.Key, g.Label)),
            [
                Copy("Như trên", null),
                Copy("Công an thành phố", "để p/h", DemoUnitIds.For(DemoUnitIds.CityPolice)),
                Copy("UBND các xã, phường, đặc khu", "để p/h"),
                Copy("Ban Giám đốc Sở", null, DemoUnitIds.For("SGDDT-HP-BGD")),
                Copy("Lưu: VT", null),
            ],
            [Directive03Id, DemoDocumentSeeder.DirectiveId], actor);
    }

    private static List<DemoState> Shuffle(List<DemoState> states, Random random)
    {
        for (var i = states.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (states[i], states[j]) = (states[j], states[i]);
        }
        return states;
    }

    /// <summary>Puts <paramref name="state"/> at <paramref name="index"/> by exchanging it with another unit's, keeping the counts.</summary>
    private static void Swap(List<DemoState> states, int index, DemoState state)
    {
        if (states[index] == state) return;
        var other = states.FindIndex(s => s == state);
        if (other < 0)
        {
            states[index] = state;
            return;
        }
        (states[index], states[other]) = (states[other], states[index]);
    }

    private static DateOnly Between(DateOnly from, DateOnly to, Random random) =>
        to <= from ? from : from.AddDays(random.Next(0, to.DayNumber - from.DayNumber + 1));

    private static DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly PreviousWorkingDay(DateOnly date, HolidayCalendar calendar) =>
        calendar.IsWorkingDay(date) ? date : calendar.AddWorkingDays(date, -1);

    private static DateOnly NextWorkingDay(DateOnly date, HolidayCalendar calendar) =>
        calendar.IsWorkingDay(date) ? date : calendar.AddWorkingDays(date, 1);
}
