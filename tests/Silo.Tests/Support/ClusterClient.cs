using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>
/// An ordinary Orleans client of the cluster, the way another .NET service calls the grains (SPEC section 9):
/// UseOrleansClient with ADO.NET clustering on the cluster's PostgreSQL, nothing of the product but the grain
/// interfaces.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects, or throws what Orleans throws when no silo takes the client; <paramref name="configure"/>
    /// adds to the client (its TLS settings).</summary>
    public static async Task<ClusterClient> ConnectAsync(string postgres, string serviceId, string clusterId, Action<IClientBuilder>? configure = null)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client
                    .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres))
                    .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, clusterId))
                    .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
                configure?.Invoke(client);
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // the cluster may be gone already
        }
        _host.Dispose();
    }
}
