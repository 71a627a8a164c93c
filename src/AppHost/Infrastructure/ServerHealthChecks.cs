using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RabbitMQ.Client;

namespace Platform.AppHost.Infrastructure;

/// <summary>Healthy once PostgreSQL accepts a connection and answers <c>SELECT 1</c>, not merely once its port is open.</summary>
internal sealed class PostgresAnswersQueries(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer queries yet.", exception);
        }
    }
}

/// <summary>Healthy once RabbitMQ completes an AMQP handshake (the node has booted, not only bound its port).</summary>
internal sealed class RabbitMqAcceptsConnections(Uri amqpUri) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var factory = new ConnectionFactory
            {
                Uri = amqpUri,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "apphost-health-check",
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return connection.IsOpen
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("RabbitMQ closed the connection.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ does not accept AMQP connections yet.", exception);
        }
    }
}

/// <summary>
/// Healthy once <paramref name="nodeName"/> sees all <paramref name="expectedNodes"/> nodes of its cluster running
/// (<c>rabbitmqctl cluster_status</c>). The services declare their quorum queues when they start, and a quorum queue's
/// members are the nodes in the cluster at that moment: a queue declared before every node joined keeps fewer
/// replicas and would not outlive the loss of its one node. Once formed, the answer is kept: each check starts an
/// Erlang VM, too costly to repeat every few seconds on a small machine.
/// </summary>
internal sealed class RabbitMqClusterFormed(string rabbitMqCtl, string nodeName, string home, int expectedNodes) : IHealthCheck
{
    private volatile bool _formed;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_formed) return HealthCheckResult.Healthy();
        var info = new System.Diagnostics.ProcessStartInfo(rabbitMqCtl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-q", "-n", nodeName, "cluster_status", "--formatter", "json"]) info.ArgumentList.Add(argument);
        info.Environment["HOME"] = home; // the cluster's Erlang cookie
        try
        {
            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0) return HealthCheckResult.Unhealthy($"rabbitmqctl cluster_status on {nodeName} exited with {process.ExitCode}.");
            var running = System.Text.Json.JsonDocument.Parse(await output).RootElement.GetProperty("running_nodes").GetArrayLength();
            _formed = running >= expectedNodes;
            return _formed
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{running} of the cluster's {expectedNodes} nodes are running and joined.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"rabbitmqctl cluster_status on {nodeName} gave no answer.", exception);
        }
    }
}
