using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitIntegration.Grains.Hosting;

/// <summary>Readiness: this process's silo is active in the cluster (not joining, and not shutting down).</summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the silo is {silo.CurrentStatus}, not active in the cluster."));
}
