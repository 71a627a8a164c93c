using System.Globalization;
using System.Text.Json;

namespace Platform.Reporting.Domain;

public enum IndicatorType
{
    Integer,
    Decimal,
    YesNo,
    Date,
    Choice,
    Text,
}

/// <summary>How an indicator adds up across units when reports are consolidated.</summary>
public enum Aggregation
{
    Sum,
    Average,
    Max,
    /// <summary>Not consolidated (narratives, dates, choices).</summary>
    None,
}

/// <summary>A report template (mẫu báo cáo). Its content lives in immutable versions.</summary>
public sealed class ReportTemplate
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public Guid OwnerUnitId { get; set; }
    public int LatestVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<TemplateVersion> Versions { get; set; } = [];
}

/// <summary>
/// One version of a template: sections, indicators and validation rules. A version never changes once
/// created, so reports filed against it keep their meaning; a change makes a new version.
/// </summary>
public sealed class TemplateVersion
{
    public Guid Id { get; set; }
    public Guid TemplateId { get; set; }
    public int Number { get; set; }
    public string? ChangeNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TemplateSection> Sections { get; set; } = [];
    public List<Indicator> Indicators { get; set; } = [];
    public List<ValidationRule> Rules { get; set; } = [];

    public IEnumerable<Indicator> OrderedIndicators() => Indicators.OrderBy(i => i.Ordinal);
}

public sealed class TemplateSection
{
    public int Id { get; set; }
    public Guid VersionId { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public int Ordinal { get; set; }
}

/// <summary>An indicator (chỉ tiêu) of a template version. Its integer id keeps the value table narrow.</summary>
public sealed class Indicator
{
    public int Id { get; set; }
    public Guid VersionId { get; set; }
    public required string SectionCode { get; set; }
    public required string Code { get; set; }
    /// <summary>Vietnamese label as printed on the form.</summary>
    public required string Label { get; set; }
    /// <summary>Đơn vị tính, e.g. "buổi", "lượt", "vụ".</summary>
    public string? UnitOfMeasure { get; set; }
    public IndicatorType Type { get; set; }
    public bool Required { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public List<string> Choices { get; set; } = [];
    public Aggregation Aggregation { get; set; }
    /// <summary>Where the platform already knows this number (see <c>PrefillKeys</c>); null when only people know it.</summary>
    public string? PrefillKey { get; set; }
    public int Ordinal { get; set; }

    public bool IsNumeric => Type is IndicatorType.Integer or IndicatorType.Decimal or IndicatorType.YesNo;

    public const int MaxTextLength = 4000;

    /// <summary>
    /// Reads a value for this indicator from JSON. Null clears it. Returns false with a message when the
    /// JSON does not fit the indicator's type (bounds and required are checked on submission).
    /// </summary>
    public bool TryRead(JsonElement json, out StoredValue? value, out (string Vi, string En) error)
    {
        value = null;
        error = default;
        if (json.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        switch (Type)
        {
            case IndicatorType.Integer:
                if (json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var i) && i == decimal.Truncate(i) && Math.Abs(i) < 1_000_000_000_000m)
                {
                    value = new StoredValue(i, null);
                    return true;
                }
                error = ("phải là số nguyên", "must be a whole number");
                return false;
            case IndicatorType.Decimal:
                if (json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var d) && Math.Abs(d) < 1_000_000_000_000m)
                {
                    value = new StoredValue(decimal.Round(d, 4), null);
                    return true;
                }
                error = ("phải là số", "must be a number");
                return false;
            case IndicatorType.YesNo:
                if (json.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    value = new StoredValue(json.GetBoolean() ? 1 : 0, null);
                    return true;
                }
                error = ("phải là true hoặc false", "must be true or false");
                return false;
            case IndicatorType.Date:
                if (json.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = new StoredValue(null, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    return true;
                }
                error = ("phải là ngày dạng yyyy-MM-dd", "must be a date as yyyy-MM-dd");
                return false;
            case IndicatorType.Choice:
                if (json.ValueKind == JsonValueKind.String && Choices.Contains(json.GetString()!.Trim().Normalize()))
                {
                    value = new StoredValue(null, json.GetString()!.Trim().Normalize());
                    return true;
                }
                error = ($"phải là một trong: {string.Join(", ", Choices)}", $"must be one of: {string.Join(", ", Choices)}");
                return false;
            default:
                if (json.ValueKind == JsonValueKind.String)
                {
                    var text = json.GetString()!.Trim().Normalize();
                    if (text.Length > MaxTextLength)
                    {
                        error = ($"dài tối đa {MaxTextLength} ký tự", $"must be at most {MaxTextLength} characters");
                        return false;
                    }
                    value = text.Length == 0 ? null : new StoredValue(null, text);
                    return true;
                }
                error = ("phải là văn bản", "must be text");
                return false;
        }
    }

    /// <summary>The value as JSON for responses.</summary>
    public object? ToJson(decimal? numeric, string? text) => Type switch
    {
        IndicatorType.YesNo => numeric is null ? null : numeric != 0,
        IndicatorType.Integer => numeric is null ? null : (long)numeric.Value,
        IndicatorType.Decimal => numeric,
        _ => text,
    };
}

/// <summary>How a value is stored: numbers (and yes/no as 1/0) as numeric, dates, choices and text as text.</summary>
public sealed record StoredValue(decimal? Numeric, string? Text);

/// <summary>A cross-indicator rule with the message the reporting unit sees when it fails.</summary>
public sealed class ValidationRule
{
    public int Id { get; set; }
    public Guid VersionId { get; set; }
    public required string Code { get; set; }
    public required string Expression { get; set; }
    public required string Message { get; set; }
    public string? MessageEnglish { get; set; }
    public int Ordinal { get; set; }
}

/// <summary>The numbers the platform can pre-fill, and where each comes from.</summary>
public static class PrefillKeys
{
    public const string IncidentsViolenceLifeSafety = "incidents.school-violence.life-safety";
    public const string IncidentsViolenceOther = "incidents.school-violence.other";
    public const string IncidentsDrugs = "incidents.drugs";
    public const string IncidentsChildAbuse = "incidents.child-abuse";
    public const string IncidentsTraffic = "incidents.traffic-accident";
    public const string IncidentsOtherSocialEvil = "incidents.other-social-evil";
    public const string PupilsInvolved = "incidents.pupils-involved";
    public const string InspectionsCarriedOut = "inspections.carried-out";
    /// <summary>From the coordination service once it publishes meetings (seam: not fed yet).</summary>
    public const string BriefingMeetingsHeld = "coordination.briefing-meetings-held";
    /// <summary>From the coordination service once it publishes programmes (seam: not fed yet).</summary>
    public const string ProgrammesSigned = "coordination.programmes-signed";
    /// <summary>From the coordination service's referrals (seam: not fed yet).</summary>
    public const string ReferredToPolice = "coordination.referred-to-police";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        IncidentsViolenceLifeSafety, IncidentsViolenceOther, IncidentsDrugs, IncidentsChildAbuse, IncidentsTraffic,
        IncidentsOtherSocialEvil, PupilsInvolved, InspectionsCarriedOut, BriefingMeetingsHeld, ProgrammesSigned, ReferredToPolice,
    };
}
