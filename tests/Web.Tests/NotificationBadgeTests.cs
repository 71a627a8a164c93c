using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Components.Shared;
using Platform.Web.Localization;

namespace Platform.Web.Tests;

public sealed class NotificationBadgeTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();
    private readonly FakePlatformApi _api = new();
    private UnreadCounts _counts = new(2, 0);

    public NotificationBadgeTests()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddSingleton<Loc>();
        _bunit.Services.AddSingleton<IPlatformApi>(_api);
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _api.On(HttpMethod.Get, "api/notifications/unread-count", _ => _counts);
    }

    [Fact]
    public async Task A_notification_on_the_stream_updates_the_count_without_waiting_for_a_poll()
    {
        var badge = _bunit.Render<NotificationBadge>();
        badge.WaitForAssertion(() => Assert.Equal("2", badge.Find("[data-testid=notification-unread]").TextContent));
        Assert.Equal("api/notifications/stream", Assert.Single(_api.StreamsOpened).Path);

        _counts = new UnreadCounts(3, 1);
        await _api.Stream.Writer.WriteAsync(new ApiEvent("heartbeat", "41", ""));
        await _api.Stream.Writer.WriteAsync(new ApiEvent("notification", "42", """{"title":"Nhiệm vụ mới"}"""));

        badge.WaitForAssertion(() => Assert.Equal("3", badge.Find("[data-testid=notification-unread]").TextContent));
        Assert.Equal(2, _api.CallsTo(HttpMethod.Get, "api/notifications/unread-count").Count()); // once at start, once for the notification; not for the heartbeat
    }

    [Fact]
    public void A_stream_that_ends_is_reopened_after_the_last_event_seen()
    {
        var badge = _bunit.Render<NotificationBadge>(p => p.Add(b => b.Reconnect, TimeSpan.FromMilliseconds(10)));
        badge.WaitForAssertion(() => Assert.Single(_api.StreamsOpened));

        _api.Stream.Writer.TryWrite(new ApiEvent("notification", "57", "{}"));
        _api.Stream.Writer.Complete();

        badge.WaitForAssertion(() => Assert.True(_api.StreamsOpened.Count >= 2));
        Assert.Equal("57", _api.StreamsOpened.ElementAt(1).LastEventId);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();
}
