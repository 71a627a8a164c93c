using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.AppHost.Infrastructure;
using Platform.ServiceDefaults;

// WithoutHttpsCertificate is marked experimental. The platform talks plain HTTP on loopback; without it
// Aspire looks for a trusted developer certificate (which Linux machines rarely have) and puts an
// error banner on the dashboard.
#pragma warning disable ASPIRECERTIFICATES001

var builder = DistributedApplication.CreateBuilder(LocalRunDefaults.Apply(args));

var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var scale = ScaleSettings.Read(builder.Configuration);
var settings = InfraSettings.Read(builder.Configuration, repositoryRoot).Resolve(builder.Configuration)
    with { PostgresMaxConnections = scale.PostgresMaxConnections };
var infra = builder.AddPlatformInfrastructure(settings);

// The AppHost runs the platform for development: services get Development (password grant for
// scripts, demo accounts) unless Services:Environment says otherwise.
var serviceEnvironment = builder.Configuration["Services:Environment"] ?? Environments.Development;
var gatewayPort = builder.Configuration.GetValue("Gateway:Port", 8080);

var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway, launchProfileName: null);
var identity = AddService<Projects.Identity>(ResourceNames.Identity, ResourceNames.IdentityDatabase);
var units = AddService<Projects.Units>(ResourceNames.Units, ResourceNames.UnitsDatabase);
var tasks = AddService<Projects.Tasks>(ResourceNames.Tasks, ResourceNames.TasksDatabase);
var reporting = AddService<Projects.Reporting>(ResourceNames.Reporting, ResourceNames.ReportingDatabase);
var coordination = AddService<Projects.Coordination>(ResourceNames.Coordination, ResourceNames.CoordinationDatabase);
var notifications = AddService<Projects.Notifications>(ResourceNames.Notifications, ResourceNames.NotificationsDatabase);
var safeLine = AddService<Projects.SafeLine>(ResourceNames.SafeLine, ResourceNames.SafeLineDatabase);

// Tasks resolves recipient groups and reporting reads the unit tree from the units service directly
// (service discovery name "units"); both answer 503 rather than wait when it is away.
tasks.WithReference(units);
reporting.WithReference(units);
// Reporting asks coordination for the numbers it pre-fills (meetings, programmes, referrals); a draft opens without them when it is away.
reporting.WithReference(coordination);

