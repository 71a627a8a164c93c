using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Contracts.Reporting;
using Platform.Coordination.Domain;
using Platform.Coordination.Tests.Support;
using Platform.Tools.PoliceSimulator;

namespace Platform.Coordination.Tests;

/// <summary>The reference police system closes the loop: acknowledged, then accepted (or declined), then an outcome.</summary>
public sealed class PoliceSimulatorTests(CoordinationApiFactory factory) : IClassFixture<CoordinationApiFactory>
{
    [Fact]
    public async Task The_simulator_acknowledges_accepts_and_records_an_outcome_and_declines_every_second_referral()
    {
        await using var probe = await PoliceClient.ConnectAsync(factory); // waits until the platform declared the police exchanges
        var simulator = new PoliceSimulatorWorker(Options.Create(new SimulatorOptions
        {
            BrokerUri = BrokerAdmin.UriFor(factory.Broker, factory.VirtualHost, BrokerAdmin.PoliceUser, BrokerAdmin.PolicePassword).ToString(),
            AcknowledgeAfter = TimeSpan.FromMilliseconds(10), DecideAfter = TimeSpan.FromMilliseconds(10), OutcomeAfter = TimeSpan.FromMilliseconds(10), DeclineEvery = 2,
        }), new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<PoliceSimulatorWorker>.Instance);
        await simulator.StartAsync(default);
        try
        {
            var bus = factory.Services.GetRequiredService<IBus>();
            var incidents = new[] { Guid.NewGuid(), Guid.NewGuid() };
            foreach (var id in incidents)
            {
                await bus.Publish(new IncidentReported
                {
                    IncidentId = id, ReportingUnitId = TestUnits.SchoolA2, SupervisingUnitIds = [TestUnits.OfficeA, TestUnits.Department], Category = "Drugs", IsLifeSafety = false,
                    OccurredAt = DateTimeOffset.UtcNow, Place = "Khu vực cổng sau", PupilsInvolved = 1, OthersInvolved = 1,
                    People = [new IncidentPerson { PseudonymousId = "HS-5A5A5A5A", Role = "Other", IsPupil = true, AgeBand = "11-14" }], ReportedAt = DateTimeOffset.UtcNow,
                });
                // One at a time, so which one is the simulator's second is known.
                await Eventually.TrueAsync(async () =>
                {
                    await using var db = factory.NewDbContext();
                    return await db.Referrals.AnyAsync(r => r.IncidentId == id && (r.Status == ReferralStatus.OutcomeRecorded || r.Status == ReferralStatus.Declined));
                }, "the simulator to finish the referral");
            }
            await using var check = factory.NewDbContext();
            var statuses = await check.Referrals.AsNoTracking().Where(r => incidents.Contains(r.IncidentId)).ToDictionaryAsync(r => r.IncidentId, r => r);
            Assert.Equal(ReferralStatus.OutcomeRecorded, statuses[incidents[0]].Status);
            Assert.StartsWith("CA-", statuses[incidents[0]].PoliceCaseReference);
            Assert.Equal(ReferralStatus.Declined, statuses[incidents[1]].Status);
            Assert.All(statuses.Values, r => Assert.NotNull(r.AcknowledgedAt));
            Assert.Equal(2, simulator.Acknowledged);
        }
        finally
        {
            await simulator.StopAsync(default);
        }
    }
}
