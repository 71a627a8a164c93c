using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Tasks.Tests;

/// <summary>The demo on a start date after the reform: Monday 07/12/2026, 09:00 in Hải Phòng.</summary>
public sealed class DemoTasksApiFactory : TasksApiFactory
{
    public static readonly DateTimeOffset DemoStart = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    public DemoTasksApiFactory() => Clock.SetUtcNow(DemoStart);

    protected override bool DemoData => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:PollInterval", "00:00:00.200");
        // Outside a request the seeder asks the units service with the service's own token (client credentials at identity).
        builder.UseSetting("Tasks:ServiceClientSecret", "tasks-test-secret");
        builder.UseSetting("Tasks:IdentityBaseAddress", "http://identity.test");
        builder.ConfigureTestServices(services =>
        {
#pragma warning disable EXTEXP0001
            services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName).RemoveAllResilienceHandlers().ConfigurePrimaryHttpMessageHandler(() => Identity);
#pragma warning restore EXTEXP0001
        });
    }

    public FakeIdentity Identity { get; } = new();
}

/// <summary>Identity's token endpoint for the client credentials grant of <c>tasks-service</c>.</summary>
public sealed class FakeIdentity : HttpMessageHandler
{
    public const string Token = "service-token-of-tasks";
    public List<string> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add(form);
        return form.Contains("client_id=tasks-service") && form.Contains("client_secret=tasks-test-secret") && request.RequestUri!.AbsolutePath == "/connect/token"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { access_token = Token, token_type = "Bearer", expires_in = 600 }) }
            : new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = JsonContent.Create(new { error = "invalid_client" }) };
    }
}

