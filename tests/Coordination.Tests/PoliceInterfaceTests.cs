using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Contracts.Coordination;
using Platform.Contracts.Police.V1;
using Platform.Contracts.Reporting;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Coordination.Police;
using Platform.Coordination.Tests.Support;
using Platform.ServiceDefaults;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Platform.Coordination.Tests;

/// <summary>
/// The police loop on real PostgreSQL and RabbitMQ, driven from the outside as the reporting service and the
/// police system would: <c>IncidentReported</c> on the platform's bus in, a plain AMQP client (no MassTransit)
/// as the police. Covers the wire format, minimisation, sender identity, duplicates, out-of-order replies and
/// the acknowledgement SLA.
/// </summary>
public sealed class PoliceInterfaceTests(CoordinationApiFactory factory, ITestOutputHelper output) : IClassFixture<CoordinationApiFactory>
{
    private const string NameInDescription = "Nguyễn Văn An";
    private const string LegacyActionsTaken = "Đã sơ cứu, báo gia đình";

    private async Task<Guid> ReportAsync(string category, bool lifeSafety, Guid? school = null, ActivityTraceId? trace = null)
    {
        var id = Guid.NewGuid();
        // As the reporting service does: publish inside the trace of the school's request.
        using var request = trace is { } t ? new Activity("POST /api/reports/incidents").SetParentId(t, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start() : null;
        await factory.Services.GetRequiredService<IBus>().Publish(new IncidentReported
        {
            IncidentId = id,
            ReportingUnitId = school ?? TestUnits.SchoolA1,
            SupervisingUnitIds = [TestUnits.OfficeA, TestUnits.Department],
            Category = category,
            IsLifeSafety = lifeSafety,
            OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            Place = "Cổng trường",
            PupilsInvolved = 2,
            OthersInvolved = 0,
            People =
            [
                new IncidentPerson { PseudonymousId = "HS-7F3A2C91", Role = "Victim", IsPupil = true, AgeBand = "11-14" },
                new IncidentPerson { PseudonymousId = "HS-1B9D44E0", Role = "Perpetrator", IsPupil = true, AgeBand = "15-17" },
            ],
            ReportedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    private async Task<Referral> ReferralOfAsync(Guid incidentId, Func<Referral, bool>? until = null) =>
        await Eventually.GetAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            var r = await db.Referrals.AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.IncidentId == incidentId);
            return r is not null && (until is null || until(r)) ? r : null;
        }, $"the referral of incident {incidentId}");

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, PoliceBroker.Json);

