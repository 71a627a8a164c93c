using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Platform.Web.Auth;

/// <summary>
/// The signed-in user's tokens for the current scope: a plain request, or a Blazor circuit. They come from the
/// authentication ticket of the request (or of the circuit's connection), so any replica that can read the
/// cookie (shared Data Protection keys) can call the APIs: nothing is kept on the server between requests.
/// A circuit outlives its access token; it refreshes it here, keeps the new tokens for itself and raises
/// <see cref="Renewed"/> so that the browser's cookie is brought up to date too (<see cref="SessionRenewal"/>).
/// </summary>
public sealed class SessionTokens(IHttpContextAccessor http, TokenRefresher refresher, IOptions<WebOptions> options, TimeProvider clock,
    ILogger<SessionTokens> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenSet? _current;
    private bool _loaded;
    private volatile bool _ended;

    /// <summary>Raised after a refresh, outside the lock, with the new tokens.</summary>
    public event Func<TokenSet, Task>? Renewed;

    /// <summary>Reads the tokens from the request's ticket, once (the circuit handler calls it when the circuit opens).</summary>
    public async Task LoadAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await LoadUnlockedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sets the tokens directly (a ticket read elsewhere).</summary>
    public void Use(TokenSet? tokens)
    {
        _current = tokens;
        _loaded = true;
    }

    /// <summary>An access token valid for a while yet, refreshed first when it is about to expire; null when signed out.</summary>
    public async Task<string?> AccessTokenAsync(CancellationToken ct = default)
    {
        TokenSet? renewed = null;
        string? accessToken;
        // A page left while it was still loading calls in after its circuit ended: nobody is there to act for.
        if (_ended) return null;
        await _gate.WaitAsync(ct);
        try
        {
            await LoadUnlockedAsync();
            if (_current is null) return null;
            if (_current.IsDue(clock.GetUtcNow(), options.Value.RefreshBefore))
            {
                var refreshed = await refresher.RefreshAsync(_current, ct);
                if (refreshed is not null && refreshed != _current) renewed = refreshed;
                _current = refreshed;
            }
            accessToken = _current?.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
        if (renewed is not null && Renewed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<TokenSet, Task>>())
            {
                await handler(renewed);
            }
        }
        return accessToken;
    }

    /// <summary>
    /// The circuit (its scope) has ended. The gate is left undisposed on purpose: a call still inside it must be able to
    /// release it, and a SemaphoreSlim whose wait handle was never asked for holds nothing to free.
    /// </summary>
    public void Dispose()
    {
        _ended = true;
        _current = null;
    }

    private async Task LoadUnlockedAsync()
    {
        if (_loaded) return;
        _loaded = true;
        if (http.HttpContext is not { } context)
        {
            logger.LogWarning("No request to read the sign-in ticket from: the user is treated as signed out");
            return;
        }
        var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        _current = result.Succeeded ? TokenSet.From(result.Properties) : null;
    }
}

/// <summary>Reads the tokens when a circuit opens, while its connection's request is at hand.</summary>
internal sealed class SessionTokensCircuitHandler(SessionTokens tokens) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) => tokens.LoadAsync();
}
