using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.ServiceDefaults;
using RabbitMQ.Client;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The police side of the running platform's broker, checked as an operator would: <c>rabbitmqctl</c> for
/// users and connections, and a plain AMQP client for a reply from the wrong account.
/// </summary>
internal static partial class PoliceBrokerChecks
{
    private const string RepliesExchange = "police.v1.replies";
    private const string RejectedQueue = "coordination.police-replies.rejected";

    public static async Task SimulatorConnectsAsPoliceSystemWithTheDocumentedPermissionsAsync(PlatformFixture platform)
    {
        var documented = DocumentedPermissions();
        var granted = JsonDocument.Parse(await platform.RabbitMqCtlAsync("list_user_permissions", documented.User, "--formatter", "json")).RootElement;
        var only = Assert.Single(granted.EnumerateArray());
        Assert.Equal(("/", documented.Configure, documented.Write, documented.Read),
            (only.GetProperty("vhost").GetString(), only.GetProperty("configure").GetString(), only.GetProperty("write").GetString(), only.GetProperty("read").GetString()));
        var users = JsonDocument.Parse(await platform.RabbitMqCtlAsync("list_users", "--formatter", "json")).RootElement;
        var police = Assert.Single(users.EnumerateArray(), u => u.GetProperty("user").GetString() == documented.User);
        Assert.Empty(police.GetProperty("tags").EnumerateArray());

        // The simulator names its connection; every such connection authenticated as the police user.
        var connections = JsonDocument.Parse(await platform.RabbitMqCtlAsync("list_connections", "user", "client_properties", "--formatter", "json")).RootElement;
        var simulator = connections.EnumerateArray().Where(c => c.GetProperty("client_properties").GetRawText().Contains("\"police-simulator\"", StringComparison.Ordinal)).ToList();
        Assert.True(simulator.Count > 0, $"No broker connection named police-simulator among {connections.GetRawText()}");
        Assert.All(simulator, c => Assert.Equal(documented.User, c.GetProperty("user").GetString()));
    }

    public static async Task ReplyFromAnotherBrokerUserIsDeadLetteredAsync(PlatformFixture platform, HttpClient gateway, Guid referralId)
    {
        var uri = new Uri(await platform.App.GetConnectionStringAsync(ResourceNames.RabbitMq)
            ?? throw new InvalidOperationException("The platform has no broker connection string."));
        await using var connection = await new ConnectionFactory { Uri = uri, ClientProvidedName = "e2e-not-the-police" }.CreateConnectionAsync();
        var before = await RejectedCountAsync(connection);

        var forged = JsonSerializer.SerializeToUtf8Bytes(new { referralId, recordedAt = DateTimeOffset.UtcNow, outcome = "ForgedOutcome", summary = "Không phải công an gửi" });
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            // Honestly signed as the platform's account: the broker lets it through, the platform must not apply it.
            await channel.BasicPublishAsync(RepliesExchange, "referral.outcome-recorded", mandatory: true, Reply(uri.UserInfo.Split(':')[0]), forged);
        }
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            // Claiming to be the police from another account: the broker itself refuses it (406).
            await Assert.ThrowsAnyAsync<Exception>(() => channel.BasicPublishAsync(RepliesExchange, "referral.outcome-recorded", mandatory: true, Reply("police-system"), forged).AsTask());
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await RejectedCountAsync(connection) < before + 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The reply from {uri.UserInfo.Split(':')[0]} did not reach {RejectedQueue} within 20 s.");
            await Task.Delay(100);
        }
        var referral = await gateway.GetFromJsonAsync<JsonElement>($"/api/coordination/referrals/{referralId}");
        Assert.NotEqual("ForgedOutcome", referral.GetProperty("outcome").ValueKind == JsonValueKind.String ? referral.GetProperty("outcome").GetString() : null);
        Assert.DoesNotContain("ForgedOutcome", referral.GetProperty("history").GetRawText());
    }

    private static BasicProperties Reply(string userId) => new()
    {
        MessageId = Guid.NewGuid().ToString(),
        Type = "PoliceReferralOutcomeRecorded",
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        UserId = userId,
        Headers = new Dictionary<string, object?> { ["contract-version"] = Encoding.UTF8.GetBytes("1") },
    };

    private static async Task<uint> RejectedCountAsync(IConnection connection)
    {
        await using var probe = await connection.CreateChannelAsync();
        return (await probe.QueueDeclarePassiveAsync(RejectedQueue)).MessageCount;
    }

    private static (string User, string Configure, string Write, string Read) DocumentedPermissions()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln"))) directory = directory.Parent;
        var document = File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test output."), "docs", "asyncapi.yaml"));
        var match = PermissionsLine().Match(document);
        Assert.True(match.Success, "docs/asyncapi.yaml has no x-broker-permissions line");
        return (match.Groups["user"].Value, match.Groups["configure"].Value, match.Groups["write"].Value, match.Groups["read"].Value);
    }

    [GeneratedRegex(@"x-broker-permissions: \{user: (?<user>[^,]+), configure: '(?<configure>[^']*)', write: '(?<write>[^']*)', read: '(?<read>[^']*)'\}")]
    private static partial Regex PermissionsLine();
}
