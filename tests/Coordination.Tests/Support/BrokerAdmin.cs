using System.Reflection;
using Platform.Testing;

namespace Platform.Coordination.Tests.Support;

/// <summary>
/// Users and virtual hosts on the test process's RabbitMQ node, through <c>rabbitmqctl</c>. Each test class
/// gets its own virtual host (so the services of parallel classes never consume each other's messages),
/// and the node has a <c>police-system</c> user with the permissions the contract documents.
/// </summary>
public static class BrokerAdmin
{
    public const string PoliceUser = "police-system";
    public const string PolicePassword = "police-test-secret";
    public const string StrangerUser = "someone-else";
    public const string StrangerPassword = "stranger-secret";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Lock UsersGate = new();
    private static Task? _users;

    /// <summary>A fresh virtual host where guest may do anything and police-system only what the contract allows.</summary>
    public static async Task<string> CreateVirtualHostAsync(RabbitMqServer server, string prefix)
    {
        lock (UsersGate)
        {
            _users ??= CreateUsersAsync(server);
        }
        await _users;
        var vhost = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        await CtlAsync(server, "add_vhost", vhost);
        await CtlAsync(server, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        await CtlAsync(server, "set_permissions", "-p", vhost, PoliceUser, "^$", @"^police\.v1\.replies$", @"^police\.v1\.inbox$");
        // Another account that may publish to the replies exchange: the broker lets it, the platform must not.
        await CtlAsync(server, "set_permissions", "-p", vhost, StrangerUser, "^$", @"^police\.v1\.replies$", "^$");
        return vhost;
    }

    public static Uri UriFor(RabbitMqServer server, string vhost, string user = "guest", string password = "guest") =>
        new($"amqp://{user}:{password}@127.0.0.1:{server.Port}/{Uri.EscapeDataString(vhost)}");

    private static async Task CreateUsersAsync(RabbitMqServer server)
    {
        await CtlAsync(server, "add_user", PoliceUser, PolicePassword);
        await CtlAsync(server, "add_user", StrangerUser, StrangerPassword);
    }

    private static async Task CtlAsync(RabbitMqServer server, params string[] arguments)
    {
        // The node's Erlang cookie lives in its HOME, the server's private folder (RabbitMqServer keeps it in _root).
        var root = (string)typeof(RabbitMqServer).GetField("_root", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(server)!;
        var ctl = NativeProcess.FindExecutable("rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl") ?? throw new InvalidOperationException("rabbitmqctl not found");
        await Gate.WaitAsync();
        try
        {
            await NativeProcess.RunAsync(ctl, ["-n", server.NodeName, .. arguments], new Dictionary<string, string> { ["HOME"] = root });
        }
        finally
        {
            Gate.Release();
        }
    }
}
