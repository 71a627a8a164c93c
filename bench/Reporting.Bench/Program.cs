using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Platform.Reporting.Domain;
using Platform.Reporting.Infrastructure;
using Platform.Testing;

// Reporting at national scale: generated units × monthly periods × indicators, bulk-loaded with COPY
// (binary import) into the service's real schema, then the two queries a user waits for — a province's
// completeness matrix and a national consolidation of one period — timed as the service runs them.
// Usage: dotnet run -c Release --project bench/Reporting.Bench [-- --units 50000 --periods 24 --indicators 30 --runs 7 --out file.json]

var options = BenchOptions.Parse(args);
Console.WriteLine($"Reporting benchmark: {options.Units:N0} units × {options.Periods} periods × {options.Indicators} indicators, {options.Runs} runs per query");
Console.WriteLine("Starting a throwaway PostgreSQL from the machine's binaries…");
await using var server = await PostgresServer.StartAsync();
var connectionString = await server.CreateDatabaseAsync("reporting_bench");
var dbOptions = new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql(connectionString, o => o.CommandTimeout(3600)).UseSnakeCaseNamingConvention().Options;
await using (var migrate = new ReportingDbContext(dbOptions))
{
    await migrate.Database.MigrateAsync();
}
var results = new List<BenchResult>();
var random = new Random(20240326);
var sw = Stopwatch.StartNew();

// ---- organisation: a national root, 63 provinces, districts, and schools to make up the unit count ----
var org = Organisation.Generate(options.Units);
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var conn = await dataSource.OpenConnectionAsync())
await using (var writer = await conn.BeginBinaryImportAsync(
    "COPY unit_replicas (id, code, name, kind, parent_id, is_active, effective_from, source_updated_at) FROM STDIN (FORMAT BINARY)"))
{
    foreach (var u in org.Units)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(u.Id, NpgsqlDbType.Uuid);
        await writer.WriteAsync(u.Code, NpgsqlDbType.Varchar);
        await writer.WriteAsync(u.Code, NpgsqlDbType.Varchar);
        await writer.WriteAsync(u.Kind, NpgsqlDbType.Varchar);
        if (u.ParentId is { } p) await writer.WriteAsync(p, NpgsqlDbType.Uuid); else await writer.WriteNullAsync();
        await writer.WriteAsync(true, NpgsqlDbType.Boolean);
        await writer.WriteAsync(new DateOnly(2023, 1, 1), NpgsqlDbType.Date);
        await writer.WriteAsync(DateTimeOffset.UnixEpoch, NpgsqlDbType.TimestampTz);
    }
    await writer.CompleteAsync();
}
Console.WriteLine($"  organisation: {org.Units.Count:N0} units ({org.Provinces.Count} provinces, {org.Districts.Count:N0} districts) in {sw.Elapsed.TotalSeconds:F1} s");

// ---- template with N integer indicators, and the periods ----
Guid templateId = Guid.CreateVersion7();
List<int> indicatorIds;
List<Period> periods;
await using (var db = new ReportingDbContext(dbOptions))
{
    var validator = new Microsoft.Extensions.Hosting.RequestValidator();
    var version = Platform.Reporting.Apis.TemplateDefinitions.Build(validator,
        [new("main", "Chỉ tiêu")],
        Enumerable.Range(1, options.Indicators).Select(i => new Platform.Reporting.Apis.IndicatorRequest(
            $"indicator_{i:00}", "main", $"Chỉ tiêu {i}", "vụ", "Integer", true, 0, null, null, i % 10 == 0 ? "Max" : "Sum", null)).ToList(),
        [], null);
    db.Templates.Add(Platform.Reporting.Apis.TemplateDefinitions.NewTemplate(templateId, "BENCH", "Benchmark", null, new Actor("bench", org.Root, DateTimeOffset.UtcNow), version));
    var start = new DateOnly(2023, 1, 1);
    periods = Enumerable.Range(0, options.Periods).Select(i => start.AddMonths(i)).Select(d => PeriodCalendar.Containing(PeriodType.Monthly, d))
        .Select(p => new Period { Type = p.Type, Key = p.Key, Start = p.Start, End = p.End }).ToList();
    db.Periods.AddRange(periods);
    await db.SaveChangesAsync();
    indicatorIds = version.OrderedIndicators().Select(i => i.Id).ToList();
}
var versionId = await ScalarAsync<Guid>(dataSource, "SELECT id FROM template_versions LIMIT 1");

