using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace GitIntegration.Benchmarks.Hosting;

/// <summary>An Orleans client in this process that finds the cluster's gateways in PostgreSQL, as the gateway does.</summary>
public sealed class BenchClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchClient> ConnectAsync(string postgres, string serviceId, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, clusterId))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres)));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
