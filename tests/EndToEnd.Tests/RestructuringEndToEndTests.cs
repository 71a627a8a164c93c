using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.EndToEnd.Tests;

/// <summary>The 2025 reform replayed on the demo data through the gateway: every service's replica follows.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RestructuringEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task District_merge_moves_its_schools_and_every_replica_follows()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var token = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "platform-cli", ["username"] = "admin", ["password"] = "Demo@12345", ["scope"] = "openid api",
        }));
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var doSon = DemoUnitIds.For("PGDDT-DOSON");
        var duongKinh = DemoUnitIds.For("PGDDT-DUONGKINH");
        var school = DemoUnitIds.For("THCS-DOSON-001");
        string[] services = ["tasks", "reports", "coordination"];

        // Wait until the replicas know the school under its 2024 office, then merge.
        var clock = Stopwatch.StartNew();
        foreach (var service in services)
        {
            while ((await gateway.GetAsync($"/api/{service}/units/{school}")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{service} never learnt the demo school.\n{platform.RecentLogLines()}");
                await Task.Delay(500);
            }
        }

        using var merged = await gateway.PostAsJsonAsync("/api/units/merge",
            new { sourceIds = new[] { doSon }, successorId = duongKinh, effectiveDate = "2025-07-01" });
        Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());

        var units = await gateway.GetFromJsonAsync<JsonElement>($"/api/units/{school}");
        Assert.Equal(duongKinh, units.GetProperty("parentId").GetGuid());
        var before = await gateway.GetFromJsonAsync<JsonElement>($"/api/units/{school}?asOf=2025-06-30");
        Assert.Equal(doSon, before.GetProperty("parentId").GetGuid());

        clock.Restart();
        foreach (var service in services)
        {
            while (true)
            {
                var replicaSchool = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/units/{school}");
                var replicaOffice = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/units/{doSon}");
                if (replicaSchool.GetProperty("parentId").GetGuid() == duongKinh && !replicaOffice.GetProperty("isActive").GetBoolean())
                {
                    Assert.Equal(duongKinh, replicaOffice.GetProperty("successorId").GetGuid());
                    break;
                }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{service}'s replica did not follow the merge in 30 s.");
                await Task.Delay(250);
            }
        }
    }
}
