using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Messaging.Idempotency;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Reporting.Apis;

public sealed record PersonRequest(string? Role, bool? IsPupil, string? FullName, string? Identifier, string? ClassName, int? Age);

public sealed record CreateIncidentRequest(string? Category, bool? IsLifeSafety, DateTimeOffset? OccurredAt, string? Place, string? Description,
    string? ActionsTaken, IReadOnlyList<PersonRequest>? People);

/// <summary>A person involved; name, identifier and class only for callers allowed to see them.</summary>
public sealed record PersonResponse(string PseudonymousId, string Role, bool IsPupil, string AgeBand, string? FullName, string? Identifier, string? ClassName);

/// <summary>An incident; <c>Description</c> and <c>ActionsTaken</c> are null for callers the school's narrative is not shared with (police).</summary>
public sealed record IncidentResponse(Guid Id, Guid ReportingUnitId, string UnitCode, string UnitName, string Category, bool IsLifeSafety,
    DateTimeOffset OccurredAt, string Place, string? Description, string? ActionsTaken, int PupilsInvolved, int OthersInvolved,
    DateTimeOffset ReportedAt, bool NamesVisible, IReadOnlyList<PersonResponse> People);

public sealed record IncidentSummary(Guid Id, Guid ReportingUnitId, string UnitCode, string UnitName, string Category, bool IsLifeSafety,
    DateTimeOffset OccurredAt, string Place, int PupilsInvolved, int OthersInvolved, DateTimeOffset ReportedAt);

