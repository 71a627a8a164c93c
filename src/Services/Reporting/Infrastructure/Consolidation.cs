using Microsoft.EntityFrameworkCore.Storage;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Platform.Reporting.Infrastructure;

/// <summary>A consolidated figure: total, how many approved reports fed it, and their maximum.</summary>
public sealed record AggregateCell(decimal Total, int Reports, decimal? Max);

/// <summary>
/// Whose reports a unit's views count: the reports whose snapshot chain passes through <see cref="Root"/> (its line
/// as it was in the period), and the reports of the schedules and requests set by the root or a unit under it
/// (<see cref="RequestedBy"/>) even when the reporting unit is outside the root's line. Since the 2025 reform the
/// commune Culture–Society divisions that supervise preschools, primary and lower-secondary schools sit under their
/// commune People's Committee, not under the Department, yet the Department's monthly report is still asked of
/// them: its province-wide figures count them, grouped by the unit that supervised each school in the period.
/// </summary>
public sealed record ReportingScope(Guid Root, Guid[] RequestedBy)
{
    public static async Task<ReportingScope> ForAsync(ReportingDbContext db, Guid templateId, Guid root, CancellationToken ct)
    {
        var owners = await UnitDirectory.UnitReplicaQueries.ReplicaSubtreeAsync(db, root, ct);
        owners.Add(root);
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.TemplateId == templateId && owners.Contains(s.OwnerUnitId)).Select(s => s.Id).ToListAsync(ct);
        var requests = await db.Requests.AsNoTracking().Where(r => r.TemplateId == templateId && owners.Contains(r.OwnerUnitId)).Select(r => r.Id).ToListAsync(ct);
        return new ReportingScope(root, [.. schedules, .. requests]);
    }

    /// <summary>SQL: the report <c>s</c> lies on the root's line (the root or below it in the period).</summary>
    internal const string InLine = "(s.chain @> ARRAY[@root] OR s.unit_id = @root)";

    /// <summary>SQL: the report <c>s</c> was asked for by the root's side but its unit was outside the root's line in the period.</summary>
    internal const string RequestedOutsideLine =
        "((s.schedule_id = ANY(@requested) OR s.request_id = ANY(@requested)) AND NOT (s.chain @> ARRAY[@root]) AND s.unit_id <> @root)";

    internal void AddParameters(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter("root", Root));
        command.Parameters.Add(new NpgsqlParameter("requested", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = RequestedBy });
    }
}

/// <summary>
/// Keeps <c>consolidated_values</c> in step with approvals and reads it. Approval adds the report into the
/// row of every unit of its snapshot chain (in the approval's transaction); reopening rebuilds those rows
/// from the approved reports, because a maximum cannot be subtracted.
/// </summary>
public static class Consolidation
{
    private const string RollupColumns = "template_id, period_id, unit_id, indicator_id, parent_id, total, reports, max_value";

