using System.Net;
using GitIntegration.Grains;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace GitIntegration.Benchmarks.Hosting;

/// <summary>How a bench silo is set up: where state and reminders live, the product configuration (providers), the
/// encryption key, and, for a silo that clients reach, PostgreSQL clustering with a client gateway port.</summary>
public sealed record BenchSiloSettings(StorageTarget Storage, IReadOnlyDictionary<string, string?> Configuration, string EncryptionKey)
{
    public string ServiceId { get; init; } = "bench";
    public string ClusterId { get; init; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Null: localhost clustering without a client gateway, as the all-in-one process runs.</summary>
    public string? ClusteringPostgres { get; init; }

    public Action<ISiloBuilder>? Configure { get; init; }
}

/// <summary>
/// An Orleans silo in this process hosting the product's grains (as the all-in-one gateway co-hosts them, through
/// the same AddGitIntegrationStorage/AddGitIntegrationGrains) and the baseline grains of this assembly.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(BenchSiloSettings settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Configuration).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.Parse([settings.EncryptionKey])));
        builder.UseOrleans(silo =>
        {
            if (settings.ClusteringPostgres is { } postgres)
                silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (settings.ServiceId, settings.ClusterId))
                    .ConfigureEndpoints(IPAddress.Loopback, FreePort.Next(), FreePort.Next())
                    .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres));
            else
                silo.UseLocalhostClustering(FreePort.Next(), gatewayPort: 0, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            silo.AddGitIntegrationStorage(settings.Storage).AddGitIntegrationGrains(configuration);
            settings.Configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
