using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Platform.Identity.Domain;
using Platform.Identity.Extensions;
using Platform.Identity.Infrastructure;
using Platform.Messaging;
using Platform.Messaging.Audit;
using Platform.ServiceDefaults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Apis;

public sealed record CreateUserRequest(
    string? UserName,
    string? DisplayName,
    string? Email,
    Guid? UnitId,
    string?[]? Roles,
    string? Password);

public sealed record ChangeRolesRequest(string?[]? Roles);

public sealed record ResetPasswordRequest(string? NewPassword);

public sealed record UserResponse(
    Guid Id,
    string UserName,
    string DisplayName,
    string? Email,
    Guid UnitId,
    string UnitCode,
    IReadOnlyList<string> Roles,
    bool IsLocked,
    bool IsLockedByAdmin,
    DateTimeOffset? LockoutEnd,
    bool MustChangePassword,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static UserResponse From(UserAccount u, IEnumerable<string> roles, DateTimeOffset now) => new(
        u.Id, u.UserName!, u.DisplayName, u.Email, u.UnitId, u.UnitCode, [.. roles.Order(StringComparer.Ordinal)],
        u.LockoutEnd > now, u.IsLockedByAdmin, u.LockoutEnd, u.MustChangePassword, u.CreatedAt, u.CreatedBy, u.UpdatedAt, u.UpdatedBy);
}

public sealed record UserAuditResponse(Guid Id, string Action, string? Detail, string ActorId, string ActorName, Guid? ActorUnitId, DateTimeOffset At);

public sealed class UserListQuery
{
    public int? Page { get; init; }
    public int? PageSize { get; init; }
    /// <summary>User name or display name, with or without diacritics.</summary>
    public string? Q { get; init; }
    public string? Role { get; init; }
    public Guid? UnitId { get; init; }
    public bool? Locked { get; init; }
    /// <summary><c>userName</c> (default), <c>displayName</c>, <c>createdAt</c>, each optionally prefixed by <c>-</c>.</summary>
    public string? Sort { get; init; }
}

/// <summary>What the account administration handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record UsersApiServices(
    IdentityDbContext Db,
    UserManager<UserAccount> Users,
    IOpenIddictTokenManager Tokens,
    IOpenIddictAuthorizationManager Authorizations,
    TimeProvider Clock,
    ILogger<UsersApiServices> Logger);

/// <summary>
/// Account administration for system administrators, limited to accounts of their own unit's subtree
/// (by the unit replica). Accounts outside it are reported as not found, so their existence is not
/// revealed. Every write is stamped on the account and recorded twice in the same save: in the account's
/// history (<c>user_audit_entries</c>, read by <c>/history</c>) and on the chained audit trail (<c>audit_entries</c>).
/// </summary>
public static partial class UsersApi
{
    private static readonly string[] Sorts = ["userName", "-userName", "displayName", "-displayName", "createdAt", "-createdAt"];

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/users").WithTags("Accounts")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy);
        group.MapGet("/", ListUsers);
        group.MapGet("/{id:guid}", GetUser);
        group.MapGet("/{id:guid}/history", GetHistory);
        group.MapPost("/", CreateUser);
        group.MapPut("/{id:guid}/roles", ChangeRoles);
        group.MapPost("/{id:guid}/lock", LockUser);
        group.MapPost("/{id:guid}/unlock", UnlockUser);
        group.MapPost("/{id:guid}/reset-password", ResetPassword);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<UserResponse>>, ValidationProblem, ProblemHttpResult>> ListUsers(
        [AsParameters] UserListQuery query, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (page, pageSize) = Paging.Normalise(query.Page, query.PageSize, validator);
        string? role = null;
        if (query.Role is { Length: > 0 })
        {
            role = PlatformRoles.All.FirstOrDefault(r => string.Equals(r, query.Role.Trim(), StringComparison.OrdinalIgnoreCase));
            if (role is null) validator.Add("role", UnknownRolesVi([query.Role]), UnknownRolesEn([query.Role]));
        }
        if (query.Sort is not null && !Sorts.Contains(query.Sort))
        {
            validator.Add("sort", $"Chỉ sắp xếp theo: {string.Join(", ", Sorts)}.", $"sort must be one of: {string.Join(", ", Sorts)}.");
        }
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var db = services.Db;
        var caller = Caller.From(principal);
        var scope = await db.SubtreeAsync(caller.UnitId, ct);
        if (query.UnitId is { } unitFilter && !scope.Contains(unitFilter))
        {
            return OutOfScope(unitFilter);
        }

        var now = services.Clock.GetUtcNow();
        var users = db.Users.AsNoTracking().Where(u => scope.Contains(u.UnitId));
        if (query.UnitId is { } unit) users = users.Where(u => u.UnitId == unit);
        if (VietnameseText.Fold(query.Q) is { Length: > 0 } folded) users = users.Where(u => u.SearchText.Contains(folded));
        if (role is not null)
        {
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }
        if (query.Locked is { } locked)
        {
            users = locked ? users.Where(u => u.LockoutEnd > now) : users.Where(u => u.LockoutEnd == null || u.LockoutEnd <= now);
        }
        users = query.Sort switch
        {
            "-userName" => users.OrderByDescending(u => u.UserName),
            "displayName" => users.OrderBy(u => u.DisplayName).ThenBy(u => u.UserName),
            "-displayName" => users.OrderByDescending(u => u.DisplayName).ThenBy(u => u.UserName),
            "createdAt" => users.OrderBy(u => u.CreatedAt).ThenBy(u => u.UserName),
            "-createdAt" => users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.UserName),
            _ => users.OrderBy(u => u.UserName),
        };

