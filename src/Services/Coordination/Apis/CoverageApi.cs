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

/// <summary>
/// One group of schools: those a supervising unit supervised on the date (a district office in 2024, a commune's
/// Culture–Society division today, the Department for the schools it keeps).
/// </summary>
public sealed record DistrictCoverage(string AreaCode, string Name, CoverageCounts Counts, Guid? UnitId, string? Code, string? Kind);

/// <param name="GroupLabel">What the groups are called on this date: "Xã, phường" once communes supervise schools, else "Địa bàn".</param>
public sealed record CoverageResponse(DateOnly AsOf, bool RequirePolice, CoverageCounts City, IReadOnlyList<DistrictCoverage> Districts, string GroupLabel, string GroupLabelEn);

public sealed record SchoolCoverageResponse(Guid UnitId, string Code, string Name, string Kind, string? AreaCode, Guid? SupervisorId, string? SupervisorName, bool Covered,
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
        DateOnly? asOf, string? district, Guid? supervisorId, [AsParameters] CoordinationApiServices services, IOptions<CoverageOptions> options, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var date = asOf ?? services.Today;
        var (schools, org) = await ComputeAsync(services, options.Value, date, district, supervisorId, ct);
        var groups = schools.GroupBy(s => org.SupervisorOf(s.School.Id))
            .Select(g => (Unit: g.Key, Totals: CoverageCalculator.Totals(g)))
            .OrderBy(g => g.Unit?.Kind == UnitKinds.Department ? 1 : 0).ThenBy(g => g.Unit?.Name ?? "", StringComparer.Ordinal).ThenBy(g => g.Unit?.Code, StringComparer.Ordinal)
            .Select(g => new DistrictCoverage(g.Unit?.AreaCode ?? "", g.Unit?.Name ?? "", CoverageCounts.From(g.Totals), g.Unit?.Id, g.Unit?.Code, g.Unit?.Kind))
            .ToList();
        var communes = groups.Any(g => g.Kind == UnitKinds.CommuneDivision);
        return TypedResults.Ok(new CoverageResponse(date, options.Value.RequirePolice, CoverageCounts.From(CoverageCalculator.Totals(schools)), groups,
            communes ? "Xã, phường" : "Địa bàn", communes ? "Commune" : "Area"));
    }

    public static async Task<Results<Ok<PagedResult<SchoolCoverageResponse>>, ValidationProblem, ProblemHttpResult>> ListSchools(
        DateOnly? asOf, string? district, Guid? supervisorId, bool? covered, string? gap, int? page, int? pageSize,
        [AsParameters] CoordinationApiServices services, IOptions<CoverageOptions> options, CancellationToken ct)
    {
        if (services.Access.IsPolice) return PoliceMayNot();
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var gapFilter = validator.Enum<CoverageGap>("gap", gap, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var (schools, org) = await ComputeAsync(services, options.Value, asOf ?? services.Today, district, supervisorId, ct);
        var filtered = schools
            .Where(s => covered is null || s.Covered == covered)
            .Where(s => gapFilter is null || s.Gap == gapFilter)
            .Select(s => (Coverage: s, Supervisor: org.SupervisorOf(s.School.Id)))
            .OrderBy(s => s.Supervisor?.Name ?? "", StringComparer.Ordinal).ThenBy(s => s.Coverage.School.Code, StringComparer.Ordinal)
            .ToList();
        var items = filtered.Skip((p - 1) * size).Take(size).Select(x => new SchoolCoverageResponse(x.Coverage.School.Id, x.Coverage.School.Code, x.Coverage.School.Name,
            x.Coverage.School.Kind, x.Coverage.School.AreaCode, x.Supervisor?.Id, x.Supervisor?.Name, x.Coverage.Covered, x.Coverage.WithLocalAuthority,
            x.Coverage.WithPolice, x.Coverage.CoveringProgrammeId, x.Coverage.Gap.ToString())).ToList();
        return TypedResults.Ok(new PagedResult<SchoolCoverageResponse>(items, p, size, filtered.Count));
    }

    /// <summary>
    /// Coverage on <paramref name="date"/> of every school that existed then in the caller's scope, against the
    /// organisation of that date; optionally only the schools of one supervising unit or of one area.
    /// </summary>
    internal static async Task<(List<SchoolCoverage> Schools, OrganisationOnDate Organisation)> ComputeAsync(
        CoordinationApiServices services, CoverageOptions options, DateOnly date, string? district, Guid? supervisorId, CancellationToken ct)
    {
        var db = services.Db;
        var org = await OrganisationAsync(db, date, ct);
        var kinds = options.Kinds.ToHashSet();
        var readable = await services.Access.ReadableUnitsAsync(ct);
        // Scope follows the date too: an office dissolved since still reads the schools it supervised then.
        if (readable is not null) readable = [.. readable, .. org.SubtreeOf(services.Access.User.UnitId)];
        var area = district?.Trim();
        var schools = org.Units
            .Where(u => kinds.Contains(u.Kind) && (readable is null || readable.Contains(u.Id)))
            .Where(u => supervisorId is null || org.ParentOf(u.Id) == supervisorId)
            .Where(u => string.IsNullOrEmpty(area) || AreaCodes.Contains(area, u.AreaCode))
            .Select(u => new CoverageSchool(u.Id, u.Code, u.Name, u.Kind, u.AreaCode, org.CounterpartsOf(u)))
            .ToList();
        var schoolIds = schools.Select(s => s.Id).ToList();

        // In force on the date as history tells it: a programme terminated later (its party dissolved) still counts before that.
        var programmes = await db.Programmes.AsNoTracking().AsSplitQuery()
            .Where(p => (p.Status == ProgrammeStatus.Signed || p.Status == ProgrammeStatus.Terminated) && p.SignedOn != null
                        && p.ValidFrom <= date && (p.ValidTo == null || p.ValidTo >= date) && (p.TerminatedOn == null || p.TerminatedOn > date)
                        && p.Parties.Any(x => x.UnitId != null && schoolIds.Contains(x.UnitId.Value)))
            .Select(p => new CoverageProgramme(p.Id, p.Title, p.Parties.Select(x => new CoverageParty(x.UnitId, x.Kind, x.AreaCode)).ToList()))
            .ToListAsync(ct);
        var bySchool = programmes.SelectMany(p => p.Parties.Where(x => x.UnitId != null).Select(x => (School: x.UnitId!.Value, Programme: p)))
            .ToLookup(x => x.School, x => x.Programme);
        return (schools.Select(s => CoverageCalculator.For(s, bySchool[s.Id], options.RequirePolice)).ToList(), org);
    }

    /// <summary>The organisation of <paramref name="date"/>: today's replica with the recorded moves and dissolutions.</summary>
    public static async Task<OrganisationOnDate> OrganisationAsync(CoordinationDbContext db, DateOnly date, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking()
            .Select(u => new OrgUnit(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.AreaCode, u.IsActive, u.SuccessorId, u.EffectiveFrom)).ToListAsync(ct);
        var moves = await db.UnitParentChanges.AsNoTracking().Where(m => m.EffectiveDate > date).ToListAsync(ct);
        var dissolutions = await db.UnitDissolutions.AsNoTracking().ToListAsync(ct);
        return new OrganisationOnDate(date, units, moves, dissolutions);
    }

    private static ProblemHttpResult PoliceMayNot() =>
        ApiResults.Forbidden("Công an chỉ xem được nội dung đã chia sẻ với công an.", "Police liaisons see only what was shared with the police.");
}
