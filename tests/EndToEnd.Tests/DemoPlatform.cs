using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// What every test and benchmark that boots the platform does first: sign in as a demo user through the
/// gateway, and wait until the demo organisation has reached the services' unit replicas. Linked into the
/// scale-out tests and the platform benchmark beside <see cref="PlatformFixture"/>.
/// </summary>
public static class DemoPlatform
{
    public const string Password = "Demo@12345";

    /// <summary>The services that keep a replica of the unit tree, by their gateway path.</summary>
    public static readonly string[] UnitReplicas = ["/api/tasks/units", "/api/reports/units", "/api/coordination/units"];

    /// <summary>Password grant of the development CLI client, through the gateway.</summary>
    public static async Task<string> SignInAsync(HttpClient gateway, string userName)
    {
        using var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "platform-cli",
            ["username"] = userName,
            ["password"] = Password,
            ["scope"] = "openid api",
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}: {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// The demo organisation is registered at start-up: the 2024 units, then the 2025 reform applied as dated
    /// changes, all in one transaction. Its events reach the replicas in the order they were written, and the
    /// reform's last step merges the Hải Dương Department into Hải Phòng's; once every replica shows that, the
    /// backlog is gone. Call it as a province-wide user (only they see every unit).
    /// </summary>
    public static async Task WaitForDemoUnitsAsync(HttpClient gateway, IEnumerable<string>? replicas = null)
    {
        var last = DemoUnitIds.For("SGDDT-HD");
        var deadline = Stopwatch.StartNew();
        foreach (var replica in replicas ?? UnitReplicas)
        {
            var path = $"{replica}/{last}";
            while (!await IsDissolvedAsync(gateway, path))
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"{path}: the demo organisation and its 2025 reform did not reach the replica in 3 minutes.");
                }
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The Department's dispatch carrying out Directive 03/CT-TTg (2026): the demo's live school year.</summary>
    public static readonly Guid LiveDispatchId = DemoUnitIds.NameBased(DemoUnitIds.Namespace, "DOC:CT03-DISPATCH/SGDĐT-VP");

    /// <summary>
    /// Waits until the tasks demo has issued the live dispatch and played its work (one transaction, which holds the
    /// Department's numbering while it runs: a document issued meanwhile waits for it). Call it as a Department user.
    /// </summary>
    public static async Task WaitForLiveDispatchAsync(HttpClient gateway)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await gateway.GetAsync($"/api/tasks/documents/{LiveDispatchId}");
            if (response.StatusCode == HttpStatusCode.OK) return;
            if (deadline.Elapsed > TimeSpan.FromMinutes(4))
            {
                throw new TimeoutException($"The live dispatch was not issued in 4 minutes: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(1000);
        }
    }

    private static async Task<bool> IsDissolvedAsync(HttpClient gateway, string path)
    {
        using var response = await gateway.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK
               && !JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("isActive").GetBoolean();
    }
}
