using GitIntegration.Grains;
using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Storage;
using Orleans.Configuration;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>Where the grains run, as /readyz sees it.</summary>
public interface IGrainBackend
{
    /// <summary>All-in-one: storage answers. Gateway: the cluster answers a grain call.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}

/// <summary>
/// All-in-one: an Orleans silo co-hosted in this process, on localhost clustering, with grain state and reminders in
/// the SQLite file (or PostgreSQL). Gateway: an Orleans client of the cluster's silos, which it finds through the
/// membership table in PostgreSQL.
/// </summary>
public static class GrainBackend
{
    public static void Add(WebApplicationBuilder builder, StartupSettings settings)
    {
        var cluster = settings.Cluster;
        if (settings.Mode == GatewayMode.Gateway)
        {
            builder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId))
                .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", settings.PostgresConnectionString))
                .UseClusterTls(cluster.Tls) // mutual TLS to the silos, when GitIntegration:Cluster:Tls:* is set
                // How often the silo list is read again (a joined silo takes clients, a dead one is dropped); Orleans' default unless set.
                .Configure<Orleans.Configuration.GatewayOptions>(builder.Configuration.GetSection(ClusterSettings.MembershipSection))
                .UseConnectionRetryFilter<RetryUntilStopped>()
                .AddOutgoingGrainCallFilter<IdempotentCallRetry>());
            builder.Services.AddGitIntegrationClient(builder.Configuration);
            builder.Services.AddSingleton<IGrainBackend, ClusterClientBackend>();
            return;
        }
        builder.UseOrleans(silo => silo
            // One silo on loopback, without a client gateway: nothing outside this process calls its grains.
            .UseLocalhostClustering(cluster.SiloPort, gatewayPort: 0, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
            .AddGitIntegrationStorage(settings.Storage)
            .AddGitIntegrationGrains(builder.Configuration));
        builder.Services.AddSingleton<IGrainBackend>(new LocalSiloBackend(settings.Storage));
    }

    private sealed class LocalSiloBackend(StorageTarget storage) : IGrainBackend
    {
        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => StorageProbe.IsReachableAsync(storage, cancellationToken);
    }
}
