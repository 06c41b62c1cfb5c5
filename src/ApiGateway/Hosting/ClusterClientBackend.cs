using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>A gateway is ready when a silo of the cluster answers a grain call (the catalog, which every request reads).</summary>
internal sealed class ClusterClientBackend(IGrainFactory grains) : IGrainBackend
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetAsync().WaitAsync(ProbeTimeout, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return false;
        }
    }
}
