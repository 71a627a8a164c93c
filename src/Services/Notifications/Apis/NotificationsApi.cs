using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Apis;

public sealed record NotificationResponse(
    Guid Id, long Sequence, string Kind, string KindLabel, string Title, string Body, string Link, bool IsUrgent,
    Guid? UnitId, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool IsRead => ReadAt is not null;

    public static NotificationResponse From(Notification n) => new(n.Id, n.Sequence, n.Kind.ToString(), NotificationKinds.Label(n.Kind),
        n.Title, n.Body, n.Link, n.IsUrgent, n.UnitId, n.OccurredAt, n.CreatedAt, n.ReadAt);
}

public sealed record UnreadCountResponse(int Unread, int UrgentUnread);

public sealed record ReadAllResponse(int Marked);

public sealed record NotificationQuery(bool? Unread, string? Kind, bool? Urgent, string? Sort, int? Page, int? PageSize);

/// <summary>The caller's own inbox. Nobody reads another person's inbox: another's id is simply not found.</summary>
public static class NotificationsApi
{
    public const string Prefix = "/api/notifications";

    public static RouteGroupBuilder MapNotificationsGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).WithTags("Notifications").AddEndpointFilter<RecipientSyncFilter>();

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapNotificationsGroup();
        api.MapGet("", ListAsync);
        api.MapGet("/unread-count", UnreadCountAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPost("/{id:guid}/read", MarkReadAsync);
        api.MapPost("/read-all", MarkAllReadAsync);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<NotificationResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] NotificationQuery query, NotificationsDbContext db, PlatformUser user, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        var kind = validator.Enum<NotificationKind>("kind", query.Kind, required: false);
        var sort = query.Sort?.Trim().ToLowerInvariant();
        if (sort is not (null or "" or "newest" or "oldest"))
        {
            validator.Add("sort", "Thứ tự sắp xếp chỉ nhận 'newest' hoặc 'oldest'.", "sort must be 'newest' or 'oldest'.");
        }
        var oldestFirst = sort == "oldest";
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientId == user.Id);
        if (query.Unread is { } unread) mine = unread ? mine.Where(n => n.ReadAt == null) : mine.Where(n => n.ReadAt != null);
        if (kind is { } k) mine = mine.Where(n => n.Kind == k);
        if (query.Urgent is { } urgent) mine = mine.Where(n => n.IsUrgent == urgent);
        var total = await mine.LongCountAsync(ct);
        var items = await (oldestFirst ? mine.OrderBy(n => n.Sequence) : mine.OrderByDescending(n => n.Sequence))
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<NotificationResponse>(items.Select(NotificationResponse.From).ToList(), page, pageSize, total));
    }

    public static async Task<Ok<UnreadCountResponse>> UnreadCountAsync(NotificationsDbContext db, PlatformUser user, CancellationToken ct)
    {
        var unread = db.Notifications.Where(n => n.RecipientId == user.Id && n.ReadAt == null);
        return TypedResults.Ok(new UnreadCountResponse(await unread.CountAsync(ct), await unread.CountAsync(n => n.IsUrgent, ct)));
    }

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, NotificationsDbContext db, PlatformUser user, CancellationToken ct)
    {
        var n = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == user.Id, ct);
        return n is null ? NotFound(id) : TypedResults.Ok(NotificationResponse.From(n));
    }

    public static async Task<Results<Ok<NotificationResponse>, ProblemHttpResult>> MarkReadAsync(
        Guid id, NotificationsDbContext db, PlatformUser user, TimeProvider clock, CancellationToken ct)
    {
        var n = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == user.Id, ct);
        if (n is null)
        {
            return NotFound(id);
        }
        // Idempotent: reading twice keeps the first time.
        n.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(NotificationResponse.From(n));
    }

    public static async Task<Ok<ReadAllResponse>> MarkAllReadAsync(NotificationsDbContext db, PlatformUser user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var marked = await db.Notifications.Where(n => n.RecipientId == user.Id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.Ok(new ReadAllResponse(marked));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.NotFound($"Không có thông báo {id} trong hộp thư của bạn.", $"There is no notification {id} in your inbox.");
}
