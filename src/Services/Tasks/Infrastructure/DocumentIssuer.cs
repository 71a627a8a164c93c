using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.Tasks.Domain;

namespace Platform.Tasks.Infrastructure;

/// <summary>One addressee line of a document and the units it reached on the issue date.</summary>
public sealed record ResolvedAddressee(DocumentAddressee Line, string? Label, IReadOnlyList<Guid> UnitIds);

public sealed record IssueOutcome(int Number, int UnitCount, int AssignmentCount, TimeSpan Elapsed);

/// <summary>
/// Issues a document in one transaction: takes its number, fixes its deadlines, creates one assignment per
/// task (and period) per addressed unit — a snapshot of whom the addressees reached that day — and writes
/// <see cref="DocumentIssued"/> and every <see cref="TaskAssigned"/> to the outbox with them.
/// </summary>
public sealed class DocumentIssuer(TasksDbContext db, ILogger<DocumentIssuer> logger)
{
    public async Task<IssueOutcome> IssueAsync(Document document, IReadOnlyList<ResolvedAddressee> addressees, DateOnly issueDate,
        Actor actor, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var calendar = new HolidayCalendar(await db.Holidays.AsNoTracking().ToListAsync(ct));
        // Joins the caller's transaction when there is one (the demo seeder issues several documents atomically).
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

        int number;
        if (document.Number is { } registered)
        {
            if (document.IssuerUnitId is { } issuer)
            {
                await DocumentNumbering.RegisterAsync(db, issuer, issueDate.Year, registered, ct);
            }
            number = registered;
        }
        else
        {
            number = await DocumentNumbering.NextAsync(db, document.IssuerUnitId!.Value, issueDate.Year, ct);
        }
        document.Issue(number, issueDate, calendar, actor);

        foreach (var resolved in addressees)
        {
            resolved.Line.Label = resolved.Label ?? resolved.Line.Label;
            resolved.Line.ResolvedUnitCount = resolved.UnitIds.Count;
        }
        var unitIds = addressees.SelectMany(a => a.UnitIds).Distinct().Order().ToList();

        var assignments = new List<Assignment>();
        foreach (var task in document.Tasks.OrderBy(t => t.Number))
        {
            foreach (var occurrence in task.Occurrences(issueDate))
            {
                assignments.AddRange(unitIds.Select(unitId =>
                    Assignment.Create(Guid.CreateVersion7(actor.At), document.Id, task, occurrence, unitId, null, actor)));
            }
        }
        db.AddIntegrationEvent(new DocumentIssued
        {
            DocumentId = document.Id,
            Kind = document.Kind.ToString(),
            NumberAndSymbol = document.NumberAndSymbol,
            IssueDate = issueDate,
            IssuerUnitId = document.IssuerUnitId,
            Subject = document.Subject,
            TaskCount = document.Tasks.Count,
            AddresseeUnitIds = unitIds,
            IssuedByUserId = actor.UserId,
            OccurredAt = actor.At,
        });
        // The document, its number and DocumentIssued through EF; then the assignments and their TaskAssigned
        // events by COPY (thousands of rows) — all in the one transaction.
        await db.SaveChangesAsync(ct);
        await BulkCopy.AssignmentsAsync(db, assignments, ct);
        await BulkCopy.OutboxAsync(db, assignments.Select(a => AssignmentEvents.Assigned(a, actor, transferredFrom: null)), ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        stopwatch.Stop();
        TasksMetrics.AssignmentsCreated.Add(assignments.Count);
        logger.LogInformation("Issued document {DocumentId} as {NumberAndSymbol}: {Assignments} assignments to {Units} units in {ElapsedMs} ms",
            document.Id, document.NumberAndSymbol, assignments.Count, unitIds.Count, stopwatch.ElapsedMilliseconds);
        return new IssueOutcome(number, unitIds.Count, assignments.Count, stopwatch.Elapsed);
    }
}

public static class AssignmentEvents
{
    public static TaskAssigned Assigned(Assignment a, Actor actor, Guid? transferredFrom) => new()
    {
        AssignmentId = a.Id,
        DocumentId = a.DocumentId,
        TaskId = a.TaskId,
        TaskNumber = a.TaskNumber,
        Occurrence = a.Occurrence,
        UnitId = a.UnitId,
        DueDate = a.DueDate,
        ParentAssignmentId = a.ParentAssignmentId,
        TransferredFromUnitId = transferredFrom,
        AssignedByUserId = actor.UserId,
        OccurredAt = actor.At,
    };

    public static AssignmentClosed Closed(Assignment a, DateTimeOffset at) => new()
    {
        AssignmentId = a.Id,
        DocumentId = a.DocumentId,
        TaskId = a.TaskId,
        UnitId = a.UnitId,
        ClosedOn = a.ClosedOn!.Value,
        DueDate = a.DueDate,
        Reason = a.ClosedReason!,
        OccurredAt = at,
    };

    public static AssignmentCompleted Completed(Assignment a, DateTimeOffset at) => new()
    {
        AssignmentId = a.Id,
        DocumentId = a.DocumentId,
        TaskId = a.TaskId,
        UnitId = a.UnitId,
        CompletedOn = a.CompletedOn!.Value,
        DueDate = a.DueDate,
        OnTime = a.CompletedOnTime ?? true,
        DerivedFromChildren = a.CompletedByChildren,
        CompletedByUserId = a.CompletedBy,
        OccurredAt = at,
    };
}
