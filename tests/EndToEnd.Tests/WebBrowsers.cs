using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.ServiceDefaults;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Headless Chromium (Debian's /usr/bin/chromium, no browser download) for the web client's browser tests: one
/// profile per signed-in demo user, screenshots to TestResults/screenshots beside the test assembly.
/// </summary>
public sealed class WebBrowsers : IAsyncDisposable
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly List<IBrowserContext> _browsers = [];
    private readonly List<string> _profiles = [];

    private WebBrowsers(IPlaywright playwright, string gateway) => (_playwright, Gateway) = (playwright, gateway);

    /// <summary>The gateway's address, without a trailing slash.</summary>
    public string Gateway { get; }

    public static async Task<WebBrowsers> StartAsync(PlatformFixture platform)
    {
        Directory.CreateDirectory(Screenshots);
        return new WebBrowsers(await Playwright.CreateAsync(), platform.App.GetEndpoint(ResourceNames.Gateway, "http").ToString().TrimEnd('/'));
    }

    /// <summary>Signs in through the identity service's page in a fresh browser profile; lands on the web client's home.</summary>
    public async Task<IPage> SignInAsync(string userName)
    {
        var profile = Directory.CreateTempSubdirectory("platform-chromium-").FullName;
        _profiles.Add(profile);
        var browser = await _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        // A sign-in is four redirects and a first Blazor render; with the whole platform and the test run on two
        // cores one took over 30 s (seen once), so actions and navigations wait up to 90 s.
        browser.SetDefaultTimeout(90_000);
        browser.SetDefaultNavigationTimeout(90_000);
        // Expectations default to 5 s, too short for a first Blazor render on a busy two-core machine.
        Assertions.SetDefaultExpectTimeout(45_000);
        _browsers.Add(browser);
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        await page.GotoAsync($"{Gateway}/");
        await page.WaitForURLAsync(new Regex("/connect/"));
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(DemoPlatform.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        Assert.StartsWith(Gateway, page.Url);
        return page;
    }

    /// <summary>
    /// A full-page screenshot once the page's requests have settled, or after 15 s without that: the screenshot is a record
    /// for people to look at, not a check. Once in a run the district's home page never reached "network idle" in 90 s although
    /// the web client had answered every request of it and the page had rendered, and the walk failed on its screenshot.
    /// </summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Taken as the page is.
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers) await browser.DisposeAsync();
        _playwright.Dispose();
        foreach (var profile in _profiles)
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { /* Chromium may still hold a lock file for a moment; it is under the temp folder */ }
        }
    }
}
