using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Domain;
using Platform.Notifications.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Apis;

public sealed record RecipientRequest(Guid? UnitId, string[]? Roles, string? Email, string? DisplayName);

public sealed record RecipientResponse(string UserId, Guid UnitId, IReadOnlyList<string> Roles, string? Email, string DisplayName, string Source,
    DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt)
{
    public static RecipientResponse From(Recipient r) => new(r.UserId, r.UnitId, r.Roles, r.Email, r.DisplayName, r.Source, r.UpdatedAt, r.LastSeenAt);
}

/// <summary>
/// <c>PUT /api/notifications/recipients/{userId}</c> (SystemAdmin): registers or corrects a person by hand, for
/// operators. Identity's account events describe every account already; the next one about the person wins.
/// </summary>
public static partial class RecipientsApi
{
    public static IEndpointRouteBuilder MapRecipientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapNotificationsGroup().MapGroup("/recipients").RequireAuthorization(p => p.RequireRole(PlatformRoles.SystemAdmin));
        api.MapPut("/{userId}", PutAsync);
        api.MapGet("/{userId}", GetAsync);
        return app;
    }

    public static async Task<Results<Ok<RecipientResponse>, ProblemHttpResult>> GetAsync(string userId, NotificationsDbContext db, CancellationToken ct)
    {
        var recipient = await db.Recipients.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId, ct);
        return recipient is null
            ? Problems.NotFound($"Chưa có người nhận {userId}.", $"There is no recipient {userId}.")
            : TypedResults.Ok(RecipientResponse.From(recipient));
    }

    public static async Task<Results<Ok<RecipientResponse>, ValidationProblem>> PutAsync(
        string userId, RecipientRequest request, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (userId.Length > Recipient.IdMax)
        {
            validator.Add("userId", $"Mã người dùng dài tối đa {Recipient.IdMax} ký tự.", $"userId must be at most {Recipient.IdMax} characters.");
        }
        var name = validator.Required("displayName", request.DisplayName, Recipient.NameMax);
        var email = validator.Optional("email", request.Email, Recipient.EmailMax);
        validator.Matches("email", email, EmailPattern(), "phải là địa chỉ thư điện tử", "must be an email address");
        if (request.UnitId is not { } unitId || unitId == Guid.Empty)
        {
            validator.Add("unitId", "Trường 'unitId' là bắt buộc.", "The field 'unitId' is required.");
            unitId = Guid.Empty;
        }
        else if (!await db.Units.AnyAsync(u => u.Id == unitId, ct))
        {
            validator.Add("unitId", $"Dịch vụ thông báo chưa biết đơn vị {unitId}.", $"The notifications service does not know unit {unitId}.");
        }
        var roles = (request.Roles ?? []).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
        {
            validator.Add("roles", "Cần ít nhất một vai trò.", "At least one role is required.");
        }
        foreach (var unknown in roles.Where(r => !PlatformRoles.All.Contains(r)))
        {
            validator.Add("roles", $"Vai trò '{unknown}' không tồn tại; các vai trò: {string.Join(", ", PlatformRoles.All)}.",
                $"Unknown role '{unknown}'; roles are: {string.Join(", ", PlatformRoles.All)}.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var recipient = await db.Recipients.FirstOrDefaultAsync(r => r.UserId == userId, ct);
        if (recipient is null)
        {
            recipient = new Recipient { UserId = userId, DisplayName = name, Source = Recipient.FromAdmin };
            db.Recipients.Add(recipient);
        }
        recipient.UnitId = unitId;
        recipient.Roles = roles.Order(StringComparer.Ordinal).ToList();
        recipient.DisplayName = name;
        recipient.Email = email;
        recipient.Source = Recipient.FromAdmin;
        recipient.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RecipientResponse.From(recipient));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