    /// <summary>Adds one approved submission into its chain's consolidated rows.</summary>
    public static Task<int> AddApprovedAsync(ReportingDbContext db, Guid submissionId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO consolidated_values (template_id, period_id, unit_id, indicator_id, parent_id, total, reports, max_value)
            SELECT s.template_id, s.period_id, c.unit_id, v.indicator_id, s.chain[c.ord + 1], v.numeric_value, 1, v.numeric_value
            FROM submissions s
            CROSS JOIN LATERAL unnest(s.chain) WITH ORDINALITY AS c(unit_id, ord)
            JOIN report_values v ON v.submission_id = s.id
            JOIN indicators i ON i.id = v.indicator_id
            WHERE s.id = {submissionId} AND s.status = 'Approved' AND v.numeric_value IS NOT NULL AND i.aggregation <> 'None'
            ON CONFLICT (template_id, period_id, unit_id, indicator_id) DO UPDATE SET
                total = consolidated_values.total + excluded.total,
                reports = consolidated_values.reports + 1,
                max_value = GREATEST(consolidated_values.max_value, excluded.max_value),
                parent_id = COALESCE(consolidated_values.parent_id, excluded.parent_id)
            """, ct);

    /// <summary>
    /// Rebuilds the consolidated rows of <paramref name="units"/> (every unit when null) for one template
    /// and period from the approved reports.
    /// </summary>
    public static async Task RebuildAsync(ReportingDbContext db, Guid templateId, int periodId, IReadOnlyCollection<Guid>? units, CancellationToken ct)
    {
        var unitFilter = units is null ? "" : "AND c.unit_id = ANY(@units) AND s.chain && @units";
        var deleteFilter = units is null ? "" : "AND unit_id = ANY(@units)";
        var sql = $"""
            DELETE FROM consolidated_values WHERE template_id = @template AND period_id = @period {deleteFilter};
            INSERT INTO consolidated_values ({RollupColumns})
            SELECT s.template_id, s.period_id, c.unit_id, v.indicator_id, (array_agg(s.chain[c.ord + 1]))[1],
                   sum(v.numeric_value), count(*), max(v.numeric_value)
            FROM submissions s
            CROSS JOIN LATERAL unnest(s.chain) WITH ORDINALITY AS c(unit_id, ord)
            JOIN report_values v ON v.submission_id = s.id
            JOIN indicators i ON i.id = v.indicator_id
            WHERE s.template_id = @template AND s.period_id = @period AND s.status = 'Approved'
              AND v.numeric_value IS NOT NULL AND i.aggregation <> 'None' {unitFilter}
            GROUP BY s.template_id, s.period_id, c.unit_id, v.indicator_id;
            """;
        await using var command = await CommandAsync(db, sql, ct);
        command.Parameters.Add(new NpgsqlParameter("template", templateId));
        command.Parameters.Add(new NpgsqlParameter("period", periodId));
        if (units is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("units", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = units.ToArray() });
        }
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Consolidated totals of the scope's root per indicator id: the rollup of its line plus the approved reports it
    /// asked for from units outside its line (see <see cref="ReportingScope"/>).
    /// </summary>
    public static async Task<Dictionary<int, AggregateCell>> TotalsAsync(ReportingDbContext db, Guid templateId, int periodId, ReportingScope scope, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, $"""
            SELECT indicator_id, sum(total), sum(reports)::int, max(max_value) FROM (
                SELECT indicator_id, total, reports, max_value FROM consolidated_values
                WHERE template_id = @template AND period_id = @period AND unit_id = @root
                UNION ALL
                SELECT v.indicator_id, v.numeric_value, 1, v.numeric_value
                FROM submissions s
                JOIN report_values v ON v.submission_id = s.id
                JOIN indicators i ON i.id = v.indicator_id
                WHERE s.template_id = @template AND s.period_id = @period AND s.status = 'Approved' AND {ReportingScope.RequestedOutsideLine}
                  AND v.numeric_value IS NOT NULL AND i.aggregation <> 'None'
            ) parts
            GROUP BY indicator_id
            """, ct);
        command.Parameters.Add(new NpgsqlParameter("template", templateId));
        command.Parameters.Add(new NpgsqlParameter("period", periodId));
        scope.AddParameters(command);
        var result = new Dictionary<int, AggregateCell>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetInt32(0)] = new AggregateCell(reader.GetDecimal(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3));
        }
        return result;
    }

    /// <summary>
    /// The units directly under the scope's root in the period, each with what it contributes: its own approved
    /// report plus the consolidated rows below it; and, for the reports the root asked for outside its line, the unit
    /// that supervised each of them in the period (a commune's Culture–Society division for the Department today).
    /// </summary>
    public static async Task<Dictionary<Guid, Dictionary<int, AggregateCell>>> ChildrenAsync(
        ReportingDbContext db, Guid templateId, int periodId, ReportingScope scope, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, $"""
            SELECT unit_id, indicator_id, sum(total), sum(reports)::int, max(max_value) FROM (
                SELECT unit_id, indicator_id, total, reports, max_value FROM consolidated_values
                WHERE template_id = @template AND period_id = @period AND parent_id = @root
                UNION ALL
                SELECT CASE WHEN s.chain[1] = @root THEN s.unit_id ELSE COALESCE(s.chain[1], s.unit_id) END,
                       v.indicator_id, v.numeric_value, 1, v.numeric_value
                FROM submissions s
                JOIN report_values v ON v.submission_id = s.id
                JOIN indicators i ON i.id = v.indicator_id
                WHERE s.template_id = @template AND s.period_id = @period AND s.status = 'Approved'
                  AND (s.chain[1] = @root OR {ReportingScope.RequestedOutsideLine})
                  AND v.numeric_value IS NOT NULL AND i.aggregation <> 'None'
            ) parts
            GROUP BY unit_id, indicator_id
            """, ct);
        command.Parameters.Add(new NpgsqlParameter("template", templateId));
        command.Parameters.Add(new NpgsqlParameter("period", periodId));
        scope.AddParameters(command);
        var result = new Dictionary<Guid, Dictionary<int, AggregateCell>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var child = reader.GetGuid(0);
            if (!result.TryGetValue(child, out var cells)) result[child] = cells = [];
            cells[reader.GetInt32(1)] = new AggregateCell(reader.GetDecimal(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4));
        }
        return result;
    }

    /// <summary>The approved reports behind a consolidated number: each reporting unit the scope counts and its value.</summary>
    public static async Task<(List<(Guid UnitId, Guid SubmissionId, decimal Value)> Rows, long Total)> DrillDownAsync(
        ReportingDbContext db, Guid templateId, int periodId, ReportingScope scope, IReadOnlyCollection<int> indicatorIds, int page, int pageSize, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, $"""
            SELECT s.unit_id, s.id, v.numeric_value, count(*) OVER ()
            FROM submissions s
            JOIN report_values v ON v.submission_id = s.id AND v.indicator_id = ANY(@indicators)
            WHERE s.template_id = @template AND s.period_id = @period AND s.status = 'Approved'
              AND (s.chain @> ARRAY[@root] OR {ReportingScope.RequestedOutsideLine})
              AND v.numeric_value IS NOT NULL
            ORDER BY v.numeric_value DESC, s.unit_id
            OFFSET @skip LIMIT @take
            """, ct);
        command.Parameters.Add(new NpgsqlParameter("template", templateId));
        command.Parameters.Add(new NpgsqlParameter("period", periodId));
        scope.AddParameters(command);
        command.Parameters.Add(new NpgsqlParameter("indicators", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = indicatorIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("skip", (page - 1) * pageSize));
        command.Parameters.Add(new NpgsqlParameter("take", pageSize));
        var rows = new List<(Guid, Guid, decimal)>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetDecimal(2)));
            total = reader.GetInt64(3);
        }
        return (rows, total);
    }

    internal static async Task<NpgsqlCommand> CommandAsync(ReportingDbContext db, string sql, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        return command;
    }
}

/// <summary>One cell of the completeness matrix: a unit (or the child of the root it rolls up to) in one period.</summary>
public sealed record CompletenessRow(Guid UnitId, int PeriodId, Domain.CompletenessCell Cell);

/// <summary>
/// Completeness and timeliness counted in the database, over the reports of a <see cref="ReportingScope"/>: those
/// whose snapshot chain passes through the root unit (GIN index on <c>chain</c>) and those the root asked for outside
/// its line. Rows group by the unit below the root on each report's chain — the supervising level of the period
/// (district offices in 2024, commune divisions today) — or, outside the root's line, by the report's own
/// supervising unit. The classification mirrors <see cref="Domain.CompletenessCell.Classify"/>.
/// </summary>
public static class CompletenessQueries
{
    public static async Task<List<CompletenessRow>> MatrixAsync(ReportingDbContext db, Guid templateId, IReadOnlyCollection<int> periodIds,
        ReportingScope scope, bool byReportingUnit, DateTimeOffset now, CancellationToken ct)
    {
        var grouping = byReportingUnit
            ? "s.unit_id"
            : """
              CASE WHEN s.unit_id = @root OR s.chain[1] = @root THEN s.unit_id
                   WHEN s.chain @> ARRAY[@root] THEN s.chain[array_position(s.chain, @root) - 1]
                   ELSE COALESCE(s.chain[1], s.unit_id) END
              """;
        await using var command = await Consolidation.CommandAsync(db, $"""
            SELECT {grouping} AS unit, s.period_id,
                   count(*)::int,
                   count(*) FILTER (WHERE s.first_submitted_at <= s.deadline_at)::int,
                   count(*) FILTER (WHERE s.first_submitted_at > s.deadline_at)::int,
                   count(*) FILTER (WHERE s.first_submitted_at IS NULL AND s.deadline_at < @now)::int,
                   count(*) FILTER (WHERE s.first_submitted_at IS NULL AND s.deadline_at >= @now)::int,
                   count(*) FILTER (WHERE s.status = 'Approved')::int
            FROM submissions s
            WHERE s.template_id = @template AND s.period_id = ANY(@periods) AND ({ReportingScope.InLine} OR {ReportingScope.RequestedOutsideLine})
            GROUP BY 1, 2
            """, ct);
        command.Parameters.Add(new NpgsqlParameter("template", templateId));
        command.Parameters.Add(new NpgsqlParameter("periods", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = periodIds.ToArray() });
        scope.AddParameters(command);
        command.Parameters.Add(new NpgsqlParameter("now", now));
        var rows = new List<CompletenessRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var expected = reader.GetInt32(2);
            var onTime = reader.GetInt32(3);
            var late = reader.GetInt32(4);
            rows.Add(new CompletenessRow(reader.GetGuid(0), reader.GetInt32(1),
                new Domain.CompletenessCell(expected, onTime + late, onTime, late, reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7))));
        }
        return rows;
    }
}
