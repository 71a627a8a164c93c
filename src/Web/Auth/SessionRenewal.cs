using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Web.Auth;

/// <summary>
/// Brings the browser's cookie up to date after a circuit refreshed the tokens (a circuit cannot write a cookie).
/// The circuit hands the browser an encrypted, short-lived, user-bound envelope of the new tokens; the browser
/// posts it to <c>/session/renew</c>, which writes it into the ticket. Without this, identity's rolling refresh
/// tokens would leave the cookie with a redeemed one and the next full page load would sign the user out.
/// </summary>
public sealed class SessionRenewal(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Path = "/session/renew";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    // The expiry travels inside the encrypted envelope and is checked against the platform's clock.
    private readonly IDataProtector _protector = protection.CreateProtector("Platform.Web.SessionRenewal.v1");

    private sealed record Envelope(string Subject, TokenSet Tokens, DateTimeOffset ExpiresAt);

    public string Protect(string subject, TokenSet tokens) =>
        _protector.Protect(JsonSerializer.Serialize(new Envelope(subject, tokens, clock.GetUtcNow().Add(Lifetime))));

    /// <summary>The tokens, when the envelope is this server's, unexpired and made for <paramref name="subject"/>.</summary>
    public TokenSet? Read(string envelope, string subject)
    {
        try
        {
            var read = JsonSerializer.Deserialize<Envelope>(_protector.Unprotect(envelope));
            return read is not null && read.ExpiresAt >= clock.GetUtcNow() && string.Equals(read.Subject, subject, StringComparison.Ordinal)
                ? read.Tokens : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public sealed record RenewRequest(string? Ticket);

    /// <summary>POST <see cref="Path"/>: the current ticket gets the envelope's tokens when they are newer than its own.</summary>
    internal static async Task<IResult> RenewAsync(RenewRequest request, HttpContext http, SessionRenewal renewal)
    {
        var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!current.Succeeded || current.Principal.FindFirstValue("sub") is not { } subject) return Results.Unauthorized();
        if (request.Ticket is not { Length: > 0 } ticket || renewal.Read(ticket, subject) is not { } tokens)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Phiên làm mới không hợp lệ.",
                detail: "The renewal envelope is missing, expired or made for another user.");
        }
        var properties = current.Properties;
        if (TokenSet.From(properties) is { } held && held.ExpiresAt >= tokens.ExpiresAt) return Results.NoContent();
        tokens.WriteTo(properties);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, current.Principal, properties);
        return Results.NoContent();
    }
}

/// <summary>Marks an endpoint whose request must not refresh the ticket's tokens itself (<see cref="SessionRenewal.Path"/>).</summary>
public sealed class SkipTokenRefreshAttribute : Attribute;
