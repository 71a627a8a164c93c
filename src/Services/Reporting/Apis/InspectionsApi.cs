using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.UnitDirectory;

namespace Platform.Reporting.Apis;

public sealed record CreateInspectionRequest(Guid? InspectedUnitId, string? Kind, string? Subject, DateOnly? ScheduledOn, IReadOnlyList<string>? Checklist);

public sealed record ChecklistResultRequest(int? Index, string? Result, string? Note);

public sealed record ChecklistRequest(IReadOnlyList<ChecklistResultRequest>? Items);

public sealed record FindingRequest(string? Description, string? Severity, string? CorrectiveAction, DateOnly? DueDate);

public sealed record CompleteInspectionRequest(string? Conclusion, DateOnly? CompletedOn);

public sealed record ChecklistItemResponse(int Index, string Text, string? Result, string? Note);

public sealed record FindingResponse(Guid Id, string Description, string Severity, string? CorrectiveAction, DateOnly? DueDate, DateTimeOffset RaisedAt);

public sealed record InspectionResponse(Guid Id, Guid InspectedUnitId, string InspectedUnitName, Guid InspectingUnitId, string Kind, string Subject,
    DateOnly ScheduledOn, string Status, DateOnly? CompletedOn, string? Conclusion, IReadOnlyList<ChecklistItemResponse> Checklist,
    IReadOnlyList<FindingResponse> Findings);

/// <summary>Inspections (kiểm tra): planned or unannounced visits with a checklist and findings; a finding is published for the tasks service.</summary>
public static class InspectionsApi
{
    public static IEndpointRouteBuilder MapInspectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports/inspections").WithTags("Inspections");
        group.MapGet("/", ListInspections);
        group.MapGet("/{id:guid}", GetInspection);
        group.MapPost("/", PlanInspection);
        group.MapPut("/{id:guid}/checklist", RecordChecklist);
        group.MapPost("/{id:guid}/findings", RaiseFinding);
        group.MapPost("/{id:guid}/complete", Complete);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<InspectionResponse>>, ValidationProblem>> ListInspections(
        Guid? unitId, string? status, int? page, int? pageSize, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var parsed = validator.Enum<InspectionStatus>("status", status, required: false);
        if (!validator.IsValid) return validator.ToProblem();
        var me = services.Access.User.UnitId;
        var query = services.Db.Inspections.AsNoTracking().Include(i => i.Findings).AsQueryable();
        if (services.Access.IsPolice) query = query.Where(_ => false);
        else if (!services.Access.IsProvinceWide) query = query.Where(i => i.InspectedUnitId == me || i.InspectingUnitId == me || i.InspectedChain.Contains(me));
        if (unitId is { } u) query = query.Where(i => i.InspectedUnitId == u);
        if (parsed is { } s) query = query.Where(i => i.Status == s);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderByDescending(i => i.ScheduledOn).ThenBy(i => i.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var labels = await ApiSupport.UnitLabelsAsync(services.Db, items.Select(i => i.InspectedUnitId), ct);
        return TypedResults.Ok(new PagedResult<InspectionResponse>(items.Select(i => ToResponse(i, labels)).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<InspectionResponse>, ProblemHttpResult>> GetInspection(Guid id, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var inspection = await FindAsync(services, id, ct);
        if (inspection is null) return NotFound(id);
        return TypedResults.Ok(await ResponseAsync(services, inspection, ct));
    }

    public static async Task<Results<Created<InspectionResponse>, ValidationProblem, ProblemHttpResult>> PlanInspection(
        CreateInspectionRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var kind = validator.Enum<InspectionKind>("kind", request.Kind, required: true);
        var subject = validator.Required("subject", request.Subject, 512);
        if (request.ScheduledOn is null) validator.Add("scheduledOn", "Trường 'scheduledOn' là bắt buộc.", "The field 'scheduledOn' is required.");
        if (request.Checklist is not { Count: > 0 and <= 100 }) validator.Add("checklist", "Danh mục kiểm tra cần từ 1 đến 100 mục.", "The checklist needs 1 to 100 items.");
        var items = (request.Checklist ?? []).Take(100).Select((c, i) => new ChecklistItem { Text = validator.Required($"checklist[{i}]", c, 512) }).ToList();
        if (request.InspectedUnitId is null || !await services.Db.UnitReplicas.AnyAsync(u => u.Id == request.InspectedUnitId, ct))
        {
            validator.Add("inspectedUnitId", "Không có đơn vị được kiểm tra này.", "There is no such unit to inspect.");
        }
        if (!validator.IsValid) return validator.ToProblem();
        var unitId = request.InspectedUnitId!.Value;
        if (!services.Access.MayInspect || unitId == services.Access.User.UnitId || !await services.Access.CoversUnitAsync(unitId, ct))
        {
            return ApiSupport.Forbidden("Chỉ cấp quản lý của đơn vị được lập kế hoạch kiểm tra đơn vị đó.", "Only a unit's supervising level may inspect it.");
        }
        var actor = services.Access.Actor(services.Clock);
        var inspection = new Inspection
        {
            Id = Guid.CreateVersion7(actor.At), InspectedUnitId = unitId, InspectedChain = await services.Db.ReplicaAncestorsAsync(unitId, ct),
            InspectingUnitId = actor.UnitId, Kind = kind!.Value, Subject = subject, ScheduledOn = request.ScheduledOn!.Value,
            Status = InspectionStatus.Planned, Checklist = items, CreatedAt = actor.At, CreatedBy = actor.UserId,
        };
        services.Db.Inspections.Add(inspection);
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/reports/inspections/{inspection.Id}", await ResponseAsync(services, inspection, ct));
    }

    public static async Task<Results<Ok<InspectionResponse>, ValidationProblem, ProblemHttpResult>> RecordChecklist(
        Guid id, ChecklistRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request?.Items is not { Count: > 0 }) return ApiSupport.Missing("items");
        var validator = new RequestValidator();
        var results = new List<(int, ChecklistResult, string?)>();
        foreach (var (r, i) in request.Items.Select((r, i) => (r, i)))
        {
            if (r?.Index is null) validator.Add($"items[{i}].index", "Trường 'index' là bắt buộc.", "The field 'index' is required.");
            var result = validator.Enum<ChecklistResult>($"items[{i}].result", r?.Result, required: true);
            var note = validator.Optional($"items[{i}].note", r?.Note, 1000);
            if (r?.Index is { } index && result is { } res) results.Add((index, res, note));
        }
        if (!validator.IsValid) return validator.ToProblem();
        return await ActAsync(services, id, ct, inspection =>
        {
            foreach (var (index, _, _) in results.Where(x => x.Item1 < 0 || x.Item1 >= inspection.Checklist.Count))
            {
                validator.Add("items", $"Danh mục không có mục số {index}.", $"The checklist has no item {index}.");
            }
            if (!validator.IsValid) return validator.ToProblem();
            inspection.RecordChecklist(results);
            return null;
        });
    }

    public static async Task<Results<Ok<InspectionResponse>, ValidationProblem, ProblemHttpResult>> RaiseFinding(
        Guid id, FindingRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        if (request is null) return ApiSupport.Missing();
        var validator = new RequestValidator();
        var description = validator.Required("description", request.Description, 2000);
        var severity = validator.Enum<FindingSeverity>("severity", request.Severity, required: true);
        var action = validator.Optional("correctiveAction", request.CorrectiveAction, 2000);
        if (request.DueDate is not null && action is null) validator.Add("dueDate", "Hạn chỉ có khi yêu cầu khắc phục.", "dueDate needs a correctiveAction.");
        if (request.DueDate is { } due && due < VietnamTime.Today(services.Clock)) validator.Add("dueDate", "Hạn khắc phục đã qua.", "dueDate is in the past.");
        if (!validator.IsValid) return validator.ToProblem();
        return await ActAsync(services, id, ct, inspection =>
        {
            var now = services.Clock.GetUtcNow();
            var evt = inspection.AddFinding(new InspectionFinding
            {
                Id = Guid.CreateVersion7(now), Description = description, Severity = severity!.Value, CorrectiveAction = action, DueDate = request.DueDate, RaisedAt = now,
            }, now);
            services.Db.AddIntegrationEvent(evt);
            return null;
        });
    }

    public static async Task<Results<Ok<InspectionResponse>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, CompleteInspectionRequest? request, [AsParameters] ReportingApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var conclusion = validator.Optional("conclusion", request?.Conclusion, 4000);
        var on = request?.CompletedOn ?? VietnamTime.Today(services.Clock);
        if (on > VietnamTime.Today(services.Clock)) validator.Add("completedOn", "Ngày kết thúc không thể ở tương lai.", "completedOn cannot be in the future.");
        if (!validator.IsValid) return validator.ToProblem();
        return await ActAsync(services, id, ct, inspection =>
        {
            inspection.Complete(on, conclusion);
            return null;
        });
    }

    private static async Task<Results<Ok<InspectionResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        ReportingApiServices services, Guid id, CancellationToken ct, Func<Inspection, ValidationProblem?> act)
    {
        var inspection = await FindAsync(services, id, ct, tracking: true);
        if (inspection is null) return NotFound(id);
        if (!services.Access.MayInspect || !(inspection.InspectingUnitId == services.Access.User.UnitId || services.Access.IsProvinceWide))
        {
            return ApiSupport.Forbidden("Chỉ đơn vị thực hiện kiểm tra được ghi kết quả.", "Only the inspecting unit may record the inspection.");
        }
        try
        {
            if (act(inspection) is { } problem) return problem;
        }
        catch (DomainException ex)
        {
            return ApiSupport.Unprocessable(ex);
        }
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(services, inspection, ct));
    }