/// <summary>
/// A small demo organisation as the unit replica holds it before and after the 2025 reform, and the units
/// service's answers for the demo groups on each date (the fake answers by <c>asOf</c>).
/// </summary>
public static class DemoOrg
{
    public static readonly Guid Department = DemoUnitIds.For(DemoUnitIds.Department);
    public static readonly Guid Division = DemoUnitIds.For(DemoDocumentSeeder.CommuneDivisionCode);
    public static readonly Guid School = DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool);
    public static readonly Guid DistrictOffice = DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice);

    /// <summary>Reached by the 2024 dispatch's four groups on 22/04/2024.</summary>
    public static readonly string[] Reached2024 = [DemoUnitIds.LeChanDistrictOffice, "PGDDT-2", DemoUnitIds.NgoQuyenUpperSecondarySchool, "THPT-2", "PTNC-1", "TT-1", "GDTX-1"];

    /// <summary>The commune divisions after 01/07/2025 and how many schools each supervises.</summary>
    public static readonly (string Code, int Schools)[] Divisions =
    [
        (DemoDocumentSeeder.CommuneDivisionCode, 3), ("VHXH-P-A", 2), ("VHXH-X-B", 4), ("VHXH-X-C", 1), ("VHXH-P-D", 3), ("VHXH-X-E", 2), ("VHXH-DK-F", 2), ("VHXH-X-G", 5),
    ];

    /// <summary>Reached by the live dispatch's four groups after the reform: 8 divisions, 4 upper-secondary, 1 centre, 1 affiliated unit.</summary>
    public static readonly string[] ReachedLive =
        [.. Divisions.Select(d => d.Code), DemoUnitIds.NgoQuyenUpperSecondarySchool, "THPT-2", "PTNC-1", "THPT-HD-1", "GDTX-1", "TT-1"];

    public static List<UnitReplica> Before()
    {
        var district = DistrictOffice;
        return
        [
            Unit(DemoUnitIds.Department, "Department", null),
            Unit(DemoUnitIds.DepartmentOffice, "DepartmentDivision", Department),
            Unit(DemoUnitIds.CityPolice, "CityPolice", null),
            Unit(DemoUnitIds.NgoQuyenUpperSecondarySchool, "UpperSecondarySchool", Department),
            Unit("THPT-2", "UpperSecondarySchool", Department),
            Unit("PTNC-1", "MultiLevelSchool", Department),
            Unit("TT-1", "AffiliatedUnit", Department),
            Unit("GDTX-1", "ContinuingEducationCentre", district),
            Unit(DemoUnitIds.LeChanDistrictOffice, "DistrictEducationOffice", Department),
            Unit("PGDDT-2", "DistrictEducationOffice", Department),
            Unit(DemoUnitIds.LeChanLowerSecondarySchool, "LowerSecondarySchool", district),
        ];
    }

    /// <summary>What the reform's events leave in the replica: district offices dissolved, schools under the divisions, new units.</summary>
    public static async Task ApplyReformAsync(TasksDbContext db)
    {
        var units = await db.Units.ToDictionaryAsync(u => u.Code);
        foreach (var office in new[] { DemoUnitIds.LeChanDistrictOffice, "PGDDT-2" })
        {
            units[office].IsActive = false;
            units[office].SuccessorId = Division;
        }
        units["GDTX-1"].ParentId = Department;
        units[DemoUnitIds.LeChanLowerSecondarySchool].ParentId = Division;
        db.Units.Add(Unit("THPT-HD-1", "UpperSecondarySchool", Department, new DateOnly(2025, 7, 1)));
        foreach (var (code, schools) in Divisions)
        {
            var committee = "UBND-" + code["VHXH-".Length..];
            db.Units.Add(Unit(committee, "WardPeoplesCommittee", null, new DateOnly(2025, 7, 1)));
            db.Units.Add(Unit(code, DemoSchoolYear.CommuneDivisionKind, DemoUnitIds.For(committee), new DateOnly(2025, 7, 1)));
            var first = code == DemoDocumentSeeder.CommuneDivisionCode ? 2 : 1; // the demo school is the division's first
            for (var i = first; i <= schools; i++)
            {
                db.Units.Add(Unit($"TH-{code}-{i}", "PrimarySchool", DemoUnitIds.For(code), new DateOnly(2025, 7, 1)));
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The units service's answers for the 2024 groups (on 22/04/2024) and the reform groups (from 01/07/2025).</summary>
    public static void AnswerGroups(FakeUnitsService units)
    {
        List<Guid> Ids(params string[] codes) => [.. codes.Select(DemoUnitIds.For)];
        void Group(string key, string code, params (DateOnly Since, List<Guid> Members)[] dated)
        {
            units.Groups[DemoUnitIds.For(key)] = (code, key, []);
            units.DatedMembers[DemoUnitIds.For(key)] = [.. dated];
        }
        var y2024 = new DateOnly(2024, 1, 1);
        var reform = new DateOnly(2025, 7, 1);
        Group("GROUP:PGDDT", "PGDDT-QUAN-HUYEN", (y2024, Ids(DemoUnitIds.LeChanDistrictOffice, "PGDDT-2")), (reform, []));
        Group("GROUP:THPT", "THPT-PTNC", (y2024, Ids(DemoUnitIds.NgoQuyenUpperSecondarySchool, "THPT-2", "PTNC-1")),
            (reform, Ids(DemoUnitIds.NgoQuyenUpperSecondarySchool, "THPT-2", "PTNC-1", "THPT-HD-1")));
        Group("GROUP:TRUCTHUOC", "TRUC-THUOC", (y2024, Ids("TT-1")));
        Group("GROUP:GDTX", "GDTX", (y2024, Ids("GDTX-1")));
        Group("GROUP:VHXH", "VHXH-XA-PHUONG", (y2024, []), (reform, Ids([.. Divisions.Select(d => d.Code)])));
    }

    /// <summary>Builds the organisation as of 2024, then, once asked, as the reform left it.</summary>
    public static async Task SeedAsync(TasksApiFactory factory, bool reform)
    {
        AnswerGroups(factory.UnitsService);
        await using var db = factory.NewDbContext();
        db.Units.AddRange(Before());
        await db.SaveChangesAsync();
        if (reform)
        {
            await ApplyReformAsync(db);
        }
    }

    public static async Task WaitForDemoAsync(TasksApiFactory factory)
    {
        await using var db = factory.NewDbContext();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await db.Documents.AnyAsync(d => d.Id == DemoSchoolYear.DispatchId && d.Status == DocumentStatus.Issued))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo documents were not seeded");
            await Task.Delay(100);
        }
    }

    private static UnitReplica Unit(string code, string kind, Guid? parent, DateOnly? from = null) => new()
    {
        Id = DemoUnitIds.For(code), Code = code, Name = code, Kind = kind, ParentId = parent, EffectiveFrom = from ?? new DateOnly(2024, 1, 1),
        SourceUpdatedAt = DateTimeOffset.UnixEpoch,
    };
}

