using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Infrastructure;
using Platform.SafeLine.Options;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;

namespace Platform.SafeLine.Apis;

/// <summary>What the safe line's handlers need, bundled with <c>[AsParameters]</c>.</summary>
public sealed record SafeLineServices(SafeLineDbContext Db, TimeProvider Clock, IOptionsMonitor<SafeLineOptions> Options, ILogger<SafeLineServices> Logger);

public sealed record StaffServices(SafeLineDbContext Db, CaseAccess Access, TimeProvider Clock, ILogger<StaffServices> Logger);

/// <summary>A school as the public sees it: its name and where it is, never its id's meaning beyond finding it again.</summary>
public sealed record SchoolResponse(Guid Id, string Name, string? Area);

internal static class ApiSupport
{
    /// <summary>Unit kinds that take reports: schools and the centres that teach pupils.</summary>
    public static readonly string[] SchoolKinds =
        ["Preschool", "PrimarySchool", "LowerSecondarySchool", "UpperSecondarySchool", "MultiLevelSchool", "ContinuingEducationCentre"];

    public static ProblemHttpResult Rule(SafeLineRuleException e) => Problems.Conflict(e.Vietnamese, e.English);

    public static ProblemHttpResult CaseNotFound() =>
        Problems.NotFound("Không tìm thấy tin báo này.", "This case was not found.");

    /// <summary>Category keys as the API takes them (camelCase), with their Vietnamese names for error messages.</summary>
    public static readonly IReadOnlyDictionary<string, (CaseCategory Category, string Name)> Categories =
        new Dictionary<string, (CaseCategory, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["bullying"] = (CaseCategory.Bullying, "bắt nạt"),
            ["violence"] = (CaseCategory.Violence, "bạo lực"),
            ["drugs"] = (CaseCategory.Drugs, "ma túy"),
            ["abuse"] = (CaseCategory.Abuse, "xâm hại"),
            ["selfHarm"] = (CaseCategory.SelfHarm, "tự làm hại bản thân"),
            ["other"] = (CaseCategory.Other, "khác"),
        };

    public static string Key(CaseCategory c) => Categories.First(kv => kv.Value.Category == c).Key;

    public static async Task<Dictionary<Guid, SchoolResponse>> SchoolsAsync(SafeLineDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var schools = await db.Units.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToListAsync(ct);
        var parentIds = schools.Where(s => s.ParentId != null).Select(s => s.ParentId!.Value).Distinct().ToList();
        var parents = await db.Units.AsNoTracking().Where(u => parentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return schools.ToDictionary(s => s.Id, s => new SchoolResponse(s.Id, s.Name, s.ParentId is { } p ? parents.GetValueOrDefault(p) : null));
    }

    public static string Fold(string? s) => VietnameseText.Fold(s);
}
