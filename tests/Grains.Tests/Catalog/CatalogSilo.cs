using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Storage;
using GitIntegration.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains.Tests.Catalog;

/// <summary>A temp folder holding a SQLite store that outlives silo restarts.</summary>
public sealed class CatalogStore : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("gitintegration-catalog-").FullName;
    public string DatabasePath => Path.Combine(Folder, "gitintegration.db");

    /// <summary>The catalog grain's stored payload, read straight from the table.</summary>
    public async Task<string> ReadCatalogRowAsync() =>
        await StoredRows.Sqlite(DatabasePath).PayloadAsync("catalog", GrainKeys.Catalog) ?? throw new InvalidOperationException("No catalog row.");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A <see cref="TestSilo"/> on a <see cref="CatalogStore"/>, with the catalog and the provider directory at hand.</summary>
public sealed class CatalogSilo : IAsyncDisposable
{
    private readonly TestSilo _silo;

    private CatalogSilo(TestSilo silo) => _silo = silo;

    public IGrainFactory Grains => _silo.Grains;
    public IProviderCatalogGrain Catalog => Grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog);
    public IProviderDirectory Directory => _silo.Services.GetRequiredService<IProviderDirectory>();

    public static async Task<CatalogSilo> StartAsync(CatalogStore store, IReadOnlyList<string> encryptionKeys,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestSilo.StartAsync(StorageTarget.Sqlite(store.DatabasePath), encryptionKeys, settings));

    public ValueTask DisposeAsync() => _silo.DisposeAsync();
}
