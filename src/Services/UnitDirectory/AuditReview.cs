using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Messaging.Audit;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;

namespace Platform.UnitDirectory;

/// <summary>One line of a service's audit trail as the data-protection officer reviews it (the same in every service).</summary>
public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string ActorId, string? ActorUnitCode, string? ActorUnitName, string ActorRoles,
    string Action, string SubjectType, string SubjectId, string? Detail, string Hash);

/// <summary>What a verification of a service's audit trail found.</summary>
public sealed record AuditVerificationResponse(long Lines, string? LastHash, bool Intact, IReadOnlyList<AuditProblem> Problems, DateTimeOffset VerifiedAt);

/// <summary>
/// The review's filters. <c>from</c>/<c>to</c> are Vietnamese local days (<c>yyyy-MM-dd</c>), both included; they are
/// read as text so that a bad value is a 400 naming the field.
/// </summary>
public sealed record AuditQuery(string? From, string? To, string? Action, string? ActorId, string? SubjectId);

/// <summary>
/// What every service's audit review shares (<c>/api/…/audit</c>): the filters, the labels of the actors' units from the
/// service's unit replica, the export's rows and the verification. Here, beside the unit replica, because it needs both
/// the replica and the API kit; the trail itself is <see cref="AuditTrail"/>.
/// </summary>
public static class AuditReview
{
    public const int MaxExportLines = 100_000;

    /// <summary>The lines matching <paramref name="query"/>; bad filters are added to <paramref name="validator"/>.</summary>
    /// <param name="subjectInDetail">Whether a subject id also matches lines that name it in their detail (a list of incidents shown).</param>
    public static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query, IReadOnlyCollection<string> actions,
        RequestValidator validator, bool subjectInDetail = false)
    {
        var from = Day("from", query.From, validator);
        var to = Day("to", query.To, validator);
        if (from > to) validator.Add("from", "'from' phải trước 'to'.", "'from' must not be after 'to'.");
        var action = validator.Optional("action", query.Action, AuditEntry.ActionMax);
        if (action is not null && !actions.Contains(action))
        {
            validator.Add("action", $"Thao tác không hợp lệ; các thao tác: {string.Join(", ", actions)}.",
                $"Unknown action; actions are: {string.Join(", ", actions)}.");
        }
        var actor = validator.Optional("actorId", query.ActorId, AuditEntry.ActorIdMax);
        var subject = validator.Optional("subjectId", query.SubjectId, AuditEntry.SubjectIdMax);
        entries = entries.AsNoTracking();
        if (from is { } f) { var start = Start(f); entries = entries.Where(e => e.At >= start); }
        if (to is { } t) { var end = Start(t.AddDays(1)); entries = entries.Where(e => e.At < end); }
        if (action is not null) entries = entries.Where(e => e.Action == action);
        if (actor is not null) entries = entries.Where(e => e.ActorId == actor);
        if (subject is not null)
        {
            entries = subjectInDetail
                ? entries.Where(e => e.SubjectId == subject || (e.Detail != null && e.Detail.Contains(subject)))
                : entries.Where(e => e.SubjectId == subject);
        }
        return entries;
    }

    /// <summary>Paging numbers read as text, so <c>page=abc</c> is a 400 naming <c>page</c>.</summary>
    public static int? Number(string field, string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        validator.Add(field, $"'{field}' phải là một số nguyên.", $"'{field}' must be a whole number.");
        return null;
    }

    /// <summary>The lines as the officer reads them, with their actors' units named from the service's replica.</summary>
    public static async Task<IReadOnlyList<AuditEntryResponse>> ResponsesAsync(IQueryable<UnitReplica> replica, IReadOnlyCollection<AuditEntry> items,
        CancellationToken ct)
    {
        var ids = items.Where(e => e.ActorUnitId is not null).Select(e => e.ActorUnitId!.Value).ToHashSet();
        var units = await replica.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.Code, u.Name), ct);
        return items.Select(e =>
        {
            (string Code, string Name)? unit = e.ActorUnitId is { } id && units.TryGetValue(id, out var found) ? found : null;
            return new AuditEntryResponse(e.Sequence, e.At, e.ActorId, unit?.Code, unit?.Name, e.ActorRoles, e.Action, e.SubjectType, e.SubjectId,
                e.Detail, Convert.ToHexStringLower(e.Hash));
        }).ToList();
    }

    /// <summary>The export: XLSX, or CSV with every cell a spreadsheet would read as a formula guarded.</summary>
    public static async Task<byte[]> ExportAsync(IEnumerable<AuditEntryResponse> lines, string format, string sheet, CancellationToken ct)
    {
        var csv = format == "csv";
        var rows = lines.Select(e => new Dictionary<string, object?>
        {
            ["Số thứ tự"] = e.Sequence,
            ["Thời điểm (giờ Việt Nam)"] = TimeZoneInfo.ConvertTime(e.At, VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            ["Người thực hiện"] = e.ActorId,
            ["Đơn vị"] = e.ActorUnitName ?? "",
            ["Vai trò"] = e.ActorRoles,
            ["Thao tác"] = e.Action,
            ["Đối tượng"] = $"{e.SubjectType} {e.SubjectId}",
            ["Chi tiết"] = e.Detail ?? "",
            ["Mã băm"] = e.Hash,
        }).ToList();
        if (csv) rows = SpreadsheetCells.GuardRows(rows);
        using var output = new MemoryStream();
        await output.SaveAsAsync(rows, sheetName: sheet, excelType: csv ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        return output.ToArray();
    }

    /// <summary>The filters, for the line an export writes on the trail.</summary>
    public static string Describe(AuditQuery q) =>
        $"from {q.From ?? "-"} to {q.To ?? "-"}, action {q.Action ?? "-"}, actor {q.ActorId ?? "-"}, subject {q.SubjectId ?? "-"}";

    /// <summary>The verification line's detail.</summary>
    public static string Describe(AuditVerification result) =>
        $"{result.Lines} lines; {(result.Intact ? "intact" : $"{result.Problems.Count} problems")}; last hash {result.LastHash}";

    private static DateOnly? Day(string field, string? value, RequestValidator validator)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        validator.Add(field, $"'{field}' phải là một ngày dạng yyyy-MM-dd.", $"'{field}' must be a date as yyyy-MM-dd.");
        return null;
    }

    /// <summary>Midnight of a Vietnamese day, in UTC.</summary>
    private static DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
