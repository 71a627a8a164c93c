using Microsoft.Extensions.Logging.Abstractions;
using Platform.ServiceDefaults;

namespace Platform.Identity.Tests;

/// <summary>
/// Every service runs the locked-accounts poller as a hosted service: whatever a poll fails with, it must not escape,
/// or the host stops (a resilience handler's timeout under a test clock once stopped the whole tasks service).
/// </summary>
public sealed class LockedAccountsPollerTests
{
    [Theory]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(HttpRequestException))]
    public async Task A_failed_poll_keeps_the_last_list_and_does_not_throw(Type failure)
    {
        var locked = new LockedAccounts();
        locked.Replace(["khoa-1"], DateTimeOffset.UtcNow);
        var poller = new LockedAccountsPoller(new Clients(new Throwing((Exception)Activator.CreateInstance(failure, "identity away")!)), locked,
            new Uri("http://identity/internal/locked-accounts"), TimeSpan.FromSeconds(20), TimeProvider.System, NullLogger<LockedAccountsPoller>.Instance);

        Assert.False(await poller.PollAsync());
        Assert.True(locked.IsLocked("khoa-1"));
    }

    private sealed class Throwing(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(failure);
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
