using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;

namespace Platform.Coordination.Apis;

public sealed record CoverageCounts(int Schools, int Covered, int Uncovered, int WithLocalAuthority, int WithPolice, decimal Percent)
{
    public static CoverageCounts From(CoverageTotals t) => new(t.Schools, t.Covered, t.Uncovered, t.WithLocalAuthority, t.WithPolice, t.Percent);
}

public sealed record DistrictCoverage(string AreaCode, string Name, CoverageCounts Counts);

public sealed record CoverageResponse(DateOnly AsOf, bool RequirePolice, CoverageCounts City, IReadOnlyList<DistrictCoverage> Districts);

public sealed record SchoolCoverageResponse(Guid UnitId, string Code, string Name, string Kind, string? AreaCode, string? District, bool Covered,
    bool WithLocalAuthority, bool WithPolice, Guid? ProgrammeId, string Gap);

/// <summary>
/// Seed task 3: which schools have a signed, valid programme with their ward/commune People's Committee
/// and police — per district and for the city, and the list of those without one.
/// </summary>
public static class CoverageApi
{
    public static IEndpointRouteBuilder MapCoverageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coordination/coverage").WithTags("Coverage");
        group.MapGet("/", GetCoverage);
        group.MapGet("/schools", ListSchools);
        return app;
    }

    public static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> GetCoverage(
        DateOnly? asOf, string? district, [AsParameters] CoordinationApiServices services, IOptions<CoverageOptions> options, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var date = asOf ?? services.Today;
        var (schools, names) = await ComputeAsync(services, options.Value, date, district, ct);
        var districts = schools.GroupBy(s => AreaCodes.District(s.School.AreaCode) ?? "")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DistrictCoverage(g.Key, names.GetValueOrDefault(g.Key, g.Key), CoverageCounts.From(CoverageCalculator.Totals(g))))
            .ToList();
        return TypedResults.Ok(new CoverageResponse(date, options.Value.RequirePolice, CoverageCounts.From(CoverageCalculator.Totals(schools)), districts));
    }

    public static async Task<Results<Ok<PagedResult<SchoolCoverageResponse>>, ValidationProblem, ProblemHttpResult>> ListSchools(
        DateOnly? asOf, string? district, bool? covered, string? gap, int? page, int? pageSize,
        [AsParameters] CoordinationApiServices services, IOptions<CoverageOptions> options, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var gapFilter = validator.Enum<CoverageGap>("gap", gap, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var (schools, _) = await ComputeAsync(services, options.Value, asOf ?? services.Today, district, ct);
        var filtered = schools
            .Where(s => covered is null || s.Covered == covered)
            .Where(s => gapFilter is null || s.Gap == gapFilter)
            .OrderBy(s => s.School.AreaCode, StringComparer.Ordinal).ThenBy(s => s.School.Code, StringComparer.Ordinal)
            .ToList();
        var items = filtered.Skip((p - 1) * size).Take(size).Select(s => new SchoolCoverageResponse(s.School.Id, s.School.Code, s.School.Name, s.School.Kind,
            s.School.AreaCode, AreaCodes.District(s.School.AreaCode), s.Covered, s.WithLocalAuthority, s.WithPolice, s.CoveringProgrammeId, s.Gap.ToString())).ToList();
        return TypedResults.Ok(new PagedResult<SchoolCoverageResponse>(items, p, size, filtered.Count));
    }

    /// <summary>Coverage of every school in the caller's scope on <paramref name="date"/>, and district names by area code.</summary>
    internal static async Task<(List<SchoolCoverage> Schools, Dictionary<string, string> DistrictNames)> ComputeAsync(
        CoordinationApiServices services, CoverageOptions options, DateOnly date, string? district, CancellationToken ct)
    {
        var db = services.Db;
        var kinds = options.Kinds.ToArray();
        var readable = await services.Access.ReadableUnitsAsync(ct);
        var schoolQuery = db.Units.AsNoTracking().Where(u => u.IsActive && kinds.Contains(u.Kind));
        if (readable is not null) schoolQuery = schoolQuery.Where(u => readable.Contains(u.Id));
        if (!string.IsNullOrWhiteSpace(district))
        {
            var prefix = district.Trim();
            schoolQuery = schoolQuery.Where(u => u.AreaCode == prefix || (u.AreaCode != null && u.AreaCode.StartsWith(prefix + "-")));
        }
        var schools = await schoolQuery.Select(u => new CoverageSchool(u.Id, u.Code, u.Name, u.Kind, u.AreaCode)).ToListAsync(ct);
        var schoolIds = schools.Select(s => s.Id).ToList();

        var programmes = await db.Programmes.AsNoTracking().AsSplitQuery()
            .Where(p => p.Status == ProgrammeStatus.Signed && p.ValidFrom <= date && (p.ValidTo == null || p.ValidTo >= date)
                        && p.Parties.Any(x => x.UnitId != null && schoolIds.Contains(x.UnitId.Value)))
            .Select(p => new CoverageProgramme(p.Id, p.Title, p.Parties.Select(x => new CoverageParty(x.UnitId, x.Kind, x.AreaCode)).ToList()))
            .ToListAsync(ct);
        var bySchool = programmes.SelectMany(p => p.Parties.Where(x => x.UnitId != null).Select(x => (School: x.UnitId!.Value, Programme: p)))
            .ToLookup(x => x.School, x => x.Programme);
        var results = schools.Select(s => CoverageCalculator.For(s, bySchool[s.Id], options.RequirePolice)).ToList();

        var districtCodes = results.Select(r => AreaCodes.District(r.School.AreaCode)).Where(c => c is not null).Distinct().ToList();
        var names = await db.Units.AsNoTracking()
            .Where(u => u.Kind == UnitKinds.DistrictPeoplesCommittee && districtCodes.Contains(u.AreaCode))
            .Select(u => new { u.AreaCode, u.Name }).ToListAsync(ct);
        var districtNames = names.GroupBy(n => n.AreaCode!).ToDictionary(g => g.Key, g => DistrictName(g.First().Name));
        return (results, districtNames);
    }

    /// <summary>"Ủy ban nhân dân quận Lê Chân" → "quận Lê Chân".</summary>
    private static string DistrictName(string peoplesCommittee)
    {
        const string prefix = "Ủy ban nhân dân ";
        return peoplesCommittee.StartsWith(prefix, StringComparison.Ordinal) ? peoplesCommittee[prefix.Length..] : peoplesCommittee;
    }

    private static ProblemHttpResult PoliceMayNot() =>
        ApiResults.Forbidden("Công an chỉ xem được nội dung đã chia sẻ với công an.", "Police liaisons see only what was shared with the police.");
}
