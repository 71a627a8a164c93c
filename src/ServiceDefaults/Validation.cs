using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Collects field errors of a request in Vietnamese or English and turns them into an RFC 7807
/// validation problem that names each field.
/// </summary>
public sealed class RequestValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, List<string>> Errors => _errors;

    public RequestValidator Add(string field, string vietnamese, string english)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(Text.Pick(vietnamese, english));
        return this;
    }

    /// <summary>Checks a required text and returns it trimmed and in NFC (how the platform stores text).</summary>
    public string Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Trường '{field}' là bắt buộc.", $"The field '{field}' is required.");
            return "";
        }
        return Optional(field, value, maxLength) ?? "";
    }

    /// <summary>Checks an optional text; blank becomes null; returns it trimmed and in NFC.</summary>
    public string? Optional(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var normalised = value.Trim().Normalize(NormalizationForm.FormC);
        if (normalised.Length > maxLength)
        {
            Add(field, $"Trường '{field}' dài tối đa {maxLength} ký tự (hiện có {normalised.Length}).",
                $"The field '{field}' must be at most {maxLength} characters (it has {normalised.Length}).");
        }
        return normalised;
    }

    public void Matches(string field, string? value, Regex pattern, string vietnameseRule, string englishRule)
    {
        if (!string.IsNullOrEmpty(value) && !pattern.IsMatch(value))
        {
            Add(field, $"Trường '{field}' không hợp lệ: {vietnameseRule}.", $"The field '{field}' is not valid: {englishRule}.");
        }
    }

    public TEnum? Enum<TEnum>(string field, string? value, bool required) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"Trường '{field}' là bắt buộc.", $"The field '{field}' is required.");
            }
            return null;
        }
        if (System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            && !int.TryParse(value, out _))
        {
            return parsed;
        }
        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>());
        Add(field, $"Trường '{field}' có giá trị '{value}' không hợp lệ; các giá trị được phép: {allowed}.",
            $"The field '{field}' has an unknown value '{value}'; allowed values: {allowed}.");
        return null;
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: Text.Pick(
            $"Yêu cầu có lỗi ở: {string.Join(", ", _errors.Keys)}.",
            $"The request has errors in: {string.Join(", ", _errors.Keys)}."),
        title: Text.Pick("Dữ liệu không hợp lệ.", "One or more fields are not valid."));
}

/// <summary>Paging parameters shared by every list endpoint.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize, RequestValidator validator)
    {
        var p = page ?? 1;
        var s = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            validator.Add("page", "Trang phải lớn hơn hoặc bằng 1.", "page must be 1 or more.");
        }
        if (s < 1 || s > MaxPageSize)
        {
            validator.Add("pageSize", $"Kích thước trang phải từ 1 đến {MaxPageSize}.", $"pageSize must be between 1 and {MaxPageSize}.");
        }
        return (Math.Max(p, 1), Math.Clamp(s, 1, MaxPageSize));
    }
}

/// <summary>A page of a list, with the total so clients can page.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Problems
{
    public static ProblemHttpResult NotFound(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: Text.Pick("Không tìm thấy.", "Not found."), detail: Text.Pick(vietnamese, english));

    public static ProblemHttpResult Conflict(string vietnamese, string english) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: Text.Pick("Xung đột dữ liệu.", "Conflict."), detail: Text.Pick(vietnamese, english));
}
