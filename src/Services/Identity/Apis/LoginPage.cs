using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.Messaging.Audit;

namespace Platform.Identity.Apis;

/// <summary>
/// The sign-in page of the authorization-code flow: server-rendered, works without JavaScript,
/// Vietnamese by default (English with <c>Accept-Language: en</c>). Failed attempts count towards
/// lockout exactly as the token endpoint's do. A correct password that an administrator set
/// (<see cref="UserAccount.MustChangePassword"/>) does not sign in: the page asks for a new password instead
/// and signs in only once it is set.
/// </summary>
public static class LoginPage
{
    public const string Path = "/connect/login";
    public const string NewPasswordPath = "/connect/login/new-password";

    /// <summary>How long the change-password form stays good after the administrator-set password was typed.</summary>
    public static readonly TimeSpan ChangeTicketLifetime = TimeSpan.FromMinutes(10);

    private const string ChangeTicketPurpose = "Platform.Identity.LoginPage.NewPassword.v1";

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).ExcludeFromDescription();
        // Antiforgery is checked by hand so an expired form shows the page again instead of an error.
        app.MapPost(Path, SignIn).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost(NewPasswordPath, ChooseNewPassword).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static ContentHttpResult Show(HttpContext http, IAntiforgery antiforgery, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
        Render(http, antiforgery, SafeReturnUrl(returnUrl), userName: null, error: null, StatusCodes.Status200OK);

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignIn(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<UserAccount> users,
        SignInManager<UserAccount> signIn,
        IDataProtectionProvider protection,
        ILogger<LoginForm> logger,
        [FromForm] LoginForm form)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.SessionExpired(), StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password))
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.Missing(), StatusCodes.Status400BadRequest);
        }

        var account = await users.FindByNameAsync(form.UserName.Trim());
        if (account is null)
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.BadCredentials(), StatusCodes.Status401Unauthorized);
        }
        if (account.MustChangePassword)
        {
            // Checked (and failures counted) like a sign-in, but no session: the password only opens the change form.
            var check = await signIn.CheckPasswordSignInAsync(account, form.Password, lockoutOnFailure: true);
            if (check.Succeeded)
            {
                logger.LogInformation("{UserName} typed an administrator-set password and must choose a new one", account.UserName);
                var ticket = Protector(protection).Protect(TicketPayload(account), ChangeTicketLifetime);
                return RenderNewPassword(http, antiforgery, returnUrl, ticket, SignInMessages.ChoosePassword(), null, null, StatusCodes.Status200OK);
            }
            var refused = check.IsLockedOut ? SignInMessages.LockedOut(account) : SignInMessages.BadCredentials();
            return Render(http, antiforgery, returnUrl, form.UserName, refused, StatusCodes.Status401Unauthorized);
        }
        var result = await signIn.PasswordSignInAsync(account, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("{UserName} signed in", account.UserName);
            return TypedResults.LocalRedirect(returnUrl);
        }
        var message = result.IsLockedOut ? SignInMessages.LockedOut(account) : SignInMessages.BadCredentials();
        return Render(http, antiforgery, returnUrl, form.UserName, message, StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// The change-password form's answer: the ticket proves the administrator-set password was typed in the last
    /// <see cref="ChangeTicketLifetime"/> and is bound to the account's security stamp, so it is good once. A valid new
    /// password (twice the same, the service's password rules, not the administrator's) replaces it, clears the flag,
    /// goes on the audit trail with the person as the actor, and signs in as a normal sign-in would.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> ChooseNewPassword(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<UserAccount> users,
        SignInManager<UserAccount> signIn,
        IDataProtectionProvider protection,
        IdentityDbContext db,
        TimeProvider clock,
        ILogger<LoginForm> logger,
        [FromForm] NewPasswordForm form)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Render(http, antiforgery, returnUrl, userName: null, SignInMessages.ChangeExpired(), StatusCodes.Status400BadRequest);
        }
        var account = await AccountOfTicketAsync(users, protection, form.Ticket);
        if (account is null || !account.MustChangePassword || await users.IsLockedOutAsync(account))
        {
            return Render(http, antiforgery, returnUrl, userName: null, SignInMessages.ChangeExpired(), StatusCodes.Status400BadRequest);
        }

        string? newError = null;
        string? confirmError = null;
        if (string.IsNullOrEmpty(form.NewPassword))
        {
            newError = SignInMessages.NewPasswordMissing();
        }
        else
        {
            var problems = new List<string>();
            foreach (var rule in users.PasswordValidators)
            {
                var checkedRule = await rule.ValidateAsync(users, account, form.NewPassword);
                problems.AddRange(checkedRule.Errors.Select(e => e.Description));
            }
            if (problems.Count == 0 && await users.CheckPasswordAsync(account, form.NewPassword))
            {
                problems.Add(SignInMessages.PasswordUnchanged());
            }
            newError = problems.Count == 0 ? null : string.Join(" ", problems);
        }
        if (string.IsNullOrEmpty(form.ConfirmPassword))
        {
            confirmError = SignInMessages.ConfirmationMissing();
        }
        else if (!string.IsNullOrEmpty(form.NewPassword) && !string.Equals(form.NewPassword, form.ConfirmPassword, StringComparison.Ordinal))
        {
            confirmError = SignInMessages.PasswordsDiffer();
        }
        if (newError is not null || confirmError is not null)
        {
            return RenderNewPassword(http, antiforgery, returnUrl, form.Ticket!, null, newError, confirmError, StatusCodes.Status400BadRequest);
        }

        var now = clock.GetUtcNow();
        var actor = account.UserName!;
        await using (var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted))
        {
            // Resetting also renews the security stamp, which spends the ticket.
            var token = await users.GeneratePasswordResetTokenAsync(account);
            var reset = await users.ResetPasswordAsync(account, token, form.NewPassword!);
            if (!reset.Succeeded)
            {
                var message = string.Join(" ", reset.Errors.Select(e => e.Description));
                return reset.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
                    ? RenderNewPassword(http, antiforgery, returnUrl, form.Ticket!, null, message, null, StatusCodes.Status400BadRequest)
                    : Render(http, antiforgery, returnUrl, actor, SignInMessages.ChangeExpired(), StatusCodes.Status409Conflict);
            }
            account.MustChangePassword = false;
            account.AccessFailedCount = 0;
            account.Touch(actor, now);
            var roles = await users.GetRolesAsync(account);
            db.UserAuditEntries.Add(new UserAuditEntry
            {
                UserId = account.Id,
                Action = UserAuditActions.PasswordChanged,
                ActorId = account.Id.ToString(),
                ActorName = actor,
                ActorUnitId = account.UnitId,
                At = now,
            });
            db.AuditEntries.Add(AuditEntry.Create(account.Id.ToString(), account.UnitId, roles, IdentityAuditActions.UserPasswordChanged,
                IdentityAuditActions.SubjectUser, account.Id.ToString(), $"{actor}; replaced the password an administrator set", now));
            await db.SaveChangesAsync(http.RequestAborted);
            await transaction.CommitAsync(http.RequestAborted);
        }

        await signIn.SignInAsync(account, isPersistent: false);
        logger.LogInformation("{UserName} chose a new password and signed in", actor);
        return TypedResults.LocalRedirect(returnUrl);
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(ChangeTicketPurpose).ToTimeLimitedDataProtector();

    private static string TicketPayload(UserAccount account) => $"{account.Id:N}|{account.SecurityStamp}";

    private static async Task<UserAccount?> AccountOfTicketAsync(UserManager<UserAccount> users, IDataProtectionProvider protection, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }
        string payload;
        try
        {
            payload = Protector(protection).Unprotect(ticket, out _);
        }
        catch (CryptographicException)
        {
            return null; // tampered with, or older than its lifetime
        }
        var parts = payload.Split('|', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id))
        {
            return null;
        }
        var account = await users.FindByIdAsync(id.ToString());
        // The stamp changes with every password change, lock and role change: an old ticket is worthless.
        return account is not null && string.Equals(account.SecurityStamp, parts[1], StringComparison.Ordinal) ? account : null;
    }

    /// <summary>Only a path on this site: an open redirect would let a link send a signed-in user anywhere.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static ContentHttpResult Render(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? userName, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = Pages.Html;
        var errorHtml = error is null ? "" : $"""<p class="error" role="alert" id="error">{e.Encode(error)}</p>""";
        var describedBy = error is null ? "" : """ aria-describedby="error" """;
        var title = Text.Pick("Đăng nhập", "Sign in");
        var form = $$"""
            {{errorHtml}}
            <form method="post" action="{{e.Encode(http.Request.PathBase + Path)}}">
            <input type="hidden" name="{{e.Encode(tokens.FormFieldName)}}" value="{{e.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{e.Encode(returnUrl)}}">
            <label for="username">{{e.Encode(Text.Pick("Tên đăng nhập", "User name"))}}</label>
            <input id="username" name="username" autocomplete="username" required autofocus value="{{e.Encode(userName ?? "")}}"{{describedBy}}>
            <label for="password">{{e.Encode(Text.Pick("Mật khẩu", "Password"))}}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">{{e.Encode(title)}}</button>
            </form>
            """;
        return Pages.Render(http, title, form, status);
    }

    private static ContentHttpResult RenderNewPassword(HttpContext http, IAntiforgery antiforgery, string returnUrl, string ticket,
        string? notice, string? newPasswordError, string? confirmError, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = Pages.Html;
        var title = Text.Pick("Đặt mật khẩu mới", "Choose a new password");
        var noticeHtml = notice is null ? "" : $"""<p role="status" id="notice">{e.Encode(notice)}</p>""";
        string FieldError(string id, string? message) =>
            message is null ? "" : $"""<p class="error" role="alert" id="{id}-error">{e.Encode(message)}</p>""";
        string DescribedBy(string id, string? message) => message is null ? "" : $""" aria-describedby="{id}-error" aria-invalid="true" """;
        var rules = Text.Pick(
            $"Ít nhất {AccountRules.PasswordMinLength} ký tự, có chữ hoa, chữ thường, chữ số và ký tự đặc biệt; khác mật khẩu quản trị viên đã đặt.",
            $"At least {AccountRules.PasswordMinLength} characters with an upper-case letter, a lower-case letter, a digit and a symbol; not the one the administrator set.");
        var form = $$"""
            {{noticeHtml}}
            <form method="post" action="{{e.Encode(http.Request.PathBase + NewPasswordPath)}}">
            <input type="hidden" name="{{e.Encode(tokens.FormFieldName)}}" value="{{e.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{e.Encode(returnUrl)}}">
            <input type="hidden" name="ticket" value="{{e.Encode(ticket)}}">
            <label for="newPassword">{{e.Encode(Text.Pick("Mật khẩu mới", "New password"))}}</label>
            <p id="rules">{{e.Encode(rules)}}</p>
            {{FieldError("newPassword", newPasswordError)}}
            <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required autofocus{{DescribedBy("newPassword", newPasswordError)}}>
            <label for="confirmPassword">{{e.Encode(Text.Pick("Nhập lại mật khẩu mới", "Confirm the new password"))}}</label>
            {{FieldError("confirmPassword", confirmError)}}
            <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required{{DescribedBy("confirmPassword", confirmError)}}>
            <button type="submit">{{e.Encode(Text.Pick("Đổi mật khẩu và đăng nhập", "Change password and sign in"))}}</button>
            </form>
            """;
        return Pages.Render(http, title, form, status);
    }
}

/// <summary>The change-password form's fields.</summary>
public sealed class NewPasswordForm
{
    [FromForm(Name = "ticket")]
    public string? Ticket { get; init; }

    [FromForm(Name = "newPassword")]
    public string? NewPassword { get; init; }

    [FromForm(Name = "confirmPassword")]
    public string? ConfirmPassword { get; init; }

    [FromForm(Name = "returnUrl")]
    public string? ReturnUrl { get; init; }
}

/// <summary>The sign-in form's fields.</summary>
public sealed class LoginForm
{
    [FromForm(Name = "username")]
    public string? UserName { get; init; }

    [FromForm(Name = "password")]
    public string? Password { get; init; }

    [FromForm(Name = "returnUrl")]
    public string? ReturnUrl { get; init; }
}
