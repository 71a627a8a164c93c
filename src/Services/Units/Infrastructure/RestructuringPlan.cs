using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Messaging;
using Platform.Units.Apis;
using Platform.Units.Domain;

namespace Platform.Units.Infrastructure;

public enum PlanAction
{
    Create,
    Rename,
    Move,
    Merge,
    Split,
    Dissolve,
}

public sealed record RestructuringPlanResult(int Rows, int Created, int Changed, int Events, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A restructuring plan (issue 17): a file of dated actions applied in file order, all or nothing.
/// Every row is first checked on its own (action, date, codes, the columns its action needs); then the
/// whole plan is played through the domain operations (<see cref="RestructuringSteps"/>) on the units
/// loaded from the database, so a row sees what the rows above it did: a unit created on line 3 can be
/// the new parent on line 9. Any error anywhere and nothing is written; otherwise the new state, the
/// history periods, the change log and the integration events are saved in one transaction.
/// The format is described in <c>README-restructuring-plan.md</c> next to the service.
/// </summary>
/// <remarks>
/// <paramref name="access"/> is null when the service itself applies a plan (the demo seeder): it sees every unit.
/// </remarks>
public sealed class RestructuringPlanner(UnitsDbContext db, UnitAccess? access)
{
    public static readonly string[] Columns =
        ["action", "effective_date", "unit_code", "new_code", "name", "short_name", "kind", "parent_code", "target_codes", "area_code", "note"];

    public static readonly string[] RequiredColumns = ["action", "effective_date", "unit_code"];

    public const int NoteLength = 500;

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    /// <summary>The optional columns each action needs (N) or may use (U); any other non-empty column is an error.</summary>
    private static readonly Dictionary<PlanAction, (string[] Needs, string[] Uses)> Usage = new()
    {
        [PlanAction.Create] = (["name", "kind"], ["short_name", "parent_code", "area_code"]),
        [PlanAction.Rename] = (["name"], ["short_name"]),
        [PlanAction.Move] = (["parent_code"], []),
        [PlanAction.Merge] = (["target_codes"], []),
        [PlanAction.Split] = (["new_code", "name"], ["short_name", "kind", "area_code", "target_codes"]),
        [PlanAction.Dissolve] = ([], ["target_codes"]),
    };

    private static readonly string[] OptionalColumns = ["new_code", "name", "short_name", "kind", "parent_code", "target_codes", "area_code"];

    private sealed record PlanRow(int Line, PlanAction Action, DateOnly Date, string UnitCode, string? NewCode, string? Name, string? ShortName,
        UnitKind? Kind, string? ParentCode, IReadOnlyList<string> Targets, string? AreaCode, string? Note);

    /// <param name="idForNewCode">The id of a unit the plan creates; a new version-7 id when null. The demo seeder
    /// passes <c>DemoUnitIds.For</c> so that other services' demo data can name the new units.</param>
    public async Task<RestructuringPlanResult> RunAsync(IReadOnlyList<(int Line, Dictionary<string, string> Fields)> records, List<ImportError> errors,
        Actor actor, bool apply, CancellationToken ct, Func<string, Guid>? idForNewCode = null)
    {
        var rows = ParseRows(records, errors);
        CheckGroupsAndConflicts(rows, errors);

        // Applying reads the organisation, plays the plan on it and writes the outcome: no other write to
        // the units may come in between (another plan sent at the same time waits, then is checked against
        // what this one left). Readers are not held up. A check takes no lock and writes nothing. A caller
        // that already holds a transaction (the demo seeder: import and plan together) keeps it and commits.
        var locking = apply && errors.Count == 0;
        await using var transaction = locking && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (locking)
        {
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE", ct);
        }
        var (created, changed, events) = await PlayAsync(rows, errors, actor, idForNewCode, ct);

        if (errors.Count > 0 || !apply)
        {
            db.ChangeTracker.Clear();
            return new RestructuringPlanResult(records.Count, errors.Count > 0 ? 0 : created, errors.Count > 0 ? 0 : changed, errors.Count > 0 ? 0 : events,
                errors.DistinctBy(e => (e.Line, e.Column, e.Reason)).OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal).ToList());
        }
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return new RestructuringPlanResult(records.Count, created, changed, events, []);
    }

    // ---- One row at a time ----

    private static List<PlanRow> ParseRows(IReadOnlyList<(int Line, Dictionary<string, string> Fields)> records, List<ImportError> errors)
    {
        var rows = new List<PlanRow>();
        foreach (var (line, fields) in records)
        {
            var validator = new RequestValidator();
            string Get(string column) => fields.GetValueOrDefault(column) ?? "";

            var actionText = Get("action").Trim();
            PlanAction? action = null;
            if (actionText.Length == 0)
            {
                validator.Add("action", "Trường 'action' là bắt buộc.", "The field 'action' is required.");
            }
            else if (ParseAction(actionText) is { } parsedAction)
            {
                action = parsedAction;
            }
            else
            {
                validator.Add("action", $"Thao tác '{actionText}' không hợp lệ; các thao tác: create, rename, move, merge, split, dissolve.",
                    $"Unknown action '{actionText}'; actions are: create, rename, move, merge, split, dissolve.");
            }

            DateOnly date = default;
            var dateText = Get("effective_date").Trim();
            if (dateText.Length == 0)
            {
                validator.Add("effective_date", "Trường 'effective_date' là bắt buộc.", "The field 'effective_date' is required.");
            }
            else if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                validator.Add("effective_date", $"Ngày '{dateText}' không đúng dạng dd/MM/yyyy hoặc yyyy-MM-dd.",
                    $"The date '{dateText}' is not in dd/MM/yyyy or yyyy-MM-dd form.");
            }

            var unitCode = Code(validator, "unit_code", Get("unit_code"), required: true)!;
            if (action is { } a)
            {
                var (needs, uses) = Usage[a];
                foreach (var column in OptionalColumns)
                {
                    var blank = string.IsNullOrWhiteSpace(Get(column));
                    if (blank && needs.Contains(column))
                    {
                        validator.Add(column, $"Thao tác {Name(a)} cần cột '{column}'.", $"The action {Name(a)} needs the column '{column}'.");
                    }
                    else if (!blank && !needs.Contains(column) && !uses.Contains(column))
                    {
                        validator.Add(column, $"Thao tác {Name(a)} không dùng cột '{column}'; để trống.",
                            $"The action {Name(a)} does not use the column '{column}'; leave it empty.");
                    }
                }
            }
            var newCode = Code(validator, "new_code", Get("new_code"), required: false);
            var name = validator.Optional("name", Get("name"), UnitLimits.Name);
            var shortName = validator.Optional("short_name", Get("short_name"), UnitLimits.ShortName);
            var kind = validator.Enum<UnitKind>("kind", Get("kind"), required: false);
            var parentCode = Code(validator, "parent_code", Get("parent_code"), required: false);
            var areaCode = validator.Optional("area_code", Get("area_code"), UnitLimits.AreaCode);
            var note = validator.Optional("note", Get("note"), NoteLength);

            var targets = new List<string>();
            foreach (var target in Get("target_codes").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Code(validator, "target_codes", target, required: false) is not { } code)
                {
                    continue;
                }
                if (targets.Contains(code, StringComparer.Ordinal))
                {
                    validator.Add("target_codes", $"Mã '{code}' lặp lại trong target_codes.", $"The code '{code}' is listed twice in target_codes.");
                }
                else if (code == unitCode)
                {
                    validator.Add("target_codes", $"target_codes không được chứa chính đơn vị {code}.", $"target_codes cannot list the unit {code} itself.");
                }
                else
                {
                    targets.Add(code);
                }
            }
            if (action == PlanAction.Merge && targets.Count > 1)
            {
                validator.Add("target_codes", "Sáp nhập vào đúng một đơn vị: target_codes chỉ có một mã.", "A unit merges into exactly one unit: give one code in target_codes.");
            }
            if (parentCode is not null && parentCode == unitCode)
            {
                validator.Add("parent_code", "Một đơn vị không thể trực thuộc chính nó.", "A unit cannot be its own parent.");
            }
            if (newCode is not null && newCode == unitCode)
            {
                validator.Add("new_code", "Mã đơn vị mới phải khác mã đơn vị bị chia tách.", "The new unit's code must differ from the split unit's.");
            }

            if (validator.IsValid)
            {
                rows.Add(new PlanRow(line, action!.Value, date, unitCode, newCode, name, shortName, kind, parentCode, targets, areaCode, note));
            }
            else
            {
                errors.AddRange(validator.Errors.SelectMany(e => e.Value.Select(reason => new ImportError(line, e.Key, reason))));
            }
        }
        return rows;
    }

    private static PlanAction? ParseAction(string text) => text.ToLowerInvariant().Replace('-', '_') switch
    {
        "create" => PlanAction.Create,
        "rename" => PlanAction.Rename,
        "move" => PlanAction.Move,
        "merge" or "merge_into" => PlanAction.Merge,
        "split" => PlanAction.Split,
        "dissolve" => PlanAction.Dissolve,
        _ => null,
    };

    private static string Name(PlanAction action) => action.ToString().ToLowerInvariant();

    private static string? Code(RequestValidator validator, string column, string? value, bool required)
    {
        var code = required ? validator.Required(column, value, UnitLimits.Code) : validator.Optional(column, value, UnitLimits.Code);
        if (!string.IsNullOrEmpty(code) && !UnitsApi.CodePattern().IsMatch(code))
        {
            validator.Add(column, $"Mã '{code}' không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_'.",
                $"The code '{code}' is not valid: only ASCII letters, digits, '.', '-' and '_'.");
        }
        return code;
    }

    // ---- Rows against each other ----

    /// <summary>
    /// Split rows of one unit and date are one split and must be next to each other. Otherwise a unit
    /// changes at most once a date: two such rows cannot both apply (a state begins once a day).
    /// </summary>
    private static void CheckGroupsAndConflicts(List<PlanRow> rows, List<ImportError> errors)
    {
        var bad = new HashSet<int>();
        var splitGroups = new Dictionary<(string, DateOnly), int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Action != PlanAction.Split)
            {
                continue;
            }
            var continues = i > 0 && rows[i - 1] is { Action: PlanAction.Split } previous && previous.UnitCode == row.UnitCode && previous.Date == row.Date;
            if (!continues && splitGroups.TryGetValue((row.UnitCode, row.Date), out var firstLine))
            {
                errors.Add(new ImportError(row.Line, "unit_code", Text.Pick(
                    $"Các dòng chia tách {row.UnitCode} cùng ngày phải liền nhau (dòng {firstLine} đã bắt đầu).",
                    $"The split rows of {row.UnitCode} on one date must be next to each other (line {firstLine} began them).")));
                bad.Add(row.Line);
                continue;
            }
            splitGroups.TryAdd((row.UnitCode, row.Date), row.Line);
        }
        foreach (var group in Groups(rows).Where(g => g[0].Action == PlanAction.Split && !bad.Contains(g[0].Line)))
        {
            if (group.Count < 2)
            {
                errors.Add(new ImportError(group[0].Line, "new_code", Text.Pick(
                    "Chia tách cần ít nhất hai đơn vị mới: mỗi đơn vị mới một dòng split liền nhau.",
                    "A split needs at least two new units: one split row per new unit, next to each other.")));
                bad.Add(group[0].Line);
            }
            var children = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in group)
            {
                foreach (var child in row.Targets.Where(c => !children.TryAdd(c, row.Line)))
                {
                    errors.Add(new ImportError(row.Line, "target_codes", Text.Pick(
                        $"{child} đã được giao cho đơn vị mới ở dòng {children[child]}.", $"{child} is already given to the new unit of line {children[child]}.")));
                    bad.Add(row.Line);
                }
            }
        }

        // Who changes on which date: the unit itself, and a split's new units.
        var changes = new Dictionary<(string, DateOnly), PlanRow>();
        foreach (var row in rows.Where(r => !bad.Contains(r.Line)))
        {
            foreach (var (code, column) in ChangedCodes(row))
            {
                if (changes.TryGetValue((code, row.Date), out var earlier) && !(earlier.Action == PlanAction.Split && row.Action == PlanAction.Split
                        && earlier.UnitCode == row.UnitCode && column == "unit_code"))
                {
                    errors.Add(new ImportError(row.Line, column, Same(earlier, row)
                        ? Text.Pick($"Trùng lặp với dòng {earlier.Line}.", $"Duplicate of line {earlier.Line}.")
                        : Text.Pick($"Xung đột với dòng {earlier.Line}: {code} chỉ có thể thay đổi một lần vào ngày {VietnamTime.Format(row.Date)}.",
                            $"Conflicts with line {earlier.Line}: {code} can change only once on {VietnamTime.Format(row.Date)}.")));
                }
                else
                {
                    changes.TryAdd((code, row.Date), row);
                }
            }
        }
    }

    /// <summary>The same action written twice (the note aside).</summary>
    private static bool Same(PlanRow a, PlanRow b) =>
        (a.Action, a.Date, a.UnitCode, a.NewCode, a.Name, a.ShortName, a.Kind, a.ParentCode, a.AreaCode) ==
        (b.Action, b.Date, b.UnitCode, b.NewCode, b.Name, b.ShortName, b.Kind, b.ParentCode, b.AreaCode)
        && a.Targets.SequenceEqual(b.Targets, StringComparer.Ordinal);

    private static IEnumerable<(string Code, string Column)> ChangedCodes(PlanRow row)
    {
        yield return (row.UnitCode, "unit_code");
        if (row is { Action: PlanAction.Split, NewCode: { } newCode })
        {
            yield return (newCode, "new_code");
        }
    }

    /// <summary>
    /// The rows as they are played: adjacent split rows of one unit and date are one split, adjacent merge
    /// rows into one unit on one date are one merge; every other row stands alone.
    /// </summary>
    private static List<List<PlanRow>> Groups(List<PlanRow> rows)
    {
        static object? Key(PlanRow row) => row.Action switch
        {
            PlanAction.Split => (PlanAction.Split, row.UnitCode, row.Date),
            PlanAction.Merge => (PlanAction.Merge, row.Targets[0], row.Date),
            _ => null,
        };
        var groups = new List<List<PlanRow>>();
        foreach (var row in rows)
        {
            if (groups.Count > 0 && Key(row) is { } key && key.Equals(Key(groups[^1][^1])))
            {
                groups[^1].Add(row);
            }
            else
            {
                groups.Add([row]);
            }
        }
        return groups;
    }

    // ---- The plan played through the domain ----

    private sealed class World(List<Unit> units, HashSet<Guid>? readable, Func<string, Guid>? idForNewCode)
    {
        public Guid NewId(string code, Actor actor) => idForNewCode?.Invoke(code) ?? Guid.CreateVersion7(actor.At);

        public List<Unit> Units { get; } = units;
        public Dictionary<string, Unit> ByCode { get; } = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        public Dictionary<Guid, Unit> ById { get; } = units.ToDictionary(u => u.Id);
        /// <summary>Code → line of the row that creates it (all rows, also those not reached yet).</summary>
        public Dictionary<string, int> CreatedOn { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> FailedOn { get; } = new(StringComparer.Ordinal);
        public Dictionary<Guid, int> DissolvedOn { get; } = [];
        public HashSet<Guid> Created { get; } = [];

        public void Add(Unit unit)
        {
            Units.Add(unit);
            ByCode[unit.Code] = unit;
            ById[unit.Id] = unit;
            Created.Add(unit.Id);
        }

        public bool Visible(Unit unit) => readable is null || readable.Contains(unit.Id) || Created.Contains(unit.Id);

        /// <summary>Is <paramref name="candidate"/> <paramref name="root"/> or under it, now?</summary>
        public bool InSubtree(Unit candidate, Unit root)
        {
            var current = candidate;
            for (var steps = 0; current is not null && steps < 10_000; steps++)
            {
                if (current.Id == root.Id) return true;
                current = current.ParentId is { } p ? ById.GetValueOrDefault(p) : null;
            }
            return false;
        }
    }

    private async Task<(int Created, int Changed, int Events)> PlayAsync(List<PlanRow> rows, List<ImportError> errors, Actor actor,
        Func<string, Guid>? idForNewCode, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            if (errors.Count == 0)
            {
                errors.Add(new ImportError(1, "", Text.Pick("Kế hoạch không có dòng thao tác nào.", "The plan has no action rows.")));
            }
            return (0, 0, 0);
        }
        // The whole organisation, tracked: a plan can touch any of it, and the cycle checks need the tree.
        var world = new World(await db.Units.Include(u => u.Periods).ToListAsync(ct), access is null ? null : await access.ReadableIdsAsync(ct), idForNewCode);
        foreach (var row in rows)
        {
            foreach (var code in row.Action switch { PlanAction.Create => [row.UnitCode], PlanAction.Split => [row.NewCode!], _ => Array.Empty<string>() })
            {
                world.CreatedOn.TryAdd(code, row.Line);
            }
        }

        var flagged = errors.Select(e => e.Line).ToHashSet();
        var events = new List<object>();
        var changed = new HashSet<Guid>();
        var index = 0;
        foreach (var played in Groups(rows))
        {
            index++;
            // A merge goes ahead without its bad rows, so that the others are still checked; a split cannot.
            IReadOnlyList<PlanRow> group = played[0].Action == PlanAction.Merge ? played.Where(r => !flagged.Contains(r.Line)).ToList() : played;
            if (group.Count == 0 || group.Any(r => flagged.Contains(r.Line)))
            {
                MarkFailed(world, played);
                continue;
            }
            var row = group[0];
            // Each step is recorded a microsecond after the one above, so the history lists them in file order.
            var rowActor = actor with { At = actor.At.AddTicks(10 * index) };
            var before = errors.Count;
            List<object>? rowEvents = null;
            try
            {
                rowEvents = row.Action switch
                {
                    PlanAction.Create => Create(world, row, rowActor, errors),
                    PlanAction.Rename => Rename(world, row, rowActor, errors),
                    PlanAction.Move => Move(world, row, rowActor, errors),
                    PlanAction.Merge => Merge(world, group, rowActor, errors),
                    PlanAction.Split => Split(world, group, rowActor, errors),
                    PlanAction.Dissolve => Dissolve(world, row, rowActor, errors),
                    _ => throw new InvalidOperationException(row.Action.ToString()),
                };
            }
            catch (DomainException ex)
            {
                errors.Add(new ImportError(row.Line, row.Action is PlanAction.Rename or PlanAction.Move or PlanAction.Create ? "effective_date" : "target_codes",
                    Text.Pick(ex.Vietnamese, ex.English)));
            }
            if (errors.Count > before || rowEvents is null)
            {
                MarkFailed(world, group);
                continue;
            }
            events.AddRange(rowEvents);
            foreach (var evt in rowEvents)
            {
                Guid? id = evt switch
                {
                    UnitMoved m => m.UnitId,
                    UnitUpdated u => u.UnitId,
                    UnitDissolved d => d.UnitId,
                    _ => null,
                };
                if (id is { } touched && !world.Created.Contains(touched)) changed.Add(touched);
            }
        }
        if (errors.Count == 0)
        {
            foreach (var evt in events)
            {
                db.AddIntegrationEvent(evt);
            }
        }
        return (world.Created.Count, changed.Count, events.Count);
    }

    private static void MarkFailed(World world, IEnumerable<PlanRow> group)
    {
        foreach (var row in group)
        {
            var code = row.Action switch { PlanAction.Create => row.UnitCode, PlanAction.Split => row.NewCode, _ => null };
            if (code is not null) world.FailedOn.TryAdd(code, row.Line);
        }
    }

    /// <summary>
    /// The unit a row names, as the rows above left it; null (and an error naming the column) when it is
    /// unknown, outside the caller's scope, created only further down, or dissolved.
    /// </summary>
    private static Unit? Find(World world, PlanRow row, string column, string code, List<ImportError> errors, bool onDate = false)
    {
        void Error(string vi, string en) => errors.Add(new ImportError(row.Line, column, Text.Pick(vi, en)));

        if (!world.ByCode.TryGetValue(code, out var unit) || !world.Visible(unit))
        {
            if (world.FailedOn.TryGetValue(code, out var failed))
            {
                Error($"Đơn vị {code} được tạo ở dòng {failed}, nhưng dòng đó có lỗi.", $"Unit {code} is created on line {failed}, which has errors.");
            }
            else if (world.CreatedOn.TryGetValue(code, out var later) && later >= row.Line)
            {
                Error($"Đơn vị {code} chỉ được tạo ở dòng {later}, sau dòng này; các dòng được áp dụng theo thứ tự trong tệp.",
                    $"Unit {code} is only created on line {later}, below this one; rows apply in file order.");
            }
            else
            {
                Error($"Không có đơn vị mã '{code}' (trong hệ thống hay ở các dòng trên).", $"No unit with code '{code}' in the system or created on an earlier line.");
            }
            return null;
        }
        if (!unit.IsActive)
        {
            Error(world.DissolvedOn.TryGetValue(unit.Id, out var line)
                    ? $"Đơn vị {code} đã giải thể ở dòng {line}." : $"Đơn vị {code} đã giải thể.",
                world.DissolvedOn.TryGetValue(unit.Id, out line) ? $"Unit {code} is dissolved on line {line}." : $"Unit {code} has been dissolved.");
            return null;
        }
        if (onDate && unit.PeriodOn(row.Date) is null)
        {
            Error($"Đơn vị {code} chưa tồn tại vào ngày {VietnamTime.Format(row.Date)}.", $"Unit {code} does not exist yet on {VietnamTime.Format(row.Date)}.");
            return null;
        }
        return unit;
    }

    /// <summary>The row's own unit: it must exist, and its current state must have begun before the row's date.</summary>
    private static Unit? Subject(World world, PlanRow row, List<ImportError> errors)
    {
        var unit = Find(world, row, "unit_code", row.UnitCode, errors);
        if (unit is not null && row.Date <= unit.CurrentPeriod.ValidFrom)
        {
            errors.Add(new ImportError(row.Line, "effective_date", Text.Pick(
                $"Ngày hiệu lực phải sau {VietnamTime.Format(unit.CurrentPeriod.ValidFrom)}, ngày bắt đầu trạng thái hiện tại của {unit.Code}.",
                $"The effective date must be after {VietnamTime.Format(unit.CurrentPeriod.ValidFrom)}, when the current state of {unit.Code} began.")));
            return null;
        }
        return unit;
    }

    private static void CodeIsFree(World world, PlanRow row, string column, string code, List<ImportError> errors)
    {
        if (world.ByCode.ContainsKey(code))
        {
            errors.Add(new ImportError(row.Line, column, world.CreatedOn.TryGetValue(code, out var line) && line < row.Line && world.Created.Contains(world.ByCode[code].Id)
                ? Text.Pick($"Mã '{code}' đã được tạo ở dòng {line}.", $"The code '{code}' is already created on line {line}.")
                : Text.Pick($"Mã đơn vị '{code}' đã được dùng.", $"The unit code '{code}' is already in use.")));
        }
    }

    private List<object>? Create(World world, PlanRow row, Actor actor, List<ImportError> errors)
    {
        var before = errors.Count;
        CodeIsFree(world, row, "unit_code", row.UnitCode, errors);
        var parent = row.ParentCode is { } pc ? Find(world, row, "parent_code", pc, errors, onDate: true) : null;
        if (errors.Count > before) return null;

        var unit = Unit.Register(world.NewId(row.UnitCode, actor), row.UnitCode, row.Name!, row.ShortName, row.Kind!.Value, parent?.Id,
            new UnitDetails(row.AreaCode, null, null, null, null, null), row.Date, actor);
        var events = RestructuringSteps.Register(db, unit, $"Thành lập {unit.Name} theo kế hoạch sắp xếp", actor, row.Note);
        world.Add(unit);
        return events;
    }

    private List<object>? Rename(World world, PlanRow row, Actor actor, List<ImportError> errors)
    {
        var unit = Subject(world, row, errors);
        return unit is null ? null : RestructuringSteps.Rename(db, unit, row.Name!, row.ShortName, row.Date, actor, row.Note);
    }

    private List<object>? Move(World world, PlanRow row, Actor actor, List<ImportError> errors)
    {
        var unit = Subject(world, row, errors);
        var parent = Find(world, row, "parent_code", row.ParentCode!, errors, onDate: true);
        if (unit is null || parent is null) return null;
        if (unit.ParentId == parent.Id)
        {
            errors.Add(new ImportError(row.Line, "parent_code", Text.Pick($"{unit.Code} đã trực thuộc {parent.Code}.", $"{unit.Code} already lies under {parent.Code}.")));
            return null;
        }
        if (world.InSubtree(parent, unit))
        {
            errors.Add(new ImportError(row.Line, "parent_code", Text.Pick(
                $"{parent.Code} đang trực thuộc {unit.Code}: chuyển {unit.Code} vào dưới nó sẽ tạo thành vòng lặp.",
                $"{parent.Code} lies under {unit.Code}: moving {unit.Code} under it would make a cycle.")));
            return null;
        }
        return RestructuringSteps.Move(db, unit, parent.Id, row.Date, actor, row.Note);
    }

    private List<object>? Merge(World world, IReadOnlyList<PlanRow> group, Actor actor, List<ImportError> errors)
    {
        var first = group[0];
        var before = errors.Count;
        var successor = Find(world, first, "target_codes", first.Targets[0], errors, onDate: true);
        var sources = new List<(PlanRow Row, Unit Unit)>();
        foreach (var row in group)
        {
            if (Subject(world, row, errors) is not { } unit)
            {
                continue;
            }
            if (successor is not null && world.InSubtree(successor, unit))
            {
                errors.Add(new ImportError(row.Line, "target_codes", Text.Pick(
                    $"{successor.Code} trực thuộc {unit.Code}: các đơn vị cấp dưới của {unit.Code} sẽ chuyển vào dưới chính cấp dưới của mình (vòng lặp).",
                    $"{successor.Code} lies under {unit.Code}: the children of {unit.Code} would move under their own descendant (a cycle).")));
                continue;
            }
            sources.Add((row, unit));
        }
        if (successor is null || errors.Count > before) return null;
        var note = string.Join("; ", group.Select(r => r.Note).OfType<string>().Distinct());
        var events = RestructuringSteps.Merge(db, [.. sources.Select(s => s.Unit)], successor, world.Units, first.Date, actor, note);
        foreach (var (row, unit) in sources)
        {
            world.DissolvedOn[unit.Id] = row.Line;
        }
        return events;
    }

    private List<object>? Dissolve(World world, PlanRow row, Actor actor, List<ImportError> errors)
    {
        var before = errors.Count;
        var unit = Subject(world, row, errors);
        var successors = row.Targets.Select(code => Find(world, row, "target_codes", code, errors, onDate: true)).ToList();
        if (unit is null || errors.Count > before) return null;
        var primary = successors.FirstOrDefault();
        if (primary is not null && world.InSubtree(primary, unit))
        {
            errors.Add(new ImportError(row.Line, "target_codes", Text.Pick(
                $"{primary.Code} trực thuộc {unit.Code}: các đơn vị cấp dưới của {unit.Code} sẽ chuyển vào dưới chính cấp dưới của mình (vòng lặp).",
                $"{primary.Code} lies under {unit.Code}: the children of {unit.Code} would move under their own descendant (a cycle).")));
            return null;
        }
        var events = RestructuringSteps.Dissolve(db, unit, primary, world.Units, row.Date, actor, [.. successors.Skip(1).OfType<Unit>()], row.Note);
        world.DissolvedOn[unit.Id] = row.Line;
        return events;
    }

    private List<object>? Split(World world, IReadOnlyList<PlanRow> group, Actor actor, List<ImportError> errors)
    {
        var first = group[0];
        var before = errors.Count;
        var source = Subject(world, first, errors);
        var allocated = new List<(PlanRow Row, List<Unit> Children)>();
        foreach (var row in group)
        {
            CodeIsFree(world, row, "new_code", row.NewCode!, errors);
            var children = new List<Unit>();
            foreach (var code in row.Targets)
            {
                var child = Find(world, row, "target_codes", code, errors);
                if (child is not null && source is not null && child.ParentId != source.Id)
                {
                    errors.Add(new ImportError(row.Line, "target_codes", Text.Pick($"{code} không trực thuộc {source.Code}.", $"{code} is not under {source.Code}.")));
                }
                else if (child is not null)
                {
                    children.Add(child);
                }
            }
            allocated.Add((row, children));
        }
        if (source is null || errors.Count > before) return null;
        var given = allocated.SelectMany(a => a.Children).Select(c => c.Id).ToHashSet();
        var missing = world.Units.Where(u => u.IsActive && u.ParentId == source.Id && !given.Contains(u.Id)).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(first.Line, "target_codes", Text.Pick(
                $"Chưa giao cho đơn vị mới nào các đơn vị cấp dưới của {source.Code}: {string.Join(", ", missing)}.",
                $"These children of {source.Code} are not given to any new unit: {string.Join(", ", missing)}.")));
            return null;
        }

        var parts = allocated.Select(a => new SplitPart(
            Unit.Register(world.NewId(a.Row.NewCode!, actor), a.Row.NewCode!, a.Row.Name!, a.Row.ShortName, a.Row.Kind ?? source.Kind, source.ParentId,
                new UnitDetails(a.Row.AreaCode ?? source.AreaCode, null, null, null, null, null), first.Date, actor),
            (IReadOnlyList<Unit>)a.Children)).ToList();
        var events = RestructuringSteps.Split(db, source, parts, parts[0].NewUnit, world.Units, first.Date, actor, first.Note);
        foreach (var part in parts)
        {
            world.Add(part.NewUnit);
        }
        world.DissolvedOn[source.Id] = first.Line;
        return events;
    }
}
