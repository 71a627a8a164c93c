using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;

namespace Platform.Coordination.Apis;

public sealed record ReferIncidentRequest(Guid? IncidentId, string? Note);

public sealed record CloseReferralRequest(string? Note);

/// <param name="TraceId">The trace of the step that wrote the line, to find it in the dashboard.</param>
public sealed record ReferralEventResponse(DateTimeOffset At, string Kind, Guid? MessageId, string? Detail, string? TraceId);

public sealed record PersonView(string PseudonymousId, string Role, bool IsPupil, string AgeBand);

/// <summary>
/// A referral; a police liaison sees what crossed to the police (no note). The school's narrative (description,
/// actions taken) is not here: it never leaves the reporting service, which shows it on the incident page
/// (<c>/reporting/incidents/{IncidentId}</c>) to the roles allowed to read it.
/// </summary>
public sealed record ReferralResponse(Guid Id, Guid IncidentId, UnitLabel ReportingUnit, UnitLabel? PoliceUnit, string Category, string Severity, string Trigger,
    string Status, DateTimeOffset OccurredAt, string Place, string? Note, IReadOnlyList<PersonView> People,
    DateTimeOffset RequestedAt, DateTimeOffset? SentAt, DateTimeOffset AcknowledgeBy, bool AcknowledgementOverdue, int SendAttempts,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? AcknowledgementReceivedAt, DateTimeOffset? DecidedAt, DateTimeOffset? OutcomeAt, DateTimeOffset? ClosedAt, string? HandlingUnit,
    string? PoliceCaseReference, string? DeclineReason, string? Outcome, string? OutcomeSummary, int EscalationLevel, IReadOnlyList<UnitLabel> EscalatedTo,
    IReadOnlyList<ReferralEventResponse> History);

/// <param name="AcknowledgementReceivedAt">When the platform recorded the police acknowledgement (the moment the referral shows it).</param>
public sealed record ReferralSummary(Guid Id, Guid IncidentId, UnitLabel ReportingUnit, string Category, string Severity, string Status, DateTimeOffset RequestedAt,
    DateTimeOffset AcknowledgeBy, bool AcknowledgementOverdue, int EscalationLevel, int SendAttempts, DateTimeOffset? AcknowledgementReceivedAt);

public sealed record ReferralDashboard(int Total, IReadOnlyDictionary<string, int> ByStatus, int AwaitingAcknowledgement, int AcknowledgementOverdue,
    int Escalated, int EscalatedToMyUnit, IReadOnlyList<ReferralSummary> NeedsAttention);

public sealed record IncidentSummary(Guid Id, UnitLabel ReportingUnit, string Category, bool IsLifeSafety, DateTimeOffset OccurredAt, string Place,
    int PupilsInvolved, DateTimeOffset ReportedAt, Guid? ReferralId);

