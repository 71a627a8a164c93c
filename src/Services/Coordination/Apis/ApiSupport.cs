using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;

namespace Platform.Coordination.Apis;

/// <summary>What the coordination handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record CoordinationApiServices(
    CoordinationDbContext Db,
    CoordinationAccess Access,
    TimeProvider Clock,
    ILogger<CoordinationApiServices> Logger)
{
    public DateOnly Today => VietnamTime.Today(Clock);
    public Actor Actor => Access.Actor(Clock);
}

internal static class ApiResults
{
    public static ProblemHttpResult Forbidden(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
            detail: Text.Pick(vietnamese, english));

    public static ProblemHttpResult Unprocessable(DomainException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: Text.Pick("Không thể thực hiện.", "The change cannot be made."), detail: Text.Pick(ex.Vietnamese, ex.English));

    public static ProblemHttpResult Unprocessable(string vietnamese, string english) => Unprocessable(new DomainException(vietnamese, english));

    public static ProblemHttpResult NotFound(string whatVi, string whatEn, Guid id) =>
        Problems.NotFound($"Không có {whatVi} {id} trong phạm vi của bạn.", $"There is no {whatEn} {id} within your scope.");

    public static ProblemHttpResult ReadOnly() =>
        Forbidden("Vai trò của bạn không được thay đổi nội dung này.", "Your role may not change this.");

    public static ValidationProblem MissingBody()
    {
        var validator = new RequestValidator();
        validator.Add("body", "Thiếu nội dung yêu cầu.", "The request body is missing.");
        return validator.ToProblem();
    }

    public static ValidationProblem Invalid(string field, string vietnamese, string english) =>
        new RequestValidator().Add(field, vietnamese, english).ToProblem();
}

/// <summary>A unit as responses name it.</summary>
public sealed record UnitLabel(Guid Id, string Code, string Name, string Kind)
{
    public static UnitLabel Of(Guid id, IReadOnlyDictionary<Guid, Platform.UnitDirectory.UnitReplica> units) =>
        units.TryGetValue(id, out var u) ? new(u.Id, u.Code, u.Name, u.Kind) : new(id, "", "", "");
}
