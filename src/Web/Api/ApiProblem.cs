using System.Net;
using System.Text.Json;
using Platform.Web.Localization;

namespace Platform.Web.Api;

/// <summary>
/// What went wrong with an API call, as a person reads it: the ProblemDetails' title and detail, and the
/// per-field messages of a validation problem keyed as the API names them (<c>values.drug_cases</c>).
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>The ProblemDetails as sent, for members a page reads itself (the units import's <c>importErrors</c>).</summary>
    public JsonElement? Body { get; init; }

    /// <summary>A member of the ProblemDetails beyond title, detail and errors, read as <typeparamref name="T"/>; default when absent.</summary>
    public T? Extension<T>(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value)
            ? value.Deserialize<T>(PlatformApi.Json) : default;

    /// <summary>The messages for one field (case-insensitive, as ASP.NET may camel-case the keys).</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    /// <summary>Messages not tied to one of <paramref name="fields"/> (rules across indicators, the body as a whole).</summary>
    public IEnumerable<string> OtherThan(IEnumerable<string> fields)
    {
        var known = fields.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Errors.Where(e => !known.Contains(e.Key)).SelectMany(e => e.Value);
    }

    /// <summary>Reads a ProblemDetails body; anything else (an HTML error page, nothing) becomes a plain message for its status.</summary>
    public static ApiProblem From(HttpStatusCode status, string? body, Loc loc)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("title", out _) || root.TryGetProperty("detail", out _)))
                {
                    var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
                    if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var field in e.EnumerateObject())
                        {
                            errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                                ? [.. field.Value.EnumerateArray().Select(m => m.GetString() ?? "")]
                                : [field.Value.ToString()];
                        }
                    }
                    return new ApiProblem((int)status,
                        Text(root, "title") ?? ForStatus(status, loc),
                        Text(root, "detail"),
                        errors) { Body = root.Clone() };
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through to the message for the status.
            }
        }
        return new ApiProblem((int)status, ForStatus(status, loc), null, NoErrors);
    }

    public static ApiProblem Unreachable(Loc loc) => new(0, loc["error.unreachable"], loc["error.unreachable.detail"], NoErrors);

    public static ApiProblem SignedOut(Loc loc) => new(401, loc["error.signedOut"], loc["error.signedOut.detail"], NoErrors);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string ForStatus(HttpStatusCode status, Loc loc) => status switch
    {
        HttpStatusCode.Unauthorized => loc["error.signedOut"],
        HttpStatusCode.Forbidden => loc["error.forbidden"],
        HttpStatusCode.NotFound => loc["error.notFound"],
        HttpStatusCode.TooManyRequests => loc["error.tooMany"],
        >= HttpStatusCode.InternalServerError => loc["error.server"],
        _ => loc["error.generic"],
    };
}

/// <summary>Either the value the API answered or the problem it reported.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;

    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failure(ApiProblem problem) => new(default, problem);
}
