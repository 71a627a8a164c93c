using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.SafeLine;
using Platform.Messaging;
using Platform.SafeLine.Domain;
using Platform.SafeLine.Infrastructure;

namespace Platform.SafeLine.Apis;

/// <summary>A case in a handler's list: no words of the reporter, so listing is not reading.</summary>
public sealed record CaseSummary(Guid Id, string Code, SchoolResponse School, string Category, string Severity, string Status, DateTimeOffset ReceivedAt,
    DateTimeOffset? AcknowledgeBy, int EscalationLevel, int MessageCount, DateTimeOffset LastActivityAt);

public sealed record StaffMessage(bool FromReporter, string Author, string Text, DateTimeOffset At);

public sealed record CaseDetail(Guid Id, string Code, SchoolResponse School, string Category, string Severity, string Status, DateOnly OccurredOn,
    int? OccurredHour, string? Place, string Text, string? Contact, DateTimeOffset ReceivedAt, DateTimeOffset? AcknowledgeBy, DateTimeOffset? AcknowledgedAt,
    int EscalationLevel, string? Outcome, bool ClosedAsSpam, IReadOnlyList<StaffMessage> Messages);

public sealed record ReplyRequest(string? Text);

public sealed record CloseRequest(string? Outcome, bool? Spam);

public sealed record CaseReadResponse(string UserId, string UserName, DateTimeOffset At);