        var total = await users.LongCountAsync(ct);
        var items = await users.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var roles = await RolesOfAsync(db, items.Select(u => u.Id).ToList(), ct);
        var response = items.Select(u => UserResponse.From(u, roles[u.Id], now)).ToList();
        return TypedResults.Ok(new PagedResult<UserResponse>(response, page, pageSize, total));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUser(
        Guid id, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var account = await FindInScopeAsync(services.Db, Caller.From(principal), id, ct);
        return account is null ? NotFound(id) : TypedResults.Ok(await ResponseAsync(services, account));
    }

    public static async Task<Results<Ok<PagedResult<UserAuditResponse>>, ValidationProblem, ProblemHttpResult>> GetHistory(
        Guid id, int? page, int? pageSize, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var (p, size) = Paging.Normalise(page, pageSize, validator);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        if (await FindInScopeAsync(services.Db, Caller.From(principal), id, ct) is null)
        {
            return NotFound(id);
        }
        var entries = services.Db.UserAuditEntries.AsNoTracking().Where(e => e.UserId == id);
        var total = await entries.LongCountAsync(ct);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip((p - 1) * size).Take(size)
            .Select(e => new UserAuditResponse(e.Id, e.Action, e.Detail, e.ActorId, e.ActorName, e.ActorUnitId, e.At))
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<UserAuditResponse>(items, p, size, total));
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest? request, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        if (request is null)
        {
            validator.Add("body", "Thiếu nội dung yêu cầu.", "The request body is missing.");
            return validator.ToProblem();
        }
        var caller = Caller.From(principal);
        var db = services.Db;

        // Where the account would live is an authorisation question, answered before the field checks.
        string? unitCode = null;
        if (request.UnitId is { } unitId)
        {
            var scope = await db.SubtreeAsync(caller.UnitId, ct);
            var replica = await db.UnitReplicas.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
            if (!scope.Contains(unitId))
            {
                if (replica is not null)
                {
                    return OutOfScope(unitId);
                }
                validator.Add("unitId", $"Không có đơn vị với mã định danh {unitId}.", $"There is no unit with id {unitId}.");
            }
            else
            {
                unitCode = replica?.Code
                    ?? await db.Users.AsNoTracking().Where(u => u.Id == caller.Id).Select(u => u.UnitCode).FirstOrDefaultAsync(ct);
                if (unitCode is null)
                {
                    validator.Add("unitId", $"Dịch vụ định danh chưa nhận được thông tin đơn vị {unitId}; hãy thử lại sau.",
                        $"The identity service has not yet received unit {unitId}; try again shortly.");
                }
            }
        }
        else
        {
            validator.Add("unitId", "Trường 'unitId' là bắt buộc.", "The field 'unitId' is required.");
        }

