using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Api;

namespace Platform.Web.Tests;

/// <summary>
/// The safe line's public pages as a browser without an account gets them: rendered on the server, as plain forms that
/// post back (no live connection, no JavaScript needed), and no cookie set.
/// </summary>
public sealed class SafeLineServerRenderingTests : IClassFixture<SafeLineServerRenderingTests.WebFactory>
{
    private static readonly Guid SchoolId = Guid.Parse("0190f2a1-0000-7000-8000-00000000c001");
    private readonly WebFactory _web;

    public SafeLineServerRenderingTests(WebFactory web) => _web = web;

    public sealed class WebFactory : WebApplicationFactory<Program>
    {
        public ConcurrentQueue<(string Path, JsonElement? Body)> Calls { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureTestServices(services => services.AddScoped<ISafeLineApi>(_ => new Fake(Calls)));
        }
    }

    private sealed class Fake(ConcurrentQueue<(string Path, JsonElement? Body)> calls) : ISafeLineApi
    {
        public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? client, CancellationToken ct = default)
        {
            calls.Enqueue((path, body is null ? null : JsonSerializer.SerializeToElement(body, body.GetType(), PlatformApi.Json)));
            object answer = path switch
            {
                _ when path.StartsWith("api/safeline/schools/", StringComparison.Ordinal) => new SafeLineSchool(SchoolId, "Trường THCS Lê Lợi", null),
                "api/safeline/reports" => new SafeLineReceipt("AT-7KQ3-M9XD", "k7mq-2xpf-9hde-r4tn", "Trường THCS Lê Lợi"),
                "api/safeline/follow" => new SafeLineCaseView("AT-7KQ3-M9XD", "Trường THCS Lê Lợi", "bullying", "Acknowledged", true, "Đã được tiếp nhận",
                    new DateOnly(2026, 12, 6), DateTimeOffset.UtcNow, null, []),
                _ => throw new InvalidOperationException(path),
            };
            var json = JsonSerializer.Serialize(answer, answer.GetType(), PlatformApi.Json);
            return Task.FromResult(ApiResult<T>.Success(JsonSerializer.Deserialize<T>(json, PlatformApi.Json)!));
        }
    }

    private HttpClient Browser() => _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>
    /// Blazor's server rendering sets its antiforgery cookie (a random token, HttpOnly, SameSite=Strict, tied to no account
    /// and kept nowhere on the server; the safe line removes any cookie from its requests). Nothing else may be set.
    /// </summary>
    private static void AssertOnlyTheAntiforgeryCookie(HttpResponseMessage page)
    {
        var cookies = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.All(cookies, c => Assert.StartsWith(".AspNetCore.Antiforgery.", c));
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_report_page_needs_no_account_and_sets_no_cookie_but_antiforgerys()
    {
        using var browser = Browser();
        var page = await browser.GetAsync($"/an-toan?truong={SchoolId}");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Trường THCS Lê Lợi", html);
        Assert.Contains("name=\"Form.Text\"", html);
        Assert.Contains("name=\"_handler\" value=\"safeline-report\"", html);
        AssertOnlyTheAntiforgeryCookie(page);
    }

    [Fact]
    public async Task A_posted_report_reaches_the_safe_line_and_the_code_and_passphrase_come_back_once()
    {
        using var browser = Browser();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "safeline-report",
            ["Form.SchoolId"] = SchoolId.ToString(),
            ["Form.Category"] = "violence",
            ["Form.OccurredOn"] = "2026-12-06",
            ["Form.OccurredHour"] = "15",
            ["Form.Place"] = "Cổng sau",
            ["Form.Text"] = "Có nhóm người lạ đánh nhau ở cổng sau.",
            ["Form.Contact"] = "",
            ["Form.Website"] = "",
        });
        var page = await browser.PostAsync("/an-toan", form);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("AT-7KQ3-M9XD", html);
        Assert.Contains("k7mq-2xpf-9hde-r4tn", html);
        AssertOnlyTheAntiforgeryCookie(page);
        var sent = _web.Calls.Last(c => c.Path == "api/safeline/reports").Body!.Value;
        Assert.Equal(("violence", "2026-12-06", 15, "Có nhóm người lạ đánh nhau ở cổng sau."),
            (sent.GetProperty("category").GetString(), sent.GetProperty("occurredOn").GetString(), sent.GetProperty("occurredHour").GetInt32(),
             sent.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Following_with_code_and_passphrase_works_as_a_plain_form()
    {
        using var browser = Browser();
        var page = await browser.PostAsync("/an-toan/theo-doi", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "safeline-follow",
            ["Open.Code"] = "AT-7KQ3-M9XD",
            ["Open.Passphrase"] = "k7mq-2xpf-9hde-r4tn",
        }));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Đã được tiếp nhận", html);
        Assert.Contains("06/12/2026", html);
    }
}