/// <summary>
/// Incidents a school reports at once. Pupils' names and identifiers go to a separate table read only by the
/// reporting school's managers (and the Department's leaders for life-safety cases), every read recorded;
/// everyone else — including police and the <c>IncidentReported</c> event — sees pseudonymous ids and age bands.
/// </summary>
public static class IncidentsApi
{
    public const int MaxPeople = 100;

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/incidents").WithTags("Incidents");
        group.MapGet("/", ListIncidents);
        group.MapGet("/{id:guid}", GetIncident);
        group.MapPost("/", ReportIncident).WithIdempotency<ReportingDbContext>();
        return app;
    }

    public static async Task<Results<Ok<PagedResult<IncidentSummary>>, ValidationProblem>> ListIncidents(
        string? category, bool? lifeSafety, DateOnly? from, DateOnly? to, Guid? unitId, int? page, int? pageSize,
        [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var parsed = validator.Enum<IncidentCategory>("category", category, required: false);
        if (from > to) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        if (!validator.IsValid) return validator.ToProblem();
        var query = services.Db.Incidents.AsNoTracking();
        var me = services.Access.User.UnitId;
        if (services.Access.IsPolice)
        {
            var policeUnits = await services.Access.PoliceUnitsAsync(ct);
            var shared = services.Db.IncidentPoliceShares.Where(s => policeUnits.Contains(s.PoliceUnitId)).Select(s => s.IncidentId);
            query = query.Where(i => shared.Contains(i.Id));
        }
        else if (!services.Access.IsProvinceWide)
        {
            query = query.Where(i => i.ReportingUnitId == me || i.Chain.Contains(me));
        }
        if (parsed is { } c) query = query.Where(i => i.Category == c);
        if (lifeSafety is { } ls) query = query.Where(i => i.IsLifeSafety == ls);
        if (from is { } f) query = query.Where(i => i.OccurredOn >= f);
        if (to is { } t) query = query.Where(i => i.OccurredOn <= t);
        if (unitId is { } u) query = query.Where(i => i.ReportingUnitId == u);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        // Every read of incidents is on the audit trail: a list names the incidents it showed.
        services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.IncidentsListed, "incidents", "list",
            $"page {p}; {items.Count} of {total}; shown: {string.Join(",", items.Select(i => i.Id))}", services.Clock));
        await services.Db.SaveChangesAsync(ct);
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, items.Select(i => i.ReportingUnitId), ct);
        return TypedResults.Ok(new PagedResult<IncidentSummary>(items.Select(i =>
        {
            var l = labels.Label(i.ReportingUnitId);
            return new IncidentSummary(i.Id, i.ReportingUnitId, l.Code, l.Name, i.Category.ToString(), i.IsLifeSafety, i.OccurredAt, i.Place,
                i.PupilsInvolved, i.OthersInvolved, i.ReportedAt);
        }).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetIncident(Guid id, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var incident = await services.Db.Incidents.AsNoTracking().Include(i => i.People).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null || !await services.Access.CanReadIncidentAsync(incident, services.Db.IncidentPoliceShares, ct))
        {
            return Problems.NotFound($"Không có sự việc {id} trong phạm vi của bạn.", $"There is no incident {id} within your scope.");
        }
        return TypedResults.Ok(await ResponseAsync(services, incident, ct));
    }

    public static async Task<Results<Created<IncidentResponse>, ValidationProblem, ProblemHttpResult>> ReportIncident(
        CreateIncidentRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var now = services.Clock.GetUtcNow();
        var category = validator.Enum<IncidentCategory>("category", request.Category, required: true);
        if (request.IsLifeSafety is null) validator.Add("isLifeSafety", "Trường 'isLifeSafety' là bắt buộc.", "The field 'isLifeSafety' is required.");
        if (request.OccurredAt is not { } occurredAt)
        {
            validator.Add("occurredAt", "Trường 'occurredAt' là bắt buộc.", "The field 'occurredAt' is required.");
            occurredAt = now;
        }
        else if (occurredAt > now.AddMinutes(5))
        {
            validator.Add("occurredAt", "Thời điểm xảy ra không thể ở tương lai.", "occurredAt cannot be in the future.");
        }
        else if (occurredAt < now.AddYears(-1))
        {
            validator.Add("occurredAt", "Thời điểm xảy ra quá một năm trước.", "occurredAt is more than a year ago.");
        }
        var place = validator.Required("place", request.Place, 256);
        var description = validator.Required("description", request.Description, 2000);
        var actions = validator.Optional("actionsTaken", request.ActionsTaken, 2000);
        if (request.People is { Count: > MaxPeople }) validator.Add("people", $"Tối đa {MaxPeople} người.", $"At most {MaxPeople} people.");
        var people = new List<(IncidentPerson Person, IncidentIdentity? Identity)>();
        foreach (var (r, i) in (request.People ?? []).Take(MaxPeople).Select((r, i) => (r, i)))
        {
            var f = $"people[{i}]";
            var role = validator.Enum<InvolvementRole>($"{f}.role", r?.Role, required: true);
            if (r?.IsPupil is null) validator.Add($"{f}.isPupil", $"Trường '{f}.isPupil' là bắt buộc.", $"The field '{f}.isPupil' is required.");
            if (r?.Age is < 0 or > 120) validator.Add($"{f}.age", "Tuổi phải từ 0 đến 120.", "age must be between 0 and 120.");
            var name = validator.Optional($"{f}.fullName", r?.FullName, 128);
            var identifier = validator.Optional($"{f}.identifier", r?.Identifier, 64);
            var className = validator.Optional($"{f}.className", r?.ClassName, 32);
            var person = new IncidentPerson
            {
                Id = Guid.CreateVersion7(now), Ordinal = i, Role = role ?? InvolvementRole.Other, IsPupil = r?.IsPupil ?? false,
                PseudonymousId = Incident.NewPseudonym(r?.IsPupil ?? false), AgeBand = Incident.AgeBandOf(r?.Age),
            };
            var identity = name is null && identifier is null && className is null ? null
                : new IncidentIdentity { PersonId = person.Id, FullName = name ?? "", Identifier = identifier, ClassName = className };
            people.Add((person, identity));
        }
        // The description travels to coordination and police: it must not name the people whose names are kept apart.
        foreach (var (field, text) in new[] { ("description", description), ("place", place), ("actionsTaken", actions ?? "") })
        {
            foreach (var identity in people.Select(p => p.Identity).OfType<IncidentIdentity>())
            {
                if (PupilNameCheck.Mentions(text, identity.FullName, identity.Identifier))
                {
                    validator.Add(field, "Không ghi tên hoặc mã của người liên quan vào nội dung; chỉ ghi trong danh sách người liên quan.",
                        "Do not write the names or identifiers of the people involved here; put them only in the people list.");
                    break;
                }
            }
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!services.Access.MayReportIncidents)
        {
            return ApiSupport.Forbidden("Chỉ cán bộ quản lý và nhân viên nhà trường được báo cáo sự việc.", "Only school managers and staff may report incidents.");
        }

        var actor = services.Access.Actor(services.Clock);
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            ReportingUnitId = actor.UnitId,
            Chain = await services.Db.ReplicaAncestorsAsync(actor.UnitId, ct),
            Category = category!.Value,
            IsLifeSafety = request.IsLifeSafety!.Value,
            OccurredAt = occurredAt.ToUniversalTime(),
            OccurredOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurredAt, VietnamTime.Zone).DateTime),
            Place = place,
            Description = description,
            ActionsTaken = actions,
            PupilsInvolved = people.Count(p => p.Person.IsPupil),
            OthersInvolved = people.Count(p => !p.Person.IsPupil),
            ReportedBy = actor.UserId,
            ReportedAt = now,
            People = people.Select(p => p.Person).ToList(),
        };
        foreach (var p in people) p.Person.IncidentId = incident.Id;
        services.Db.Incidents.Add(incident);
        foreach (var identity in people.Select(p => p.Identity).OfType<IncidentIdentity>())
        {
            identity.IncidentId = incident.Id;
            services.Db.IncidentIdentities.Add(identity);
        }
        services.Db.AddIntegrationEvent(incident.ToEvent());
        await services.Db.SaveChangesAsync(ct);
        ReportingMetrics.Incidents.Add(1, new KeyValuePair<string, object?>("category", incident.Category.ToString()),
            new KeyValuePair<string, object?>("life_safety", incident.IsLifeSafety));
        services.Logger.LogInformation("Incident {IncidentId} ({Category}, life-safety {LifeSafety}) reported by unit {UnitId}",
            incident.Id, incident.Category, incident.IsLifeSafety, incident.ReportingUnitId);
        // The answer does not echo the names the school just typed: nothing to disclose, nothing kept with an
        // Idempotency-Key's stored answer. The manager reads them on the incident's page (a recorded read).
        return TypedResults.Created($"/api/reports/incidents/{incident.Id}", await ResponseAsync(services, incident, ct, disclose: false));
    }

    /// <summary>
    /// The incident as the caller may see it. A read (<paramref name="disclose"/>) is one line on the audit trail: with the
    /// names when they were shown (and an <see cref="IdentityDisclosure"/>), without them otherwise. The answer to a report
    /// (<paramref name="disclose"/> false) shows no names and records nothing.
    /// </summary>
    private static async Task<IncidentResponse> ResponseAsync(ReportingApiServices services, Incident incident, CancellationToken ct, bool disclose = true)
    {
        Dictionary<Guid, IncidentIdentity> identities = [];
        var namesVisible = disclose && services.Access.MaySeeNames(incident);
        if (namesVisible)
        {
            identities = await services.Db.IncidentIdentities.AsNoTracking().Where(i => i.IncidentId == incident.Id).ToDictionaryAsync(i => i.PersonId, ct);
        }
        if (disclose)
        {
            var subject = incident.Id.ToString();
            if (identities.Count > 0)
            {
                var user = services.Access.User;
                services.Db.IdentityDisclosures.Add(new IdentityDisclosure
                {
                    Id = Guid.CreateVersion7(), IncidentId = incident.Id, UserId = user.Id, UnitId = user.UnitId,
                    Roles = string.Join(",", user.Roles.Order()), At = services.Clock.GetUtcNow(),
                });
                services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.IncidentNamesRead, "incident", subject,
                    $"names of {identities.Count} people", services.Clock));
                services.Logger.LogInformation("Names of incident {IncidentId} disclosed to {UserId}", incident.Id, user.Id);
            }
            else
            {
                services.Db.AuditEntries.Add(services.Access.Audit(AuditActions.IncidentRead, "incident", subject,
                    services.Access.MaySeeNarrative ? null : "as shared with the police", services.Clock));
            }
            await services.Db.SaveChangesAsync(ct);
        }
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, [incident.ReportingUnitId], ct);
        var unit = labels.Label(incident.ReportingUnitId);
        return new IncidentResponse(incident.Id, incident.ReportingUnitId, unit.Code, unit.Name, incident.Category.ToString(), incident.IsLifeSafety,
            incident.OccurredAt, incident.Place,
            services.Access.MaySeeNarrative ? incident.Description : null, services.Access.MaySeeNarrative ? incident.ActionsTaken : null,
            incident.PupilsInvolved, incident.OthersInvolved,
            incident.ReportedAt, namesVisible,
            incident.People.OrderBy(p => p.Ordinal).Select(p =>
            {
                var identity = identities.GetValueOrDefault(p.Id);
                return new PersonResponse(p.PseudonymousId, p.Role.ToString(), p.IsPupil, p.AgeBand, identity?.FullName, identity?.Identifier, identity?.ClassName);
            }).ToList());
    }
}
