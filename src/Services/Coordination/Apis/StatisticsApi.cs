using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Coordination.Domain;

namespace Platform.Coordination.Apis;

/// <summary>Numbers for the reporting service's pre-fill, keyed as its <c>PrefillKeys</c> name them.</summary>
public sealed record CoordinationStatistics(Guid UnitId, DateOnly From, DateOnly To, IReadOnlyDictionary<string, int> Values);

public static class StatisticsApi
{
    public const string BriefingMeetingsHeld = "coordination.briefing-meetings-held";
    public const string ProgrammesSigned = "coordination.programmes-signed";
    public const string ReferredToPolice = "coordination.referred-to-police";

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/coordination/statistics", GetStatistics).WithTags("Statistics");
        return app;
    }

    /// <summary>
    /// For one unit and data window: briefing meetings it organised or attended that were held, programmes it
    /// is owner or party of that were signed in the window, incidents it reported that went to the police.
    /// </summary>
    public static async Task<Results<Ok<CoordinationStatistics>, ValidationProblem, ProblemHttpResult>> GetStatistics(
        Guid? unitId, DateOnly? from, DateOnly? to, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (unitId is null) validator.Add("unitId", "Trường 'unitId' là bắt buộc.", "The field 'unitId' is required.");
        if (from is null) validator.Add("from", "Trường 'from' là bắt buộc.", "The field 'from' is required.");
        if (to is null) validator.Add("to", "Trường 'to' là bắt buộc.", "The field 'to' is required.");
        if (from > to) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        if (!validator.IsValid) return validator.ToProblem();
        var unit = unitId!.Value;
        if (services.Access.IsPolice || await services.Access.ReadableUnitsAsync(ct) is { } units && !units.Contains(unit))
        {
            return ApiResults.NotFound("đơn vị", "unit", unit);
        }
        var (f, t) = (from!.Value, to!.Value);
        var db = services.Db;
        var meetings = await db.Meetings.AsNoTracking().CountAsync(m => m.Status == MeetingStatus.Held && m.HeldOn >= f && m.HeldOn <= t
            && (m.OrganiserUnitId == unit || m.Participants.Any(p => p.UnitId == unit && p.Attended != false)), ct);
        var programmes = await db.Programmes.AsNoTracking().CountAsync(p => p.SignedOn >= f && p.SignedOn <= t && p.Status != ProgrammeStatus.Draft
            && (p.OwnerUnitId == unit || p.Parties.Any(x => x.UnitId == unit)), ct);
        var startUtc = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
        var endUtc = new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
        var referred = await db.Referrals.AsNoTracking().CountAsync(r => r.ReportingUnitId == unit && r.RequestedAt >= startUtc && r.RequestedAt < endUtc, ct);
        return TypedResults.Ok(new CoordinationStatistics(unit, f, t, new Dictionary<string, int>
        {
            [BriefingMeetingsHeld] = meetings,
            [ProgrammesSigned] = programmes,
            [ReferredToPolice] = referred,
        }));
    }
}
