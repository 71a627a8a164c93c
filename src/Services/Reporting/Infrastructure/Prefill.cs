using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Reporting.Domain;

namespace Platform.Reporting.Infrastructure;

/// <summary>Numbers the platform already knows for a unit over a data window, keyed by <see cref="PrefillKeys"/>.</summary>
public interface IPrefillSource
{
    Task<IReadOnlyDictionary<string, PrefillValue>> ValuesAsync(Guid unitId, DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>The keys this source can answer, so it is not asked for a template that uses none of them; null: ask always.</summary>
    IReadOnlyCollection<string>? Provides => null;
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

/// <summary>A source that knows some keys could not be asked right now (its service is unreachable).</summary>
public sealed class PrefillSourceUnavailableException(string source, IReadOnlyCollection<string> keys, Exception? inner = null)
    : Exception($"The pre-fill source '{source}' is unavailable; {string.Join(", ", keys)} are not pre-filled.", inner)
{
    public string SourceName => source;
    public IReadOnlyCollection<string> Keys => keys;
}

/// <summary>
/// Briefing meetings held, coordination programmes signed and incidents referred to the police, as the
/// coordination service counts them (<c>GET /api/coordination/statistics?unitId=&amp;from=&amp;to=</c>), asked on
/// behalf of the caller (their bearer token is forwarded, so coordination applies its own scope rules). When
/// coordination does not answer in time or refuses, the source says so and the draft opens without those numbers.
/// </summary>
public sealed class CoordinationPrefillSource(HttpClient http, IHttpContextAccessor accessor, IOptions<ReportingOptions> options,
    ILogger<CoordinationPrefillSource> logger) : IPrefillSource
{
    public const string Name = "coordination";

    public static readonly IReadOnlyList<string> Keys = [PrefillKeys.BriefingMeetingsHeld, PrefillKeys.ProgrammesSigned, PrefillKeys.ReferredToPolice];

    public IReadOnlyCollection<string> Provides => Keys;

    public async Task<IReadOnlyDictionary<string, PrefillValue>> ValuesAsync(Guid unitId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/coordination/statistics?unitId={unitId}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var authorization = accessor.HttpContext?.Request.Headers[HeaderNames.Authorization].ToString();
        if (!string.IsNullOrEmpty(authorization) && AuthenticationHeaderValue.TryParse(authorization, out var header))
        {
            request.Headers.Authorization = header;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.CoordinationTimeout);
        JsonElement values;
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Coordination answered {Status} for the statistics of unit {UnitId}; those indicators are not pre-filled", (int)response.StatusCode, unitId);
                throw new PrefillSourceUnavailableException(Name, Keys);
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            values = json.RootElement.GetProperty("values").Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning(ex, "Coordination could not be asked for the statistics of unit {UnitId}; those indicators are not pre-filled", unitId);
            throw new PrefillSourceUnavailableException(Name, Keys, ex);
        }

        var window = $"{VietnamTime.Format(from)}–{VietnamTime.Format(to)}";
        var sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PrefillKeys.BriefingMeetingsHeld] = $"Cuộc giao ban đã họp, theo hệ thống phối hợp ({window})",
            [PrefillKeys.ProgrammesSigned] = $"Chương trình phối hợp đã ký, theo hệ thống phối hợp ({window})",
            [PrefillKeys.ReferredToPolice] = $"Vụ việc đã chuyển cơ quan công an, theo hệ thống phối hợp ({window})",
        };
        var result = new Dictionary<string, PrefillValue>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            if (values.TryGetProperty(key, out var number) && number.TryGetDecimal(out var value))
            {
                result[key] = new PrefillValue(value, sources[key]);
            }
        }
        return result;
    }
}

/// <summary>
/// What the platform knows for a report's indicators (<see cref="Values"/>, by indicator id), and which
/// indicators it would know but could not ask about now (<see cref="Unavailable"/>: indicator id → source name).
/// </summary>
public sealed record PrefillResult(Dictionary<int, PrefillValue> Values, Dictionary<int, string> Unavailable)
{
    public static PrefillResult Empty => new([], []);
}

/// <summary>Merges every source and maps keys onto a version's indicators.</summary>
public sealed class Prefiller(IEnumerable<IPrefillSource> sources)
{
    /// <summary>Pre-fill values by indicator id for the indicators of <paramref name="version"/> that have a source.</summary>
    public async Task<PrefillResult> ForAsync(TemplateVersion version, Submission submission, CancellationToken ct)
    {
        var wanted = version.Indicators.Where(i => i.PrefillKey is not null && i.IsNumeric).ToList();
        if (wanted.Count == 0) return PrefillResult.Empty;
        var wantedKeys = wanted.Select(i => i.PrefillKey!).ToHashSet(StringComparer.Ordinal);
        var known = new Dictionary<string, PrefillValue>(StringComparer.Ordinal);
        var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (source.Provides is { } provides && !provides.Any(wantedKeys.Contains)) continue;
            try
            {
                foreach (var (key, value) in await source.ValuesAsync(submission.UnitId, submission.DataFrom, submission.DataTo, ct))
                {
                    known[key] = value;
                }
            }
            catch (PrefillSourceUnavailableException ex)
            {
                foreach (var key in ex.Keys) unavailable[key] = ex.SourceName;
            }
        }
        return new PrefillResult(
            wanted.Where(i => known.ContainsKey(i.PrefillKey!)).ToDictionary(i => i.Id, i => known[i.PrefillKey!]),
            wanted.Where(i => !known.ContainsKey(i.PrefillKey!) && unavailable.ContainsKey(i.PrefillKey!)).ToDictionary(i => i.Id, i => unavailable[i.PrefillKey!]));
    }
}
