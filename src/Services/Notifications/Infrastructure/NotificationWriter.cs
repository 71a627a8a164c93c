using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Messaging;
using Platform.Notifications.Domain;
using Platform.UnitDirectory;

namespace Platform.Notifications.Infrastructure;

/// <summary>
/// Turns one consumed event into inbox items and planned emails, once: the inbox row, the notifications
/// (unique per event and recipient) and the deliveries (unique per notification) commit together.
/// </summary>
public sealed class NotificationWriter(
    NotificationsDbContext db,
    NotificationStream stream,
    TimeProvider clock,
    IOptions<EmailOptions> emailOptions,
    ILogger<NotificationWriter> logger)
{
    /// <param name="ancestorsOf">Units whose supervising line the rules may need (escalations, incidents).</param>
    /// <param name="namesOf">Other units the text names.</param>
    public async Task WriteAsync(ConsumeContext context, string consumer, IEnumerable<Guid> ancestorsOf, IEnumerable<Guid> namesOf,
        Func<UnitTree, NotificationDraft?> compose)
    {
        var created = new List<Notification>();
        var applied = await db.ApplyOnceAsync(context, consumer, async ct =>
        {
            var units = await LoadUnitsAsync(ancestorsOf.ToList(), namesOf.ToList(), ct);
            if (compose(units) is not { } draft)
            {
                return;
            }
            var unitIds = draft.Audience.Select(a => a.UnitId).Distinct().ToList();
            var candidates = (await db.Recipients.AsNoTracking().Where(r => unitIds.Contains(r.UnitId) && r.IsActive).ToListAsync(ct))
                .ToDictionary(r => r.UserId);
            var targets = NotificationRules.Match(candidates.Values.Select(r => new RecipientCandidate(r.UserId, r.UnitId, r.Roles)), draft.Audience);
            if (targets.Count == 0)
            {
                logger.LogInformation("{Kind} event {MessageId} has nobody to notify among {Units} units", draft.Kind, context.MessageId, unitIds.Count);
                return;
            }
            var userIds = targets.Select(t => t.UserId).ToList();
            var preferences = await db.Preferences.AsNoTracking()
                .Where(p => userIds.Contains(p.UserId) && p.Kind == draft.Kind)
                .ToDictionaryAsync(p => p.UserId, p => p.EmailMode, ct);

            var now = clock.GetUtcNow();
            var options = emailOptions.Value;
            foreach (var target in targets)
            {
                var recipient = candidates[target.UserId];
                var notification = new Notification
                {
                    Id = SequentialGuid.NewVersion7(now),
                    RecipientId = recipient.UserId,
                    Kind = draft.Kind,
                    Title = Truncate(draft.Title, Notification.TitleMax),
                    Body = Truncate(draft.Body, Notification.BodyMax),
                    Link = draft.Link,
                    IsUrgent = draft.IsUrgent,
                    EventId = context.MessageId!.Value,
                    UnitId = draft.UnitId,
                    OccurredAt = draft.OccurredAt,
                    CreatedAt = now,
                };
                db.Notifications.Add(notification);
                created.Add(notification);

                var mode = preferences.GetValueOrDefault(recipient.UserId, options.DefaultMode);
                if (EmailPlanner.Plan(!string.IsNullOrWhiteSpace(recipient.Email), draft.IsUrgent, mode, recipient.QuietHours, now,
                        options.DigestLocalTime, Microsoft.Extensions.Hosting.VietnamTime.Zone) is { } plan)
                {
                    db.EmailDeliveries.Add(new EmailDelivery
                    {
                        Id = SequentialGuid.NewVersion7(now),
                        NotificationId = notification.Id,
                        RecipientId = recipient.UserId,
                        ToAddress = recipient.Email!,
                        Mode = plan.Mode,
                        Status = DeliveryStatus.Pending,
                        DueAt = plan.DueAt,
                    });
                }
            }
        });

        if (!applied)
        {
            logger.LogInformation("Event {MessageId} for {Consumer} was already applied; no new notification", context.MessageId, consumer);
            return;
        }
        foreach (var group in created.GroupBy(n => n.Kind))
        {
            NotificationsMetrics.Created.Add(group.Count(), new KeyValuePair<string, object?>("kind", group.Key.ToString()));
        }
        foreach (var n in created)
        {
            stream.Notify(n.RecipientId);
        }
        if (created.Count > 0)
        {
            logger.LogInformation("Event {MessageId} made {Count} {Kind} notifications", context.MessageId, created.Count, created[0].Kind);
        }
    }

    private async Task<UnitTree> LoadUnitsAsync(List<Guid> ancestorsOf, List<Guid> namesOf, CancellationToken ct)
    {
        var ids = new HashSet<Guid>(ancestorsOf.Concat(namesOf));
        foreach (var id in ancestorsOf)
        {
            ids.UnionWith(await db.ReplicaAncestorsAsync(id, ct));
        }
        var idList = ids.ToList();
        var rows = await db.Units.AsNoTracking().Where(u => idList.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.ParentId }).ToListAsync(ct);
        return new UnitTree(rows.ToDictionary(r => r.Id, r => (r.Name, r.ParentId)));
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