// ---- row-by-row SaveChanges on a sample, for the ratio ----
const int sampleRows = 2000;
double rowByRowRate;
await using (var db = new ReportingDbContext(dbOptions))
{
    var scratchPeriod = new Period { Type = PeriodType.AdHoc, Key = "BENCH-SAMPLE", Start = new DateOnly(2022, 1, 1), End = new DateOnly(2022, 1, 31) };
    db.Periods.Add(scratchPeriod);
    await db.SaveChangesAsync();
    var sampleUnits = org.Units.Take(sampleRows / options.Indicators + 1).ToList();
    var subs = sampleUnits.Select(u => ExpectedReports.NewSubmission(templateId, versionId, scratchPeriod.Id, u.Id, [.. org.ChainOf(u.Id)],
        scratchPeriod.Start, scratchPeriod.End, scratchPeriod.End, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null)).ToList();
    db.Submissions.AddRange(subs);
    await db.SaveChangesAsync();
    var timer = Stopwatch.StartNew();
    var written = 0;
    foreach (var sub in subs)
    {
        foreach (var indicator in indicatorIds)
        {
            if (written == sampleRows) break;
            db.ReportValues.Add(new ReportValue { SubmissionId = sub.Id, IndicatorId = indicator, NumericValue = random.Next(0, 50) });
            await db.SaveChangesAsync();
            written++;
        }
    }
    rowByRowRate = written / timer.Elapsed.TotalSeconds;
    await db.Database.ExecuteSqlRawAsync("DELETE FROM report_values; DELETE FROM submissions; ");
}
results.Add(new("row-by-row SaveChanges (sample)", sampleRows, sampleRows / rowByRowRate * 1000, rowByRowRate, null));
Console.WriteLine($"  row-by-row SaveChanges: {sampleRows:N0} values at {rowByRowRate:N0} rows/s");

// ---- bulk load with COPY: submissions, then values (secondary indexes dropped during the load and rebuilt after, as bulk loads do) ----
await ExecAsync(dataSource, """
    ALTER TABLE report_values DROP CONSTRAINT pk_report_values;
    DROP INDEX ix_submissions_chain; DROP INDEX ix_submissions_period_id_template_id_status; DROP INDEX ix_submissions_unit_id_period_id;
    DROP INDEX ix_submissions_awaiting_overdue; DROP INDEX ix_submissions_approved_supervisor;
    ALTER TABLE report_values DROP CONSTRAINT fk_report_values_submissions_submission_id;
    """);
