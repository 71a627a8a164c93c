using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Coordination;
using Platform.Contracts.Tasks;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.Tasks.Consumers;
using Platform.Tasks.Domain;
using Platform.UnitDirectory;

namespace Platform.Tasks.Tests;

/// <summary>Coordination events become assignments, through MassTransit's in-memory harness on real PostgreSQL.</summary>
public sealed class CoordinationConsumerTests(TasksApiFactory factory) : IClassFixture<TasksApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => factory.SeedOrgAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static MeetingDecisionRecorded Decision(Guid meetingId, Guid ownerUnitId, int number = 1, DateOnly? due = null) => new()
    {
        DecisionId = Guid.NewGuid(),
        MeetingId = meetingId,
        Number = number,
        MeetingTitle = "Giao ban an ninh, trật tự trường học quý II/2024",
        MeetingHeldOn = new DateOnly(2024, 4, 19),
        OrganiserUnitId = TestOrg.DistrictA,
        OwnerUnitId = ownerUnitId,
        Text = "Rà soát camera an ninh cổng trường, báo cáo kết quả",
        DueDate = due ?? new DateOnly(2024, 5, 15),
        RecordedByUserId = "user:district-a-officer",
        OccurredAt = TasksApiFactory.Start,
    };

    private static ProgrammeObligationDue Obligation(Guid ownerUnitId, Guid? establishingDocumentId, DateOnly due)
    {
        var obligationId = Guid.NewGuid();
        return new ProgrammeObligationDue
        {
            ProgrammeId = Guid.NewGuid(),
            ObligationId = obligationId,
            OccurrenceKey = $"{obligationId}:{due:yyyy-MM-dd}",
            ProgrammeTitle = "Phối hợp tuyên truyền phòng, chống ma tuý trong trường học",
            Title = "Tổ chức buổi tuyên truyền pháp luật về phòng, chống ma tuý",
            ResponsibleUnitId = ownerUnitId,
            DueDate = due,
            Recurrence = "Quarterly",
            EstablishingDocumentId = establishingDocumentId,
            OccurredAt = TasksApiFactory.Start,
        };
    }

    private async Task<Guid> PublishAndWaitAsync<T>(T message, string consumer, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await factory.Harness.Bus.Publish(message, ctx => ctx.MessageId = id);
        await using var db = factory.NewDbContext();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id && m.Consumer == consumer))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{consumer} did not apply message {id} in time");
            await Task.Delay(50);
        }
        return id;
    }

    /// <summary>Counts the inbox's skipped duplicates for one consumer (the harness lists a MessageId only once).</summary>
    private sealed class InboxDuplicateCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public InboxDuplicateCounter(string consumer)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MessagingMetrics.Name && instrument.Name == "platform.inbox.duplicates") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "consumer" && Equals(tag.Value, consumer)) Interlocked.Add(ref _count, (int)value);
                }
            });
            _listener.Start();
        }

        public async Task WaitForAsync(int expected)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Volatile.Read(ref _count) < expected)
            {
                Assert.True(DateTime.UtcNow < deadline, "the inbox did not skip the redelivery in time");
                await Task.Delay(50);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    private async Task<List<TaskAssigned>> AssignedEventsAsync(Guid documentId)
    {
        await using var db = factory.NewDbContext();
        return (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(TaskAssigned).FullName!)).ToListAsync())
            .Select(m => JsonSerializer.Deserialize<TaskAssigned>(m.Body, JsonSerializerOptions.Web)!)
            .Where(e => e.DocumentId == documentId).ToList();
    }

    [Fact]
    public async Task A_meeting_decision_becomes_one_assignment_for_the_owner_due_on_its_date_with_TaskAssigned_in_the_outbox()
    {
        var meetingId = Guid.NewGuid();
        var first = Decision(meetingId, TestOrg.SchoolA2, number: 1);
        var second = Decision(meetingId, TestOrg.SchoolA3, number: 2, due: new DateOnly(2024, 6, 1));
        await PublishAndWaitAsync(first, MeetingDecisionRecordedConsumer.ConsumerName);
        await PublishAndWaitAsync(second, MeetingDecisionRecordedConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        var document = await db.Documents.AsNoTracking().SingleAsync(d => d.SourceKey == $"meeting:{meetingId}");
        Assert.Equal(DocumentKind.Decision, document.Kind);
        Assert.Equal(DocumentStatus.Issued, document.Status);
        Assert.Null(document.Number);
        Assert.Equal(TestOrg.DistrictA, document.IssuerUnitId);
        Assert.Equal(new DateOnly(2024, 4, 19), document.IssueDate);
        Assert.Contains("Giao ban an ninh", document.Subject);
        Assert.Equal([TestOrg.SchoolA2, TestOrg.SchoolA3], document.Addressees.OrderBy(a => a.Position).Select(a => a.UnitId!.Value));
        var task = document.Tasks.Single(t => t.SourceKey == $"decision:{first.DecisionId}");
        Assert.Equal(1, task.Number);
        Assert.Contains("Kết luận số 1", task.Text);
        Assert.Contains(first.Text, task.Text);
        Assert.Equal(2, document.Tasks.Single(t => t.SourceKey == $"decision:{second.DecisionId}").Number);

        var assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.TaskId == task.Id);
        Assert.Equal(TestOrg.SchoolA2, assignment.UnitId);
        Assert.Equal(new DateOnly(2024, 5, 15), assignment.DueDate);
        Assert.Equal(AssignmentStatus.Assigned, assignment.Status);
        Assert.Equal("user:district-a-officer", assignment.AssignedBy);
        Assert.Equal(2, await db.Assignments.CountAsync(a => a.DocumentId == document.Id));

        var events = await AssignedEventsAsync(document.Id);
        var assigned = Assert.Single(events, e => e.AssignmentId == assignment.Id);
        Assert.Equal(TestOrg.SchoolA2, assigned.UnitId);
        Assert.Equal(new DateOnly(2024, 5, 15), assigned.DueDate);
        Assert.Equal(2, events.Count);

        // The owner works it through the ordinary API.
        var school = factory.ClientFor(TestOrg.SchoolA2, PlatformRoles.SchoolManager);
        Assert.Equal(HttpStatusCode.OK, (await school.GetAsync($"/api/tasks/documents/{document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await school.PostAsync($"/api/tasks/assignments/{assignment.Id}/acknowledge")).StatusCode);
    }

    [Fact]
    public async Task The_same_decision_redelivered_or_sent_again_under_a_new_MessageId_creates_nothing_more()
    {
        using var duplicates = new InboxDuplicateCounter(MeetingDecisionRecordedConsumer.ConsumerName);
        var decision = Decision(Guid.NewGuid(), TestOrg.SchoolB1);
        var messageId = await PublishAndWaitAsync(decision, MeetingDecisionRecordedConsumer.ConsumerName);
        // Redelivery: the same MessageId is recognised by the inbox.
        await factory.Harness.Bus.Publish(decision, ctx => ctx.MessageId = messageId);
        await duplicates.WaitForAsync(1);
        // A duplicate event under a new MessageId passes the inbox; the decision's source key stops it.
        await PublishAndWaitAsync(decision with { }, MeetingDecisionRecordedConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        var document = await db.Documents.AsNoTracking().SingleAsync(d => d.SourceKey == $"meeting:{decision.MeetingId}");
        Assert.Single(document.Tasks);
        Assert.Single(document.Addressees);
        Assert.Equal(1, await db.Assignments.CountAsync(a => a.DocumentId == document.Id));
        Assert.Single(await AssignedEventsAsync(document.Id));
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId));
    }

    [Fact]
    public async Task A_programme_obligation_becomes_an_assignment_for_the_responsible_unit_linked_to_its_establishing_plan()
    {
        var plan = await Api.CreateAndIssueAsync(factory.Officer(), Api.Dispatch(subject: "V/v phối hợp phòng, chống ma tuý", addressees: [new { unitId = TestOrg.DistrictB }]));
        var obligation = Obligation(TestOrg.DistrictB, plan, new DateOnly(2024, 6, 25));
        var next = obligation with { OccurrenceKey = $"{obligation.ObligationId}:2024-09-25", DueDate = new DateOnly(2024, 9, 25) };
        await PublishAndWaitAsync(obligation, ProgrammeObligationDueConsumer.ConsumerName);
        await PublishAndWaitAsync(obligation, ProgrammeObligationDueConsumer.ConsumerName);
        await PublishAndWaitAsync(next, ProgrammeObligationDueConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        var establishing = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == plan);
        var document = await db.Documents.AsNoTracking().SingleAsync(d => d.SourceKey == $"programme:{obligation.ProgrammeId}");
        Assert.Equal(DocumentKind.CoordinationPlan, document.Kind);
        Assert.Equal([plan], document.LegalBasisIds);
        Assert.Equal(establishing.IssuerUnitId, document.IssuerUnitId);
        Assert.Equal([1, 2], document.Tasks.Select(t => t.Number).Order());

        var assignments = await db.Assignments.AsNoTracking().Where(a => a.DocumentId == document.Id).OrderBy(a => a.DueDate).ToListAsync();
        Assert.Equal(2, assignments.Count);
        Assert.All(assignments, a => Assert.Equal(TestOrg.DistrictB, a.UnitId));
        Assert.Equal([new DateOnly(2024, 6, 25), new DateOnly(2024, 9, 25)], assignments.Select(a => a.DueDate!.Value));
        Assert.Equal(2, (await AssignedEventsAsync(document.Id)).Count);

        // The district sees the plan it implements on the recorded document.
        var district = factory.ClientFor(TestOrg.DistrictB, PlatformRoles.DistrictOfficer);
        var detail = await (await district.GetAsync($"/api/tasks/documents/{document.Id}")).ReadJsonAsync();
        Assert.Equal(plan, detail.GetProperty("legalBasis")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_obligation_without_establishing_document_still_becomes_an_assignment()
    {
        var obligation = Obligation(TestOrg.UpperSecondary, null, new DateOnly(2024, 6, 30));
        await PublishAndWaitAsync(obligation, ProgrammeObligationDueConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        var task = await db.DocumentTasks.AsNoTracking().SingleAsync(t => t.SourceKey == $"obligation:{obligation.OccurrenceKey}");
        var assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.TaskId == task.Id);
        Assert.Equal(TestOrg.UpperSecondary, assignment.UnitId);
        Assert.Equal(new DateOnly(2024, 6, 30), assignment.DueDate);
        var document = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == task.DocumentId);
        Assert.Null(document.IssuerUnitId);
        Assert.Empty(document.LegalBasisIds);
    }

    [Fact]
    public async Task An_unknown_owner_or_one_dissolved_without_successor_gets_nothing()
    {
        var closed = Guid.NewGuid();
        await using (var seed = factory.NewDbContext())
        {
            seed.Units.Add(new UnitReplica
            {
                Id = closed, Code = $"T-X{closed.ToString()[..4]}", Name = "Trường đã giải thể", Kind = "Preschool", ParentId = TestOrg.DistrictA,
                IsActive = false, EffectiveFrom = new DateOnly(2024, 1, 1), SourceUpdatedAt = DateTimeOffset.UnixEpoch,
            });
            await seed.SaveChangesAsync();
        }
        var unknownDecision = Decision(Guid.NewGuid(), Guid.NewGuid());
        var dissolvedDecision = Decision(Guid.NewGuid(), closed);
        var unknownObligation = Obligation(Guid.NewGuid(), null, new DateOnly(2024, 6, 30));
        var dissolvedObligation = Obligation(closed, null, new DateOnly(2024, 6, 30));
        await PublishAndWaitAsync(unknownDecision, MeetingDecisionRecordedConsumer.ConsumerName);
        await PublishAndWaitAsync(dissolvedDecision, MeetingDecisionRecordedConsumer.ConsumerName);
        await PublishAndWaitAsync(unknownObligation, ProgrammeObligationDueConsumer.ConsumerName);
        await PublishAndWaitAsync(dissolvedObligation, ProgrammeObligationDueConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        string[] documentKeys = [$"meeting:{unknownDecision.MeetingId}", $"meeting:{dissolvedDecision.MeetingId}",
            $"programme:{unknownObligation.ProgrammeId}", $"programme:{dissolvedObligation.ProgrammeId}"];
        Assert.False(await db.Documents.AnyAsync(d => documentKeys.Contains(d.SourceKey!)));
        string[] taskKeys = [$"decision:{unknownDecision.DecisionId}", $"decision:{dissolvedDecision.DecisionId}",
            $"obligation:{unknownObligation.OccurrenceKey}", $"obligation:{dissolvedObligation.OccurrenceKey}"];
        Assert.False(await db.DocumentTasks.AnyAsync(t => taskKeys.Contains(t.SourceKey!)));
        Assert.False(await db.Assignments.AnyAsync(a => a.UnitId == closed || a.UnitId == unknownDecision.OwnerUnitId || a.UnitId == unknownObligation.ResponsibleUnitId));
    }

    [Fact]
    public async Task A_decision_for_a_unit_dissolved_into_a_successor_goes_to_the_successor()
    {
        var decision = Decision(Guid.NewGuid(), TestOrg.DissolvedSchool);
        await PublishAndWaitAsync(decision, MeetingDecisionRecordedConsumer.ConsumerName);

        await using var db = factory.NewDbContext();
        var task = await db.DocumentTasks.AsNoTracking().SingleAsync(t => t.SourceKey == $"decision:{decision.DecisionId}");
        var assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.TaskId == task.Id);
        Assert.Equal(TestOrg.SchoolA1, assignment.UnitId);
        var history = await db.AssignmentHistory.AsNoTracking().SingleAsync(h => h.AssignmentId == assignment.Id);
        Assert.Equal(TestOrg.DissolvedSchool, history.FromUnitId);
    }
}