/// <summary>The school's side: its handlers list, read (each read recorded), acknowledge, answer and close cases.</summary>
public static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/safeline/cases").WithTags("Safe line (handlers)");
        group.MapGet("/", ListCases);
        group.MapGet("/{id:guid}", ReadCase);
        group.MapGet("/{id:guid}/reads", ListReads);
        group.MapPost("/{id:guid}/acknowledge", Acknowledge);
        group.MapPost("/{id:guid}/replies", Reply);
        group.MapPost("/{id:guid}/close", Close);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<CaseSummary>>, ValidationProblem>> ListCases(string? status, string? severity, int? page, int? pageSize,
        [AsParameters] StaffServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var byStatus = validator.Enum<CaseStatus>("status", status, required: false);
        var bySeverity = validator.Enum<CaseSeverity>("severity", severity, required: false);
        if (!validator.IsValid) return validator.ToProblem();

        await SeenAsync(services, ct);
        var q = (await services.Access.VisibleAsync(ct)).AsNoTracking();
        if (byStatus is { } s) q = q.Where(c => c.Status == s);
        if (bySeverity is { } v) q = q.Where(c => c.Severity == v);
        var total = await q.LongCountAsync(ct);
        // Open high-severity cases first, however many others came in: a flood never hides them.
        var rows = await q.OrderBy(c => c.Status == CaseStatus.Closed).ThenByDescending(c => c.Severity == CaseSeverity.High)
            .ThenBy(c => c.Status == CaseStatus.New ? 0 : 1).ThenByDescending(c => c.LastActivityAt).ThenBy(c => c.Id)
            .Skip((p - 1) * size).Take(size)
            .Select(c => new { Case = c, Count = c.Messages.Count })
            .ToListAsync(ct);
        var schools = await ApiSupport.SchoolsAsync(services.Db, rows.Select(r => r.Case.SchoolId), ct);
        var items = rows.Select(r => new CaseSummary(r.Case.Id, r.Case.Code, School(schools, r.Case.SchoolId), ApiSupport.Key(r.Case.Category),
            r.Case.Severity.ToString(), r.Case.Status.ToString(), r.Case.ReceivedAt, r.Case.AcknowledgeBy, r.Case.EscalationLevel, r.Count,
            r.Case.LastActivityAt)).ToList();
        return TypedResults.Ok(new PagedResult<CaseSummary>(items, p, size, total));
    }

    /// <summary>The case's words: every call is a read recorded on the case's append-only access log.</summary>
    public static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> ReadCase(Guid id, [AsParameters] StaffServices services, CancellationToken ct)
    {
        var c = await FindAsync(id, services, ct);
        if (c is null) return ApiSupport.CaseNotFound();
        var user = services.Access.User;
        services.Db.Reads.Add(new CaseRead(c.Id, user.Id, user.Name, services.Clock.GetUtcNow()));
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(c, services.Db, ct));
    }

    public static async Task<Results<Ok<IReadOnlyList<CaseReadResponse>>, ProblemHttpResult>> ListReads(Guid id, [AsParameters] StaffServices services,
        CancellationToken ct)
    {
        var c = await FindAsync(id, services, ct);
        if (c is null) return ApiSupport.CaseNotFound();
        var reads = await services.Db.Reads.AsNoTracking().Where(r => r.CaseId == id).OrderBy(r => r.Id)
            .Select(r => new CaseReadResponse(r.UserId, r.UserName, r.At)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CaseReadResponse>>(reads);
    }

    public static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> Acknowledge(Guid id, [AsParameters] StaffServices services, CancellationToken ct)
    {
        var c = await FindAsync(id, services, ct);
        if (c is null) return ApiSupport.CaseNotFound();
        if (c.Status == CaseStatus.Closed) return ApiSupport.Rule(new SafeLineRuleException("Tin báo đã đóng.", "The case is closed."));
        var now = services.Clock.GetUtcNow();
        if (c.Acknowledge(services.Access.User.Id, now)) Acknowledged(services, c, now);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(c, services.Db, ct));
    }

    public static async Task<Results<Ok<CaseDetail>, ValidationProblem, ProblemHttpResult>> Reply(Guid id, ReplyRequest request,
        [AsParameters] StaffServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var text = validator.Required("text", request.Text, CaseMessage.TextMax);
        if (!validator.IsValid) return validator.ToProblem();
        var c = await FindAsync(id, services, ct);
        if (c is null) return ApiSupport.CaseNotFound();
        var now = services.Clock.GetUtcNow();
        var wasAcknowledged = c.IsAcknowledged;
        try
        {
            services.Db.Messages.Add(c.Reply(services.Access.User.Id, services.Access.User.Name, text, now));
        }
        catch (SafeLineRuleException e)
        {
            return ApiSupport.Rule(e);
        }
        if (!wasAcknowledged) Acknowledged(services, c, now);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(c, services.Db, ct));
    }

    public static async Task<Results<Ok<CaseDetail>, ValidationProblem, ProblemHttpResult>> Close(Guid id, CloseRequest request,
        [AsParameters] StaffServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var spam = request.Spam ?? false;
        var outcome = spam ? null : validator.Required("outcome", request.Outcome, SafeCase.OutcomeMax);
        if (!validator.IsValid) return validator.ToProblem();
        var c = await FindAsync(id, services, ct);
        if (c is null) return ApiSupport.CaseNotFound();
        var now = services.Clock.GetUtcNow();
        var wasAcknowledged = c.IsAcknowledged;
        try
        {
            c.Close(services.Access.User.Id, outcome, spam, now);
        }
        catch (SafeLineRuleException e)
        {
            return ApiSupport.Rule(e);
        }
        if (!wasAcknowledged && c.IsAcknowledged) Acknowledged(services, c, now);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(c, services.Db, ct));
    }

    /// <summary>A school's staff member who opens the list becomes someone the principal can name as a handler.</summary>
    private static async Task SeenAsync(StaffServices services, CancellationToken ct)
    {
        var user = services.Access.User;
        if (!user.IsInRole(Platform.ServiceDefaults.PlatformRoles.SchoolStaff) || user.Id.Length > SchoolHandler.UserIdMax) return;
        var today = VietnamTime.Today(services.Clock);
        var name = user.Name.Length > SchoolHandler.NameMax ? user.Name[..SchoolHandler.NameMax] : user.Name;
        var member = await services.Db.Staff.FindAsync([user.UnitId, user.Id], ct);
        if (member is null) services.Db.Staff.Add(new StaffMember(user.UnitId, user.Id, name, today));
        else if (member.LastSeenOn != today || member.Name != name) member.Seen(name, today);
        else return;
        try
        {
            await services.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (member is null)
        {
            // The same person's two tabs at once: the other request recorded them.
            services.Db.ChangeTracker.Clear();
        }
    }

    private static void Acknowledged(StaffServices services, SafeCase c, DateTimeOffset now)
    {
        services.Db.AddAnonymousEvent(new SafeLineCaseAcknowledged
        {
            CaseId = c.Id, SchoolId = c.SchoolId, AcknowledgedByUserId = services.Access.User.Id, OccurredAt = SafeCase.ToMinute(now),
        });
        services.Logger.LogInformation("Safe line case {CaseId} acknowledged by {UserId}", c.Id, services.Access.User.Id);
    }

    private static async Task<SafeCase?> FindAsync(Guid id, StaffServices services, CancellationToken ct)
    {
        var c = await services.Db.Cases.Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct);
        return c is not null && await services.Access.MayHandleAsync(c, ct) ? c : null;
    }

    private static async Task<CaseDetail> DetailAsync(SafeCase c, SafeLineDbContext db, CancellationToken ct)
    {
        var schools = await ApiSupport.SchoolsAsync(db, [c.SchoolId], ct);
        return new CaseDetail(c.Id, c.Code, School(schools, c.SchoolId), ApiSupport.Key(c.Category), c.Severity.ToString(), c.Status.ToString(),
            c.OccurredOn, c.OccurredHour, c.Place, c.Text, c.Contact, c.ReceivedAt, c.AcknowledgeBy, c.AcknowledgedAt, c.EscalationLevel, c.Outcome,
            c.ClosedAsSpam,
            c.Messages.OrderBy(m => m.Sequence).ThenBy(m => m.At)
                .Select(m => new StaffMessage(m.FromReporter, m.FromReporter ? "Người báo tin" : m.AuthorName ?? "", m.Text, m.At)).ToList());
    }

    private static SchoolResponse School(Dictionary<Guid, SchoolResponse> schools, Guid id) =>
        schools.GetValueOrDefault(id) ?? new SchoolResponse(id, "", null);
}
