using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Tasks.Tests;

public sealed class DemoTasksApiFactory : TasksApiFactory
{
    protected override bool DemoData => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:PollInterval", "00:00:00.200");
    }
}

public sealed class DemoDataTests(DemoTasksApiFactory factory) : IClassFixture<DemoTasksApiFactory>
{
    [Fact]
    public async Task The_seed_dispatch_is_issued_with_its_five_tasks_to_its_four_addressee_groups_once_the_replica_holds_the_units()
    {
        // What the units events would bring: the Department, its units of the four group kinds, and some that no group reaches.
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        var units = new List<UnitReplica>
        {
            Unit(DemoUnitIds.Department, "Department", null),
            Unit(DemoUnitIds.DepartmentOffice, "DepartmentDivision", department),
            Unit(DemoUnitIds.CityPolice, "CityPolice", null),
            Unit(DemoUnitIds.NgoQuyenUpperSecondarySchool, "UpperSecondarySchool", department),
            Unit("THPT-2", "UpperSecondarySchool", department),
            Unit("PTNC-1", "MultiLevelSchool", department),
            Unit("TT-1", "AffiliatedUnit", department),
            Unit("GDTX-1", "ContinuingEducationCentre", department),
            Unit(DemoUnitIds.LeChanDistrictOffice, "DistrictEducationOffice", department),
            Unit("PGDDT-2", "DistrictEducationOffice", department),
            Unit(DemoUnitIds.LeChanLowerSecondarySchool, "LowerSecondarySchool", DemoUnitIds.For(DemoUnitIds.LeChanDistrictOffice)),
        };
        await using var db = factory.NewDbContext();
        db.Units.AddRange(units);
        await db.SaveChangesAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await db.Documents.AnyAsync(d => d.Id == DemoDocumentSeeder.DispatchId && d.Status == DocumentStatus.Issued))
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo dispatch was not seeded");
            await Task.Delay(100);
        }

        var dispatch = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == DemoDocumentSeeder.DispatchId);
        Assert.Equal("V/v tiếp tục triển khai thực hiện Chỉ thị số 02/CT-TTg ngày 26/01/2024 của Thủ tướng Chính phủ", dispatch.Subject);
        Assert.Equal("257/SGDĐT-VP", dispatch.NumberAndSymbol); // after the registered Plan 256/KH-SGDĐT of the same issuer and year
        Assert.Equal(SigningAuthority.KT, dispatch.SigningAuthority);
        Assert.Equal("Đỗ Thị Hòa", dispatch.SignerName);
        Assert.Equal([1, 2, 3, 4, 5], dispatch.Tasks.Select(t => t.Number).Order());
        Assert.StartsWith("Tiếp tục chỉ đạo, triển khai công tác tuyên truyền", dispatch.Tasks.Single(t => t.Number == 1).Text);
        Assert.Equal(4, dispatch.Addressees.Count);
        Assert.Equal(4, dispatch.LegalBasisIds.Count);
        Assert.Equal(["Directive", "Plan", "CoordinationPlan", "CoordinationPlan"],
            (await db.Documents.AsNoTracking().Where(d => dispatch.LegalBasisIds.Contains(d.Id)).OrderBy(d => d.IssueDate).ToListAsync()).Select(d => d.Kind.ToString()));

        var assignees = await db.Assignments.Where(a => a.DocumentId == dispatch.Id).Select(a => a.UnitId).Distinct().ToListAsync();
        string[] reached = [DemoUnitIds.NgoQuyenUpperSecondarySchool, "THPT-2", "PTNC-1", "TT-1", "GDTX-1", DemoUnitIds.LeChanDistrictOffice, "PGDDT-2"];
        Assert.Equal(reached.Select(DemoUnitIds.For).Order(), assignees.Order());
        // Per unit: tasks 1–3 once, task 4 each quarter from Q2 to Q4 2024, task 5 standing.
        Assert.Equal(7 * reached.Length, await db.Assignments.CountAsync(a => a.DocumentId == dispatch.Id));
    }

    private static UnitReplica Unit(string code, string kind, Guid? parent) => new()
    {
        Id = DemoUnitIds.For(code), Code = code, Name = code, Kind = kind, ParentId = parent, EffectiveFrom = new DateOnly(2024, 1, 1),
        SourceUpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