var now = new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero);
var approvedByPeriodUnit = new List<(Guid Submission, int PeriodIndex)>();
long submissionRows = 0, valueRows = 0;
var copyTimer = Stopwatch.StartNew();
var submissionIds = new Guid[org.Units.Count * periods.Count];
var statuses = new SubmissionStatus[submissionIds.Length];
await using (var conn = await dataSource.OpenConnectionAsync())
await using (var writer = await conn.BeginBinaryImportAsync("""
    COPY submissions (id, template_id, template_version_id, period_id, unit_id, chain, data_from, data_to, deadline_date, deadline_at, status,
                      first_submitted_at, submitted_at, approved_at, is_late, created_at, updated_at) FROM STDIN (FORMAT BINARY)
    """))
{
    for (var p = 0; p < periods.Count; p++)
    {
        var period = PeriodCalendar.Parse(periods[p].Key)!;
        var deadlineDate = period.DeadlineAfter(5, Platform.WorkCalendar.HolidaySeed.AsAnnounced);
        var deadline = ExpectedReports.DeadlineInstant(deadlineDate);
        for (var u = 0; u < org.Units.Count; u++)
        {
            var unit = org.Units[u];
            var roll = random.Next(100);
            var status = roll < 85 ? SubmissionStatus.Approved : roll < 90 ? SubmissionStatus.Submitted : roll < 95 ? SubmissionStatus.Draft : SubmissionStatus.NotStarted;
            DateTimeOffset? first = status is SubmissionStatus.Approved or SubmissionStatus.Submitted
                ? deadline.AddHours(random.Next(100) < 85 ? -random.Next(1, 200) : random.Next(1, 200)) : null;
            var id = Guid.CreateVersion7();
            submissionIds[p * org.Units.Count + u] = id;
            statuses[p * org.Units.Count + u] = status;
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(templateId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(versionId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(periods[p].Id, NpgsqlDbType.Integer);
            await writer.WriteAsync(unit.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(unit.Chain, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            await writer.WriteAsync(period.CutoffFrom, NpgsqlDbType.Date);
            await writer.WriteAsync(period.CutoffTo, NpgsqlDbType.Date);
            await writer.WriteAsync(deadlineDate, NpgsqlDbType.Date);
            await writer.WriteAsync(deadline, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(status.ToString(), NpgsqlDbType.Varchar);
            if (first is { } f) { await writer.WriteAsync(f, NpgsqlDbType.TimestampTz); await writer.WriteAsync(f, NpgsqlDbType.TimestampTz); }
            else { await writer.WriteNullAsync(); await writer.WriteNullAsync(); }
            if (status == SubmissionStatus.Approved) await writer.WriteAsync(first!.Value.AddDays(2), NpgsqlDbType.TimestampTz); else await writer.WriteNullAsync();
            await writer.WriteAsync(first > deadline, NpgsqlDbType.Boolean);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            submissionRows++;
        }
    }
    await writer.CompleteAsync();
}
var submissionsSeconds = copyTimer.Elapsed.TotalSeconds;
Console.WriteLine($"  COPY submissions: {submissionRows:N0} rows in {submissionsSeconds:F1} s ({submissionRows / submissionsSeconds:N0} rows/s)");

copyTimer.Restart();
await using (var conn = await dataSource.OpenConnectionAsync())
await using (var writer = await conn.BeginBinaryImportAsync("COPY report_values (submission_id, indicator_id, numeric_value) FROM STDIN (FORMAT BINARY)"))
{
    for (var s = 0; s < submissionIds.Length; s++)
    {
        if (statuses[s] == SubmissionStatus.NotStarted) continue;
        foreach (var indicator in indicatorIds)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(submissionIds[s], NpgsqlDbType.Uuid);
            await writer.WriteAsync(indicator, NpgsqlDbType.Integer);
            await writer.WriteAsync((decimal)random.Next(0, 40), NpgsqlDbType.Numeric);
            valueRows++;
        }
        if (s % 200_000 == 0 && s > 0) Console.WriteLine($"    … {valueRows:N0} values ({valueRows / copyTimer.Elapsed.TotalSeconds:N0} rows/s)");
    }
    await writer.CompleteAsync();
}
var valuesSeconds = copyTimer.Elapsed.TotalSeconds;
var copyRate = valueRows / valuesSeconds;
results.Add(new("COPY submissions (binary import)", submissionRows, submissionsSeconds * 1000, submissionRows / submissionsSeconds, null));
results.Add(new("COPY report_values (binary import)", valueRows, valuesSeconds * 1000, copyRate, null));
Console.WriteLine($"  COPY report_values: {valueRows:N0} rows in {valuesSeconds:F1} s ({copyRate:N0} rows/s) — {copyRate / rowByRowRate:N0}× row-by-row SaveChanges");

copyTimer.Restart();
await ExecAsync(dataSource, """
    SET maintenance_work_mem = '1GB';
    ALTER TABLE report_values ADD CONSTRAINT pk_report_values PRIMARY KEY (submission_id, indicator_id);
    ALTER TABLE report_values ADD CONSTRAINT fk_report_values_submissions_submission_id FOREIGN KEY (submission_id) REFERENCES submissions (id) ON DELETE CASCADE;
    CREATE INDEX ix_submissions_chain ON submissions USING gin (chain);
    CREATE INDEX ix_submissions_period_id_template_id_status ON submissions (period_id, template_id, status);
    CREATE INDEX ix_submissions_unit_id_period_id ON submissions (unit_id, period_id);
    CREATE INDEX ix_submissions_awaiting_overdue ON submissions (deadline_at) WHERE first_submitted_at IS NULL AND overdue_notified_at IS NULL;
    CREATE INDEX ix_submissions_approved_supervisor ON submissions (template_id, period_id, (chain[1])) WHERE status = 'Approved';
    """);
foreach (var table in new[] { "submissions", "report_values", "unit_replicas" })
{
    await ExecAsync(dataSource, $"VACUUM ANALYZE {table}");
}
var indexSeconds = copyTimer.Elapsed.TotalSeconds;
results.Add(new("rebuild keys and indexes + analyze", submissionRows + valueRows, indexSeconds * 1000, null, null));
Console.WriteLine($"  keys, indexes and ANALYZE: {indexSeconds:F1} s");

// ---- consolidation rows for the measured period: what approvals maintain incrementally; here rebuilt from raw ----
var target = periods[^2];
copyTimer.Restart();
await using (var db = new ReportingDbContext(dbOptions))
{
    await Consolidation.RebuildAsync(db, templateId, target.Id, null, CancellationToken.None);
}
var rebuildMs = copyTimer.Elapsed.TotalMilliseconds;
await ExecAsync(dataSource, "VACUUM ANALYZE consolidated_values;");
results.Add(new($"rebuild national consolidation of {target.Key} from raw values (reopen worst case)", null, rebuildMs, null, null));
Console.WriteLine($"  rebuilt consolidated_values for {target.Key} in {rebuildMs:N0} ms");

// ---- the queries users wait for ----
var province = org.Provinces[org.Provinces.Count / 2];
var district = org.Districts.First(d => org.ParentOf[d] == province);
var periodIds = periods.Select(p => p.Id).ToList();
await Measure($"province completeness matrix ({org.SchoolsUnder(province):N0} units × {periods.Count} periods, by district)", async db =>
{
    var rows = await CompletenessQueries.MatrixAsync(db, templateId, periodIds, new ReportingScope(province, []), byReportingUnit: false, now, CancellationToken.None);
    return rows.Count;
});
await Measure($"province completeness, one period, every unit ({org.SchoolsUnder(province):N0} rows)", async db =>
    (await CompletenessQueries.MatrixAsync(db, templateId, [target.Id], new ReportingScope(province, []), byReportingUnit: true, now, CancellationToken.None)).Count);
await Measure($"national consolidation of {target.Key} (rollup: totals + {org.Provinces.Count} provinces)", async db =>
{
    var totals = await Consolidation.TotalsAsync(db, templateId, target.Id, new ReportingScope(org.Root, []), CancellationToken.None);
    var children = await Consolidation.ChildrenAsync(db, templateId, target.Id, new ReportingScope(org.Root, []), CancellationToken.None);
    return totals.Count + children.Count;
});
await Measure($"district consolidation of {target.Key} with its schools", async db =>
    (await Consolidation.ChildrenAsync(db, templateId, target.Id, new ReportingScope(district, []), CancellationToken.None)).Count);
await Measure("drill-down: first page of a province's reports behind one indicator", async db =>
    (await Consolidation.DrillDownAsync(db, templateId, target.Id, new ReportingScope(province, []), [indicatorIds[0]], 1, 50, CancellationToken.None)).Rows.Count);
await Measure($"national consolidation of {target.Key} straight from report_values (no rollup, for comparison)", async db =>
{
    await using var command = await ConsolidationCommand(db, """
        SELECT v.indicator_id, sum(v.numeric_value), count(*) FROM submissions s JOIN report_values v ON v.submission_id = s.id
        WHERE s.template_id = @t AND s.period_id = @p AND s.status = 'Approved' GROUP BY v.indicator_id
        """, templateId, target.Id);
    var n = 0;
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) n++;
    return n;
}, runs: Math.Min(options.Runs, 5));

// Cross-check: the rollup equals the raw sum.
await using (var db = new ReportingDbContext(dbOptions))
{
    var rollup = await Consolidation.TotalsAsync(db, templateId, target.Id, new ReportingScope(org.Root, []), CancellationToken.None);
    var raw = await ScalarAsync<decimal>(dataSource, $"SELECT sum(v.numeric_value) FROM submissions s JOIN report_values v ON v.submission_id = s.id WHERE s.template_id = '{templateId}' AND s.period_id = {target.Id} AND s.status = 'Approved' AND s.unit_id <> '{org.Root}' AND v.indicator_id = {indicatorIds[0]}");
    if (rollup[indicatorIds[0]].Total != raw) throw new InvalidOperationException($"Rollup {rollup[indicatorIds[0]].Total} differs from raw {raw}");
    Console.WriteLine($"  check: national rollup of {target.Key} indicator 1 = {raw:N0} = sum of the approved raw values below the root");
}

// ---- report ----
var size = await ScalarAsync<string>(dataSource, "SELECT pg_size_pretty(pg_database_size(current_database()))");
Console.WriteLine();
Console.WriteLine($"{"measurement",-92} {"rows",14} {"median ms",10} {"rows/s",12}");
Console.WriteLine(new string('-', 131));
foreach (var r in results)
{
    Console.WriteLine($"{r.Name,-92} {r.Rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "",14} {r.MedianMs,10:N1} {r.RowsPerSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "",12}");
}
Console.WriteLine();
Console.WriteLine($"COPY vs row-by-row SaveChanges: {copyRate / rowByRowRate:N0}× faster ({copyRate:N0} vs {rowByRowRate:N0} rows/s)");
Console.WriteLine($"database size after load: {size}; total time {sw.Elapsed.TotalMinutes:F1} min");
var report = new
{
    options.Units, options.Periods, options.Indicators, options.Runs, machine = $"{Environment.ProcessorCount} cores",
    copyRowsPerSecond = copyRate, rowByRowRowsPerSecond = rowByRowRate, copyToRowByRowRatio = copyRate / rowByRowRate, databaseSize = size,
    results,
};
await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
Console.WriteLine($"written {Path.GetFullPath(options.Out)}");
return;

async Task Measure(string name, Func<ReportingDbContext, Task<int>> query, int? runs = null)
{
    var times = new List<double>();
    var rows = 0;
    await using var db = new ReportingDbContext(dbOptions);
    await query(db); // warm-up: connection, plan cache
    for (var i = 0; i < (runs ?? options.Runs); i++)
    {
        var t = Stopwatch.StartNew();
        rows = await query(db);
        times.Add(t.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    var median = times[times.Count / 2];
    results.Add(new(name, rows, median, null, times));
    Console.WriteLine($"  {name}: median {median:N1} ms over {times.Count} runs ({rows:N0} rows)");
}

static async Task<NpgsqlCommand> ConsolidationCommand(ReportingDbContext db, string sql, Guid template, int period)
{
    await db.Database.OpenConnectionAsync();
    var command = ((NpgsqlConnection)db.Database.GetDbConnection()).CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 600;
    command.Parameters.Add(new NpgsqlParameter("t", template));
    command.Parameters.Add(new NpgsqlParameter("p", period));
    return command;
}

static async Task ExecAsync(NpgsqlDataSource source, string sql)
{
    await using var command = source.CreateCommand(sql);
    command.CommandTimeout = 3600;
    await command.ExecuteNonQueryAsync();
}

static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql)
{
    await using var command = source.CreateCommand(sql);
    command.CommandTimeout = 3600;
    return (T)(await command.ExecuteScalarAsync())!;
}

internal sealed record BenchResult(string Name, long? Rows, double MedianMs, double? RowsPerSecond, List<double>? RunsMs);

internal sealed record BenchOptions(int Units, int Periods, int Indicators, int Runs, string Out)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            int.Parse(Get("--units") ?? "50000", CultureInfo.InvariantCulture),
            int.Parse(Get("--periods") ?? "24", CultureInfo.InvariantCulture),
            int.Parse(Get("--indicators") ?? "30", CultureInfo.InvariantCulture),
            int.Parse(Get("--runs") ?? "7", CultureInfo.InvariantCulture),
            Get("--out") ?? "reporting-bench.json");
    }
}

/// <summary>A national organisation: root (the Ministry), 63 provinces (Departments), ~11 districts each, schools under districts.</summary>
internal sealed class Organisation
{
    public sealed record Unit(Guid Id, string Code, string Kind, Guid? ParentId, Guid[] Chain);

    public List<Unit> Units { get; } = [];
    public List<Guid> Provinces { get; } = [];
    public List<Guid> Districts { get; } = [];
    public Dictionary<Guid, Guid> ParentOf { get; } = [];
    private readonly Dictionary<Guid, Guid[]> _chains = [];
    private readonly Dictionary<Guid, int> _schoolsUnder = [];
    public Guid Root { get; private set; }

    public Guid[] ChainOf(Guid id) => _chains[id];
    public int SchoolsUnder(Guid id) => _schoolsUnder.GetValueOrDefault(id);

    public static Organisation Generate(int total)
    {
        var org = new Organisation();
        var random = new Random(7);
        org.Root = org.Add("BGDDT", "Ministry", null);
        for (var p = 0; p < 63; p++) org.Provinces.Add(org.Add($"SGD-{p:00}", "Department", org.Root));
        foreach (var province in org.Provinces)
        {
            for (var d = 0; d < 11; d++) org.Districts.Add(org.Add($"PGD-{org.Districts.Count:0000}", "DistrictEducationOffice", province));
        }
        var kinds = new[] { "Preschool", "PrimarySchool", "LowerSecondarySchool" };
        var i = 0;
        while (org.Units.Count < total)
        {
            var district = org.Districts[random.Next(org.Districts.Count)];
            org.Add($"TR-{i++:000000}", kinds[i % 3], district);
        }
        return org;
    }

    private Guid Add(string code, string kind, Guid? parent)
    {
        var id = Guid.CreateVersion7();
        var chain = parent is { } p ? new[] { p }.Concat(_chains[p]).ToArray() : [];
        _chains[id] = chain;
        if (parent is { } q) ParentOf[id] = q;
        foreach (var ancestor in chain) _schoolsUnder[ancestor] = _schoolsUnder.GetValueOrDefault(ancestor) + 1;
        Units.Add(new Unit(id, code, kind, parent, chain));
        return id;
    }
}
