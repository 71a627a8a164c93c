using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Police;
using Platform.Messaging;

namespace Platform.Coordination.Apis;

public sealed record OutsideParticipantRequest(string? Name, string? Organisation, string? Email, string? Kind);

public sealed record ScheduleMeetingRequest(Guid? OrganiserUnitId, Guid? CadenceId, string? Title, string? Agenda, string? Location,
    DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, IReadOnlyList<Guid>? ParticipantUnitIds, IReadOnlyList<OutsideParticipantRequest>? OutsideParticipants);

public sealed record AttendanceRequest(Guid? ParticipantId, bool? Attended);

public sealed record RecordMeetingRequest(string? Minutes, IReadOnlyList<AttendanceRequest>? Attendance);

public sealed record DecisionRequest(string? Text, Guid? OwnerUnitId, DateOnly? DueDate);

public sealed record RecordDecisionsRequest(IReadOnlyList<DecisionRequest>? Decisions);

public sealed record CancelMeetingRequest(string? Reason);

public sealed record ParticipantResponse(Guid Id, Guid? UnitId, string Name, string? Organisation, string? Email, string Kind, bool IsPolice, bool IsLocalAuthority, bool? Attended);

public sealed record DecisionResponse(Guid Id, int Number, string Text, UnitLabel Owner, DateOnly DueDate, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>A meeting; for a police liaison only what the invitation told the police (no minutes, attendance or decisions).</summary>
public sealed record MeetingResponse(Guid Id, UnitLabel Organiser, Guid? CadenceId, string Title, string? Agenda, string Location, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string Status, int Sequence, string? Minutes, DateOnly? HeldOn, string? CancelReason, IReadOnlyList<ParticipantResponse> Participants,
    IReadOnlyList<DecisionResponse> Decisions, string InvitationUrl);

public sealed record MeetingSummary(Guid Id, UnitLabel Organiser, string Title, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status,
    int ParticipantCount, bool HasPolice, int DecisionCount);

/// <summary>Briefing meetings (giao ban): scheduling, the .ics invitation, attendance and minutes, decisions that become tasks.</summary>
public static class MeetingsApi
{
    public const int MaxParticipants = 200;

    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/coordination/meetings").WithTags("Briefing meetings");
        group.MapGet("/", ListMeetings);
        group.MapGet("/{id:guid}", GetMeeting);
        group.MapGet("/{id:guid}/invitation.ics", GetInvitation);
        group.MapPost("/", ScheduleMeeting);
        group.MapPost("/{id:guid}/record", RecordMeeting);
        group.MapPost("/{id:guid}/decisions", RecordDecisions);
        group.MapPost("/{id:guid}/cancel", CancelMeeting);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<MeetingSummary>>, ValidationProblem>> ListMeetings(
        DateOnly? from, DateOnly? to, Guid? unitId, string? status, int? page, int? pageSize, string? sort,
        [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var parsed = validator.Enum<MeetingStatus>("status", status, required: false);
        if (from > to) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        if (sort is not (null or "startsAt" or "-startsAt")) validator.Add("sort", "Chỉ sắp xếp theo startsAt hoặc -startsAt.", "sort must be startsAt or -startsAt.");
        if (!validator.IsValid) return validator.ToProblem();

        var q = await VisibleAsync(services, ct);
        if (parsed is { } s) q = q.Where(m => m.Status == s);
        if (from is { } f)
        {
            var start = new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
            q = q.Where(m => m.StartsAt >= start);
        }
        if (to is { } t)
        {
            var end = new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Zone.BaseUtcOffset);
            q = q.Where(m => m.StartsAt < end);
        }
        if (unitId is { } u) q = q.Where(m => m.OrganiserUnitId == u || m.Participants.Any(x => x.UnitId == u));
        q = sort == "startsAt" ? q.OrderBy(m => m.StartsAt).ThenBy(m => m.Id) : q.OrderByDescending(m => m.StartsAt).ThenBy(m => m.Id);
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var units = await services.Access.UnitsAsync(items.Select(m => m.OrganiserUnitId), ct);
        return TypedResults.Ok(new PagedResult<MeetingSummary>(items.Select(m => new MeetingSummary(m.Id, UnitLabel.Of(m.OrganiserUnitId, units), m.Title, m.Location,
            m.StartsAt, m.EndsAt, m.Status.ToString(), m.Participants.Count, m.HasPolice, services.Access.IsPolice ? 0 : m.Decisions.Count)).ToList(), p, size, total));
    }

    private static async Task<IQueryable<BriefingMeeting>> VisibleAsync(CoordinationApiServices services, CancellationToken ct)
    {
        var q = services.Db.Meetings.AsNoTracking().AsSplitQuery();
        var units = await services.Access.ReadableUnitsAsync(ct);
        if (units is null) return q;
        return services.Access.IsPolice
            ? q.Where(m => m.Participants.Any(x => x.IsPolice && x.UnitId != null && units.Contains(x.UnitId.Value)))
            : q.Where(m => units.Contains(m.OrganiserUnitId) || m.Participants.Any(x => x.UnitId != null && units.Contains(x.UnitId.Value)));
    }

    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> GetMeeting(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var meeting = await FindReadableAsync(services, id, ct);
        return meeting is null ? NotFound(id) : TypedResults.Ok(await ResponseAsync(services, meeting, ct));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetInvitation(Guid id, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        var meeting = await FindReadableAsync(services, id, ct);
        if (meeting is null) return NotFound(id);
        var units = await services.Access.UnitsAsync(meeting.ParticipantUnitIds.Append(meeting.OrganiserUnitId), ct);
        var bytes = Invitations.Build(meeting, units.GetValueOrDefault(meeting.OrganiserUnitId), units, services.Clock.GetUtcNow(),
            includeEmails: !services.Access.IsPolice);
        return TypedResults.File(bytes, Invitations.ContentType, $"giao-ban-{meeting.LocalDate:yyyy-MM-dd}-{meeting.Id.ToString("N")[..8]}.ics");
    }

    public static async Task<Results<Created<MeetingResponse>, ValidationProblem, ProblemHttpResult>> ScheduleMeeting(
        ScheduleMeetingRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var title = validator.Required("title", request.Title, BriefingMeeting.TitleMax);
        var location = validator.Required("location", request.Location, 300);
        var agenda = validator.Optional("agenda", request.Agenda, 4000);
        if (request.OrganiserUnitId is null) validator.Add("organiserUnitId", "Trường 'organiserUnitId' là bắt buộc.", "The field 'organiserUnitId' is required.");
        if (request.StartsAt is null) validator.Add("startsAt", "Trường 'startsAt' là bắt buộc.", "The field 'startsAt' is required.");
        if (request.EndsAt is null) validator.Add("endsAt", "Trường 'endsAt' là bắt buộc.", "The field 'endsAt' is required.");
        if (request.StartsAt is { } s && request.EndsAt is { } e && e <= s) validator.Add("endsAt", "Giờ kết thúc phải sau giờ bắt đầu.", "endsAt must be after startsAt.");
        var unitIds = (request.ParticipantUnitIds ?? []).Distinct().ToList();
        var outside = request.OutsideParticipants ?? [];
        if (unitIds.Count + outside.Count > MaxParticipants) validator.Add("participantUnitIds", $"Tối đa {MaxParticipants} người/đơn vị tham dự.", $"At most {MaxParticipants} participants.");
        var units = await services.Access.UnitsAsync(unitIds.Append(request.OrganiserUnitId ?? Guid.Empty), ct);
        if (request.OrganiserUnitId is { } organiser && !units.ContainsKey(organiser))
        {
            validator.Add("organiserUnitId", $"Đơn vị {organiser} không có trong danh mục.", $"Unit {organiser} is not in the directory.");
        }
        foreach (var (unitId, i) in unitIds.Select((u, i) => (u, i)))
        {
            if (!units.TryGetValue(unitId, out var unit) || !unit.IsActive)
            {
                validator.Add($"participantUnitIds[{i}]", $"Đơn vị {unitId} không có trong danh mục hoặc đã giải thể.", $"Unit {unitId} is not in the directory or was dissolved.");
            }
        }
        var outsideParticipants = new List<MeetingParticipant>();
        foreach (var (o, i) in outside.Select((o, i) => (o, i)))
        {
            var name = validator.Required($"outsideParticipants[{i}].name", o.Name, 256);
            var email = validator.Optional($"outsideParticipants[{i}].email", o.Email, 256);
            if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            {
                validator.Add($"outsideParticipants[{i}].email", "Địa chỉ thư điện tử không hợp lệ.", "The e-mail address is not valid.");
            }
            var kind = validator.Optional($"outsideParticipants[{i}].kind", o.Kind, 64) ?? UnitKinds.OtherAgency;
            if (!UnitKinds.OutsideAgencyKinds.Contains(kind))
            {
                validator.Add($"outsideParticipants[{i}].kind", $"Loại cơ quan phải là một trong: {string.Join(", ", UnitKinds.OutsideAgencyKinds)}.",
                    $"kind must be one of: {string.Join(", ", UnitKinds.OutsideAgencyKinds)}.");
            }
            outsideParticipants.Add(new MeetingParticipant
            {
                Name = name, Organisation = validator.Optional($"outsideParticipants[{i}].organisation", o.Organisation, 256),
                Email = email, Kind = kind, IsPolice = UnitKinds.IsPolice(kind), IsLocalAuthority = UnitKinds.IsLocalAuthority(kind),
            });
        }
        if (request.CadenceId is { } cadenceId && !await services.Db.Cadences.AnyAsync(c => c.Id == cadenceId, ct))
        {
            validator.Add("cadenceId", $"Không có chế độ giao ban {cadenceId}.", $"There is no cadence {cadenceId}.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        if (!await services.Access.CanManageMeetingAsync(request.OrganiserUnitId!.Value, ct))
        {
            return ApiResults.Forbidden("Bạn không được tổ chức giao ban cho đơn vị này.", "You may not organise meetings for this unit.");
        }

        var actor = services.Actor;
        var meeting = new BriefingMeeting
        {
            Id = Guid.CreateVersion7(actor.At), OrganiserUnitId = request.OrganiserUnitId!.Value, CadenceId = request.CadenceId, Title = title, Agenda = agenda,
            Location = location, StartsAt = request.StartsAt!.Value, EndsAt = request.EndsAt!.Value, Status = MeetingStatus.Scheduled,
            CreatedAt = actor.At, CreatedBy = actor.UserId, CreatedByUnitId = actor.UnitId, UpdatedAt = actor.At, UpdatedBy = actor.UserId,
        };
        foreach (var unitId in unitIds)
        {
            var unit = units[unitId];
            meeting.Participants.Add(new MeetingParticipant
            {
                MeetingId = meeting.Id, UnitId = unitId, Name = unit.Name, Kind = unit.Kind,
                IsPolice = UnitKinds.IsPolice(unit.Kind), IsLocalAuthority = UnitKinds.IsLocalAuthority(unit.Kind),
            });
        }
        foreach (var p in outsideParticipants)
        {
            p.MeetingId = meeting.Id;
            meeting.Participants.Add(p);
        }
        services.Db.Meetings.Add(meeting);
        if (meeting.Participants.Any(p => p.IsPolice && p.UnitId is not null))
        {
            services.Db.AddIntegrationEvent(PoliceMessages.MeetingScheduled(meeting, units.GetValueOrDefault(meeting.OrganiserUnitId), units, actor.At));
        }
        await services.Db.SaveChangesAsync(ct);
        services.Logger.LogInformation("Briefing meeting {MeetingId} scheduled by {UserId} for {StartsAt}", meeting.Id, actor.UserId, meeting.StartsAt);
        return TypedResults.Created($"/api/coordination/meetings/{meeting.Id}", await ResponseAsync(services, meeting, ct));
    }

    public static async Task<Results<Ok<MeetingResponse>, ValidationProblem, ProblemHttpResult>> RecordMeeting(
        Guid id, RecordMeetingRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var minutes = validator.Required("minutes", request.Minutes, 20000);
        var attendance = new Dictionary<Guid, bool>();
        foreach (var (a, i) in (request.Attendance ?? []).Select((a, i) => (a, i)))
        {
            if (a.ParticipantId is null || a.Attended is null)
            {
                validator.Add($"attendance[{i}]", "Cần 'participantId' và 'attended'.", "Both 'participantId' and 'attended' are required.");
                continue;
            }
            attendance[a.ParticipantId.Value] = a.Attended.Value;
        }
        if (!validator.IsValid) return validator.ToProblem();
        var meeting = await FindReadableAsync(services, id, ct, track: true);
        if (meeting is null) return NotFound(id);
        if (!await services.Access.CanManageMeetingAsync(meeting.OrganiserUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        bool first;
        try
        {
            first = meeting.Record(minutes, attendance, actor);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        if (first)
        {
            services.Db.AddIntegrationEvent(new BriefingMeetingHeld
            {
                MeetingId = meeting.Id,
                OrganiserUnitId = meeting.OrganiserUnitId,
                ParticipantUnitIds = meeting.Participants.Where(p => p.UnitId != null && p.Attended != false).Select(p => p.UnitId!.Value).ToList(),
                HeldOn = meeting.HeldOn!.Value,
                PoliceAttended = meeting.Participants.Any(p => p.IsPolice && p.Attended == true),
                LocalAuthorityAttended = meeting.Participants.Any(p => p.IsLocalAuthority && p.Attended == true),
                DecisionCount = meeting.Decisions.Count,
                OccurredAt = actor.At,
            });
        }
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, meeting, ct));
    }

    public static async Task<Results<Ok<MeetingResponse>, ValidationProblem, ProblemHttpResult>> RecordDecisions(
        Guid id, RecordDecisionsRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var decisions = request.Decisions ?? [];
        if (decisions.Count is 0 or > 50) validator.Add("decisions", "Cần từ 1 đến 50 kết luận.", "Send between 1 and 50 decisions.");
        var units = await services.Access.UnitsAsync(decisions.Where(d => d.OwnerUnitId != null).Select(d => d.OwnerUnitId!.Value), ct);
        var parsed = new List<(string Text, Guid Owner, DateOnly Due)>();
        foreach (var (d, i) in decisions.Select((d, i) => (d, i)))
        {
            var text = validator.Required($"decisions[{i}].text", d.Text, 2000);
            if (d.OwnerUnitId is not { } owner || !units.TryGetValue(owner, out var unit) || !unit.IsActive)
            {
                validator.Add($"decisions[{i}].ownerUnitId", "Cần đơn vị thực hiện có trong danh mục.", "An owner unit from the directory is required.");
            }
            if (d.DueDate is null) validator.Add($"decisions[{i}].dueDate", "Trường 'dueDate' là bắt buộc.", "The field 'dueDate' is required.");
            parsed.Add((text, d.OwnerUnitId ?? Guid.Empty, d.DueDate ?? default));
        }
        if (!validator.IsValid) return validator.ToProblem();
        var meeting = await FindReadableAsync(services, id, ct, track: true);
        if (meeting is null) return NotFound(id);
        if (!await services.Access.CanManageMeetingAsync(meeting.OrganiserUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        try
        {
            foreach (var (text, owner, due) in parsed)
            {
                var decision = meeting.AddDecision(Guid.CreateVersion7(actor.At), text, owner, due, actor);
                services.Db.MeetingDecisions.Add(decision);
                services.Db.AddIntegrationEvent(new MeetingDecisionRecorded
                {
                    DecisionId = decision.Id,
                    MeetingId = meeting.Id,
                    Number = decision.Number,
                    MeetingTitle = meeting.Title,
                    MeetingHeldOn = meeting.HeldOn!.Value,
                    OrganiserUnitId = meeting.OrganiserUnitId,
                    OwnerUnitId = owner,
                    Text = text,
                    DueDate = due,
                    RecordedByUserId = actor.UserId,
                    OccurredAt = actor.At,
                });
            }
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, meeting, ct));
    }

    public static async Task<Results<Ok<MeetingResponse>, ValidationProblem, ProblemHttpResult>> CancelMeeting(
        Guid id, CancelMeetingRequest? request, [AsParameters] CoordinationApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiResults.MissingBody();
        var validator = new RequestValidator();
        var reason = validator.Required("reason", request.Reason, 1000);
        if (!validator.IsValid) return validator.ToProblem();
        var meeting = await FindReadableAsync(services, id, ct, track: true);
        if (meeting is null) return NotFound(id);
        if (!await services.Access.CanManageMeetingAsync(meeting.OrganiserUnitId, ct)) return ApiResults.ReadOnly();
        var actor = services.Actor;
        try
        {
            meeting.Cancel(reason, actor);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        if (meeting.Participants.Any(p => p.IsPolice && p.UnitId is not null))
        {
            services.Db.AddIntegrationEvent(PoliceMessages.MeetingCancelled(meeting, actor.At));
        }
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, meeting, ct));
    }

    private static async Task<BriefingMeeting?> FindReadableAsync(CoordinationApiServices services, Guid id, CancellationToken ct, bool track = false)
    {
        var q = services.Db.Meetings.AsSplitQuery();
        if (!track) q = q.AsNoTracking();
        var meeting = await q.FirstOrDefaultAsync(m => m.Id == id, ct);
        return meeting is not null && await services.Access.CanReadAsync(meeting, ct) ? meeting : null;
    }

    private static async Task<MeetingResponse> ResponseAsync(CoordinationApiServices services, BriefingMeeting m, CancellationToken ct)
    {
        var police = services.Access.IsPolice;
        var units = await services.Access.UnitsAsync(m.Decisions.Select(d => d.OwnerUnitId).Append(m.OrganiserUnitId), ct);
        return new MeetingResponse(m.Id, UnitLabel.Of(m.OrganiserUnitId, units), m.CadenceId, m.Title, m.Agenda, m.Location, m.StartsAt, m.EndsAt, m.Status.ToString(),
            m.Sequence, police ? null : m.Minutes, m.HeldOn, m.CancelReason,
            m.Participants.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new ParticipantResponse(p.Id, p.UnitId, p.Name, p.Organisation, police ? null : p.Email,
                p.Kind, p.IsPolice, p.IsLocalAuthority, police ? null : p.Attended)).ToList(),
            police ? [] : m.Decisions.OrderBy(d => d.Number).Select(d => new DecisionResponse(d.Id, d.Number, d.Text, UnitLabel.Of(d.OwnerUnitId, units), d.DueDate, d.RecordedAt, d.RecordedBy)).ToList(),
            $"/api/coordination/meetings/{m.Id}/invitation.ics");
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiResults.NotFound("cuộc giao ban", "briefing meeting", id);
}
