using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;
using YamlDotNet.RepresentationModel;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// deploy/kubernetes checked offline (no kubectl here): the three kustomizations are rendered the way
/// kustomize would (resources, namespace, image tags) and what can be known without a cluster is
/// checked against the AppHost's own model and the build.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Root = Path.Combine(RepositoryRoot(), "deploy", "kubernetes");

    private static readonly Lazy<IReadOnlyList<Manifest>> Infrastructure = new(() => Kustomization.Render(Path.Combine(Root, "infrastructure")));
    private static readonly Lazy<IReadOnlyList<Manifest>> Migrations = new(() => Kustomization.Render(Path.Combine(Root, "migrations")));
    private static readonly Lazy<IReadOnlyList<Manifest>> Platform = new(() => Kustomization.Render(Path.Combine(Root, "platform")));

    private static IEnumerable<Manifest> All => Infrastructure.Value.Concat(Migrations.Value).Concat(Platform.Value);

    [Fact]
    public async Task Every_project_the_AppHost_runs_has_a_deployment_service_autoscaler_and_disruption_budget()
    {
        var projects = await AppHostProjectsAsync();
        Assert.Contains(ResourceNames.Gateway, projects.Keys);

        foreach (var name in projects.Keys)
        {
            Assert.True(Platform.Value.Any(m => m.Is("Deployment", name)), $"no Deployment for {name}");
            var service = Platform.Value.SingleOrDefault(m => m.Is("Service", name));
            Assert.True(service is not null, $"no Service for {name}");
            var hpa = Platform.Value.SingleOrDefault(m => m.Is("HorizontalPodAutoscaler", name));
            Assert.True(hpa is not null, $"no HorizontalPodAutoscaler for {name}");
            Assert.Equal(name, hpa!.Text("spec", "scaleTargetRef", "name"));
            Assert.True(int.Parse(hpa.Text("spec", "minReplicas")!) >= 2, $"{name} must keep two replicas for a rolling update without downtime");
            Assert.True(Platform.Value.Any(m => m.Is("PodDisruptionBudget", name)), $"no PodDisruptionBudget for {name}");
        }
        var deployed = Platform.Value.Where(m => m.Kind == "Deployment").Select(m => m.Name).ToHashSet();
        Assert.Empty(deployed.Except(projects.Keys));
    }

    [Fact]
    public void Every_container_has_probes_requests_and_a_memory_limit()
    {
        foreach (var (manifest, container) in All.SelectMany(m => m.Containers().Select(c => (m, c))))
        {
            var where = $"{manifest.Kind}/{manifest.Name} container {Manifest.Text(container, "name")}";
            Assert.True(Manifest.Text(container, "resources", "requests", "cpu") is not null, $"{where}: no cpu request");
            Assert.True(Manifest.Text(container, "resources", "requests", "memory") is not null, $"{where}: no memory request");
            Assert.True(Manifest.Text(container, "resources", "limits", "memory") is not null, $"{where}: no memory limit");
            if (manifest.Kind != "Deployment") continue;
            Assert.True(Manifest.Node(container, "readinessProbe") is not null, $"{where}: no readiness probe");
            Assert.True(Manifest.Node(container, "livenessProbe") is not null, $"{where}: no liveness probe");
        }
    }

    [Fact]
    public void Platform_services_are_ready_on_health_and_alive_on_alive()
    {
        foreach (var deployment in Platform.Value.Where(m => m.Kind == "Deployment"))
        {
            var container = Assert.Single(deployment.Containers());
            Assert.Equal(ServiceDefaultsExtensions.HealthPath, Manifest.Text(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal(ServiceDefaultsExtensions.AlivePath, Manifest.Text(container, "livenessProbe", "httpGet", "path"));
            var port = Manifest.Text(container, "readinessProbe", "httpGet", "port");
            Assert.Contains(port, Manifest.Sequence(container, "ports").Select(p => Manifest.Text(p, "name")));
        }
    }

    [Fact]
    public async Task Every_platform_image_is_one_the_build_produces_and_every_other_image_is_pinned()
    {
        var built = await BuiltImagesAsync();
        foreach (var (manifest, container) in All.SelectMany(m => m.Containers().Select(c => (m, c))))
        {
            var image = Manifest.Text(container, "image")!;
            var (repository, tag) = SplitImage(image);
            Assert.False(string.IsNullOrEmpty(tag), $"{manifest.Kind}/{manifest.Name}: image {image} has no tag");
            if (repository.StartsWith("platform-", StringComparison.Ordinal))
            {
                Assert.True(built.Contains(repository), $"{manifest.Kind}/{manifest.Name}: no project publishes {repository} (built: {string.Join(", ", built)})");
            }
            else
            {
                Assert.NotEqual("latest", tag);
            }
        }
    }

    [Fact]
    public async Task Every_service_with_a_database_has_a_migration_job_running_its_own_image()
    {
        var projects = await AppHostProjectsAsync();
        var withDatabase = projects.Where(p => p.Value.Count > 0).Select(p => p.Key).ToList();
        Assert.Contains(ResourceNames.Units, withDatabase);

        foreach (var name in withDatabase)
        {
            var job = Migrations.Value.SingleOrDefault(m => m.Is("Job", $"migrate-{name}"));
            Assert.True(job is not null, $"no migration Job for {name}");
            var container = Assert.Single(job!.Containers());
            var deployment = Assert.Single(Platform.Value, m => m.Is("Deployment", name));
            Assert.Equal(Manifest.Text(Assert.Single(deployment.Containers()), "image"), Manifest.Text(container, "image"));
            var env = Manifest.Sequence(container, "env").ToDictionary(e => Manifest.Text(e, "name")!, e => Manifest.Text(e, "value"));
            Assert.Equal("true", env["Database__MigrateAndExit"]);
            Assert.Equal(EnvFrom(Assert.Single(deployment.Containers())), EnvFrom(container));
        }
    }

    [Fact]
    public void Every_configuration_a_container_reads_exists_and_every_secret_is_documented()
    {
        var configMaps = All.Where(m => m.Kind == "ConfigMap").Select(m => m.Name).ToHashSet();
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (var (manifest, container) in All.SelectMany(m => m.Containers().Select(c => (m, c))))
        {
            foreach (var (kind, name) in EnvFrom(container))
            {
                if (kind == "configMapRef")
                {
                    Assert.True(configMaps.Contains(name), $"{manifest.Name} reads ConfigMap {name}, which no manifest defines");
                }
                else
                {
                    Assert.True(readme.Contains($"`{name}`", StringComparison.Ordinal), $"{manifest.Name} reads Secret {name}; README.md must say how to create it");
                }
            }
        }
    }

    [Fact]
    public void Services_select_their_deployments_and_discovery_names_resolve_to_services()
    {
        var deployments = Platform.Value.Where(m => m.Kind == "Deployment").ToList();
        var services = Platform.Value.Where(m => m.Kind == "Service").Select(m => m.Name).ToHashSet();
        foreach (var service in Platform.Value.Where(m => m.Kind is "Service" or "PodDisruptionBudget"))
        {
            var selector = service.Kind == "Service"
                ? Manifest.Node(service.Root, "spec", "selector")
                : Manifest.Node(service.Root, "spec", "selector", "matchLabels");
            var labels = ((YamlMappingNode)selector!).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());
            Assert.True(deployments.Any(d => labels.All(l => d.Text("spec", "template", "metadata", "labels", l.Key) == l.Value)),
                $"{service.Kind}/{service.Name} selects no Deployment's pods");
        }

        var config = Assert.Single(Platform.Value, m => m.Is("ConfigMap", "platform-config"));
        var data = (YamlMappingNode)Manifest.Node(config.Root, "data")!;
        var discovery = data.Children.Where(c => c.Key.ToString().StartsWith("services__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(discovery);
        foreach (var (key, value) in discovery.Select(c => (c.Key.ToString(), c.Value.ToString())))
        {
            var name = key.Split("__")[1];
            Assert.Equal($"http://{name}", value);
            Assert.True(services.Contains(name), $"{key} points at {value}, but no Service {name} exists");
        }
    }

    [Fact]
    public void Renderer_applies_the_namespace_and_image_tags_and_refuses_files_it_was_not_told_about()
    {
        Assert.All(Platform.Value, m => Assert.Equal("school-safety", m.Text("metadata", "namespace")));
        var gateway = Assert.Single(Platform.Value, m => m.Is("Deployment", ResourceNames.Gateway));
        Assert.Matches("^platform-gateway:.+$", Manifest.Text(Assert.Single(gateway.Containers()), "image")!);

        foreach (var folder in new[] { "infrastructure", "migrations", "platform", "config" })
        {
            var listed = Kustomization.ListedFiles(Path.Combine(Root, folder));
            var present = Directory.GetFiles(Path.Combine(Root, folder), "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml");
            Assert.Empty(present.Select(Path.GetFullPath).Except(listed));
        }
    }

    private static List<(string Kind, string Name)> EnvFrom(YamlMappingNode container) =>
    [
        .. Manifest.Sequence(container, "envFrom").SelectMany(e => ((YamlMappingNode)e).Children
            .Select(c => (c.Key.ToString(), Manifest.Text(c.Value, "name")!))),
    ];

    private static (string Repository, string? Tag) SplitImage(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    /// <summary>Project resources of the AppHost (demo tools off) and the databases each references.</summary>
    private static async Task<Dictionary<string, List<string>>> AppHostProjectsAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"platform-k8s-model-{Guid.NewGuid():N}");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. PlatformFixture.LocalModeArguments(dataDirectory), "--Demo:Enabled=false", $"--Demo:{ResourceNames.PoliceSimulator}:Enabled=false"]);
        return builder.Resources.OfType<ProjectResource>().ToDictionary(
            p => p.Name,
            p => p.Annotations.OfType<ResourceRelationshipAnnotation>()
                .Select(r => r.Resource).Where(r => r.Name.EndsWith("-db", StringComparison.Ordinal))
                .Select(r => r.Name).Distinct().ToList());
    }

    /// <summary>The container repository every web project of src/ publishes, as MSBuild evaluates it.</summary>
    private static async Task<HashSet<string>> BuiltImagesAsync()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal));
        var names = await Task.WhenAll(projects.Select(async project =>
        {
            var start = new ProcessStartInfo("dotnet", ["msbuild", project, "-getProperty:ContainerRepository", "-nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} failed: {output}");
            return output.Trim();
        }));
        return [.. names.Where(n => n.Length > 0)];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }

    internal sealed record Manifest(YamlMappingNode Root)
    {
        public string Kind => Text(Root, "kind") ?? "";
        public string Name => Text(Root, "metadata", "name") ?? "";
        public bool Is(string kind, string name) => Kind == kind && Name == name;
        public string? Text(params string[] path) => Text(Root, path);

        public IEnumerable<YamlMappingNode> Containers()
        {
            var spec = Kind switch
            {
                "Deployment" or "Job" or "StatefulSet" or "DaemonSet" => Node(Root, "spec", "template", "spec"),
                _ => null,
            };
            return spec is null ? [] : Sequence(spec, "containers").Concat(Sequence(spec, "initContainers")).Cast<YamlMappingNode>();
        }

        public static YamlNode? Node(YamlNode node, params string[] path)
        {
            foreach (var key in path)
            {
                if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next)) return null;
                node = next;
            }
            return node;
        }

        public static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

        public static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] path) =>
            Node(node, path) is YamlSequenceNode sequence ? sequence.Children : [];
    }

    /// <summary>The part of kustomize these manifests use: resources (files and folders), namespace, images' newTag.</summary>
    internal static class Kustomization
    {
        public static IReadOnlyList<Manifest> Render(string folder)
        {
            var kustomization = Load(folder);
            var manifests = new List<Manifest>();
            foreach (var resource in Manifest.Sequence(kustomization, "resources").Select(r => r.ToString()))
            {
                var path = Path.GetFullPath(Path.Combine(folder, resource));
                if (Directory.Exists(path))
                {
                    manifests.AddRange(Render(path));
                    continue;
                }
                Assert.True(File.Exists(path), $"{folder}/kustomization.yaml lists {resource}, which does not exist");
                Assert.True(path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal),
                    $"{folder}/kustomization.yaml lists the file {resource} outside its folder; kustomize refuses that");
                var stream = new YamlStream();
                using (var reader = new StreamReader(path)) stream.Load(reader);
                manifests.AddRange(stream.Documents.Select(d => new Manifest((YamlMappingNode)d.RootNode)));
            }

            var ns = Manifest.Text(kustomization, "namespace");
            var tags = Manifest.Sequence(kustomization, "images").ToDictionary(i => Manifest.Text(i, "name")!, i => Manifest.Text(i, "newTag"));
            foreach (var manifest in manifests)
            {
                if (ns is not null && manifest.Kind != "Namespace")
                {
                    ((YamlMappingNode)Manifest.Node(manifest.Root, "metadata")!).Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
                }
                foreach (var container in manifest.Containers())
                {
                    var image = Manifest.Text(container, "image")!;
                    if (tags.TryGetValue(image, out var tag) && tag is not null)
                    {
                        container.Children[new YamlScalarNode("image")] = new YamlScalarNode($"{image}:{tag}");
                    }
                }
            }
            return manifests;
        }

        public static IEnumerable<string> ListedFiles(string folder) =>
            Manifest.Sequence(Load(folder), "resources").Select(r => Path.GetFullPath(Path.Combine(folder, r.ToString()))).Where(File.Exists);

        private static YamlMappingNode Load(string folder)
        {
            var file = Path.Combine(folder, "kustomization.yaml");
            Assert.True(File.Exists(file), $"{folder} has no kustomization.yaml");
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            return (YamlMappingNode)stream.Documents[0].RootNode;
        }
    }
}
