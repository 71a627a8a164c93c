using Platform.AppHost.Infrastructure;
using Platform.ServiceDefaults;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// What the AppHost declares, without starting anything: building the model runs Program.cs up to
/// <c>Build()</c>, so these tests are fast and independent of the running platform.
/// </summary>
public sealed class LocalModeModelTests
{
    private static readonly string[] Services =
        [ResourceNames.Gateway, ResourceNames.Identity, ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination];

    private static readonly string[] Databases =
        [ResourceNames.IdentityDatabase, ResourceNames.UnitsDatabase, ResourceNames.TasksDatabase, ResourceNames.ReportingDatabase, ResourceNames.CoordinationDatabase];

    private static bool IsContainer(IResource resource) =>
        resource is ContainerResource || resource.Annotations.OfType<ContainerImageAnnotation>().Any();

    [Fact]
    public async Task Local_mode_model_holds_no_container_resource()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-model-{Guid.NewGuid():N}");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            PlatformFixture.LocalModeArguments(dataDirectory));

        var containers = builder.Resources.Where(IsContainer).Select(r => r.Name).ToList();
        Assert.True(containers.Count == 0,
            $"Local mode must run without a container runtime, but the model holds container resources: {string.Join(", ", containers)}");

        Assert.IsAssignableFrom<ExecutableResource>(Resource(builder, ResourceNames.Postgres));
        Assert.IsAssignableFrom<ExecutableResource>(Resource(builder, ResourceNames.RabbitMq));
        foreach (var name in Services) Assert.IsType<ProjectResource>(Resource(builder, name));
        foreach (var name in Databases) Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, name));
        Assert.False(Directory.Exists(dataDirectory), "Building the model must not touch the data folder; only starting PostgreSQL does.");
    }

    // GetArgumentValuesAsync is marked obsolete in favour of ExecutionConfigurationBuilder, but still evaluates exactly
    // the callbacks DCP runs; for reading PostgreSQL's plain-string arguments it is the plain way.
#pragma warning disable CS0618
    [Fact]
    public async Task With_three_replicas_every_pool_fits_within_the_local_postgres_connection_limit()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-model-{Guid.NewGuid():N}");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. PlatformFixture.LocalModeArguments(dataDirectory), "--Scale:Replicas=3"]);

        var postgres = Assert.IsAssignableFrom<IResourceWithArgs>(Resource(builder, ResourceNames.Postgres));
        var limit = (await postgres.GetArgumentValuesAsync()).Where(a => a.StartsWith("max_connections=", StringComparison.Ordinal))
            .Select(a => int.Parse(a["max_connections=".Length..], System.Globalization.CultureInfo.InvariantCulture)).Single();
        var pools = 0;
        foreach (var name in new[] { ResourceNames.Identity, ResourceNames.Units, ResourceNames.Tasks, ResourceNames.Reporting, ResourceNames.Coordination, ResourceNames.Notifications, ResourceNames.SafeLine })
        {
            var service = Assert.IsType<ProjectResource>(Resource(builder, name));
            var pool = await EnvironmentEntryAsync(service, "Database__MaxPoolSize");
            Assert.True(pool is not null, $"{name} has no Database__MaxPoolSize: its pool would be Npgsql's default 100 per replica");
            var replicas = service.Annotations.OfType<ReplicaAnnotation>().Single().Replicas;
            Assert.Equal(3, replicas);
            pools += replicas * int.Parse(pool, System.Globalization.CultureInfo.InvariantCulture);
        }
        // 3 replicas × 7 services × 20 = 420 connections at most, and room for the tests, tools and health checks.
        Assert.Equal((420, 470), (pools, limit));
        Assert.True(pools + 50 <= limit, $"the replicas' pools ({pools}) leave no room within max_connections={limit}");
    }
#pragma warning restore CS0618

    /// <summary>
    /// One plain-string environment entry of a project, from its environment callbacks alone. Resolving the whole
    /// environment (GetEnvironmentVariableValuesAsync) waits for endpoints that only a started application allocates.
    /// </summary>
    private static async Task<string?> EnvironmentEntryAsync(ProjectResource service, string name)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), service, variables);
        foreach (var callback in service.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).WaitAsync(TimeSpan.FromSeconds(10));
        }
        return variables.GetValueOrDefault(name) as string;
    }

    [Fact]
    public async Task External_mode_takes_connection_strings_from_configuration_and_runs_no_server()
    {
        string[] args =
        [
            "--Infra:Mode=external",
            "--ConnectionStrings:rabbitmq=amqp://guest:guest@broker.example:5672/",
            .. Databases.Select(db => $"--ConnectionStrings:{db}=Host=db.example;Database={db}"),
        ];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args);

        Assert.DoesNotContain(builder.Resources, r => IsContainer(r) || r is LocalPostgresServerResource or LocalRabbitMqResource);
        Assert.DoesNotContain(builder.Resources, r => r.Name == ResourceNames.Postgres);
        var broker = Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, ResourceNames.RabbitMq));
        Assert.Equal("amqp://guest:guest@broker.example:5672/", await broker.GetConnectionStringAsync());
        foreach (var name in Databases)
        {
            var database = Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(builder, name));
            Assert.Equal($"Host=db.example;Database={name}", await database.GetConnectionStringAsync());
        }
    }

    [Fact]
    public async Task Containers_mode_uses_aspire_postgres_and_rabbitmq_containers_with_a_database_per_service()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infra:Mode=containers"]);

        Assert.True(IsContainer(Resource(builder, ResourceNames.Postgres)));
        Assert.True(IsContainer(Resource(builder, ResourceNames.RabbitMq)));
        Assert.DoesNotContain(builder.Resources, r => r is LocalPostgresServerResource or LocalRabbitMqResource);
        foreach (var name in Databases)
        {
            var database = Assert.IsAssignableFrom<IResourceWithParent>(Resource(builder, name));
            Assert.Equal(ResourceNames.Postgres, database.Parent.Name);
        }
    }

    [Fact]
    public async Task Unknown_infra_mode_is_refused_with_the_valid_choices()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infra:Mode=kubernetes"]);
        });
        Assert.Contains("auto, containers, local, external", Flatten(error));
    }

    private static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.SingleOrDefault(r => r.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"The model has no resource '{name}'; it has {string.Join(", ", builder.Resources.Select(r => r.Name))}.");

    private static string Flatten(Exception exception) =>
        exception.InnerException is null ? exception.Message : $"{exception.Message} {Flatten(exception.InnerException)}";
}
