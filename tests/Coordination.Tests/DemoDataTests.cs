using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.Coordination.Tests;

/// <summary>The service with demo data on, its replica holding the units service's Hải Phòng 2024 demo organisation.</summary>
public sealed class HaiPhongDemoFactory : CoordinationApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Coordination:Demo:PollInterval"] = "00:00:00.200",
    };

    /// <summary>The units service's demo CSV, read as its seeder reads it: ids from the codes, parents by code.</summary>
    protected override IEnumerable<UnitReplica> Units
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir!.FullName, "Platform.sln"))) dir = dir.Parent;
            var lines = File.ReadAllLines(Path.Combine(dir.FullName, "src", "Services", "Units", "Infrastructure", "DemoData", "hai-phong-2024.csv"), Encoding.UTF8);
            var header = Csv(lines[0]);
            int Col(string name) => Array.IndexOf(header, name);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var f = Csv(line);
                var parent = f[Col("parent_code")];
                yield return new UnitReplica
                {
                    Id = DemoUnitIds.For(f[Col("code")]), Code = f[Col("code")], Name = f[Col("name")], ShortName = f[Col("short_name")], Kind = f[Col("kind")],
                    ParentId = parent.Length == 0 ? null : DemoUnitIds.For(parent), AreaCode = f[Col("area_code")], EffectiveFrom = new DateOnly(2024, 1, 1),
                };
            }
        }
    }

    private static string[] Csv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}

public sealed class DemoDataTests(HaiPhongDemoFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<HaiPhongDemoFactory>
{
    [Fact]
    public async Task Hai_phong_demo_schools_are_partly_covered_and_the_seed_plans_link_to_the_tasks_documents()
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            return await db.Programmes.AnyAsync(p => p.Id == DemoCoordinationSeeder.Plan1002ProgrammeId);
        }, "the demo programmes", TimeSpan.FromSeconds(60));

        var coverage = await factory.ClientFor(DemoUnitIds.For(DemoUnitIds.Department), PlatformRoles.DepartmentOfficer).GetJsonAsync("/api/coordination/coverage");
        var city = coverage.GetProperty("city");
        var (schools, covered) = (city.GetProperty("schools").GetInt32(), city.GetProperty("covered").GetInt32());
        output.WriteLine($"Hải Phòng demo coverage: {covered} of {schools} schools ({city.GetProperty("percent").GetDecimal()} %)");
        Assert.True(schools > 900, $"{schools} schools");
        Assert.InRange(covered, 100, schools - 100);
        // 2024's organisation: grouped by the 15 district offices, and the Department for the schools it runs itself.
        var groups = coverage.GetProperty("districts").EnumerateArray().ToList();
        Assert.Equal(15, groups.Count(d => d.GetProperty("kind").GetString() == "DistrictEducationOffice"));
        Assert.Equal(["Department"], groups.Select(d => d.GetProperty("kind").GetString()).Where(k => k != "DistrictEducationOffice"));
        Assert.Contains(groups, d => d.GetProperty("name").GetString() == "Phòng Giáo dục và Đào tạo quận Lê Chân");
        Assert.Equal("Địa bàn", coverage.GetProperty("groupLabel").GetString());

        await using var db = factory.NewDbContext();
        var plan = await db.Programmes.AsNoTracking().SingleAsync(p => p.Id == DemoCoordinationSeeder.Plan1002ProgrammeId);
        Assert.Equal((DemoCoordinationSeeder.Plan1002DocumentId, "1002/KHPH-CATP-SGDĐT", ProgrammeStatus.Signed),
            (plan.EstablishingDocumentId!.Value, plan.EstablishingDocumentNumber, plan.Status));
        Assert.Equal(DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:1002/KHPH-CATP-SGDĐT/2024"), plan.EstablishingDocumentId);
        Assert.True(await db.Programmes.CountAsync(p => p.Status == ProgrammeStatus.Draft) > 0, "some ward programmes are still drafts");
        Assert.True(await db.Programmes.CountAsync(p => p.Status == ProgrammeStatus.Signed && p.ValidTo < new DateOnly(2025, 7, 1)) > 0, "some have expired");
        Assert.Single(await db.Cadences.AsNoTracking().ToListAsync());
        Assert.Equal(2, await db.Meetings.CountAsync(m => m.OrganiserUnitId == DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool)));

        // The demo school's principal sees its own coverage line.
        var own = await factory.ClientFor(DemoUnitIds.For(DemoUnitIds.LeChanLowerSecondarySchool), PlatformRoles.SchoolManager).GetJsonAsync("/api/coordination/coverage/schools");
        Assert.Equal(1, own.GetProperty("total").GetInt32());
    }
}
