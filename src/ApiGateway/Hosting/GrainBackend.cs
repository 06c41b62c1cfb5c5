using GitIntegration.Actors.Cluster;
using GitIntegration.Actors.Hosting;
using GitIntegration.Grains;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>Where the grains run, as /readyz and the metrics see it.</summary>
public interface IGrainBackend
{
    /// <summary>All-in-one: storage answers. Gateway: PostgreSQL answers and silos serve partitions.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>Grain activations in this process (none for a gateway in front of a cluster).</summary>
    int LocalActivations { get; }
}

/// <summary>Registers the grains in this process (all-in-one) or a client of the cluster's silos (gateway mode).</summary>
public static class GrainBackend
{
    public static void Add(IServiceCollection services, IConfiguration configuration, StartupSettings settings)
    {
        if (settings.Mode == GatewayMode.Gateway)
        {
            services.AddActorsClient(settings.PostgresConnectionString!,
                actors => configuration.GetSection("GitIntegration:Actors").Bind(actors),
                cluster => configuration.GetSection("GitIntegration:Cluster").Bind(cluster));
            services.AddGitIntegrationClient(configuration);
            services.AddSingleton<IGrainBackend, ClusterBackend>();
            return;
        }
        services.AddActors(options =>
        {
            options.Storage = settings.Storage;
            options.SqlitePath = settings.SqlitePath;
            options.PostgresConnectionString = settings.PostgresConnectionString;
        }).AddGitIntegrationGrains(configuration);
        services.AddSingleton<IGrainBackend, LocalSiloBackend>();
    }

    private sealed class LocalSiloBackend(SiloRuntime silo) : IGrainBackend
    {
        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => silo.IsStorageReachableAsync(cancellationToken);

        public int LocalActivations => silo.ActivationCount;
    }

    private sealed class ClusterBackend(ClusterClientHealth health) : IGrainBackend
    {
        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => health.IsReadyAsync(cancellationToken);

        public int LocalActivations => 0;
    }
}
