using GitIntegration.Grains.Interfaces;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>Readiness in gateway mode: the client is connected to the cluster, shown by a silo answering a grain
/// call (the catalog, which every request reads).</summary>
internal sealed class ClusterClientHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (OrleansException)
        {
            return HealthCheckResult.Unhealthy("no silo of the cluster answers.");
        }
    }
}
