using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Apis;

/// <summary>Assignments: the caller's list, detail with the cascade tree, and the unit's own actions on them.</summary>
public static class AssignmentsApi
{
    public static IEndpointRouteBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks/assignments").WithTags("Assignments");
        group.MapGet("/", ListAssignments);
        group.MapGet("/{id:guid}", GetAssignment);
        group.MapPost("/{id:guid}/acknowledge", Acknowledge);
        group.MapPost("/{id:guid}/start", Start);
        group.MapPost("/{id:guid}/progress", ReportProgress);
        group.MapPost("/{id:guid}/evidence", UploadEvidence).DisableAntiforgery();
        group.MapPost("/{id:guid}/complete", Complete);
        group.MapPost("/{id:guid}/delegate", Delegate);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<AssignmentSummary>>, ValidationProblem>> ListAssignments(
        [AsParameters] AssignmentListQuery query, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var status = validator.Enum<AssignmentStatus>("status", query.Status, required: false);
        var tracking = validator.Enum<TrackingStatus>("tracking", query.Tracking, required: false);
        if (query.Sort is not (null or "dueDate" or "-dueDate" or "assignedAt" or "-assignedAt"))
        {
            validator.Add("sort", "Chỉ sắp xếp theo dueDate, -dueDate, assignedAt hoặc -assignedAt.", "sort must be dueDate, -dueDate, assignedAt or -assignedAt.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var q = await ScopedAsync(services, ct);
        if (query.Mine == true) q = q.Where(a => a.UnitId == services.Access.User.UnitId);
        if (query.UnitId is { } unitId) q = q.Where(a => a.UnitId == unitId);
        if (query.DocumentId is { } documentId) q = q.Where(a => a.DocumentId == documentId);
        if (query.TaskNumber is { } taskNumber) q = q.Where(a => a.TaskNumber == taskNumber);
        if (status is { } s) q = q.Where(a => a.Status == s);
        if (tracking is { } t) q = WhereTracking(q, t, services.Today);
        q = query.Sort switch
        {
            "-dueDate" => q.OrderByDescending(a => a.DueDate).ThenBy(a => a.Id),
            "assignedAt" => q.OrderBy(a => a.AssignedAt).ThenBy(a => a.Id),
            "-assignedAt" => q.OrderByDescending(a => a.AssignedAt).ThenBy(a => a.Id),
            _ => q.OrderBy(a => a.DueDate == null).ThenBy(a => a.DueDate).ThenBy(a => a.Id),
        };
        var total = await q.LongCountAsync(ct);
        var items = await q.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<AssignmentSummary>(await SummariesAsync(services.Db, items, services.Today, ct), page, pageSize, total));
    }

    public static async Task<Results<Ok<AssignmentResponse>, ProblemHttpResult>> GetAssignment(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var db = services.Db;
        var assignment = await db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
        {
            return ApiResults.AssignmentNotFound(id);
        }
        return TypedResults.Ok(await DetailAsync(db, assignment, services.Today, ct));
    }

    public static Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct) =>
        ActAsync(id, services, ct, (assignment, actor) =>
        {
            AssignmentWorkflow.Acknowledge(services.Db, assignment, actor);
            return Task.CompletedTask;
        });

