using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Benchmarks.Actors;

/// <summary>A started actor host for benchmarks: SQLite in a temp folder, or PostgreSQL from the environment.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private BenchSilo(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync(StorageProvider storage = StorageProvider.Sqlite, string? postgres = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bench-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddActors(o =>
        {
            o.Storage = storage;
            o.SqlitePath = Path.Combine(folder, "bench.db");
            o.PostgresConnectionString = postgres;
        }).AddGrainsFromAssembly(typeof(BenchSilo).Assembly);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }
}