/// <summary>Incident referral to the police: the lifecycle, the SLA, escalation, and the choice to refer.</summary>
public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coordination/referrals").WithTags("Referrals");
        group.MapGet("/", ListReferrals);
        group.MapGet("/dashboard", Dashboard);
        group.MapGet("/{id:guid}", GetReferral);
        group.MapPost("/", ReferIncident);
        group.MapPost("/{id:guid}/close", CloseReferral);
        app.MapGet("/api/coordination/incidents", ListIncidents).WithTags("Referrals");
        return app;
    }

    private static async Task<IQueryable<Referral>> VisibleAsync(CoordinationApiServices services, CancellationToken ct)
    {
        var q = services.Db.Referrals.AsNoTracking();
        var units = await services.Access.ReadableUnitsAsync(ct);
        if (units is null) return q;
        return services.Access.IsPolice
            ? q.Where(r => r.PoliceUnitId != null && units.Contains(r.PoliceUnitId.Value))
            : q.Where(r => units.Contains(r.ReportingUnitId));
    }

    public static async Task<Results<Ok<PagedResult<ReferralSummary>>, ValidationProblem>> ListReferrals(
        string? status, string? severity, bool? escalated, bool? overdue, Guid? unitId, int? page, int? pageSize,
        [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var s = validator.Enum<ReferralStatus>("status", status, required: false);
        var sev = validator.Enum<ReferralSeverity>("severity", severity, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var now = services.Clock.GetUtcNow();
        var q = await VisibleAsync(services, ct);
        if (s is { } st) q = q.Where(r => r.Status == st);
        if (sev is { } sv) q = q.Where(r => r.Severity == sv);
        if (escalated is { } e) q = e ? q.Where(r => r.EscalationLevel > 0) : q.Where(r => r.EscalationLevel == 0);
        if (overdue == true) q = q.Where(r => (r.Status == ReferralStatus.Requested || r.Status == ReferralStatus.Sent) && r.AcknowledgeBy < now);
        if (unitId is { } u) q = q.Where(r => r.ReportingUnitId == u);
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var units = await services.Access.UnitsAsync(items.Select(r => r.ReportingUnitId), ct);
        return TypedResults.Ok(new PagedResult<ReferralSummary>(items.Select(r => Summary(r, units, now)).ToList(), p, size, total));
    }

    /// <summary>What a district or the Department must look at: counts by status, overdue and escalated referrals in scope.</summary>
    public static async Task<Ok<ReferralDashboard>> Dashboard([AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var now = services.Clock.GetUtcNow();
        var q = await VisibleAsync(services, ct);
        var byStatus = await q.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var awaiting = await q.CountAsync(r => r.Status == ReferralStatus.Requested || r.Status == ReferralStatus.Sent, ct);
        var overdue = await q.CountAsync(r => (r.Status == ReferralStatus.Requested || r.Status == ReferralStatus.Sent) && r.AcknowledgeBy < now, ct);
        var escalated = await q.CountAsync(r => r.EscalationLevel > 0 && r.Status != ReferralStatus.Closed, ct);
        var mine = services.Access.User.UnitId;
        var toMe = await q.CountAsync(r => r.EscalatedToUnitIds.Contains(mine) && r.Status != ReferralStatus.Closed, ct);
        var attention = await q.Where(r => (r.EscalationLevel > 0 || r.AcknowledgeBy < now) && (r.Status == ReferralStatus.Requested || r.Status == ReferralStatus.Sent))
            .OrderByDescending(r => r.EscalationLevel).ThenBy(r => r.AcknowledgeBy).Take(20).ToListAsync(ct);
        var units = await services.Access.UnitsAsync(attention.Select(r => r.ReportingUnitId), ct);
        return TypedResults.Ok(new ReferralDashboard(byStatus.Sum(x => x.Count), byStatus.ToDictionary(x => x.Key.ToString(), x => x.Count), awaiting, overdue,
            escalated, toMe, attention.Select(r => Summary(r, units, now)).ToList()));
    }

    public static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetReferral(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var referral = await services.Db.Referrals.AsNoTracking().Include(r => r.History).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null || !await services.Access.CanReadAsync(referral, ct)) return NotFound(id);
        return TypedResults.Ok(await ResponseAsync(services, referral, ct));
    }

    public static async Task<Results<Created<ReferralResponse>, ValidationProblem, ProblemHttpResult>> ReferIncident(
        ReferIncidentRequest? request, [AsParameters] CoordinationApiServices services, ReferralService referrals, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        if (request.IncidentId is null) validator.Add("incidentId", "Trường 'incidentId' là bắt buộc.", "The field 'incidentId' is required.");
        var note = validator.Optional("note", request.Note, 2000);
        if (!validator.IsValid) return validator.ToProblem();
        if (services.Access.IsPolice) return ApiResults.ReadOnly();
        var incident = await services.Db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == request.IncidentId, ct);
        var readable = await services.Access.ReadableUnitsAsync(ct);
        if (incident is null || (readable is not null && !readable.Contains(incident.ReportingUnitId)))
        {
            return ApiResults.NotFound("sự việc", "incident", request.IncidentId!.Value);
        }
        if (!await services.Access.CanManageAsync(incident.ReportingUnitId, ct))
        {
            return ApiResults.Forbidden("Bạn không được chuyển sự việc này cho công an.", "You may not refer this incident to the police.");
        }
        if (await services.Db.Referrals.AnyAsync(r => r.IncidentId == incident.Id, ct))
        {
            return Problems.Conflict("Sự việc đã được chuyển cho công an.", "The incident has already been referred to the police.");
        }
        var actor = services.Actor;
        var referral = await referrals.ReferAsync(incident, ReferralTrigger.Manual, actor.UserId, note, actor.At, ct);
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Sự việc đã được chuyển cho công an.", "The incident has already been referred to the police.");
        }
        return TypedResults.Created($"/api/coordination/referrals/{referral.Id}", await ResponseAsync(services, referral, ct));
    }

    public static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> CloseReferral(
        Guid id, CloseReferralRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        var referral = await services.Db.LockReferralAsync(id, ct);
        if (referral is null || !await services.Access.CanReadAsync(referral, ct)) return NotFound(id);
        if (services.Access.IsPolice || !await services.Access.CanManageAsync(referral.ReportingUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        var previous = referral.Status;
        try
        {
            referral.Close(actor.UserId, request?.Note, actor.At);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        services.Db.AddIntegrationEvent(new ReferralStatusChanged
        {
            ReferralId = referral.Id, IncidentId = referral.IncidentId, ReportingUnitId = referral.ReportingUnitId,
            PreviousStatus = previous.ToString(), Status = referral.Status.ToString(), OccurredAt = actor.At,
        });
        await services.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var reloaded = await services.Db.Referrals.AsNoTracking().Include(r => r.History).FirstAsync(r => r.Id == id, ct);
        return TypedResults.Ok(await ResponseAsync(services, reloaded, ct));
    }

    /// <summary>Incidents reported in scope, to pick one to refer; police liaisons see referrals, not incidents.</summary>
    public static async Task<Results<Ok<PagedResult<IncidentSummary>>, ValidationProblem, ProblemHttpResult>> ListIncidents(
        bool? referred, int? page, int? pageSize, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (services.Access.IsPolice) return ApiResults.Forbidden("Công an xem các hồ sơ được chuyển, không xem danh sách sự việc.", "Police liaisons see referrals, not the incident list.");
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid) return validator.ToProblem();
        var q = services.Db.Incidents.AsNoTracking();
        if (await services.Access.ReadableUnitsAsync(ct) is { } units) q = q.Where(i => units.Contains(i.ReportingUnitId));
        var referrals = services.Db.Referrals.AsNoTracking();
        if (referred is { } r) q = r ? q.Where(i => referrals.Any(x => x.IncidentId == i.Id)) : q.Where(i => !referrals.Any(x => x.IncidentId == i.Id));
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderByDescending(i => i.ReportedAt).ThenBy(i => i.Id).Skip((p - 1) * size).Take(size)
            .Select(i => new { Incident = i, ReferralId = referrals.Where(x => x.IncidentId == i.Id).Select(x => (Guid?)x.Id).FirstOrDefault() })
            .ToListAsync(ct);
        var labels = await services.Access.UnitsAsync(items.Select(i => i.Incident.ReportingUnitId), ct);
        return TypedResults.Ok(new PagedResult<IncidentSummary>(items.Select(x => new IncidentSummary(x.Incident.Id, UnitLabel.Of(x.Incident.ReportingUnitId, labels),
            x.Incident.Category, x.Incident.IsLifeSafety, x.Incident.OccurredAt, x.Incident.Place, x.Incident.PupilsInvolved, x.Incident.ReportedAt, x.ReferralId)).ToList(),
            p, size, total));
    }

    private static ReferralSummary Summary(Referral r, IReadOnlyDictionary<Guid, Platform.UnitDirectory.UnitReplica> units, DateTimeOffset now) =>
        new(r.Id, r.IncidentId, UnitLabel.Of(r.ReportingUnitId, units), r.Category, r.Severity.ToString(), r.Status.ToString(), r.RequestedAt, r.AcknowledgeBy,
            r.AwaitsAcknowledgement && r.AcknowledgeBy < now, r.EscalationLevel, r.SendAttempts, r.AcknowledgementReceivedAt);

    private static async Task<ReferralResponse> ResponseAsync(CoordinationApiServices services, Referral r, CancellationToken ct)
    {
        var police = services.Access.IsPolice;
        var incident = await services.Db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == r.IncidentId, ct);
        var units = await services.Access.UnitsAsync(r.EscalatedToUnitIds.Append(r.ReportingUnitId).Concat(r.PoliceUnitId is { } pu ? [pu] : []), ct);
        var now = services.Clock.GetUtcNow();
        return new ReferralResponse(r.Id, r.IncidentId, UnitLabel.Of(r.ReportingUnitId, units), r.PoliceUnitId is { } p ? UnitLabel.Of(p, units) : null,
            r.Category, r.Severity.ToString(), r.Trigger.ToString(), r.Status.ToString(), incident?.OccurredAt ?? default, incident?.Place ?? "",
            police ? null : r.Note,
            incident?.People.Select(x => new PersonView(x.PseudonymousId, x.Role, x.IsPupil, x.AgeBand)).ToList() ?? [],
            r.RequestedAt, r.SentAt, r.AcknowledgeBy, r.AwaitsAcknowledgement && r.AcknowledgeBy < now, r.SendAttempts, r.AcknowledgedAt, r.AcknowledgementReceivedAt, r.DecidedAt, r.OutcomeAt,
            r.ClosedAt, r.HandlingUnit, r.PoliceCaseReference, r.DeclineReason, r.Outcome, r.OutcomeSummary, r.EscalationLevel,
            r.EscalatedToUnitIds.Select(u => UnitLabel.Of(u, units)).ToList(),
            r.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new ReferralEventResponse(h.At, h.Kind, h.MessageId, h.Detail, h.TraceId)).ToList());
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiResults.NotFound("hồ sơ chuyển công an", "referral", id);
}
