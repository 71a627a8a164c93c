using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

/// <summary>
/// Loads the seed's 2024 world (Hải Phòng: the Department, 15 district offices, upper-secondary
/// schools, centres, police, People's Committees, ~900 district-run schools) and the dispatch's four
/// addressee groups — only when <c>Demo:Enabled</c> is true and the database has no units yet. Demo
/// units get deterministic ids (<see cref="DemoUnitIds"/>) so the identity service's demo accounts match.
/// </summary>
public sealed class DemoDataSeeder(IConfiguration configuration, TimeProvider clock, ILogger<DemoDataSeeder> logger)
    : IDatabaseSeeder<UnitsDbContext>
{
    public const string ResourceName = "Platform.Units.Infrastructure.DemoData.hai-phong-2024.csv";
    private const string DemoActor = "system:demo-data";

    public async Task SeedAsync(UnitsDbContext db, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:Enabled", false) || await db.Units.AnyAsync(cancellationToken))
        {
            return;
        }

        await using var csv = typeof(DemoDataSeeder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded demo data {ResourceName} is missing.");
        var errors = new List<ImportError>();
        var records = UnitImporter.ParseCsv(csv, errors);
        var actor = new Actor(DemoActor, null, clock.GetUtcNow());
        var result = await new UnitImporter(db, clock).ImportAsync(records, errors, actor, dryRun: true, DemoUnitIds.For, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo data is invalid: {string.Join("; ", result.Errors.Take(5))}");
        }
        // Validated; now write it for real together with the groups, in one transaction.
        result = await new UnitImporter(db, clock).ImportAsync(records, [], actor, dryRun: false, DemoUnitIds.For, cancellationToken);
        foreach (var group in SeedGroups(actor))
        {
            db.RecipientGroups.Add(group);
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo data loaded: {Created} units and the dispatch's addressee groups", result.Created);
    }

    /// <summary>The four "Kính gửi" lines of the seed dispatch.</summary>
    public static IEnumerable<RecipientGroup> SeedGroups(Actor actor)
    {
        var department = DemoUnitIds.For(DemoUnitIds.Department);
        yield return RecipientGroup.CreateDynamic(DemoUnitIds.For("GROUP:PGDDT"), "PGDDT-QUAN-HUYEN", "Trưởng phòng GDĐT quận, huyện",
            "Các Phòng Giáo dục và Đào tạo quận, huyện", [UnitKind.DistrictEducationOffice], null, department, false, actor);
        yield return RecipientGroup.CreateDynamic(DemoUnitIds.For("GROUP:THPT"), "THPT-PTNC", "Hiệu trưởng các trường THPT, PT có nhiều cấp học",
            "Trường trung học phổ thông và trường phổ thông có nhiều cấp học", [UnitKind.UpperSecondarySchool, UnitKind.MultiLevelSchool], null, null, false, actor);
        yield return RecipientGroup.CreateDynamic(DemoUnitIds.For("GROUP:TRUCTHUOC"), "DON-VI-TRUC-THUOC", "Thủ trưởng các đơn vị trực thuộc",
            "Các đơn vị trực thuộc Sở", [UnitKind.AffiliatedUnit], null, department, false, actor);
        yield return RecipientGroup.CreateDynamic(DemoUnitIds.For("GROUP:GDTX"), "GDTX-GDNN", "Giám đốc Trung tâm GDTX-GDNN quận, huyện",
            "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên quận, huyện", [UnitKind.ContinuingEducationCentre], null, null, false, actor);
    }
}
