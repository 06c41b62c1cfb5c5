using System.Net;
using System.Net.Sockets;
using GitIntegration.Actors;
using GitIntegration.Actors.Cluster;
using GitIntegration.Actors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>A silo of a PostgreSQL cluster in this process, and a client that reaches it over HTTP/2.</summary>
public sealed class BenchClusterSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchClusterSilo(WebApplication app) => _app = app;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();
    public ClusterSilo Silo => _app.Services.GetRequiredService<ClusterSilo>();

    public static async Task<BenchClusterSilo> StartAsync(string postgres, Action<ActorsOptions>? configure = null)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddActors(o =>
        {
            o.Storage = StorageProvider.Postgres;
            o.PostgresConnectionString = postgres;
            configure?.Invoke(o);
        }).AddGrainsFromAssembly(typeof(BenchClusterSilo).Assembly).AddCluster(o => o.AdvertisedAddress = $"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapSiloCalls();
        await app.StartAsync();
        var silo = new BenchClusterSilo(app);
        while (silo.Silo.ServedPartitions < 1024)
            await Task.Delay(50);
        return silo;
    }

    public static IGrainFactory Client(string postgres)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddActorsClient(postgres);
        return services.BuildServiceProvider().GetRequiredService<IGrainFactory>();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
