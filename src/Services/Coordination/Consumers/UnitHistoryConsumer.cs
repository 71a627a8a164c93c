using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Units;
using Platform.Coordination.Domain;
using Platform.Coordination.Infrastructure;
using Platform.Messaging;
using Platform.UnitDirectory;

namespace Platform.Coordination.Consumers;

/// <summary>
/// Keeps what the shared unit replica forgets — when units moved and when they were dissolved, with their
/// successors — so coverage of a past date follows that date's organisation, and applies a dissolution to
/// live coordination work (<see cref="UnitDissolutionEffects"/>) in the same transaction as its inbox row.
/// </summary>
public sealed class UnitHistoryConsumer(CoordinationDbContext db, TimeProvider clock, ILogger<UnitHistoryConsumer> logger)
    : IConsumer<UnitMoved>, IConsumer<UnitDissolved>
{
    public async Task Consume(ConsumeContext<UnitMoved> context)
    {
        var m = context.Message;
        await db.ApplyOnceAsync(context, "unit-history.UnitMoved", ct =>
        {
            db.UnitParentChanges.Add(new UnitParentChange
            {
                Id = context.MessageId ?? Guid.CreateVersion7(clock.GetUtcNow()), UnitId = m.UnitId, PreviousParentId = m.PreviousParentId,
                NewParentId = m.NewParentId, EffectiveDate = m.EffectiveDate, OccurredAt = m.OccurredAt,
            });
            return Task.CompletedTask;
        });
    }

    public async Task Consume(ConsumeContext<UnitDissolved> context)
    {
        var m = context.Message;
        DissolutionOutcome? outcome = null;
        var applied = await db.ApplyOnceAsync(context, "unit-history.UnitDissolved", async ct =>
        {
            // The successor's name goes on what passes to it: wait (the retry policy redelivers) until the replica knows it.
            if (m.SuccessorUnitId is { } successor && !await db.Units.AnyAsync(u => u.Id == successor, ct))
            {
                throw new UnitNotYetReplicatedException(successor, nameof(UnitDissolved));
            }
            var dissolution = await db.UnitDissolutions.FindAsync([m.UnitId], ct);
            if (dissolution is null)
            {
                dissolution = new UnitDissolution { UnitId = m.UnitId, Reason = m.Reason };
                db.UnitDissolutions.Add(dissolution);
            }
            (dissolution.SuccessorUnitId, dissolution.Reason, dissolution.EffectiveDate, dissolution.OccurredAt) = (m.SuccessorUnitId, m.Reason, m.EffectiveDate, m.OccurredAt);
            outcome = await UnitDissolutionEffects.ApplyAsync(db, dissolution, clock.GetUtcNow(), ct);
        });
        if (applied && outcome is { } o)
        {
            logger.LogInformation(
                "UnitDissolved {UnitId} ({Reason}, successor {SuccessorId}): {Ended} programmes ended, {Drafts} drafts changed, {Owned} programmes and {Cadences} cadences handed on, {CadencesEnded} cadences ended, {Referrals} referrals handed on, {Flagged} flagged, {Meetings} meetings re-invited",
                m.UnitId, m.Reason, m.SuccessorUnitId, o.ProgrammesEnded, o.DraftsChanged, o.ProgrammesHandedOn, o.CadencesHandedOn, o.CadencesEnded, o.ReferralsHandedOn, o.ReferralsFlagged, o.MeetingsChanged);
        }
    }
}
