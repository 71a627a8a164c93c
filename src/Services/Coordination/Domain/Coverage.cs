namespace Platform.Coordination.Domain;

/// <summary>
/// A school as coverage needs it. <paramref name="Local"/>: its own People's Committee and police as the organisation
/// of the date names them; directory parties are then matched by id. Without it (and for outside agencies, which have
/// no id) a party matches by kind and area.
/// </summary>
public sealed record CoverageSchool(Guid Id, string Code, string Name, string Kind, string? AreaCode, LocalCounterparts? Local = null);

/// <summary>A party of a programme in force, as coverage needs it.</summary>
public sealed record CoverageParty(Guid? UnitId, string Kind, string? AreaCode);

public sealed record CoverageProgramme(Guid Id, string Title, IReadOnlyList<CoverageParty> Parties);

/// <summary>Why a school is not covered.</summary>
public enum CoverageGap
{
    None,
    /// <summary>No signed programme in force names the school as a party.</summary>
    NoProgramme,
    /// <summary>Its programmes do not include its own ward/commune People's Committee.</summary>
    NoLocalAuthority,
    /// <summary>Its programme with the local authority has no police party for its area.</summary>
    NoPolice,
}

public sealed record SchoolCoverage(CoverageSchool School, bool Covered, bool WithLocalAuthority, bool WithPolice, Guid? CoveringProgrammeId, CoverageGap Gap);

public sealed record CoverageTotals(int Schools, int Covered, int WithLocalAuthority, int WithPolice)
{
    public int Uncovered => Schools - Covered;
    /// <summary>Covered share in percent, one decimal; 0 when there is no school.</summary>
    public decimal Percent => Schools == 0 ? 0m : Math.Round(Covered * 100m / Schools, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Seed task 3: a school is covered on a date when one signed programme in force on that date has as
/// parties the school itself, its own ward/commune People's Committee, and — unless configured otherwise —
/// the police of its area. Which committee and police are its own follows the organisation of the date
/// (<see cref="OrganisationOnDate.CounterpartsOf"/>); outside agencies count when their kind and area match.
/// </summary>
public static class CoverageCalculator
{
    public static bool IsOwnLocalAuthority(CoverageParty party, CoverageSchool school) =>
        party.UnitId is { } id && school.Local is { } local ? local.Authorities.Contains(id) :
        party.Kind == UnitKinds.WardPeoplesCommittee && !string.IsNullOrEmpty(school.AreaCode)
        && string.Equals(party.AreaCode, school.AreaCode, StringComparison.OrdinalIgnoreCase);

    public static bool IsOwnPolice(CoverageParty party, CoverageSchool school) =>
        party.UnitId is { } id && school.Local is { } local ? local.Police.Contains(id) :
        !string.IsNullOrEmpty(school.AreaCode) && party.Kind switch
        {
            UnitKinds.WardPolice => string.Equals(party.AreaCode, school.AreaCode, StringComparison.OrdinalIgnoreCase),
            UnitKinds.DistrictPolice => party.AreaCode is not null && AreaCodes.Contains(party.AreaCode, school.AreaCode),
            _ => false,
        };

    /// <param name="programmes">Programmes in force on the date that name the school as a party.</param>
    public static SchoolCoverage For(CoverageSchool school, IEnumerable<CoverageProgramme> programmes, bool requirePolice)
    {
        var list = programmes.Where(p => p.Parties.Any(x => x.UnitId == school.Id)).ToList();
        var withAuthority = list.Where(p => p.Parties.Any(x => IsOwnLocalAuthority(x, school))).ToList();
        var withPolice = list.Where(p => p.Parties.Any(x => IsOwnPolice(x, school))).ToList();
        var covering = withAuthority.FirstOrDefault(p => !requirePolice || withPolice.Contains(p));
        var gap = covering is not null ? CoverageGap.None
            : list.Count == 0 ? CoverageGap.NoProgramme
            : withAuthority.Count == 0 ? CoverageGap.NoLocalAuthority
            : CoverageGap.NoPolice;
        return new SchoolCoverage(school, covering is not null, withAuthority.Count > 0, withPolice.Count > 0, covering?.Id, gap);
    }

    public static CoverageTotals Totals(IEnumerable<SchoolCoverage> schools)
    {
        int n = 0, covered = 0, authority = 0, police = 0;
        foreach (var s in schools)
        {
            n++;
            if (s.Covered) covered++;
            if (s.WithLocalAuthority) authority++;
            if (s.WithPolice) police++;
        }
        return new CoverageTotals(n, covered, authority, police);
    }
}
