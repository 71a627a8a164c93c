using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;
using Platform.Tasks.Infrastructure;

namespace Platform.Tasks.Apis;

/// <summary>
/// Questions to the Department Office ("khó khăn, vướng mắc liên hệ Văn phòng Sở"): a unit asks on its
/// assignment, Department staff answer, the unit may follow up; the thread stays with the assignment.
/// </summary>
public static class QuestionsApi
{
    public static IEndpointRouteBuilder MapQuestionsApi(this IEndpointRouteBuilder app)
    {
        var assignments = app.MapGroup("/api/tasks/assignments").WithTags("Questions");
        assignments.MapPost("/{id:guid}/questions", Ask);
        assignments.MapGet("/{id:guid}/questions", ListForAssignment);
        var questions = app.MapGroup("/api/tasks/questions").WithTags("Questions");
        questions.MapGet("/", ListQuestions);
        questions.MapGet("/{id:guid}", GetQuestion);
        questions.MapPost("/{id:guid}/replies", Reply);
        return app;
    }

    public static async Task<Results<Created<QuestionResponse>, ValidationProblem, ProblemHttpResult>> Ask(
        Guid id, QuestionRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var assignment = await services.Db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
        {
            return ApiResults.AssignmentNotFound(id);
        }
        if (!services.Access.CanActOn(assignment))
        {
            return ApiResults.Forbidden("Chỉ đơn vị được giao mới hỏi về nhiệm vụ này.", "Only the unit holding the assignment may ask about it.");
        }
        var validator = new RequestValidator();
        var text = validator.Required("text", request?.Text, DocumentLimits.TaskText);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        var actor = services.Access.Actor(services.Clock);
        var question = new Question
        {
            Id = Guid.CreateVersion7(actor.At),
            AssignmentId = id,
            UnitId = assignment.UnitId,
            AskedAt = actor.At,
            AskedBy = actor.UserId,
            Status = QuestionStatus.Open,
        };
        question.Messages.Add(new QuestionMessage
        {
            Id = Guid.CreateVersion7(actor.At), QuestionId = question.Id, At = actor.At, UserId = actor.UserId, UnitId = actor.UnitId, Text = text,
        });
        services.Db.Questions.Add(question);
        services.Db.AddIntegrationEvent(new QuestionAsked
        {
            QuestionId = question.Id, AssignmentId = id, UnitId = assignment.UnitId, AskedByUserId = actor.UserId, OccurredAt = actor.At,
        });
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tasks/questions/{question.Id}", QuestionResponse.From(question));
    }

    public static async Task<Results<Ok<IReadOnlyList<QuestionResponse>>, ProblemHttpResult>> ListForAssignment(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var assignment = await services.Db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (assignment is null || !await services.Access.CanSeeAsync(assignment, ct))
        {
            return ApiResults.AssignmentNotFound(id);
        }
        var questions = await services.Db.Questions.AsNoTracking().Include(q => q.Messages)
            .Where(q => q.AssignmentId == id).OrderBy(q => q.AskedAt).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<QuestionResponse>>(questions.Select(QuestionResponse.From).ToList());
    }

    /// <summary>The Department Office's inbox (province-wide roles) or the questions of the caller's subtree; open first.</summary>
    public static async Task<Results<Ok<PagedResult<QuestionResponse>>, ValidationProblem>> ListQuestions(
        int? page, int? pageSize, string? status, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        var wanted = validator.Enum<QuestionStatus>("status", status, required: false);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        var q = services.Db.Questions.AsNoTracking();
        if (await services.Access.CoveredUnitIdsAsync(ct) is { } covered)
        {
            q = q.Where(x => covered.Contains(x.UnitId));
        }
        if (wanted is { } w) q = q.Where(x => x.Status == w);
        q = q.OrderBy(x => x.Status).ThenBy(x => x.AskedAt);
        var total = await q.LongCountAsync(ct);
        var items = await q.Include(x => x.Messages).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<QuestionResponse>(items.Select(QuestionResponse.From).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<QuestionResponse>, ProblemHttpResult>> GetQuestion(
        Guid id, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var question = await services.Db.Questions.AsNoTracking().Include(q => q.Messages).FirstOrDefaultAsync(q => q.Id == id, ct);
        if (question is null || !await services.Access.Scope.CoversAsync(question.UnitId, ct))
        {
            return QuestionNotFound(id);
        }
        return TypedResults.Ok(QuestionResponse.From(question));
    }

    /// <summary>Department staff answer; the asking unit may add a follow-up, which reopens the question.</summary>
    public static async Task<Results<Ok<QuestionResponse>, ValidationProblem, ProblemHttpResult>> Reply(
        Guid id, QuestionRequest? request, [AsParameters] TasksApiServices services, CancellationToken ct)
    {
        var db = services.Db;
        var question = await db.Questions.Include(q => q.Messages).FirstOrDefaultAsync(q => q.Id == id, ct);
        if (question is null || !await services.Access.Scope.CoversAsync(question.UnitId, ct))
        {
            return QuestionNotFound(id);
        }
        var fromDepartment = services.Access.IsDepartmentStaff;
        var fromAskingUnit = !fromDepartment && services.Access.CanActFor(question.UnitId);
        if (!fromDepartment && !fromAskingUnit)
        {
            return ApiResults.Forbidden("Chỉ Văn phòng Sở trả lời, và đơn vị đã hỏi được trao đổi thêm.",
                "Only Department Office staff answer, and only the asking unit may follow up.");
        }
        var validator = new RequestValidator();
        var text = validator.Required("text", request?.Text, DocumentLimits.TaskText);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        var actor = services.Access.Actor(services.Clock);
        var message = new QuestionMessage
        {
            Id = Guid.CreateVersion7(actor.At), QuestionId = id, At = actor.At, UserId = actor.UserId, UnitId = actor.UnitId,
            FromDepartment = fromDepartment, Text = text,
        };
        db.QuestionMessages.Add(message);
        question.Status = fromDepartment ? QuestionStatus.Answered : QuestionStatus.Open;
        if (fromDepartment)
        {
            db.AddIntegrationEvent(new QuestionAnswered
            {
                QuestionId = id, AssignmentId = question.AssignmentId, UnitId = question.UnitId, AnsweredByUserId = actor.UserId, OccurredAt = actor.At,
            });
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(QuestionResponse.From(question));
    }

    private static ProblemHttpResult QuestionNotFound(Guid id) =>
        Problems.NotFound($"Không có câu hỏi {id} trong phạm vi của bạn.", $"There is no question {id} within your scope.");
}
