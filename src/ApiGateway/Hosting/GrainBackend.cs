using GitIntegration.Grains;
using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Storage;
using GitIntegration.ServiceDefaults;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// All-in-one: an Orleans silo co-hosted in this process, on localhost clustering, with grain state and reminders in
/// the SQLite file (or PostgreSQL). Gateway: an Orleans client of the cluster's silos, which it finds through the
/// membership table in PostgreSQL. /readyz checks the storage in both, and the co-hosted silo or the connection to the
/// cluster.
/// </summary>
public static class GrainBackend
{
    public static void Add(WebApplicationBuilder builder, StartupSettings settings)
    {
        var cluster = settings.Cluster;
        var readiness = builder.Services.AddHealthChecks()
            .AddCheck("storage", new StorageHealthCheck(settings.Storage), tags: ServiceHealth.ReadyTags, timeout: ServiceHealth.CheckTimeout);
        if (settings.Mode == GatewayMode.Gateway)
        {
            builder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId))
                .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", settings.PostgresConnectionString))
                .UseClusterTls(cluster.Tls) // mutual TLS to the silos, when GitIntegration:Cluster:Tls:* is set
                // How often the silo list is read again (a joined silo takes clients, a dead one is dropped); Orleans' default unless set.
                .Configure<Orleans.Configuration.GatewayOptions>(builder.Configuration.GetSection(ClusterSettings.MembershipSection))
                .UseConnectionRetryFilter<RetryUntilStopped>()
                .AddOutgoingGrainCallFilter<IdempotentCallRetry>()
                .AddDashboard()); // reads what the silos' dashboards collect (each silo calls AddDashboard too)
            builder.Services.AddGitIntegrationClient(builder.Configuration);
            readiness.AddCheck<ClusterClientHealthCheck>("cluster", tags: ServiceHealth.ReadyTags, timeout: ServiceHealth.CheckTimeout);
            return;
        }
        builder.UseOrleans(silo => silo
            // One silo on loopback, without a client gateway: nothing outside this process calls its grains.
            .UseLocalhostClustering(cluster.SiloPort, gatewayPort: 0, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
            .AddGitIntegrationStorage(settings.Storage)
            .AddGitIntegrationGrains(builder.Configuration)
            .AddDashboard());
        readiness.AddCheck<SiloActiveHealthCheck>("silo", tags: ServiceHealth.ReadyTags, timeout: ServiceHealth.CheckTimeout);
    }
}
