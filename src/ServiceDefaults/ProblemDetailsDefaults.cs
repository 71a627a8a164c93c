using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Chooses the Vietnamese or English text of a message by the request culture.</summary>
public static class Text
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Pick(string vietnamese, string english) => IsEnglish ? english : vietnamese;
}

public static class ProblemDetailsDefaults
{
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            if (ctx.HttpContext.Request.Headers.TryGetValue("X-Request-Id", out var requestId))
            {
                ctx.ProblemDetails.Extensions["requestId"] = requestId.ToString();
            }
            if (ctx.ProblemDetails.Status == StatusCodes.Status404NotFound && ctx.ProblemDetails.Detail is null)
            {
                ctx.ProblemDetails.Detail = Text.Pick("Không tìm thấy tài nguyên được yêu cầu.", "The requested resource was not found.");
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a wrong type, a body too large) into
/// a ProblemDetails that names the field, instead of an empty 400 or a 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var json = FindJsonException(bad);
        var unmapped = json is not null ? UnmappedProperty().Match(json.Message) : null;
        var field = unmapped is { Success: true }
            ? unmapped.Groups[1].Value
            : json?.Path is { Length: > 0 } path && NormaliseJsonPath(path) is { Length: > 0 } named ? named : null;
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Text.Pick("Nội dung yêu cầu quá lớn.", "The request body is too large.")
                : Text.Pick("Yêu cầu không hợp lệ.", "The request is not valid."),
        };

        if (unmapped is { Success: true } && field is not null)
        {
            problem.Detail = Text.Pick(
                $"Trường '{field}' không có trong yêu cầu này hoặc bạn không được phép đặt nó.",
                $"The field '{field}' is not part of this request or may not be set by the caller.");
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
        }
        else if (field is not null)
        {
            problem.Detail = Text.Pick(
                $"Trường '{field}' có giá trị hoặc kiểu dữ liệu không hợp lệ.",
                $"The field '{field}' has an invalid value or type.");
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [problem.Detail] };
        }
        else if (json is not null)
        {
            problem.Detail = Text.Pick(
                "Nội dung JSON không đúng cú pháp hoặc không phải là một đối tượng JSON.",
                "The body is not well-formed JSON or is not a JSON object.");
        }
        else
        {
            problem.Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? problem.Title
                : Text.Pick("Không đọc được nội dung yêu cầu.", "The request body could not be read.");
        }

        logger.LogInformation("Rejected unreadable request to {Path}: {Reason}", httpContext.Request.Path, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnmappedProperty();

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    /// <summary><c>$.parentId</c> → <c>parentId</c>; <c>$['name']</c> → <c>name</c>.</summary>
    private static string NormaliseJsonPath(string path)
    {
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return trimmed.Replace("['", "", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
    }
}

/// <summary>
/// The service's database is unreachable (restarting, failing over, the network): 503 with
/// <c>Retry-After</c> and a ProblemDetails that says so, at once, instead of a 500. Only transient
/// failures qualify; a constraint violation or a bad query is still a bug and stays a 500.
/// </summary>
/// <summary>
/// Another service this one needs did not answer (or answered unusably): the request did nothing and
/// may be sent again. Thrown by a service's client of that dependency; answered as 503 with Retry-After.
/// </summary>
public class DependencyUnavailableException(string dependency, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The resource name of the service that did not answer, e.g. <c>units</c>.</summary>
    public string Dependency { get; } = dependency;
}

/// <summary>
/// A transient database failure or a <see cref="DependencyUnavailableException"/> becomes a 503
/// ProblemDetails with <c>Retry-After</c> instead of a 500: nothing was changed and the caller may retry.
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<DatabaseUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }
        string detail;
        if (IsTransientDatabaseFailure(exception))
        {
            logger.LogWarning(exception, "The database is unavailable; answered {Method} {Path} with 503", httpContext.Request.Method, httpContext.Request.Path);
            detail = Text.Pick(
                $"Không kết nối được cơ sở dữ liệu; yêu cầu chưa được thực hiện. Vui lòng thử lại sau {RetryAfterSeconds} giây.",
                $"The database could not be reached; nothing was changed. Please try again in {RetryAfterSeconds} seconds.");
        }
        else if (Find<DependencyUnavailableException>(exception) is { } dependency)
        {
            logger.LogWarning(exception, "The {Dependency} service is unavailable; answered {Method} {Path} with 503", dependency.Dependency, httpContext.Request.Method, httpContext.Request.Path);
            detail = Text.Pick(
                $"Dịch vụ '{dependency.Dependency}' không trả lời; yêu cầu chưa được thực hiện. Vui lòng thử lại sau {RetryAfterSeconds} giây.",
                $"The '{dependency.Dependency}' service did not answer; nothing was changed. Please try again in {RetryAfterSeconds} seconds.");
        }
        else
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Text.Pick("Dịch vụ tạm thời không sẵn sàng.", "The service is temporarily unavailable."),
                Detail = detail,
            },
        });
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }

    internal static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException npgsql && (npgsql.IsTransient || npgsql is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" }))
            {
                return true;
            }
        }
        return false;
    }
}