// Reporting's background job resolves recipient groups as the confidential client reporting-service (client
// credentials against identity, directly). The secret comes from Parameters:reporting-client-secret, or is
// generated for the run; identity registers the client with it at start.
var reportingClientSecret = builder.AddParameter("reporting-client-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
identity.WithEnvironment("Identity__ReportingServiceSecret", reportingClientSecret);
reporting.WithEnvironment("Reporting__ServiceClientSecret", reportingClientSecret).WithReference(identity);
// Tasks' demo documents resolve their recipient groups as of their dates the same way, as the client tasks-service.
var tasksClientSecret = builder.AddParameter("tasks-client-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
identity.WithEnvironment("Identity__TasksServiceSecret", tasksClientSecret);
tasks.WithEnvironment("Tasks__ServiceClientSecret", tasksClientSecret).WithReference(identity);

// Tokens are issued for the public gateway URL; services read the signing keys from identity directly.
var issuer = ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/");
var metadataAddress = ReferenceExpression.Create($"{identity.GetEndpoint("http")}/.well-known/openid-configuration");
identity.WithEnvironment("Identity__Issuer", issuer);

gateway
    .WithHttpEndpoint(port: gatewayPort)
    .WithoutHttpsCertificate()
    .WithExternalHttpEndpoints()
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", serviceEnvironment)
    .WithEnvironment("Auth__Authority", issuer)
    .WithEnvironment("Auth__MetadataAddress", metadataAddress)
    .WithHttpHealthCheck(ServiceDefaultsExtensions.HealthPath);
foreach (var service in new[] { identity, units, tasks, reporting, coordination, notifications, safeLine })
{
    service.WithEnvironment("Auth__Authority", issuer).WithEnvironment("Auth__MetadataAddress", metadataAddress);
    gateway.WithReference(service).WaitFor(service);
}

notifications.WithEnvironment("Notifications__PublicBaseUrl", issuer);
safeLine.WithEnvironment("SafeLine__PublicBaseUrl", issuer); // posters' QR codes point at the gateway's /an-toan

// The web client (Blazor, server-side): reached through the gateway's "/", it signs users in with identity
// (client platform-web, redirect URIs on the gateway) and calls the APIs through the gateway's public URL.
var web = builder.AddProject<Projects.Web>(ResourceNames.Web, launchProfileName: null)
    .WithHttpEndpoint()
    .WithoutHttpsCertificate()
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", serviceEnvironment)
    .WithEnvironment("Web__PublicUrl", issuer)
    .WithEnvironment("Web__MetadataAddress", metadataAddress)
    // Every replica reads the sign-in cookie with the same Data Protection keys (the web client keeps no session state).
    .WithEnvironment("Web__DataProtectionKeysPath", Path.Combine(settings.DataDirectory, "web-keys"))
    .WithHttpHealthCheck(ServiceDefaultsExtensions.HealthPath);
gateway.WithReference(web).WaitFor(web);
// The web client's public safe-line pages call for many people from one address; this secret lets the safe line
// believe the per-person rate-limit partition they name (a hash, never an address).
var safeLineRelaySecret = builder.AddParameter("safeline-relay-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
safeLine.WithEnvironment("SafeLine__RelaySecret", safeLineRelaySecret);
web.WithEnvironment("Web__SafeLineRelaySecret", safeLineRelaySecret);
identity
    .WithEnvironment("Identity__WebRedirectUris__0", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/signin-oidc"))
    .WithEnvironment("Identity__WebPostLogoutRedirectUris__0", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/signout-callback-oidc"))
    .WithEnvironment("Identity__WebPostLogoutRedirectUris__1", issuer);

// Demo mode: the reference police system answers referrals, and a local mail sink shows the emails.
if (DemoDataEnabled(ResourceNames.PoliceSimulator))
{
    var simulator = builder.AddProject<Projects.PoliceSimulator>(ResourceNames.PoliceSimulator, launchProfileName: null)
        .WaitFor(coordination);
    if (infra.PoliceBroker is { } policeBroker)
    {
        // The police system's own broker user (PoliceSystemAccount): the only sender coordination accepts.
        simulator.WithEnvironment($"ConnectionStrings__{PlatformInfrastructure.PoliceBrokerConnectionName}", policeBroker);
        if (infra.BrokerClusterNodes is { } clusterNodes)
        {
            simulator.WithEnvironment("Simulator__BrokerNodes", clusterNodes);
        }
    }
    else
    {
        // Containers mode, demo only: Aspire's RabbitMQ has one account, so the simulator borrows the
        // platform's and coordination accepts replies from it. Deployments create police-system (docs/asyncapi.yaml).
        simulator.WithReference(infra.Broker);
        coordination.WithEnvironment("Coordination__Police__ReplyUserId", "guest");
    }
}
if (builder.Configuration.GetValue("MailSink:Enabled", true))
{
    var webPort = builder.Configuration.GetValue("MailSink:WebPort", 5080);
    var smtpPort = builder.Configuration.GetValue("MailSink:SmtpPort", 2525);
    var mailSink = builder.AddExecutable(ResourceNames.MailSink, "dotnet", repositoryRoot,
            "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{webPort}", $"--smtpport={smtpPort}",
            "--imapport=", "--pop3port=", "--db=", "--hostname=localhost")
        .WithHttpEndpoint(port: webPort, targetPort: webPort, isProxied: false)
        .WithExternalHttpEndpoints();
    notifications
        .WithEnvironment("Notifications__Smtp__Host", "127.0.0.1")
        .WithEnvironment("Notifications__Smtp__Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WaitFor(mailSink);
}

builder.Build().Run();

IResourceBuilder<ProjectResource> AddService<TProject>(string name, string database) where TProject : IProjectMetadata, new()
{
    var service = builder.AddProject<TProject>(name, launchProfileName: null)
        .WithHttpEndpoint()
        .WithoutHttpsCertificate() // plain HTTP inside the platform; no developer certificate needed
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", serviceEnvironment)
        .WithEnvironment("Demo__Enabled", DemoDataEnabled(name) ? "true" : "false")
        .WithReference(infra.Databases[database])
        // Every replica's pool within the server's max_connections (ScaleSettings.DatabasePoolSize).
        .WithEnvironment("Database__MaxPoolSize", scale.DatabasePoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithReference(infra.Broker)
        .WithHttpHealthCheck(ServiceDefaultsExtensions.HealthPath);
    if (infra.BrokerClusterNodes is { } clusterNodes)
    {
        // Every node, to fail over to; the receive queues as quorum queues, replicated on the nodes.
        service.WithEnvironment("Messaging__Broker__ClusterNodes", clusterNodes).WithEnvironment("Messaging__QuorumQueues", "true");
    }
    if (scale.Replicas > 1)
    {
        // Every backend service is replica-safe: keys, sessions and jobs live in its database (see README "Running at scale").
        service.WithReplicas(scale.Replicas);
    }
    foreach (var server in infra.Servers)
    {
        service.WaitFor(server);
    }
    return service;
}

// Demo:Enabled (default true) for every service; Demo:<service>:Enabled overrides it for one, e.g. the
// end-to-end tests keep demo accounts (identity) but skip the 1,250 demo units.
bool DemoDataEnabled(string service) =>
    builder.Configuration.GetValue<bool?>($"Demo:{service}:Enabled") ?? builder.Configuration.GetValue("Demo:Enabled", true);
