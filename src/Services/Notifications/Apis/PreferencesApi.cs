using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Apis;

public sealed record KindPreference(string Kind, string Label, bool InApp, string Email);

public sealed record QuietHoursDto(string Start, string End);

public sealed record PreferencesResponse(string? EmailAddress, IReadOnlyList<KindPreference> Kinds, QuietHoursDto? QuietHours, string DigestLocalTime);

/// <param name="Email">Kind → <c>Immediate</c>, <c>Digest</c> or <c>Off</c>; kinds left out keep their mode.</param>
/// <param name="QuietHours">Local times <c>HH:mm</c>; null turns quiet hours off.</param>
public sealed record PreferencesRequest(Dictionary<string, string>? Email, QuietHoursDto? QuietHours);

/// <summary>Per person and kind: the in-app inbox is always on; email immediately, in the daily digest, or off; quiet hours.</summary>
public static class PreferencesApi
{
    public static IEndpointRouteBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapNotificationsGroup();
        api.MapGet("/preferences", GetAsync);
        api.MapPut("/preferences", PutAsync);
        return app;
    }

    public static async Task<Ok<PreferencesResponse>> GetAsync(NotificationsDbContext db, PlatformUser user, IOptions<EmailOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await ReadAsync(db, user.Id, options.Value, ct));

    public static async Task<Results<Ok<PreferencesResponse>, ValidationProblem>> PutAsync(
        PreferencesRequest request, NotificationsDbContext db, PlatformUser user, IOptions<EmailOptions> options, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var modes = new Dictionary<NotificationKind, EmailMode>();
        foreach (var (key, value) in request.Email ?? [])
        {
            var kind = validator.Enum<NotificationKind>($"email.{key}", key, required: true);
            var mode = validator.Enum<EmailMode>($"email.{key}", value, required: true);
            if (kind is { } k && mode is { } m)
            {
                modes[k] = m;
            }
        }
        TimeOnly? start = null, end = null;
        if (request.QuietHours is { } quiet)
        {
            start = ParseTime(validator, "quietHours.start", quiet.Start);
            end = ParseTime(validator, "quietHours.end", quiet.End);
            if (start is not null && start == end)
            {
                validator.Add("quietHours.end", "Giờ kết thúc phải khác giờ bắt đầu.", "end must differ from start.");
            }
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        // The filter has recorded the caller, so the row exists.
        var recipient = await db.Recipients.FirstAsync(r => r.UserId == user.Id, ct);
        recipient.QuietHoursStart = start;
        recipient.QuietHoursEnd = end;
        var existing = await db.Preferences.Where(p => p.UserId == user.Id).ToDictionaryAsync(p => p.Kind, ct);
        foreach (var (kind, mode) in modes)
        {
            if (existing.TryGetValue(kind, out var row))
            {
                row.EmailMode = mode;
            }
            else
            {
                db.Preferences.Add(new RecipientPreference { UserId = user.Id, Kind = kind, EmailMode = mode });
            }
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ReadAsync(db, user.Id, options.Value, ct));
    }

    private static TimeOnly? ParseTime(RequestValidator validator, string field, string? value)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        validator.Add(field, $"Trường '{field}' phải là giờ dạng HH:mm, ví dụ 21:30.", $"The field '{field}' must be a time HH:mm, e.g. 21:30.");
        return null;
    }

    private static async Task<PreferencesResponse> ReadAsync(NotificationsDbContext db, string userId, EmailOptions options, CancellationToken ct)
    {
        var recipient = await db.Recipients.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId, ct);
        var chosen = await db.Preferences.AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, p => p.EmailMode, ct);
        var kinds = Enum.GetValues<NotificationKind>()
            .Select(k => new KindPreference(k.ToString(), NotificationKinds.Label(k), true, chosen.GetValueOrDefault(k, options.DefaultMode).ToString()))
            .ToList();
        var quiet = recipient?.QuietHours is { } q
            ? new QuietHoursDto(q.Start.ToString("HH:mm", CultureInfo.InvariantCulture), q.End.ToString("HH:mm", CultureInfo.InvariantCulture))
            : null;
        return new PreferencesResponse(recipient?.Email, kinds, quiet, options.DigestLocalTime.ToString("HH:mm", CultureInfo.InvariantCulture));
    }
}
