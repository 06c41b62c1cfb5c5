using GitIntegration.Grains;
using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.Grains.Telemetry;
using GitIntegration.ServiceDefaults;
using GitIntegration.Silo;
using Orleans.Configuration;
using Orleans.Dashboard;

// dotnet run --project src/Silo [-- --urls http://127.0.0.1:8081 --GitIntegration:Cluster:SiloPort=11111 ...]
// One silo of a cluster: Orleans on PostgreSQL (membership, grain state, reminders); /healthz, /readyz and /metrics on --urls.
var builder = WebApplication.CreateBuilder(args);
SiloSettings settings;
try
{
    settings = SiloSettings.Read(builder.Configuration);
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var cluster = settings.Cluster;
var storage = StorageTarget.Postgres(settings.PostgresConnectionString);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:8081");
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // otherwise a few lines for every /readyz probe
builder.Logging.AddFilter("Polly", LogLevel.Error); // Orleans' placement pipeline logs every retry, with a stack trace, while a silo fails
builder.Logging.AddFilter("Orleans.Runtime.SiloOptionsLogger", LogLevel.Warning); // a page of option values at every start
builder.Services.AddSingleton(new SecretProtector(settings.KeyRing));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
builder.UseOrleans(silo => silo
    .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId))
    .Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(ClusterSettings.MembershipSection)) // failure detection; Orleans' defaults unless set
    .Configure<Orleans.Hosting.ReminderOptions>(builder.Configuration.GetSection(ClusterSettings.RemindersSection)) // its minimum period is also how soon a refresh left by a dead silo is looked at again
    .ConfigureEndpoints(cluster.AdvertisedIP, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true)
    .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (storage.Invariant, storage.ConnectionString))
    .UseClusterTls(cluster.Tls) // mutual TLS to other silos and from clients, when GitIntegration:Cluster:Tls:* is set
    .AddGitIntegrationStorage(storage)
    .AddGitIntegrationGrains(builder.Configuration)
    .AddDashboard()); // what the gateways' /dashboard shows: this silo's counters, grains and logs
builder.AddServiceTelemetry("gitintegration-silo", GitIntegrationMetrics.MeterName);
builder.Services.AddHealthChecks()
    .AddCheck("storage", new StorageHealthCheck(storage), tags: ServiceHealth.ReadyTags, timeout: ServiceHealth.CheckTimeout)
    .AddCheck<SiloActiveHealthCheck>("silo", tags: ServiceHealth.ReadyTags, timeout: ServiceHealth.CheckTimeout);

var app = builder.Build();
app.MapServiceHealthChecks();
app.MapServiceMetrics();
await app.RunAsync();
return 0;