public sealed class DemoDataTests(DemoTasksApiFactory factory) : IClassFixture<DemoTasksApiFactory>, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    public async Task InitializeAsync()
    {
        if (await IsSeededAsync()) return;
        // The 2024 organisation alone: the seeder must not issue anything before the reform is in.
        await DemoOrg.SeedAsync(factory, reform: false);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(await IsSeededAsync(), "the demo documents were issued before the reform had reached the replica");
        await using (var db = factory.NewDbContext())
        {
            await DemoOrg.ApplyReformAsync(db);
        }
        await DemoOrg.WaitForDemoAsync(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<bool> IsSeededAsync()
    {
        await using var db = factory.NewDbContext();
        return await db.Documents.AnyAsync(d => d.Id == DemoDocumentSeeder.DispatchId);
    }

    [Fact]
    public async Task The_2024_dispatch_is_issued_with_its_chain_to_the_units_its_groups_reached_on_its_date_although_the_reform_dissolved_them()
    {
        await using var db = factory.NewDbContext();
        var dispatch = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == DemoDocumentSeeder.DispatchId);
        Assert.Equal("V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ", dispatch.Subject);
        Assert.Equal("257/SGDĐT-VP", dispatch.NumberAndSymbol); // after the registered Plan 256/KH-SGDĐT of the same issuer and year
        Assert.Equal(new DateOnly(2024, 4, 22), dispatch.IssueDate);
        Assert.Equal(SigningAuthority.KT, dispatch.SigningAuthority);
        Assert.Equal("Đỗ Thị Hòa", dispatch.SignerName);
        Assert.Equal([1, 2, 3, 4, 5], dispatch.Tasks.Select(t => t.Number).Order());
        Assert.StartsWith("Tiếp tục chỉ đạo, triển khai công tác tuyên truyền", dispatch.Tasks.Single(t => t.Number == 1).Text);
        Assert.Equal([2, 3, 1, 1], dispatch.Addressees.OrderBy(a => a.Position).Select(a => a.ResolvedUnitCount ?? -1));
        Assert.Equal(4, dispatch.LegalBasisIds.Count);
        Assert.Equal(["Directive", "Plan", "CoordinationPlan", "CoordinationPlan"],
            (await db.Documents.AsNoTracking().Where(d => dispatch.LegalBasisIds.Contains(d.Id)).OrderBy(d => d.IssueDate).ToListAsync()).Select(d => d.Kind.ToString()));
        Assert.Contains("2024-04-22", factory.UnitsService.AsOfDates);
        Assert.Contains($"Bearer {FakeIdentity.Token}", factory.UnitsService.AuthorizationHeaders);

        // The 2024 units, two of them dissolved since: no commune division, no unit created by the reform.
        var assignees = await db.Assignments.Where(a => a.DocumentId == dispatch.Id).Select(a => a.UnitId).Distinct().ToListAsync();
        Assert.Equal(DemoOrg.Reached2024.Select(DemoUnitIds.For).Order(), assignees.Order());
        // Per unit: tasks 1–3 once, task 4 each quarter from Q2 to Q4 2024, task 5 standing.
        Assert.Equal(7 * DemoOrg.Reached2024.Length, await db.Assignments.CountAsync(a => a.DocumentId == dispatch.Id));
    }

    [Fact]
    public async Task The_2024_dispatch_is_closed_history_mostly_completed_in_2024_the_rest_closed_at_a_school_years_end_with_the_reason_and_nothing_overdue_today()
    {
        await using var db = factory.NewDbContext();
        var work = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == DemoDocumentSeeder.DispatchId).ToListAsync();
        Assert.All(work, a => Assert.False(a.IsOpen, $"assignment {a.Id} of task {a.TaskNumber} is still open"));
        Assert.All(work, a => Assert.NotEqual(TrackingStatus.Overdue, a.Tracking(Today)));
        var completed = work.Where(a => a.Status == AssignmentStatus.Completed).ToList();
        var closed = work.Where(a => a.Status == AssignmentStatus.Cancelled).ToList();
        Assert.True(completed.Count * 100 >= work.Count * 65, $"{completed.Count} of {work.Count} completed");
        Assert.NotEmpty(closed);
        Assert.True(completed.Count(a => a.CompletedOn!.Value.Year == 2024) * 100 >= work.Count * 55, "most work should have ended in 2024");
        Assert.All(completed, a => Assert.InRange(a.CompletedOn!.Value, new DateOnly(2024, 4, 22), new DateOnly(2025, 3, 31)));
        Assert.Contains(completed, a => a.CompletedOnTime == false);
        Assert.All(closed, a =>
        {
            Assert.Contains(a.ClosedOn, new DateOnly?[] { new(2024, 6, 30), new(2025, 6, 30) });
            Assert.StartsWith("Kết thúc năm học 20", a.ClosedReason);
        });

        // As the API and the Department's dashboard show it.
        var officer = factory.ClientFor(DemoOrg.Department, PlatformRoles.DepartmentOfficer);
        var overdue = await (await officer.GetAsync($"/api/tasks/assignments?documentId={DemoDocumentSeeder.DispatchId}&tracking=Overdue")).ReadJsonAsync();
        Assert.Equal(0, overdue.GetProperty("total").GetInt32());
        var one = closed[0];
        var detail = await (await officer.GetAsync($"/api/tasks/assignments/{one.Id}")).ReadJsonAsync();
        var summary = detail.GetProperty("assignment");
        Assert.Equal("Cancelled", summary.GetProperty("status").GetString());
        Assert.Equal(one.ClosedReason, summary.GetProperty("closedReason").GetString());
        Assert.Equal(one.ClosedOn!.Value.ToString("yyyy-MM-dd"), summary.GetProperty("closedOn").GetString());
        var dashboard = await (await officer.GetAsync($"/api/tasks/dashboard?documentId={DemoDocumentSeeder.DispatchId}")).ReadJsonAsync();
        var overall = dashboard.GetProperty("overall");
        Assert.Equal(0, overall.GetProperty("overdue").GetInt32());
        Assert.Equal(closed.Count, overall.GetProperty("closed").GetInt32());
        Assert.Equal(completed.Count, overall.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_live_dispatch_implements_directive_03_and_reaches_the_reformed_groups_as_of_its_date()
    {
        await using var db = factory.NewDbContext();
        var dispatch = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == DemoSchoolYear.DispatchId);
        var directive = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == DemoSchoolYear.Directive03Id);
        Assert.Equal((3, "CT-TTg", DocumentKind.Directive), (directive.Number, directive.Symbol, directive.Kind));
        Assert.Equal(new DateOnly(2026, 1, 30), directive.IssueDate);
        // As published: "NGĂN CHẶN, ĐẨY LÙI BẠO LỰC HỌC ĐƯỜNG", signed KT. Thủ tướng by Deputy Prime Minister Lê Thành Long.
        Assert.Equal("Ngăn chặn, đẩy lùi bạo lực học đường", directive.Subject);
        Assert.Equal(("Lê Thành Long", SigningAuthority.KT), (directive.SignerName, directive.SigningAuthority));
        Assert.Equal([DemoDocumentSeeder.DirectiveId], directive.LegalBasisIds);
        Assert.Equal([DemoSchoolYear.Directive03Id, DemoDocumentSeeder.DirectiveId], dispatch.LegalBasisIds);
        Assert.Equal(DocumentStatus.Issued, dispatch.Status);
        Assert.Equal(new DateOnly(2026, 8, 28), dispatch.IssueDate); // the working day at or before 100 days before the start
        Assert.Contains(dispatch.IssueDate!.Value.ToString("yyyy-MM-dd"), factory.UnitsService.AsOfDates);
        Assert.Equal(["GROUP:VHXH", "GROUP:THPT", "GROUP:GDTX", "GROUP:TRUCTHUOC"],
            dispatch.Addressees.OrderBy(a => a.Position).Select(a => DemoSchoolYear.Groups.Single(g => DemoUnitIds.For(g.Key) == a.GroupId).Key));
        var assignees = await db.Assignments.Where(a => a.DocumentId == dispatch.Id && a.ParentAssignmentId == null).Select(a => a.UnitId).Distinct().ToListAsync();
        Assert.Equal(DemoOrg.ReachedLive.Select(DemoUnitIds.For).Order(), assignees.Order());

        // Deadlines around the start date: two past, one in two working days, one a month ahead, one standing.
        var due = dispatch.Tasks.OrderBy(t => t.Number).Select(t => t.DueDate).ToList();
        Assert.True(due[0] < Today.AddDays(-60) && due[0] > dispatch.IssueDate, $"task 1 due {due[0]}");
        Assert.Equal(new DateOnly(2026, 11, 16), due[1]);
        Assert.Equal(new DateOnly(2026, 12, 9), due[2]);
        Assert.Equal(new DateOnly(2027, 1, 6), due[3]);
        Assert.Null(due[4]);
    }

    [Fact]
    public async Task The_live_dispatch_shows_a_fixed_mix_done_on_time_done_late_in_progress_due_soon_and_overdue()
    {
        var officer = factory.ClientFor(DemoOrg.Department, PlatformRoles.DepartmentOfficer);
        var dashboard = await (await officer.GetAsync($"/api/tasks/dashboard?documentId={DemoSchoolYear.DispatchId}")).ReadJsonAsync();
        var overall = dashboard.GetProperty("overall");
        // 14 units × 5 tasks. Task 1: 10 on time, 3 late, 1 overdue; task 2: 6 on time, 3 late, 5 overdue;
        // task 3: 4 on time, 10 open and due in two working days; tasks 4 and 5: 14 open each.
        Assert.Equal(70, overall.GetProperty("total").GetInt32());
        Assert.Equal(20, overall.GetProperty("completedOnTime").GetInt32());
        Assert.Equal(6, overall.GetProperty("completedLate").GetInt32());
        Assert.Equal(6, overall.GetProperty("overdue").GetInt32());
        Assert.Equal(38, overall.GetProperty("inProgressWithinDeadline").GetInt32());
        Assert.Equal(0, overall.GetProperty("closed").GetInt32());

        await using var db = factory.NewDbContext();
        var issued = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == DemoSchoolYear.DispatchId && a.ParentAssignmentId == null).ToListAsync();
        Assert.Equal(10, issued.Count(a => a.IsOpen && a.DueDate == new DateOnly(2026, 12, 9)));
        var byState = issued.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.All([AssignmentStatus.Assigned, AssignmentStatus.Acknowledged, AssignmentStatus.InProgress, AssignmentStatus.Completed],
            s => Assert.True(byState.GetValueOrDefault(s) > 0, $"no {s} assignment"));
        // Everything happened on or before the start date, after the issue.
        Assert.All(issued.Where(a => a.CompletedOn is not null), a => Assert.InRange(a.CompletedOn!.Value, new DateOnly(2026, 8, 28), Today));
        Assert.All(issued.Where(a => a.AcknowledgedAt is not null), a => Assert.True(a.AcknowledgedAt <= DemoTasksApiFactory.DemoStart));
        Assert.True(await db.ProgressUpdates.AnyAsync(p => issued.Select(a => a.Id).Contains(p.AssignmentId)));
    }

    [Fact]
    public async Task Commune_divisions_hand_the_due_soon_task_on_to_their_schools_and_lê_chân_can_still_hand_on_the_report()
    {
        await using var db = factory.NewDbContext();
        var live = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == DemoSchoolYear.DispatchId).ToListAsync();
        var handedOn = live.Where(a => a.HasChildren).ToList();
        var divisionIds = DemoOrg.Divisions.Select(d => DemoUnitIds.For(d.Code)).ToHashSet();
        Assert.NotEmpty(handedOn);
        Assert.All(handedOn, a =>
        {
            Assert.Contains(a.UnitId, divisionIds);
            Assert.Equal(DemoSchoolYear.HandedOnTask, a.TaskNumber);
            Assert.Equal(AssignmentStatus.InProgress, a.Status);
        });
        var children = live.Where(a => a.ParentAssignmentId is not null).ToList();
        Assert.Contains(children, c => c.Status == AssignmentStatus.Completed);
        Assert.Contains(children, c => c.IsOpen);
        Assert.All(handedOn, p => Assert.Contains(children, c => c.ParentAssignmentId == p.Id && c.IsOpen));

        // The demo school holds an open task handed on by the Lê Chân division.
        var divisionTask = handedOn.Single(a => a.UnitId == DemoOrg.Division);
        var schoolTask = children.Single(c => c.UnitId == DemoOrg.School);
        Assert.Equal(divisionTask.Id, schoolTask.ParentAssignmentId);
        Assert.True(schoolTask.IsOpen);
        var history = await db.AssignmentHistory.AsNoTracking().Where(h => h.AssignmentId == divisionTask.Id).Select(h => h.Kind).ToListAsync();
        Assert.Contains("Delegated", history);

        // The division's report task is acknowledged and not handed on yet: its officer hands it on today.
        var report = live.Single(a => a.UnitId == DemoOrg.Division && a.TaskNumber == DemoSchoolYear.OpenForHandingOnTask);
        Assert.Equal(AssignmentStatus.Acknowledged, report.Status);
        Assert.False(report.HasChildren);
        var communeOfficer = factory.ClientFor("commune.officer", DemoOrg.Division, PlatformRoles.DistrictOfficer);
        var schoolSees = await communeOfficer.GetAsync($"/api/tasks/assignments/{schoolTask.Id}");
        Assert.Equal(HttpStatusCode.OK, schoolSees.StatusCode);
    }

    [Fact]
    public async Task The_same_start_date_gives_the_same_demo_data_and_its_open_report_can_be_handed_on()
    {
        await using var other = new DemoTasksApiFactory();
        await ((IAsyncLifetime)other).InitializeAsync();
        await DemoOrg.SeedAsync(other, reform: true);
        await DemoOrg.WaitForDemoAsync(other);

        Assert.Equal(await SnapshotAsync(factory), await SnapshotAsync(other));

        // On the second copy (the first stays as seeded for the other tests): the commune officer hands the report on to the demo school.
        await using var db = other.NewDbContext();
        var report = await db.Assignments.AsNoTracking().SingleAsync(a => a.DocumentId == DemoSchoolYear.DispatchId
            && a.UnitId == DemoOrg.Division && a.TaskNumber == DemoSchoolYear.OpenForHandingOnTask);
        var communeOfficer = other.ClientFor("commune.officer", DemoOrg.Division, PlatformRoles.DistrictOfficer);
        var response = await communeOfficer.PostAsJsonAsync($"/api/tasks/assignments/{report.Id}/delegate", new { unitIds = new[] { DemoOrg.School } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.True(await db.Assignments.AnyAsync(a => a.ParentAssignmentId == report.Id && a.UnitId == DemoOrg.School && a.Status == AssignmentStatus.Assigned));
    }

    /// <summary>Everything a user sees of the demo's work, without the generated row ids.</summary>
    private static async Task<List<string>> SnapshotAsync(TasksApiFactory f)
    {
        await using var db = f.NewDbContext();
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code);
        var work = await db.Assignments.AsNoTracking()
            .Where(a => a.DocumentId == DemoSchoolYear.DispatchId || a.DocumentId == DemoDocumentSeeder.DispatchId).ToListAsync();
        var byId = work.ToDictionary(a => a.Id);
        var progress = (await db.ProgressUpdates.AsNoTracking().ToListAsync()).ToLookup(p => p.AssignmentId);
        return work.Select(a => string.Join('|', a.DocumentId, codes[a.UnitId], a.TaskNumber, a.Occurrence,
                a.ParentAssignmentId is { } p ? codes[byId[p].UnitId] : "", a.Status, a.DueDate, a.AssignedAt, a.AcknowledgedAt, a.CompletedOn,
                a.CompletedOnTime, a.ProgressPercent, a.ClosedOn, a.ClosedReason,
                string.Join(',', progress[a.Id].OrderBy(x => x.At).Select(x => $"{x.At:O}:{x.Percent}:{x.Text}"))))
            .Order(StringComparer.Ordinal).ToList();
    }
}
