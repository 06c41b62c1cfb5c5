using System.Text;
using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Tests.Catalog;

/// <summary>A temp folder holding a SQLite store that outlives silo restarts.</summary>
public sealed class CatalogStore : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("gitintegration-catalog-").FullName;
    public string DatabasePath => Path.Combine(Folder, "gitintegration.db");

    /// <summary>The catalog grain's stored payload, read straight from the table.</summary>
    public async Task<string> ReadCatalogRowAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_type = 'providercatalog' AND grain_key = 'catalog'";
        var payload = await command.ExecuteScalarAsync();
        return payload is byte[] bytes ? Encoding.UTF8.GetString(bytes) : (string)payload!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A started silo with every grain of the Grains assembly, the given configuration and encryption keys.</summary>
public sealed class CatalogSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private CatalogSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IProviderCatalogGrain Catalog => Grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog);
    public IProviderDirectory Directory => _host.Services.GetRequiredService<IProviderDirectory>();

    public static async Task<CatalogSilo> StartAsync(CatalogStore store, IReadOnlyList<string> encryptionKeys,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.Parse(encryptionKeys)));
        builder.Services.AddActors(options => options.SqlitePath = store.DatabasePath).AddGitIntegrationGrains(configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new CatalogSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