    [Fact]
    public async Task A_plain_amqp_client_receives_a_life_safety_referral_without_names_and_its_acknowledgement_is_applied()
    {
        await using var police = await PoliceClient.ConnectAsync(factory);
        var trace = ActivityTraceId.CreateRandom();
        var incident = await ReportAsync("SchoolViolence", lifeSafety: true, trace: trace);
        var referral = await ReferralOfAsync(incident);
        Assert.Equal((ReferralSeverity.LifeSafety, ReferralTrigger.Automatic), (referral.Severity, referral.Trigger));
        Assert.Equal(referral.RequestedAt.AddMinutes(15), referral.AcknowledgeBy);

        var message = await police.ReferralAsync(referral.Id);
        output.WriteLine(message.Text);
        var p = message.Properties;
        Assert.Equal((nameof(PoliceReferralRequested), "application/json", referral.Id.ToString(), "1"), (p.Type, p.ContentType, p.CorrelationId, message.Header("contract-version")));
        Assert.True(Guid.TryParse(p.MessageId, out _));
        Assert.Equal(RabbitMQ.Client.DeliveryModes.Persistent, p.DeliveryMode);
        // W3C trace context crosses to the police: the school's trace continues in their system.
        var traceParent = message.Header("traceparent");
        Assert.True(ActivityContext.TryParse(traceParent, null, out var sent), $"traceparent '{traceParent}' is not W3C trace context");
        Assert.Equal(trace, sent.TraceId);
        var body = message.Body;
        Assert.Equal(("SchoolViolence", "LifeSafety", "THCS-A1", "CAP-A-W1", 1), (body.GetProperty("category").GetString(), body.GetProperty("severity").GetString(),
            body.GetProperty("school").GetProperty("code").GetString(), body.GetProperty("policeUnit").GetProperty("code").GetString(), body.GetProperty("sendAttempt").GetInt32()));
        Assert.Equal(["HS-1B9D44E0", "HS-7F3A2C91"], body.GetProperty("people").EnumerateArray().Select(x => x.GetProperty("pseudonymousId").GetString()).Order());
        // Only the minimum crosses: nothing the school wrote in free text, no names.
        Assert.DoesNotContain(NameInDescription, message.Text);
        Assert.DoesNotContain("sơ cứu", message.Text);
        Assert.False(body.TryGetProperty("description", out _));
        Assert.False(body.TryGetProperty("actionsTaken", out _));

        var mark = await factory.OutboxMarkAsync();
        // The police echo the trace context they were sent (a span of their own in the same trace).
        var policeSpan = $"00-{sent.TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, Json(new { referralId = referral.Id, acknowledgedAt = DateTimeOffset.UtcNow, handlingUnit = "Công an phường Lạch Tray" }),
            traceParent: policeSpan);
        // The reply may overtake the "Sent" bookkeeping (it follows the broker's confirm): wait for both.
        var acknowledged = await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Acknowledged && r.History.Any(h => h.Kind == "Sent"));
        Assert.Equal("Công an phường Lạch Tray", acknowledged.HandlingUnit);
        // Every step of the timeline names the one trace: requested (consumer of IncidentReported), sent (police
        // gateway), acknowledged (the police reply, whose trace id came back from the police system).
        Assert.Equal([("Acknowledged", trace.ToHexString()), ("Requested", trace.ToHexString()), ("Sent", trace.ToHexString())],
            acknowledged.History.Select(h => (h.Kind, h.TraceId)).Order().ToArray());
        Assert.NotNull(acknowledged.AcknowledgementReceivedAt);
        Assert.Contains((await factory.OutboxSinceAsync(mark)).OfEvent<ReferralStatusChanged>(), e => e.ReferralId == referral.Id && e.Status == "Acknowledged");

        // The school, its district and the Department all see it acknowledged.
        foreach (var (unit, role) in new[] { (TestUnits.SchoolA1, PlatformRoles.SchoolManager), (TestUnits.OfficeA, PlatformRoles.DistrictOfficer), (TestUnits.Department, PlatformRoles.DepartmentOfficer) })
        {
            var seen = await factory.ClientFor(unit, role).GetJsonAsync($"/api/coordination/referrals/{referral.Id}");
            Assert.Equal("Acknowledged", seen.GetProperty("status").GetString());
            Assert.Equal(acknowledged.AcknowledgementReceivedAt, seen.GetProperty("acknowledgementReceivedAt").GetDateTimeOffset());
            Assert.All(seen.GetProperty("history").EnumerateArray(), h => Assert.Equal(trace.ToHexString(), h.GetProperty("traceId").GetString()));
            // The school's narrative is not coordination's: it is read on reporting's incident page.
            Assert.False(seen.TryGetProperty("description", out _));
            Assert.False(seen.TryGetProperty("actionsTaken", out _));
        }
        // The police liaison sees the referral as the police got it: no description, no note.
        var liaison = await factory.ClientFor(TestUnits.DistrictPoliceA, PlatformRoles.PoliceLiaison).GetJsonAsync($"/api/coordination/referrals/{referral.Id}");
        Assert.False(liaison.TryGetProperty("description", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, liaison.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task Duplicate_late_and_out_of_order_replies_are_applied_once_an_acknowledgement_after_the_outcome_changes_nothing_and_an_acceptance_adds_its_case_reference()
    {
        await using var police = await PoliceClient.ConnectAsync(factory);
        var incident = await ReportAsync("Drugs", lifeSafety: false);
        var referral = await ReferralOfAsync(incident);
        Assert.Equal(ReferralSeverity.Urgent, referral.Severity);
        await police.ReferralAsync(referral.Id);

        var outcome = await police.ReplyAsync(PoliceWire.ReferralOutcomeRecorded,
            Json(new { referralId = referral.Id, recordedAt = DateTimeOffset.UtcNow, outcome = "AdministrativeSanction", summary = "Đã xử phạt hành chính" }));
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, Json(new { referralId = referral.Id, acknowledgedAt = DateTimeOffset.UtcNow.AddMinutes(-5) }));
        await police.ReplyAsync(PoliceWire.ReferralOutcomeRecorded,
            Json(new { referralId = referral.Id, recordedAt = DateTimeOffset.UtcNow, outcome = "Resolved" }), messageId: outcome);
        await police.ReplyAsync(PoliceWire.ReferralAccepted, Json(new { referralId = referral.Id, acceptedAt = DateTimeOffset.UtcNow, policeCaseReference = "CA-LATE" }));

        // Once the late acknowledgement (ignored) and the late acceptance (its case reference kept) show, all four were handled;
        // the repeated outcome is the inbox's duplicate and leaves no trace.
        var done = await ReferralOfAsync(incident, r => r.History.Count(h => h.Kind == "ReplyIgnored") == 1 && r.History.Any(h => h.Kind == "Accepted"));
        Assert.Equal((ReferralStatus.OutcomeRecorded, "AdministrativeSanction", "CA-LATE"), (done.Status, done.Outcome, done.PoliceCaseReference));
        Assert.Single(done.History, h => h.Kind == "OutcomeRecorded");
        Assert.Single(done.History, h => h.Kind == "Accepted");
        Assert.DoesNotContain(done.History, h => h.Kind == "Acknowledged");
        await using var db = factory.NewDbContext();
        Assert.Equal(1, await db.Set<Platform.Messaging.InboxMessage>().CountAsync(m => m.MessageId == outcome && m.Consumer == PoliceReplyHandler.InboxConsumer));

        // The school closes it once the police recorded the outcome.
        var closed = await (await factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolManager)
            .PostAsJsonAsync($"/api/coordination/referrals/{referral.Id}/close", new { note = "Đã phối hợp xong" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Replies_from_anyone_but_the_police_identity_or_unreadable_ones_are_dead_lettered_and_change_nothing()
    {
        await using var police = await PoliceClient.ConnectAsync(factory);
        var incident = await ReportAsync("SchoolViolence", lifeSafety: true);
        var referral = await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Sent);
        var ack = Json(new { referralId = referral.Id, acknowledgedAt = DateTimeOffset.UtcNow });
        var rejectedBefore = await police.RejectedCountAsync();

        // The platform's own account, without user_id.
        await using (var guest = await PoliceClient.ConnectAsync(factory, "guest", "guest"))
        {
            await guest.ReplyAsync(PoliceWire.ReferralAcknowledged, ack, setUserId: false);
            // Claiming to be the police from another account: the broker itself refuses the publish.
            await Assert.ThrowsAnyAsync<Exception>(() => guest.ReplyAsync(PoliceWire.ReferralAcknowledged, ack, userIdOverride: BrokerAdmin.PoliceUser));
        }
        // Another broker account that may write to the exchange, honestly naming itself.
        await using (var stranger = await PoliceClient.ConnectAsync(factory, BrokerAdmin.StrangerUser, BrokerAdmin.StrangerPassword))
        {
            await stranger.ReplyAsync(PoliceWire.ReferralAcknowledged, ack);
        }
        // The police, but unreadable, mistyped, or about a referral that does not exist.
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, "{ not json");
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, Json(new { referralId = referral.Id }));
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, ack, type: nameof(PoliceReferralAccepted));
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, Json(new { referralId = Guid.NewGuid(), acknowledgedAt = DateTimeOffset.UtcNow }));

        await Eventually.TrueAsync(async () => await police.RejectedCountAsync() == rejectedBefore + 6, "six rejected replies in the dead-letter queue");
        var unchanged = await ReferralOfAsync(incident);
        Assert.Equal(ReferralStatus.Sent, unchanged.Status);
        Assert.Null(unchanged.AcknowledgedAt);

        // The real police identity is still heard.
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, ack);
        await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Acknowledged);
    }

    [Fact]
    public async Task Replies_outside_the_contracts_lengths_values_and_times_are_dead_lettered_not_retried_forever()
    {
        await using var police = await PoliceClient.ConnectAsync(factory);
        var incident = await ReportAsync("Drugs", lifeSafety: true);
        var referral = await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Sent);
        var now = DateTimeOffset.UtcNow;
        var rejectedBefore = await police.RejectedCountAsync();

        // Fuzzed: each breaks one rule of docs/asyncapi.yaml. Before, the over-long ones failed at the database and went
        // back to the queue again and again; the others were applied as they came.
        var fuzzed = new (string Key, object Body)[]
        {
            (PoliceWire.ReferralAcknowledged, new { referralId = referral.Id, acknowledgedAt = now, handlingUnit = new string('C', 257) }),
            (PoliceWire.ReferralAcknowledged, new { referralId = referral.Id, acknowledgedAt = now.AddDays(3) }),
            (PoliceWire.ReferralAcknowledged, new { referralId = referral.Id, acknowledgedAt = now, handlingUnit = "Công an\u0000phường" }),
            (PoliceWire.ReferralAccepted, new { referralId = referral.Id, acceptedAt = now, policeCaseReference = new string('9', 129) }),
            (PoliceWire.ReferralAccepted, new { referralId = referral.Id, acceptedAt = now, policeCaseReference = "  " }),
            (PoliceWire.ReferralDeclined, new { referralId = referral.Id, declinedAt = now, reason = new string('x', 2001) }),
            (PoliceWire.ReferralOutcomeRecorded, new { referralId = referral.Id, recordedAt = now, outcome = "Executed" }),
            (PoliceWire.ReferralOutcomeRecorded, new { referralId = referral.Id, recordedAt = now, outcome = "Resolved", summary = new string('s', 4001) }),
            (PoliceWire.ReferralOutcomeRecorded, new { referralId = Guid.Empty, recordedAt = now, outcome = "Resolved" }),
        };
        foreach (var (key, body) in fuzzed)
        {
            await police.ReplyAsync(key, Json(body));
        }

        await Eventually.TrueAsync(async () => await police.RejectedCountAsync() == rejectedBefore + fuzzed.Length,
            $"{fuzzed.Length} rejected replies in the dead-letter queue");
        var unchanged = await ReferralOfAsync(incident);
        Assert.Equal(ReferralStatus.Sent, unchanged.Status);
        Assert.Null(unchanged.PoliceCaseReference);
        Assert.Null(unchanged.Outcome);

        // A reply within the rules still goes through, at the longest lengths allowed.
        await police.ReplyAsync(PoliceWire.ReferralAccepted, Json(new { referralId = referral.Id, acceptedAt = now, policeCaseReference = new string('9', 128), handlingUnit = new string('C', 256) }));
        var accepted = await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Accepted);
        Assert.Equal(128, accepted.PoliceCaseReference!.Length);
    }

    [Fact]
    public async Task A_missed_acknowledgement_resends_the_referral_and_escalates_to_the_district_then_the_department()
    {
        await using var police = await PoliceClient.ConnectAsync(factory);
        var incident = await ReportAsync("SchoolViolence", lifeSafety: true);
        var referral = await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Sent);
        var first = await police.ReferralAsync(referral.Id);
        var clock = new FakeTimeProvider(referral.AcknowledgeBy.AddSeconds(-1));
        var monitor = factory.SlaMonitor(clock);
        var awaiting = new List<long>();
        using var listener = GaugeListener(awaiting);

        // Other tests' referrals may fall due on this clock too: assert on this one.
        var mark = await factory.OutboxMarkAsync();
        await monitor.RunOnceAsync(default);
        Assert.Equal(0, (await ReferralOfAsync(incident)).EscalationLevel);
        clock.Advance(TimeSpan.FromSeconds(2));
        var run = await monitor.RunOnceAsync(default);
        Assert.True(run.Escalated >= 1 && run.Resent >= 1, $"{run}");
        await monitor.RunOnceAsync(default);

        var once = await ReferralOfAsync(incident);
        Assert.Equal((1, 2, ReferralStatus.Sent), (once.EscalationLevel, once.SendAttempts, once.Status));
        Assert.Equal([TestUnits.OfficeA], once.EscalatedToUnitIds);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), once.AcknowledgeBy);
        var escalated = Assert.Single((await factory.OutboxSinceAsync(mark)).OfEvent<ReferralEscalated>(), e => e.ReferralId == referral.Id);
        Assert.Equal((TestUnits.OfficeA, 1, referral.AcknowledgeBy), (escalated.EscalatedToUnitId, escalated.Level, escalated.MissedDeadline));
        var resent = await police.ReferralAsync(referral.Id, attempt: 2);
        Assert.NotEqual(first.Properties.MessageId, resent.Properties.MessageId);

        // Visible on the district's and the Department's dashboards.
        var district = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer).GetJsonAsync("/api/coordination/referrals/dashboard");
        Assert.Equal(1, district.GetProperty("escalatedToMyUnit").GetInt32());
        Assert.Contains(district.GetProperty("needsAttention").EnumerateArray(), r => r.GetProperty("id").GetGuid() == referral.Id);

        clock.Advance(TimeSpan.FromMinutes(16));
        await monitor.RunOnceAsync(default);
        var twice = await ReferralOfAsync(incident);
        Assert.Equal([TestUnits.OfficeA, TestUnits.Department], twice.EscalatedToUnitIds);
        var department = await factory.ClientFor(TestUnits.Department, PlatformRoles.DepartmentLeader).GetJsonAsync("/api/coordination/referrals/dashboard");
        Assert.True(department.GetProperty("escalatedToMyUnit").GetInt32() >= 1);
        Assert.True(department.GetProperty("acknowledgementOverdue").GetInt32() >= 0);
        await police.ReferralAsync(referral.Id, attempt: 3);

        // The gauge reports what the scan counted.
        Assert.NotEmpty(awaiting);
        Assert.Equal(CoordinationMetrics.AwaitingAcknowledgement, awaiting[^1]);
        Assert.True(awaiting[^1] >= 1);

        // Acknowledged at last: no more escalation, the history keeps what happened.
        await police.ReplyAsync(PoliceWire.ReferralAcknowledged, Json(new { referralId = referral.Id, acknowledgedAt = DateTimeOffset.UtcNow }));
        await ReferralOfAsync(incident, r => r.Status == ReferralStatus.Acknowledged);
        clock.Advance(TimeSpan.FromHours(1));
        await monitor.RunOnceAsync(default);
        Assert.Equal(2, (await ReferralOfAsync(incident)).History.Count(h => h.Kind == "Escalated"));
    }

    [Fact]
    public async Task A_routine_incident_waits_for_a_school_or_district_to_choose_and_is_referred_only_once()
    {
        var incident = await ReportAsync("SchoolViolence", lifeSafety: false);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = factory.NewDbContext();
            return await db.Incidents.AnyAsync(i => i.Id == incident);
        }, "the incident to be recorded");
        await using (var db = factory.NewDbContext())
        {
            Assert.False(await db.Referrals.AnyAsync(r => r.IncidentId == incident));
        }
        var listed = await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer).GetJsonAsync("/api/coordination/incidents?referred=false");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == incident);

        await (await factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolStaff).PostAsJsonAsync("/api/coordination/referrals", new { incidentId = incident })).JsonAsync(HttpStatusCode.Forbidden);
        await (await factory.ClientFor(TestUnits.SchoolB1, PlatformRoles.SchoolManager).PostAsJsonAsync("/api/coordination/referrals", new { incidentId = incident })).JsonAsync(HttpStatusCode.NotFound);
        var mark = await factory.OutboxMarkAsync();
        var created = await (await factory.ClientFor(TestUnits.OfficeA, PlatformRoles.DistrictOfficer)
            .PostAsJsonAsync("/api/coordination/referrals", new { incidentId = incident, note = "Phòng GDĐT đề nghị công an phối hợp" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(("Manual", "Routine", "Requested"), (created.GetProperty("trigger").GetString(), created.GetProperty("severity").GetString(), created.GetProperty("status").GetString()));
        var events = await factory.OutboxSinceAsync(mark);
        Assert.Equal(incident, Assert.Single(events.OfEvent<PoliceReferralRequested>()).IncidentId);
        Assert.Equal("Manual", Assert.Single(events.OfEvent<IncidentReferredToPolice>()).Trigger);
        await (await factory.ClientFor(TestUnits.SchoolA1, PlatformRoles.SchoolManager).PostAsJsonAsync("/api/coordination/referrals", new { incidentId = incident })).JsonAsync(HttpStatusCode.Conflict);
    }

    /// <summary>
    /// <c>IncidentReported</c> as reporting published it before the narrative was taken off the bus, still
    /// carrying <c>description</c> and <c>actionsTaken</c>: such a message may still wait in a queue after the
    /// upgrade. It is consumed (the unknown members are skipped), and the narrative is stored and shown nowhere.
    /// </summary>
    [Fact]
    public async Task A_message_in_the_old_shape_with_the_narrative_is_consumed_and_the_narrative_is_dropped()
    {
        var id = Guid.NewGuid();
        var reportedAt = DateTimeOffset.UtcNow;
        // Written by hand as MassTransit's envelope on the wire, so the old members really are in the body.
        var envelope = new
        {
            messageId = NewId.NextGuid(),
            messageType = new[] { "urn:message:Platform.Contracts.Reporting:IncidentReported" },
            sentTime = reportedAt,
            headers = new { },
            message = new
            {
                // District B's school: its unacknowledged referral must not show on district A's dashboard, which another test counts.
                incidentId = id, reportingUnitId = TestUnits.SchoolB1, supervisingUnitIds = new[] { TestUnits.OfficeB, TestUnits.Department }, category = "SchoolViolence",
                isLifeSafety = true, occurredAt = reportedAt.AddMinutes(-5), place = "Cổng trường",
                description = $"Học sinh {NameInDescription} bị đánh ở cổng trường", actionsTaken = LegacyActionsTaken,
                pupilsInvolved = 1, othersInvolved = 0,
                people = new[] { new { pseudonymousId = "HS-0A0B0C0D", role = "Victim", isPupil = true, ageBand = "11-14" } }, reportedAt,
            },
        };
        var bodyText = System.Text.Json.JsonSerializer.Serialize(envelope, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains(LegacyActionsTaken, bodyText);
        await using (var broker = await factory.BrokerConnectionAsync())
        await using (var channel = await broker.CreateChannelAsync(new RabbitMQ.Client.CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            var properties = new RabbitMQ.Client.BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = RabbitMQ.Client.DeliveryModes.Persistent };
            await channel.BasicPublishAsync("Platform.Contracts.Reporting:IncidentReported", "", mandatory: false, properties, System.Text.Encoding.UTF8.GetBytes(bodyText));
        }
        var referral = await ReferralOfAsync(id);
        Assert.Equal(ReferralSeverity.LifeSafety, referral.Severity);

        var seen = await factory.ClientFor(TestUnits.SchoolB1, PlatformRoles.SchoolManager).GetJsonAsync($"/api/coordination/referrals/{referral.Id}");
        Assert.Equal(("Cổng trường", "HS-0A0B0C0D"), (seen.GetProperty("place").GetString(), seen.GetProperty("people")[0].GetProperty("pseudonymousId").GetString()));
        Assert.DoesNotContain(NameInDescription, seen.ToString());
        Assert.DoesNotContain(LegacyActionsTaken, seen.ToString());

        // Nothing of the narrative is kept: the incidents table has no column for it.
        await using var db = factory.NewDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'incidents'";
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        Assert.Contains("place", columns);
        Assert.DoesNotContain("description", columns);
        Assert.DoesNotContain("actions_taken", columns);
    }

    [Fact]
    public async Task A_redelivered_incident_event_creates_one_referral()
    {
        var id = Guid.NewGuid();
        var bus = factory.Services.GetRequiredService<IBus>();
        var message = new IncidentReported
        {
            IncidentId = id, ReportingUnitId = TestUnits.SchoolB1, SupervisingUnitIds = [TestUnits.OfficeB, TestUnits.Department], Category = "Drugs", IsLifeSafety = true,
            OccurredAt = DateTimeOffset.UtcNow, Place = "Nhà vệ sinh", PupilsInvolved = 1, OthersInvolved = 0,
            People = [new IncidentPerson { PseudonymousId = "HS-00000001", Role = "Other", IsPupil = true, AgeBand = "15-17" }], ReportedAt = DateTimeOffset.UtcNow,
        };
        var messageId = NewId.NextGuid();
        await bus.Publish(message, ctx => ctx.MessageId = messageId);
        await bus.Publish(message, ctx => ctx.MessageId = messageId);
        await bus.Publish(message);
        var referral = await ReferralOfAsync(id);
        Assert.Equal(TestUnits.WardPoliceB1, referral.PoliceUnitId);
        await Task.Delay(500);
        await using var db = factory.NewDbContext();
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.IncidentId == id));
    }

    private static MeterListener GaugeListener(List<long> values)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CoordinationMetrics.Name && instrument.Name == "platform.coordination.referrals_awaiting_acknowledgement") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => { lock (values) values.Add(value); });
        listener.Start();
        // Observable instruments report when collected, as the OpenTelemetry exporter does on its interval.
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < 600; i++)
            {
                try { listener.RecordObservableInstruments(); } catch (ObjectDisposedException) { return; }
                await Task.Delay(100);
            }
        });
        return listener;
    }
}
