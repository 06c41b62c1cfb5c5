using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Reminders;
using GitIntegration.Actors.Runtime;
using GitIntegration.Actors.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Makes this process a silo of a PostgreSQL cluster: partition leases with fencing, membership, calls to
    /// and from other silos over HTTP/2. The host must map <see cref="SiloCallEndpoint.MapSiloCalls"/> on an
    /// HTTP/2 endpoint whose URL is <see cref="ClusterOptions.AdvertisedAddress"/>.
    /// </summary>
    public static ActorsBuilder AddCluster(this ActorsBuilder actors, Action<ClusterOptions>? configure = null)
    {
        var services = actors.Services;
        services.AddOptions<ClusterOptions>().Configure(o => configure?.Invoke(o));
        services.AddOptions<ActorsOptions>().PostConfigure(o =>
        {
            if (o.Storage != StorageProvider.Postgres)
                throw new InvalidOperationException("A cluster silo needs PostgreSQL storage (GitIntegration:Storage:Provider=Postgres).");
        });
        AddRouting(services);
        services.AddSingleton<PartitionLeaseManager>();
        services.Replace(ServiceDescriptor.Singleton<IPartitionOwnership>(sp => sp.GetRequiredService<PartitionLeaseManager>()));
        services.Replace(ServiceDescriptor.Singleton<IGrainCallInvoker>(sp => CreateInvoker(sp, sp.GetRequiredService<Catalog>())));
        services.AddSingleton(sp => new ClusterSilo(
            sp.GetRequiredService<LeaseTable>(), sp.GetRequiredService<PartitionLeaseManager>(), sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<ReminderService>(), sp.GetRequiredService<IOptions<ClusterOptions>>(), sp.GetRequiredService<ILogger<ClusterSilo>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSilo>());
        return actors;
    }

    /// <summary>
    /// For processes that call grains without hosting any (gateways, other services): GetGrain returns proxies
    /// that route each call to the silo owning the grain, found through the cluster's PostgreSQL.
    /// </summary>
    public static IServiceCollection AddActorsClient(this IServiceCollection services, string postgresConnectionString,
        Action<ActorsOptions>? configureActors = null, Action<ClusterOptions>? configureCluster = null)
    {
        services.TryAddSingleton(new GrainTypeRegistry());
        services.AddOptions<ActorsOptions>().Configure(o => configureActors?.Invoke(o));
        services.AddOptions<ClusterOptions>().Configure(o => configureCluster?.Invoke(o));
        services.TryAddSingleton(new PostgresDatabase(postgresConnectionString));
        services.TryAddSingleton<IPartitionOwnership, NothingOwned>();
        AddRouting(services);
        services.TryAddSingleton<IGrainCallInvoker>(sp => CreateInvoker(sp, localCatalog: null));
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<ClusterClientHealth>();
        return services;
    }

    private static void AddRouting(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LeaseTable(sp.GetRequiredService<PostgresDatabase>().DataSource));
        services.TryAddSingleton(sp => new PartitionMap(sp.GetRequiredService<LeaseTable>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value));
        services.TryAddSingleton<RemoteGrainClient>();
    }

    private static ClusterGrainCallInvoker CreateInvoker(IServiceProvider services, Catalog? localCatalog) =>
        new(services.GetRequiredService<PartitionMap>(), services.GetRequiredService<RemoteGrainClient>(),
            services.GetRequiredService<GrainTypeRegistry>(), services.GetRequiredService<IPartitionOwnership>(),
            services.GetRequiredService<IOptions<ActorsOptions>>(), localCatalog);

    private sealed class NothingOwned : IPartitionOwnership
    {
        public bool TryGetEpoch(int partition, out long epoch)
        {
            epoch = 0;
            return false;
        }

        public IReadOnlyCollection<int>? OwnedPartitions => [];

        public ValueTask ConfirmAsync(int partition, long epoch, CancellationToken cancellationToken) =>
            throw new PartitionNotOwnedException(partition);

        public string? FenceOwner => null;
    }
}

/// <summary>Readiness of a cluster client: PostgreSQL answers and at least one silo serves partitions.</summary>
public sealed class ClusterClientHealth(PostgresDatabase database, LeaseTable table)
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.PingAsync(cancellationToken) && (await table.ReadMapAsync(cancellationToken)).Any(o => o is not null);
        }
        catch (Exception)
        {
            return false;
        }
    }
}
