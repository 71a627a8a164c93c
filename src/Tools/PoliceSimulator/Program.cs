using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Tools.PoliceSimulator;

/// <summary>
/// The reference police coordination system: consumes what the platform sends to the police and answers on a
/// configurable delay, over plain AMQP with the JSON bodies of docs/asyncapi.yaml.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.ConfigureOpenTelemetry();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<PoliceSimulatorWorker>();
        builder.Build().Run();
    }
}