    public static Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct) =>
        ActAsync(id, services, ct, (assignment, actor) =>
        {
            AssignmentWorkflow.Start(services.Db, assignment, actor);
            return Task.CompletedTask;
        });

    public static async Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> ReportProgress(
        Guid id, ProgressRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        return await ActAsync(id, services, ct, async (assignment, actor) =>
        {
            var validator = new RequestValidator();
            if (request is null)
            {
                throw new ValidationFailed(ApiResults.MissingBody());
            }
            var text = validator.Required("text", request.Text, DocumentLimits.TaskText);
            if (request.Percent is not { } percent)
            {
                validator.Add("percent", "Trường 'percent' là bắt buộc.", "The field 'percent' is required.");
                percent = 0;
            }
            else if (percent is < 0 or > 100)
            {
                validator.Add("percent", "Tỷ lệ hoàn thành phải từ 0 đến 100.", "percent must be between 0 and 100.");
            }
            var links = new List<string>();
            foreach (var (link, i) in (request.Links ?? []).Select((l, i) => (l, i)))
            {
                if (links.Count >= DocumentLimits.MaxLinks)
                {
                    validator.Add("links", $"Tối đa {DocumentLimits.MaxLinks} liên kết.", $"At most {DocumentLimits.MaxLinks} links.");
                    break;
                }
                if (!Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || link!.Length > 2000)
                {
                    validator.Add($"links[{i}]", "Liên kết phải là địa chỉ http(s) đầy đủ.", "A link must be an absolute http(s) address.");
                    continue;
                }
                links.Add(uri.ToString());
            }
            var evidenceIds = (request.EvidenceIds ?? []).Distinct().ToList();
            if (evidenceIds.Count > 0)
            {
                var known = await services.Db.Attachments.Where(a => evidenceIds.Contains(a.Id)
                    && a.OwnerKind == AttachmentOwner.Assignment && a.OwnerId == assignment.Id).Select(a => a.Id).ToListAsync(ct);
                foreach (var (evidence, i) in evidenceIds.Select((e, i) => (e, i)).Where(x => !known.Contains(x.e)))
                {
                    validator.Add($"evidenceIds[{i}]", $"Không có minh chứng {evidence} đã tải lên cho nhiệm vụ này.", $"No evidence {evidence} was uploaded for this assignment.");
                }
            }
            if (!validator.IsValid)
            {
                throw new ValidationFailed(validator.ToProblem());
            }

            AssignmentWorkflow.ReportProgress(services.Db, assignment, percent, text, links, evidenceIds, actor);
        });
    }

    public static async Task<Results<Created<AttachmentResponse>, ValidationProblem, ProblemHttpResult>> UploadEvidence(
        Guid id, HttpRequest request, IOptions<AttachmentOptions> options, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var assignment = await services.Db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
        {
            return ApiResults.AssignmentNotFound(id);
        }
        if (!services.Access.CanActOn(assignment))
        {
            return NotYours();
        }
        if (!assignment.IsOpen)
        {
            return ApiResults.Unprocessable("Nhiệm vụ đã đóng; không tải thêm minh chứng.", "The assignment is closed; no more evidence can be added.");
        }
        var (attachment, data, problem) = await Uploads.ReadAsync(request, options, AttachmentOwner.Assignment, id, services.Access.Actor(services.Clock), ct);
        if (problem is not null)
        {
            return problem;
        }
        services.Db.Attachments.Add(attachment!);
        services.Db.AttachmentContents.Add(new AttachmentContent { AttachmentId = attachment!.Id, Data = data! });
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tasks/attachments/{attachment.Id}", AttachmentResponse.From(attachment));
    }

    public static Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, CompleteRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct) =>
        ActAsync(id, services, ct, async (assignment, actor) =>
        {
            var validator = new RequestValidator();
            var note = validator.Optional("note", request?.Note, DocumentLimits.Subject);
            if (!validator.IsValid)
            {
                throw new ValidationFailed(validator.ToProblem());
            }
            await AssignmentWorkflow.CompleteAsync(services.Db, assignment, services.Today, note, actor, ct);
        });

    public static async Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> Delegate(
        Guid id, DelegateRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var db = services.Db;
        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
        {
            return ApiResults.AssignmentNotFound(id);
        }
        if (!services.Access.CanDelegate(assignment))
        {
            return ApiResults.Forbidden("Chỉ lãnh đạo, cán bộ quản lý của đơn vị được giao mới được giao tiếp nhiệm vụ cho cấp dưới.",
                "Only the managers of the unit holding the assignment may delegate it.");
        }
        if (request is null)
        {
            return ApiResults.MissingBody();
        }

        var validator = new RequestValidator();
        var rule = validator.Enum<CompletionRule>("completionRule", request.CompletionRule, required: false) ?? CompletionRule.AllChildren;
        if (rule == CompletionRule.Threshold && request.ThresholdPercent is not (>= 1 and <= 100))
        {
            validator.Add("thresholdPercent", "Ngưỡng hoàn thành phải từ 1 đến 100.", "thresholdPercent must be between 1 and 100.");
        }
        var children = await db.Units.AsNoTracking().Where(u => u.ParentId == assignment.UnitId).ToListAsync(ct);
        List<Guid> targets;
        if (request.AllChildren == true)
        {
            if (request.UnitIds is { Count: > 0 })
            {
                validator.Add("unitIds", "Chọn allChildren hoặc unitIds, không cả hai.", "Give allChildren or unitIds, not both.");
            }
            targets = children.Where(c => c.IsActive).Select(c => c.Id).ToList();
        }
        else
        {
            targets = (request.UnitIds ?? []).Distinct().ToList();
            if (targets.Count == 0)
            {
                validator.Add("unitIds", "Chọn ít nhất một đơn vị cấp dưới, hoặc allChildren.", "Choose at least one unit below, or allChildren.");
            }
            foreach (var (target, i) in targets.Select((t, i) => (t, i)))
            {
                var child = children.FirstOrDefault(c => c.Id == target);
                if (child is null)
                {
                    validator.Add($"unitIds[{i}]", $"Đơn vị {target} không trực thuộc đơn vị của bạn.", $"Unit {target} is not directly under your unit.");
                }
                else if (!child.IsActive)
                {
                    validator.Add($"unitIds[{i}]", $"Đơn vị {child.Name} đã giải thể; không giao việc cho đơn vị đã giải thể.",
                        $"Unit {child.Name} has been dissolved; nothing can be assigned to it.");
                }
            }
        }
        if (request.DueDate is { } due)
        {
            if (due < services.Today)
            {
                validator.Add("dueDate", "Hạn giao tiếp không được trước hôm nay.", "The delegated deadline cannot be before today.");
            }
            if (assignment.DueDate is { } parentDue && due > parentDue)
            {
                validator.Add("dueDate", $"Hạn giao tiếp không được sau hạn của đơn vị ({VietnamTime.Format(parentDue)}).",
                    $"The delegated deadline cannot be after your own ({parentDue:yyyy-MM-dd}).");
            }
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        var existing = await db.Assignments.Where(a => a.ParentAssignmentId == id).Select(a => a.UnitId).ToListAsync(ct);
        targets = targets.Except(existing).ToList();
        if (targets.Count == 0)
        {
            return ApiResults.Unprocessable("Các đơn vị đã chọn đều đã được giao nhiệm vụ này.", "Every chosen unit already has this assignment.");
        }

        var actor = services.Access.Actor(services.Clock);
        try
        {
            AssignmentWorkflow.Delegate(db, assignment, targets, rule, request.ThresholdPercent, request.DueDate, actor);
        }
        catch (DomainException ex)
        {
            return ApiResults.Unprocessable(ex);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Nhiệm vụ vừa được người khác thay đổi; hãy tải lại.", "The assignment was just changed by someone else; reload it.");
        }
        TasksMetrics.AssignmentsCreated.Add(targets.Count);
        services.Logger.LogInformation("Assignment {AssignmentId} delegated to {Count} units by {UserId}", id, targets.Count, actor.UserId);
        return TypedResults.Ok(await DetailAsync(db, assignment, services.Today, ct));
    }

    /// <summary>
    /// Loads, checks scope (404) and the right to act (403), applies, and saves state, history and events together.
    /// The caller's request is not based on a copy they read earlier, so when another writer (most often the follow-up
    /// job marking the assignment overdue) saved between our read and our write, the action is applied again to the
    /// fresh row instead of refusing the user; only a conflict that persists is a 409.
    /// </summary>
    private static async Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        Guid id, TasksApiServices services, CancellationToken ct, Func<Assignment, Actor, Task> action)
    {
        const int attempts = 3;
        var db = services.Db;
        for (var attempt = 1; ; attempt++)
        {
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
            {
                return ApiResults.AssignmentNotFound(id);
            }
            if (!services.Access.CanActOn(assignment))
            {
                return NotYours();
            }
            var actor = services.Access.Actor(services.Clock);
            try
            {
                await action(assignment, actor);
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(await DetailAsync(db, assignment, services.Today, ct));
            }
            catch (ValidationFailed failed)
            {
                return failed.Problem;
            }
            catch (DomainException ex)
            {
                return ApiResults.Unprocessable(ex);
            }
            catch (DbUpdateConcurrencyException) when (attempt < attempts)
            {
                services.Logger.LogInformation("Assignment {AssignmentId} changed while {UserId} acted on it; applying again (attempt {Attempt})",
                    id, actor.UserId, attempt + 1);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.Conflict("Nhiệm vụ vừa được người khác thay đổi; hãy tải lại.", "The assignment was just changed by someone else; reload it.");
            }
        }
    }

    private static ProblemHttpResult NotYours() =>
        ApiResults.Forbidden("Chỉ đơn vị được giao mới thực hiện nhiệm vụ này; vai trò chỉ xem không được thay đổi.",
            "Only the unit holding the assignment acts on it; read-only roles change nothing.");

    internal static async Task<IQueryable<Assignment>> ScopedAsync(TasksApiServices services, CancellationToken ct)
    {
        var q = services.Db.Assignments.AsNoTracking();
        if (await services.Access.CoveredUnitIdsAsync(ct) is { } covered)
        {
            q = q.Where(a => covered.Contains(a.UnitId));
        }
        return q;
    }

    internal static IQueryable<Assignment> WhereTracking(IQueryable<Assignment> q, TrackingStatus tracking, DateOnly today) => tracking switch
    {
        TrackingStatus.CompletedOnTime => q.Where(a => a.Status == AssignmentStatus.Completed && a.CompletedOnTime != false),
        TrackingStatus.CompletedLate => q.Where(a => a.Status == AssignmentStatus.Completed && a.CompletedOnTime == false),
        TrackingStatus.Overdue => q.Where(a => a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Cancelled && a.DueDate < today),
        _ => q.Where(a => a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Cancelled && (a.DueDate == null || a.DueDate >= today)),
    };

    internal static async Task<List<AssignmentSummary>> SummariesAsync(TasksDbContext db, IReadOnlyList<Assignment> items, DateOnly today, CancellationToken ct)
    {
        var unitIds = items.Select(a => a.UnitId).Distinct().ToList();
        var names = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var documentIds = items.Select(a => a.DocumentId).Distinct().ToList();
        var documents = (await db.Documents.AsNoTracking().IgnoreAutoIncludes().Where(d => documentIds.Contains(d.Id)).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.NumberAndSymbol);
        return items.Select(a => Summary(a, names.GetValueOrDefault(a.UnitId), documents.GetValueOrDefault(a.DocumentId) ?? "", today)).ToList();
    }

    internal static AssignmentSummary Summary(Assignment a, string? unitName, string documentNumber, DateOnly today) => new(
        a.Id, a.DocumentId, documentNumber, a.TaskId, a.TaskNumber, a.Occurrence, a.Period, a.UnitId, unitName, a.ParentAssignmentId,
        a.DueDate, a.Status.ToString(), a.Tracking(today)?.ToString(), a.ProgressPercent, a.AcknowledgedAt, a.CompletedOn, a.HasChildren,
        a.ClosedOn, a.ClosedReason);

    internal static async Task<AssignmentResponse> DetailAsync(TasksDbContext db, Assignment a, DateOnly today, CancellationToken ct)
    {
        var document = await db.Documents.AsNoTracking().FirstAsync(d => d.Id == a.DocumentId, ct);
        var task = document.Tasks.First(t => t.Id == a.TaskId);
        var children = await db.Assignments.AsNoTracking().Where(c => c.ParentAssignmentId == a.Id).ToListAsync(ct);
        var summaries = await SummariesAsync(db, [a, .. children], today, ct);
        var progress = await db.ProgressUpdates.AsNoTracking().Where(p => p.AssignmentId == a.Id).OrderBy(p => p.At).ToListAsync(ct);
        var evidence = await db.Attachments.AsNoTracking().Where(x => x.OwnerKind == AttachmentOwner.Assignment && x.OwnerId == a.Id)
            .OrderBy(x => x.UploadedAt).ToListAsync(ct);
        var history = await db.AssignmentHistory.AsNoTracking().Where(h => h.AssignmentId == a.Id).OrderBy(h => h.At).ToListAsync(ct);
        return new AssignmentResponse(summaries[0], DocumentSummary.From(document), TaskResponse.From(task), a.OriginalUnitId, a.AcknowledgedBy,
            a.StartedAt, a.CompletedBy, a.CompletedOnTime, a.CompletedByChildren, a.CompletionRule.ToString(), a.ThresholdPercent, a.OverdueAt,
            a.EscalatedAt, a.EscalatedToUnitId, summaries.Skip(1).OrderBy(s => s.UnitName).ToList(),
            progress.Select(ProgressResponse.From).ToList(), evidence.Select(AttachmentResponse.From).ToList(),
            history.Select(h => new HistoryResponse(h.At, h.Kind, h.UserId, h.UnitId, h.FromUnitId, h.ToUnitId, h.Note)).ToList());
    }
}

/// <summary>Carries a validation problem found inside an action back to the handler.</summary>
internal sealed class ValidationFailed(ValidationProblem problem) : Exception("The request is not valid.")
{
    public ValidationProblem Problem { get; } = problem;
}
