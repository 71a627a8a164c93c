using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

/// <summary>
/// The accounts an administrator has locked, as identity last listed them. An access token lives up to
/// ten minutes; a service refuses the tokens of these accounts at once (see <c>AuthenticationDefaults</c>), so a
/// lock takes effect within <see cref="LockedAccountsPoller"/>'s interval instead of at the token's expiry.
/// </summary>
public sealed class LockedAccounts
{
    private volatile HashSet<string> _subjects = [];

    /// <summary>When identity last answered; null until it has.</summary>
    public DateTimeOffset? RefreshedAt { get; private set; }

    public bool IsLocked(string? subject) => subject is not null && _subjects.Contains(subject);

    public void Replace(IEnumerable<string> subjects, DateTimeOffset at)
    {
        _subjects = new HashSet<string>(subjects, StringComparer.OrdinalIgnoreCase);
        RefreshedAt = at;
    }
}

/// <summary>
/// Reads identity's <c>/internal/locked-accounts</c> every <c>Auth:LockedAccountsPollInterval</c> (default 20 s).
/// When identity cannot be reached the last list stays in force (a lock already seen keeps working); before
/// the first answer the list is empty, which is no worse than without this check (tokens still expire
/// within ten minutes and a locked account can no longer refresh). Set the interval to 0 to turn it off.
/// </summary>
public sealed class LockedAccountsPoller(
    IHttpClientFactory clients,
    LockedAccounts locked,
    Uri endpoint,
    TimeSpan interval,
    TimeProvider clock,
    ILogger<LockedAccountsPoller> logger) : BackgroundService
{
    public const string ClientName = "identity-locked-accounts";

    /// <summary>Identity's address, from <c>Auth:IdentityAddress</c> or else the host of <c>Auth:MetadataAddress</c>.</summary>
    public static Uri EndpointFrom(IConfiguration auth, string metadataAddress)
    {
        var identity = auth["IdentityAddress"] is { Length: > 0 } configured
            ? new Uri(configured.TrimEnd('/') + "/")
            : new Uri(new Uri(metadataAddress), "/");
        return new Uri(identity, "internal/locked-accounts");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            await PollAsync(stoppingToken);
        }
        while (await NextAsync(timer, stoppingToken));
    }

    /// <summary>One poll; false when identity did not answer (the last list is kept).</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await clients.CreateClient(ClientName).GetFromJsonAsync<Response>(endpoint, cancellationToken);
            locked.Replace(response?.UserIds.Select(id => id.ToString()) ?? [], clock.GetUtcNow());
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (no answer, a resilience timeout or an open circuit, an unreadable list), the poller
            // keeps the last list and tries again: an exception escaping a BackgroundService would stop the whole service.
            logger.LogWarning("Could not read the locked accounts from identity ({Error}); keeping the list of {RefreshedAt}",
                e.Message, locked.RefreshedAt);
            return false;
        }
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Response(List<Guid> UserIds);
}
