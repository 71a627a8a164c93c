using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Domain;

namespace Platform.Reporting.Infrastructure;

/// <summary>Numbers the platform already knows for a unit over a data window, keyed by <see cref="PrefillKeys"/>.</summary>
public interface IPrefillSource
{
    Task<IReadOnlyDictionary<string, PrefillValue>> ValuesAsync(Guid unitId, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>Incidents the unit reported here and inspections it carried out, counted over the report's data window.</summary>
public sealed class ReportingPrefillSource(ReportingDbContext db) : IPrefillSource
{
    public async Task<IReadOnlyDictionary<string, PrefillValue>> ValuesAsync(Guid unitId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var window = $"{VietnamTime.Format(from)}–{VietnamTime.Format(to)}";
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => i.ReportingUnitId == unitId && i.OccurredOn >= from && i.OccurredOn <= to)
            .GroupBy(i => new { i.Category, i.IsLifeSafety })
            .Select(g => new { g.Key.Category, g.Key.IsLifeSafety, Count = g.Count(), Pupils = g.Sum(i => i.PupilsInvolved) })
            .ToListAsync(ct);
        var source = $"Sự việc đơn vị đã báo cáo trên hệ thống ({window})";
        var result = new Dictionary<string, PrefillValue>(StringComparer.Ordinal)
        {
            [PrefillKeys.IncidentsViolenceLifeSafety] = new(incidents.Where(i => i.Category == IncidentCategory.SchoolViolence && i.IsLifeSafety).Sum(i => i.Count), source),
            [PrefillKeys.IncidentsViolenceOther] = new(incidents.Where(i => i.Category == IncidentCategory.SchoolViolence && !i.IsLifeSafety).Sum(i => i.Count), source),
            [PrefillKeys.IncidentsDrugs] = new(incidents.Where(i => i.Category == IncidentCategory.Drugs).Sum(i => i.Count), source),
            [PrefillKeys.IncidentsChildAbuse] = new(incidents.Where(i => i.Category == IncidentCategory.ChildAbuse).Sum(i => i.Count), source),
            [PrefillKeys.IncidentsTraffic] = new(incidents.Where(i => i.Category == IncidentCategory.TrafficAccident).Sum(i => i.Count), source),
            [PrefillKeys.IncidentsOtherSocialEvil] = new(incidents.Where(i => i.Category == IncidentCategory.OtherSocialEvil).Sum(i => i.Count), source),
            [PrefillKeys.PupilsInvolved] = new(incidents.Sum(i => i.Pupils), source),
        };
        var inspections = await db.Inspections.AsNoTracking()
            .CountAsync(i => i.InspectingUnitId == unitId && i.Status == InspectionStatus.Completed && i.CompletedOn >= from && i.CompletedOn <= to, ct);
        result[PrefillKeys.InspectionsCarriedOut] = new(inspections, $"Cuộc kiểm tra đơn vị đã hoàn thành trên hệ thống ({window})");
        return result;
    }
}

/// <summary>
/// Seam for the coordination service's numbers (briefing meetings held, programmes signed, referrals to
/// police). Coordination does not publish them yet; when it does (e.g. <c>BriefingMeetingHeld</c>,
/// <c>CoordinationProgrammeSigned</c>, <c>IncidentReferred</c>), a consumer here will count them into a
/// local table and this source will read it. Until then it knows nothing, and those indicators are typed in.
/// </summary>
public sealed class CoordinationPrefillSource : IPrefillSource
{
    public Task<IReadOnlyDictionary<string, PrefillValue>> ValuesAsync(Guid unitId, DateOnly from, DateOnly to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, PrefillValue>>(new Dictionary<string, PrefillValue>());
}

/// <summary>Merges every source and maps keys onto a version's indicators.</summary>
public sealed class Prefiller(IEnumerable<IPrefillSource> sources)
{
    /// <summary>Pre-fill values by indicator id for the indicators of <paramref name="version"/> that have a source.</summary>
    public async Task<Dictionary<int, PrefillValue>> ForAsync(TemplateVersion version, Submission submission, CancellationToken ct)
    {
        var wanted = version.Indicators.Where(i => i.PrefillKey is not null && i.IsNumeric).ToList();
        if (wanted.Count == 0) return [];
        var known = new Dictionary<string, PrefillValue>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var (key, value) in await source.ValuesAsync(submission.UnitId, submission.DataFrom, submission.DataTo, ct))
            {
                known[key] = value;
            }
        }
        return wanted.Where(i => known.ContainsKey(i.PrefillKey!)).ToDictionary(i => i.Id, i => known[i.PrefillKey!]);
    }
}