    private static async Task<Inspection?> FindAsync(ReportingApiServices services, Guid id, CancellationToken ct, bool tracking = false)
    {
        var query = services.Db.Inspections.Include(i => i.Findings).AsQueryable();
        var inspection = await (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null || services.Access.IsPolice) return null;
        return inspection.InspectingUnitId == services.Access.User.UnitId || services.Access.CanRead(inspection.InspectedUnitId, inspection.InspectedChain)
            ? inspection : null;
    }

    private static async Task<InspectionResponse> ResponseAsync(ReportingApiServices services, Inspection i, CancellationToken ct) =>
        ToResponse(i, await ApiSupport.UnitLabelsAsync(services.Db, [i.InspectedUnitId], ct));

    private static InspectionResponse ToResponse(Inspection i, Dictionary<Guid, UnitLabel> labels) => new(i.Id, i.InspectedUnitId,
        labels.Label(i.InspectedUnitId).Name, i.InspectingUnitId, i.Kind.ToString(), i.Subject, i.ScheduledOn, i.Status.ToString(), i.CompletedOn, i.Conclusion,
        i.Checklist.Select((c, index) => new ChecklistItemResponse(index, c.Text, c.Result?.ToString(), c.Note)).ToList(),
        i.Findings.OrderBy(f => f.RaisedAt).Select(f => new FindingResponse(f.Id, f.Description, f.Severity.ToString(), f.CorrectiveAction, f.DueDate, f.RaisedAt)).ToList());

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.NotFound($"Không có cuộc kiểm tra {id} trong phạm vi của bạn.", $"There is no inspection {id} within your scope.");
}
