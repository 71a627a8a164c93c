using System.Globalization;
using System.Text.Json;
using Platform.Web.Api;
using Platform.Web.Localization;

namespace Platform.Web.Reports;

/// <summary>One indicator of the report form: what the template says of it and what the user typed.</summary>
public sealed class ReportField(IndicatorInfo indicator, string sectionTitle)
{
    public IndicatorInfo Indicator { get; } = indicator;
    public string SectionTitle { get; } = sectionTitle;
    public string Code => Indicator.Code;

    /// <summary>The text in the box (numbers as typed, dates dd/MM/yyyy, choices and text as is, yes/no "true"/"false").</summary>
    public string? Raw { get; set; }
    public bool Prefilled { get; set; }
    public string? Source { get; set; }
    public bool Touched { get; set; }
    public bool Dirty { get; set; }

    /// <summary>Messages the API gave for this field on the last save or submit.</summary>
    public List<string> ServerErrors { get; } = [];

    public bool IsNumber => Indicator.Type is "Integer" or "Decimal";
}

/// <summary>
/// The report form's state apart from the page: fields from the template version, the values of the
/// submission, the checks a person gets as they type (required, whole number, bounds from the template),
/// and what an autosave must send. The API checks again on save and submit; its messages land on the field.
/// </summary>
public sealed class ReportFormModel
{
    private readonly Loc _loc;

    public ReportFormModel(TemplateVersionInfo version, SubmissionDetail submission, Loc loc)
    {
        _loc = loc;
        var values = submission.Values.ToDictionary(v => v.Code, StringComparer.Ordinal);
        Fields = [.. version.Sections.SelectMany(s => s.Indicators.Select(i => new ReportField(i, s.Title)))];
        foreach (var field in Fields)
        {
            if (values.TryGetValue(field.Code, out var v))
            {
                field.Raw = ToRaw(field.Indicator, v.Value);
                field.Prefilled = v.Prefilled;
                field.Source = v.Source;
            }
        }
    }

    public IReadOnlyList<ReportField> Fields { get; }

    public ReportField this[string code] => Fields.Single(f => f.Code == code);

    public bool HasUnsavedChanges => Fields.Any(f => f.Dirty);

    /// <summary>Sets what the user typed; the field becomes dirty and its earlier API messages no longer apply.</summary>
    public void Set(string code, string? raw)
    {
        var field = this[code];
        if (field.Raw == raw) return;
        field.Raw = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
        field.Touched = true;
        field.Dirty = true;
        field.Prefilled = false;
        field.ServerErrors.Clear();
    }

    /// <summary>
    /// The messages shown under a field: the local checks (required once touched or on submit, format,
    /// bounds) and then what the API said.
    /// </summary>
    public IReadOnlyList<string> ErrorsFor(ReportField field, bool submitting = false)
    {
        var errors = new List<string>();
        if (field.Raw is null)
        {
            if (field.Indicator.Required && (field.Touched || submitting))
            {
                errors.Add(_loc.Pick($"Chỉ tiêu '{field.Indicator.Label}' là bắt buộc.", $"'{field.Indicator.Label}' is required."));
            }
        }
        else if (field.IsNumber)
        {
            if (!TryNumber(field.Raw, out var n))
            {
                errors.Add(_loc.Pick("Nhập một số.", "Enter a number."));
            }
            else if (field.Indicator.Type == "Integer" && n != decimal.Truncate(n))
            {
                errors.Add(_loc.Pick("Nhập số nguyên.", "Enter a whole number."));
            }
            else
            {
                if (field.Indicator.Min is { } min && n < min)
                {
                    errors.Add(_loc.Pick($"'{field.Indicator.Label}' phải lớn hơn hoặc bằng {min:0.####}.", $"'{field.Indicator.Label}' must be at least {min:0.####}."));
                }
                if (field.Indicator.Max is { } max && n > max)
                {
                    errors.Add(_loc.Pick($"'{field.Indicator.Label}' phải nhỏ hơn hoặc bằng {max:0.####}.", $"'{field.Indicator.Label}' must be at most {max:0.####}."));
                }
            }
        }
        else if (field.Indicator.Type == "Date" && !DateOnly.TryParseExact(field.Raw, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(_loc.Pick("Nhập ngày theo dạng dd/MM/yyyy.", "Enter the date as dd/MM/yyyy."));
        }
        errors.AddRange(field.ServerErrors.Where(e => !errors.Contains(e)));
        return errors;
    }

    /// <summary>
    /// What an autosave sends: the dirty fields whose text can be read as their type (a number out of bounds
    /// is saved: the draft keeps what was typed, and submitting will refuse it). Unreadable text stays unsaved.
    /// </summary>
    public Dictionary<string, object?> PendingChanges()
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in Fields.Where(f => f.Dirty))
        {
            if (TryJson(field, out var value)) changes[field.Code] = value;
        }
        return changes;
    }

    /// <summary>After a save: the sent fields are clean unless the user typed again meanwhile.</summary>
    public void MarkSaved(IReadOnlyDictionary<string, object?> sent)
    {
        foreach (var (code, value) in sent)
        {
            var field = this[code];
            if (TryJson(field, out var now) && Equals(now, value)) field.Dirty = false;
        }
    }

    /// <summary>Puts the API's field messages (<c>values.&lt;code&gt;</c>) on their fields; returns the keys it placed.</summary>
    public IReadOnlyList<string> ApplyProblem(ApiProblem problem)
    {
        var placed = new List<string>();
        foreach (var field in Fields) field.ServerErrors.Clear();
        foreach (var (key, messages) in problem.Errors)
        {
            var code = key.StartsWith("values.", StringComparison.OrdinalIgnoreCase) ? key["values.".Length..] : null;
            var field = code is null ? null : Fields.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase));
            if (field is null) continue;
            field.ServerErrors.AddRange(messages);
            placed.Add(key);
        }
        return placed;
    }

    /// <summary>Any field with a local check failing (required counted as on submit).</summary>
    public bool HasErrors(bool submitting) => Fields.Any(f => ErrorsFor(f, submitting).Count > 0);

    /// <summary>"12", "-3", "2.5" or "2,5" (the Vietnamese decimal comma); no thousands separators, which would be ambiguous.</summary>
    internal static bool TryNumber(string raw, out decimal value)
    {
        var text = raw.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        if (!text.Contains('.', StringComparison.Ordinal)) text = text.Replace(',', '.');
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryJson(ReportField field, out object? value)
    {
        value = null;
        if (field.Raw is null) return true;
        switch (field.Indicator.Type)
        {
            case "Integer" or "Decimal":
                if (!TryNumber(field.Raw, out var n)) return false;
                if (field.Indicator.Type == "Integer" && n != decimal.Truncate(n)) return false;
                value = n;
                return true;
            case "YesNo":
                value = field.Raw == "true";
                return true;
            case "Date":
                if (!DateOnly.TryParseExact(field.Raw, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
                value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            default:
                value = field.Raw;
                return true;
        }
    }

    private static string? ToRaw(IndicatorInfo indicator, JsonElement? json)
    {
        if (json is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        return indicator.Type switch
        {
            "Integer" or "Decimal" when v.ValueKind == JsonValueKind.Number => v.GetDecimal().ToString("0.####", CultureInfo.InvariantCulture),
            "YesNo" when v.ValueKind is JsonValueKind.True or JsonValueKind.False => v.GetBoolean() ? "true" : "false",
            "YesNo" when v.ValueKind == JsonValueKind.Number => v.GetDecimal() != 0 ? "true" : "false",
            "Date" when v.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                => VietnamTime.Format(d),
            _ => v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString(),
        };
    }
}
