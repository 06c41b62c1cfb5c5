using System.Net;
using GitIntegration.Actors.Cluster;
using GitIntegration.Actors.Hosting;
using GitIntegration.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Actors.Tests.Cluster;

/// <summary>A silo of an in-process test cluster: its own host, its own HTTP/2 port, a shared PostgreSQL database.</summary>
public sealed class TestClusterSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private TestClusterSilo(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();
    public ProbeLog Log => _app.Services.GetRequiredService<ProbeLog>();
    public ClusterSilo Silo => _app.Services.GetRequiredService<ClusterSilo>();
    public SiloRuntime Runtime => _app.Services.GetRequiredService<SiloRuntime>();
    public PartitionLeaseManager Leases => _app.Services.GetRequiredService<PartitionLeaseManager>();
    public IServiceProvider Services => _app.Services;
    public string SiloId => Leases.SiloId;

    public static async Task<TestClusterSilo> StartAsync(string postgres, ProbeLog? log = null, Action<ClusterOptions>? configure = null)
    {
        var port = FreePort.Next();
        var address = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("TEST_CLUSTER_LOGS") is not null)
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(log ?? new ProbeLog());
        builder.Services.AddActors(o =>
        {
            o.Storage = StorageProvider.Postgres;
            o.PostgresConnectionString = postgres;
            o.CallTimeout = TimeSpan.FromSeconds(20);
            o.ReminderPollInterval = TimeSpan.FromMilliseconds(200);
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
        }).AddGrainsFromAssembly(typeof(TestClusterSilo).Assembly).AddCluster(o =>
        {
            o.AdvertisedAddress = address;
            o.LeaseDuration = TimeSpan.FromSeconds(3);
            o.RenewInterval = TimeSpan.FromMilliseconds(250);
            o.SafetyMargin = TimeSpan.FromMilliseconds(750);
            o.RebalanceStep = 128;
            o.MapRefreshInterval = TimeSpan.FromMilliseconds(500);
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapSiloCalls();
        await app.StartAsync();
        return new TestClusterSilo(app, address);
    }

    /// <summary>A graceful stop (SIGTERM): partitions are handed over before the process goes.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A cluster client (what a gateway uses): no grains of its own, calls routed by the partition map.</summary>
public sealed class TestClusterClient : IDisposable
{
    private readonly ServiceProvider _services;

    public TestClusterClient(string postgres)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddActorsClient(postgres, o => o.CallTimeout = TimeSpan.FromSeconds(20), o => o.MapRefreshInterval = TimeSpan.FromMilliseconds(500));
        _services = services.BuildServiceProvider();
    }

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public void Dispose() => _services.Dispose();
}