        var userName = validator.Required("userName", request.UserName, AccountRules.UserNameMaxLength);
        validator.Matches("userName", userName, AccountRules.UserNamePattern(),
            "chỉ gồm chữ cái không dấu, chữ số và . _ - @, bắt đầu bằng chữ hoặc số",
            "only ASCII letters, digits and . _ - @, starting with a letter or digit");
        var displayName = validator.Required("displayName", request.DisplayName, AccountRules.DisplayNameMaxLength);
        var email = validator.Optional("email", request.Email, AccountRules.EmailMaxLength);
        if (email is not null && !EmailPattern().IsMatch(email))
        {
            validator.Add("email", $"Email '{email}' không hợp lệ.", $"Email '{email}' is not valid.");
        }
        var roles = ValidateRoles(validator, request.Roles);

        var now = services.Clock.GetUtcNow();
        var actor = caller.Actor;
        var account = new UserAccount
        {
            Id = Guid.CreateVersion7(now),
            UserName = userName,
            DisplayName = displayName,
            Email = email,
            UnitId = request.UnitId ?? Guid.Empty,
            UnitCode = unitCode ?? "",
            LockoutEnabled = true,
            // The administrator chose this password: it is good only for choosing a new one at the first sign-in.
            MustChangePassword = true,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedBy = actor,
        };
        account.Touch(actor, now);
        await ValidatePasswordAsync(validator, services.Users, account, request.Password, "password");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        if (await services.Users.FindByNameAsync(userName) is not null)
        {
            return UserNameTaken(userName);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await services.Users.CreateAsync(account, request.Password!);
        if (!created.Succeeded)
        {
            if (IsDuplicateUserName(created))
            {
                return UserNameTaken(userName);
            }
            return IdentityProblem(created, "password");
        }
        var added = await services.Users.AddToRolesAsync(account, roles);
        if (!added.Succeeded)
        {
            return IdentityProblem(added, "password");
        }
        var createdDetail = $"unit {account.UnitCode}; roles {string.Join(", ", roles)}";
        db.UserAuditEntries.Add(caller.Audit(account.Id, UserAuditActions.Created, createdDetail, now));
        db.AuditEntries.Add(caller.Chained(account.Id, IdentityAuditActions.UserCreated, $"{account.UserName}; {createdDetail}", now));
        db.AddIntegrationEvent(AccountEvents.Registered(account, roles, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        services.Logger.LogInformation("{Actor} created account {UserName} in unit {UnitCode} with roles {Roles}", actor, userName, account.UnitCode, roles);
        return TypedResults.Created($"/api/identity/users/{account.Id}", UserResponse.From(account, roles, now));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ChangeRoles(
        Guid id, ChangeRolesRequest? request, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var validator = new RequestValidator();
        var roles = ValidateRoles(validator, request?.Roles);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }
        var caller = Caller.From(principal);
        var account = await FindInScopeAsync(services.Db, caller, id, ct, tracking: true);
        if (account is null)
        {
            return NotFound(id);
        }
        if (account.Id == caller.Id && !roles.Contains(PlatformRoles.SystemAdmin))
        {
            return Problems.Conflict("Bạn không thể tự bỏ vai trò SystemAdmin của chính mình.", "You cannot remove your own SystemAdmin role.");
        }

        var now = services.Clock.GetUtcNow();
        var current = await services.Users.GetRolesAsync(account);
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        var removed = await services.Users.RemoveFromRolesAsync(account, current.Except(roles));
        var added = removed.Succeeded ? await services.Users.AddToRolesAsync(account, roles.Except(current)) : removed;
        if (!added.Succeeded)
        {
            return IdentityProblem(added, "password");
        }
        account.Touch(caller.Actor, now);
        await services.Users.UpdateSecurityStampAsync(account);
        var change = $"{string.Join(", ", current.Order(StringComparer.Ordinal))} → {string.Join(", ", roles.Order(StringComparer.Ordinal))}";
        services.Db.UserAuditEntries.Add(caller.Audit(account.Id, UserAuditActions.RolesChanged, change, now));
        services.Db.AuditEntries.Add(caller.Chained(account.Id, IdentityAuditActions.UserRolesChanged, $"{account.UserName}; {change}", now));
        services.Db.AddIntegrationEvent(AccountEvents.Updated(account, roles, now));
        await services.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        services.Logger.LogInformation("{Actor} changed the roles of {UserName} to {Roles}", caller.Actor, account.UserName, roles);
        return TypedResults.Ok(UserResponse.From(account, roles, now));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> LockUser(
        Guid id, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var account = await FindInScopeAsync(services.Db, caller, id, ct, tracking: true);
        if (account is null)
        {
            return NotFound(id);
        }
        if (account.Id == caller.Id)
        {
            return Problems.Conflict("Bạn không thể tự khóa tài khoản của chính mình.", "You cannot lock your own account.");
        }
        var now = services.Clock.GetUtcNow();
        account.LockoutEnabled = true;
        account.LockoutEnd = AccountRules.AdminLockEnd;
        account.Touch(caller.Actor, now);
        services.Db.UserAuditEntries.Add(caller.Audit(account.Id, UserAuditActions.Locked, null, now));
        services.Db.AuditEntries.Add(caller.Chained(account.Id, IdentityAuditActions.UserLocked, account.UserName, now));
        services.Db.AddIntegrationEvent(AccountEvents.Locked(account, await services.Users.GetRolesAsync(account), now));
        // A new security stamp ends sign-in sessions; revoking ends refresh tokens. Access tokens expire on their own.
        // Its save commits the lock, the audit entry and the event together.
        await services.Users.UpdateSecurityStampAsync(account);
        await services.Tokens.RevokeBySubjectAsync(account.Id.ToString(), ct);
        await services.Authorizations.RevokeBySubjectAsync(account.Id.ToString(), ct);
        services.Logger.LogInformation("{Actor} locked account {UserName}", caller.Actor, account.UserName);
        return TypedResults.Ok(await ResponseAsync(services, account));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UnlockUser(
        Guid id, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var account = await FindInScopeAsync(services.Db, caller, id, ct, tracking: true);
        if (account is null)
        {
            return NotFound(id);
        }
        var now = services.Clock.GetUtcNow();
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        account.Touch(caller.Actor, now);
        services.Db.UserAuditEntries.Add(caller.Audit(account.Id, UserAuditActions.Unlocked, null, now));
        services.Db.AuditEntries.Add(caller.Chained(account.Id, IdentityAuditActions.UserUnlocked, account.UserName, now));
        services.Db.AddIntegrationEvent(AccountEvents.Updated(account, await services.Users.GetRolesAsync(account), now));
        await services.Db.SaveChangesAsync(ct);
        services.Logger.LogInformation("{Actor} unlocked account {UserName}", caller.Actor, account.UserName);
        return TypedResults.Ok(await ResponseAsync(services, account));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ResetPassword(
        Guid id, ResetPasswordRequest? request, ClaimsPrincipal principal, [AsParameters] UsersApiServices services, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var account = await FindInScopeAsync(services.Db, caller, id, ct, tracking: true);
        if (account is null)
        {
            return NotFound(id);
        }
        var validator = new RequestValidator();
        await ValidatePasswordAsync(validator, services.Users, account, request?.NewPassword, "newPassword");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var now = services.Clock.GetUtcNow();
        await using var transaction = await services.Db.Database.BeginTransactionAsync(ct);
        // The administrator now knows the password: it is good only for choosing a new one at the next sign-in.
        account.MustChangePassword = true;
        var token = await services.Users.GeneratePasswordResetTokenAsync(account);
        var reset = await services.Users.ResetPasswordAsync(account, token, request!.NewPassword!);
        if (!reset.Succeeded)
        {
            return IdentityProblem(reset, "newPassword");
        }
        // A temporary lockout ends with the new password; an administrator's lock stays until unlocked.
        account.AccessFailedCount = 0;
        if (!account.IsLockedByAdmin) account.LockoutEnd = null;
        account.Touch(caller.Actor, now);
        services.Db.UserAuditEntries.Add(caller.Audit(account.Id, UserAuditActions.PasswordReset, null, now));
        services.Db.AuditEntries.Add(caller.Chained(account.Id, IdentityAuditActions.UserPasswordReset, account.UserName, now));
        await services.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await services.Tokens.RevokeBySubjectAsync(account.Id.ToString(), ct);
        services.Logger.LogInformation("{Actor} reset the password of {UserName}", caller.Actor, account.UserName);
        return TypedResults.Ok(await ResponseAsync(services, account));
    }

    private static IReadOnlyList<string> ValidateRoles(RequestValidator validator, string?[]? requested)
    {
        if (requested is null || requested.Length == 0)
        {
            validator.Add("roles", "Cần ít nhất một vai trò.", "At least one role is required.");
            return [];
        }
        var (roles, unknown) = AccountRules.ParseRoles(requested);
        if (unknown.Count > 0)
        {
            validator.Add("roles", UnknownRolesVi(unknown), UnknownRolesEn(unknown));
        }
        return roles;
    }

    private static string UnknownRolesVi(IEnumerable<string?> unknown) =>
        $"Vai trò không hợp lệ: {string.Join(", ", unknown)}; các vai trò được phép: {string.Join(", ", PlatformRoles.All)}.";

    private static string UnknownRolesEn(IEnumerable<string?> unknown) =>
        $"Unknown roles: {string.Join(", ", unknown)}; allowed roles: {string.Join(", ", PlatformRoles.All)}.";

    /// <summary>Runs the password rules now so every field's errors come back in one answer.</summary>
    private static async Task ValidatePasswordAsync(RequestValidator validator, UserManager<UserAccount> users, UserAccount account, string? password, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            validator.Add(field, $"Trường '{field}' là bắt buộc.", $"The field '{field}' is required.");
            return;
        }
        foreach (var rule in users.PasswordValidators)
        {
            var result = await rule.ValidateAsync(users, account, password);
            foreach (var error in result.Errors)
            {
                validator.Add(field, error.Description, error.Description);
            }
        }
    }

    /// <summary>An Identity failure as a validation problem naming the field it is about.</summary>
    private static ValidationProblem IdentityProblem(IdentityResult result, string passwordField)
    {
        var validator = new RequestValidator();
        foreach (var error in result.Errors)
        {
            validator.Add(LocalizedIdentityErrors.FieldOf(error, passwordField), error.Description, error.Description);
        }
        return validator.ToProblem();
    }

    private static bool IsDuplicateUserName(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));

    private static ProblemHttpResult UserNameTaken(string userName) =>
        Problems.Conflict($"Tên đăng nhập '{userName}' đã được dùng.", $"The user name '{userName}' is already taken.");

    private static async Task<UserAccount?> FindInScopeAsync(IdentityDbContext db, Caller caller, Guid id, CancellationToken ct, bool tracking = false)
    {
        var users = tracking ? db.Users : db.Users.AsNoTracking();
        var account = await users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (account is null)
        {
            return null;
        }
        var scope = await db.SubtreeAsync(caller.UnitId, ct);
        return scope.Contains(account.UnitId) ? account : null;
    }

    private static async Task<UserResponse> ResponseAsync(UsersApiServices services, UserAccount account) =>
        UserResponse.From(account, await services.Users.GetRolesAsync(account), services.Clock.GetUtcNow());

    private static async Task<Dictionary<Guid, List<string>>> RolesOfAsync(IdentityDbContext db, List<Guid> userIds, CancellationToken ct)
    {
        var pairs = await db.UserRoles.Where(ur => userIds.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        return userIds.ToDictionary(id => id, id => pairs.Where(p => p.UserId == id).Select(p => p.Name!).ToList());
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.NotFound($"Không có tài khoản {id} trong phạm vi đơn vị bạn quản lý.", $"There is no account {id} within the units you manage.");

    private static ProblemHttpResult OutOfScope(Guid unitId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.Pick("Không có quyền.", "Forbidden."),
            detail: Text.Pick($"Đơn vị {unitId} nằm ngoài phạm vi đơn vị bạn quản lý.", $"Unit {unitId} is outside the units you manage."));

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

/// <summary>The administrator making a request, as their access token describes them.</summary>
internal sealed record Caller(Guid Id, string Actor, string Name, Guid UnitId, PlatformUser User)
{
    public static Caller From(ClaimsPrincipal principal)
    {
        var user = PlatformUser.From(principal) ?? throw new InvalidOperationException("The admin policy let through a token without sub or unit_id.");
        Guid.TryParse(user.Id, out var id);
        return new Caller(id, principal.GetClaim(Claims.PreferredUsername) ?? user.Id, user.Name, user.UnitId, user);
    }

    /// <summary>A line of the chained audit trail: this caller (the token's <c>sub</c>, unit and roles) did <paramref name="action"/> to an account.</summary>
    public AuditEntry Chained(Guid userId, string action, string? detail, DateTimeOffset at) =>
        AuditEntry.Create(User.Id, User.UnitId, User.Roles, action, IdentityAuditActions.SubjectUser, userId.ToString(), detail, at);

    public UserAuditEntry Audit(Guid userId, string action, string? detail, DateTimeOffset at) => new()
    {
        UserId = userId,
        Action = action,
        Detail = detail,
        ActorId = Id.ToString(),
        ActorName = Actor,
        ActorUnitId = UnitId,
        At = at,
    };
}
