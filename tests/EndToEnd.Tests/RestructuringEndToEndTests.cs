using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Every service's replica follows the units' changes through the gateway: first the seeded 2025 reform (the demo
/// school under its commune's Culture–Society division), then a merge of two divisions on 01/01/2026.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RestructuringEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task Division_merge_moves_its_schools_and_every_replica_follows()
    {
        using var gateway = platform.App.CreateHttpClient(ResourceNames.Gateway);
        using var token = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "platform-cli", ["username"] = "admin", ["password"] = "Demo@12345", ["scope"] = "openid api",
        }));
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var namDoSonDivision = DemoUnitIds.For("VHXH-P-NAMDOSON");
        var doSonDivision = DemoUnitIds.For("VHXH-P-DOSON");
        var school = DemoUnitIds.For("THCS-DOSON-001");
        string[] services = ["tasks", "reports", "coordination"];

        // Wait until the replicas know the school under the division the seeded reform moved it to, then merge.
        var clock = Stopwatch.StartNew();
        foreach (var service in services)
        {
            while (await gateway.GetAsync($"/api/{service}/units/{school}") is var reply
                   && (reply.StatusCode != HttpStatusCode.OK || (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parentId").GetGuid() != namDoSonDivision))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{service} never learnt the demo school under its division.\n{platform.RecentLogLines()}");
                await Task.Delay(500);
            }
        }

        using var merged = await gateway.PostAsJsonAsync("/api/units/merge",
            new { sourceIds = new[] { namDoSonDivision }, successorId = doSonDivision, effectiveDate = "2026-01-01" });
        Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());

        var units = await gateway.GetFromJsonAsync<JsonElement>($"/api/units/{school}");
        Assert.Equal(doSonDivision, units.GetProperty("parentId").GetGuid());
        var before = await gateway.GetFromJsonAsync<JsonElement>($"/api/units/{school}?asOf=2025-12-31");
        Assert.Equal(namDoSonDivision, before.GetProperty("parentId").GetGuid());
        var in2024 = await gateway.GetFromJsonAsync<JsonElement>($"/api/units/{school}?asOf=2024-04-22");
        Assert.Equal(DemoUnitIds.For("PGDDT-DOSON"), in2024.GetProperty("parentId").GetGuid());

        clock.Restart();
        foreach (var service in services)
        {
            while (true)
            {
                var replicaSchool = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/units/{school}");
                var replicaOffice = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/units/{namDoSonDivision}");
                if (replicaSchool.GetProperty("parentId").GetGuid() == doSonDivision && !replicaOffice.GetProperty("isActive").GetBoolean())
                {
                    Assert.Equal(doSonDivision, replicaOffice.GetProperty("successorId").GetGuid());
                    break;
                }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{service}'s replica did not follow the merge in 30 s.");
                await Task.Delay(250);
            }
        }
    }
}
