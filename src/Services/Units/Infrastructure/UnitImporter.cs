using Platform.ServiceDefaults;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Messaging;
using Platform.Units.Apis;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

/// <summary>One thing wrong with an imported file: where, and why.</summary>
public sealed record ImportError(int Line, string Column, string Reason);

public sealed record ImportResult(int Created, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Loads units from CSV or XLSX: upsert by code, all or nothing. Every bad row is reported (line,
/// column, reason) and then nothing is written. Columns are those of <see cref="Columns"/>.
/// </summary>
public sealed class UnitImporter(UnitsDbContext db, TimeProvider clock)
{
    public static readonly string[] Columns =
        ["code", "name", "short_name", "kind", "parent_code", "area_code", "address", "head_name", "head_title", "phone", "email", "effective_from"];

    private static readonly string[] RequiredColumns = ["code", "name", "kind"];

    /// <summary>Reads a CSV with a header row; <paramref name="columns"/> and <paramref name="required"/> default to the unit import's.</summary>
    public static IReadOnlyList<(int Line, Dictionary<string, string> Fields)> ParseCsv(Stream stream, List<ImportError> errors,
        string[]? columns = null, string[]? required = null)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = Csv.Read(reader).ToList();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(1, "", Text.Pick("Tệp rỗng.", "The file is empty.")));
            return [];
        }
        var header = rows[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        return ToRecords(header, rows.Skip(1).Select(r => (r.Line, (IReadOnlyList<string>)r.Fields.Select(SpreadsheetCells.Unguard).ToList())), errors,
            columns ?? Columns, required ?? RequiredColumns);
    }

    /// <summary>Reads the first sheet of an XLSX with a header row; columns as for <see cref="ParseCsv"/>.</summary>
    public static IReadOnlyList<(int Line, Dictionary<string, string> Fields)> ParseXlsx(Stream stream, List<ImportError> errors,
        string[]? columns = null, string[]? required = null)
    {
        List<IDictionary<string, object?>> sheet;
        try
        {
            sheet = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            errors.Add(new ImportError(1, "", Text.Pick("Không đọc được tệp XLSX.", "The XLSX file could not be read.")));
            return [];
        }
        if (sheet.Count == 0)
        {
            errors.Add(new ImportError(1, "", Text.Pick("Tệp rỗng.", "The file is empty.")));
            return [];
        }
        var header = sheet[0].Values.Select(v => (Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").Trim().ToLowerInvariant()).ToList();
        return ToRecords(header, sheet.Skip(1).Select((row, i) =>
            (i + 2, (IReadOnlyList<string>)row.Values.Select(CellText).ToList())), errors, columns ?? Columns, required ?? RequiredColumns);
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static List<(int Line, Dictionary<string, string> Fields)> ToRecords(
        List<string> header, IEnumerable<(int Line, IReadOnlyList<string> Fields)> rows, List<ImportError> errors, string[] columns, string[] required)
    {
        foreach (var column in header.Where(h => h.Length > 0 && !columns.Contains(h)))
        {
            errors.Add(new ImportError(1, column, Text.Pick($"Cột không được hỗ trợ; các cột: {string.Join(", ", columns)}.",
                $"Unknown column; columns are: {string.Join(", ", columns)}.")));
        }
        foreach (var column in required.Where(c => !header.Contains(c)))
        {
            errors.Add(new ImportError(1, column, Text.Pick("Thiếu cột bắt buộc.", "A required column is missing.")));
        }
        var records = new List<(int, Dictionary<string, string>)>();
        foreach (var (line, fields) in rows)
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            if (fields.Count > header.Count)
            {
                errors.Add(new ImportError(line, "", Text.Pick($"Dòng có {fields.Count} cột, tiêu đề có {header.Count}.", $"The row has {fields.Count} fields but the header has {header.Count}.")));
                continue;
            }
            var record = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                record[header[i]] = i < fields.Count ? fields[i] : "";
            }
            records.Add((line, record));
        }
        return records;
    }

    private sealed record ValidRow(int Line, string Code, string Name, string? ShortName, UnitKind Kind, string? ParentCode, UnitDetails Details, DateOnly? EffectiveFrom);

    /// <summary>Validates every row, then (when all are good and not a dry run) writes them in one transaction.</summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<(int Line, Dictionary<string, string> Fields)> records, List<ImportError> errors,
        Actor actor, bool dryRun, Func<string, Guid>? idForNewCode, CancellationToken ct)
    {
        var rows = new List<ValidRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in records)
        {
            var validator = new RequestValidator();
            string Get(string column) => fields.GetValueOrDefault(column) ?? "";
            var code = validator.Required("code", Get("code"), UnitLimits.Code);
            validator.Matches("code", code, UnitsApi.CodePattern(), "chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'", "only ASCII letters, digits, '.', '-' and '_'");
            if (code.Length > 0 && !seen.TryAdd(code, line))
            {
                validator.Add("code", $"Mã trùng với dòng {seen[code]}.", $"Duplicate of line {seen[code]}.");
            }
            var name = validator.Required("name", Get("name"), UnitLimits.Name);
            var shortName = validator.Optional("short_name", Get("short_name"), UnitLimits.ShortName);
            var kind = validator.Enum<UnitKind>("kind", Get("kind"), required: true);
            var parentCode = validator.Optional("parent_code", Get("parent_code"), UnitLimits.Code);
            var details = UnitsApi.ValidateDetails(validator, Get("area_code"), Get("address"), Get("head_name"), Get("head_title"), Get("phone"), Get("email"));
            DateOnly? effectiveFrom = null;
            if (Get("effective_from").Trim() is { Length: > 0 } dateText)
            {
                if (DateOnly.TryParseExact(dateText, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    effectiveFrom = parsed;
                }
                else
                {
                    validator.Add("effective_from", $"Ngày '{dateText}' không đúng dạng dd/MM/yyyy.", $"The date '{dateText}' is not in dd/MM/yyyy form.");
                }
            }
            if (validator.IsValid)
            {
                rows.Add(new ValidRow(line, code, name, shortName, kind!.Value, parentCode, details, effectiveFrom));
            }
            else
            {
                errors.AddRange(validator.Errors.SelectMany(e => e.Value.Select(reason => new ImportError(line, e.Key, reason))));
            }
        }

        var codes = rows.Select(r => r.Code).Concat(rows.Select(r => r.ParentCode).OfType<string>()).Distinct().ToList();
        var existing = await db.Units.Include(u => u.Periods).Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, ct);
        var inFile = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.ParentCode is { } parent && !inFile.ContainsKey(parent) && !existing.ContainsKey(parent))
            {
                errors.Add(new ImportError(row.Line, "parent_code", Text.Pick($"Không có đơn vị cấp trên mã '{parent}' (trong tệp hay trong hệ thống).",
                    $"No parent unit with code '{parent}' in the file or the system.")));
            }
            else if (row.ParentCode is { } p && !inFile.ContainsKey(p) && existing[p] is { IsActive: false })
            {
                errors.Add(new ImportError(row.Line, "parent_code", Text.Pick($"Đơn vị cấp trên {p} đã giải thể.", $"The parent unit {p} has been dissolved.")));
            }
            if (existing.TryGetValue(row.Code, out var current))
            {
                if (current.Kind != row.Kind)
                {
                    errors.Add(new ImportError(row.Line, "kind", Text.Pick($"Đơn vị {row.Code} đang là {current.Kind}; không đổi loại qua nhập tệp.",
                        $"Unit {row.Code} is a {current.Kind}; the kind cannot change by import.")));
                }
                if (!current.IsActive)
                {
                    errors.Add(new ImportError(row.Line, "code", Text.Pick($"Đơn vị {row.Code} đã giải thể.", $"Unit {row.Code} has been dissolved.")));
                }
            }
        }
        var order = OrderParentsFirst(rows, inFile, errors);
        await ReportCyclesThroughTheSystemAsync(rows, inFile, existing, errors, ct);
        if (errors.Count > 0)
        {
            return new ImportResult(0, 0, 0, errors.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal).ToList());
        }

        var today = VietnamTime.Today(clock);
        var idsByCode = existing.ToDictionary(e => e.Key, e => e.Value.Id, StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in order)
        {
            Guid? parentId = row.ParentCode is { } pc ? idsByCode[pc] : null;
            if (existing.TryGetValue(row.Code, out var unit))
            {
                var events = unit.Correct(row.Name, row.ShortName, parentId, row.Details, actor);
                if (events.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                updated++;
                db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Imported, today, "Cập nhật từ tệp nhập", actor));
                events.ForEach(e => db.AddIntegrationEvent(e));
            }
            else
            {
                var id = idForNewCode?.Invoke(row.Code) ?? Guid.CreateVersion7(actor.At);
                unit = Unit.Register(id, row.Code, row.Name, row.ShortName, row.Kind, parentId, row.Details, row.EffectiveFrom ?? today, actor);
                db.Units.Add(unit);
                db.UnitChanges.Add(UnitChange.Record(unit, UnitChangeKind.Registered, unit.EffectiveFrom, "Đăng ký từ tệp nhập", actor, parentId));
                db.AddIntegrationEvent(unit.ToRegisteredEvent());
                idsByCode[row.Code] = id;
                created++;
            }
        }
        if (!dryRun)
        {
            await db.SaveChangesAsync(ct);
        }
        else
        {
            db.ChangeTracker.Clear();
        }
        return new ImportResult(created, updated, unchanged, []);
    }

    /// <summary>
    /// A row may put an existing unit under one of its own descendants that the file does not mention
    /// (the office under its own school): follow each such row's new parent up through the file and the
    /// system, and report the row when the walk comes back to it.
    /// </summary>
    private async Task ReportCyclesThroughTheSystemAsync(List<ValidRow> rows, Dictionary<string, ValidRow> inFile,
        Dictionary<string, Unit> existing, List<ImportError> errors, CancellationToken ct)
    {
        var flagged = errors.Where(e => e.Column == "parent_code").Select(e => e.Line).ToHashSet();
        var candidates = rows.Where(r => r.ParentCode is not null && existing.ContainsKey(r.Code) && !flagged.Contains(r.Line)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var system = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Code, u.ParentId }).ToListAsync(ct);
        var codeById = system.ToDictionary(u => u.Id, u => u.Code);
        var parentCodeByCode = system.ToDictionary(u => u.Code, u => u.ParentId is { } p ? codeById.GetValueOrDefault(p) : null, StringComparer.Ordinal);
        foreach (var row in candidates)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = row.ParentCode; current is not null && seen.Add(current);
                 current = inFile.TryGetValue(current, out var inFileRow) ? inFileRow.ParentCode : parentCodeByCode.GetValueOrDefault(current))
            {
                if (current == row.Code)
                {
                    errors.Add(new ImportError(row.Line, "parent_code", Text.Pick(
                        $"Đơn vị cấp trên {row.ParentCode} đang trực thuộc {row.Code}: quan hệ cấp trên tạo thành vòng lặp.",
                        $"The parent {row.ParentCode} lies under {row.Code}: the parent links form a cycle.")));
                    break;
                }
            }
        }
    }

    /// <summary>Rows whose parents are in the file come after them; a cycle is an error on each of its rows.</summary>
    private static List<ValidRow> OrderParentsFirst(List<ValidRow> rows, Dictionary<string, ValidRow> inFile, List<ImportError> errors)
    {
        var ordered = new List<ValidRow>(rows.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var row in rows)
        {
            var current = row;
            // Walk up to the first ancestor already placed (or outside the file), then place downwards.
            var chain = new List<ValidRow>();
            var cyclic = false;
            while (current is not null && state.GetValueOrDefault(current.Code) != 2)
            {
                if (chain.Contains(current))
                {
                    cyclic = true;
                    break;
                }
                chain.Add(current);
                current = current.ParentCode is { } p && inFile.TryGetValue(p, out var parent) ? parent : null;
            }
            if (cyclic)
            {
                foreach (var r in chain.Where(r => state.GetValueOrDefault(r.Code) != 2))
                {
                    errors.Add(new ImportError(r.Line, "parent_code", Text.Pick("Quan hệ cấp trên tạo thành vòng lặp.", "The parent links form a cycle.")));
                    state[r.Code] = 2;
                }
                continue;
            }
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                ordered.Add(chain[i]);
                state[chain[i].Code] = 2;
            }
        }
        return ordered;
    }

    public static async Task WriteCsvAsync(IEnumerable<(Unit Unit, string? ParentCode)> units, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Columns) + "\n");
        foreach (var (u, parentCode) in units)
        {
            string[] fields = [u.Code, u.Name, u.ShortName ?? "", u.Kind.ToString(), parentCode ?? "", u.AreaCode ?? "", u.Address ?? "",
                u.HeadName ?? "", u.HeadTitle ?? "", u.Phone ?? "", u.Email ?? "", VietnamTime.Format(u.EffectiveFrom)];
            await writer.WriteAsync(string.Join(',', fields.Select(f => Csv.Escape(SpreadsheetCells.GuardFormula(f)))) + "\n");
        }
        await writer.FlushAsync(ct);
    }

    public static async Task WriteXlsxAsync(IEnumerable<(Unit Unit, string? ParentCode)> units, Stream output, CancellationToken ct)
    {
        var rows = units.Select(x => new Dictionary<string, object?>
        {
            ["code"] = x.Unit.Code, ["name"] = x.Unit.Name, ["short_name"] = x.Unit.ShortName, ["kind"] = x.Unit.Kind.ToString(),
            ["parent_code"] = x.ParentCode, ["area_code"] = x.Unit.AreaCode, ["address"] = x.Unit.Address, ["head_name"] = x.Unit.HeadName,
            ["head_title"] = x.Unit.HeadTitle, ["phone"] = x.Unit.Phone, ["email"] = x.Unit.Email, ["effective_from"] = VietnamTime.Format(x.Unit.EffectiveFrom),
        }).ToList();
        await output.SaveAsAsync(rows, cancellationToken: ct);
    }
}
