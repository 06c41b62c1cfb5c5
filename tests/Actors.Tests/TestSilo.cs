using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Actors.Tests;

public enum StoreKind { Sqlite, Postgres }

/// <summary>A real store (a SQLite file in a temp folder, or a fresh PostgreSQL database) that several hosts can share.</summary>
public sealed class TestStore : IDisposable
{
    private readonly string _folder;

    private TestStore(StoreKind kind, string folder, string? postgres)
    {
        Kind = kind;
        _folder = folder;
        Postgres = postgres;
    }

    public StoreKind Kind { get; }
    public string? Postgres { get; }
    public string SqlitePath => Path.Combine(_folder, "actors.db");

    public static async Task<TestStore> CreateAsync(StoreKind kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "actors-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var postgres = kind == StoreKind.Postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        return new TestStore(kind, folder, postgres);
    }

    public void Apply(ActorsOptions options)
    {
        options.Storage = Kind == StoreKind.Sqlite ? StorageProvider.Sqlite : StorageProvider.Postgres;
        options.SqlitePath = SqlitePath;
        options.PostgresConnectionString = Postgres;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A started host running the actor runtime with the test grains.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public SiloRuntime Runtime => _host.Services.GetRequiredService<SiloRuntime>();
    public ProbeLog Log => _host.Services.GetRequiredService<ProbeLog>();
    public IServiceProvider Services => _host.Services;

    public static async Task<TestSilo> StartAsync(TestStore store, Action<ActorsOptions>? configure = null, ProbeLog? log = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(log ?? new ProbeLog());
        builder.Services.AddActors(options =>
        {
            store.Apply(options);
            options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
            options.ReminderPollInterval = TimeSpan.FromMilliseconds(200);
            options.ReminderLoadWindow = TimeSpan.FromSeconds(2);
            options.ReminderRetryDelay = TimeSpan.FromMilliseconds(300);
            configure?.Invoke(options);
        }).AddGrainsFromAssembly(typeof(TestSilo).Assembly);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>Waits for a condition that the runtime makes true asynchronously; fails with a message after a generous limit.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
