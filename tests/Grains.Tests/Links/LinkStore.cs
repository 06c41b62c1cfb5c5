using GitIntegration.Grains.Storage;
using GitIntegration.TestSupport;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>Where a silo keeps its grains: a SQLite file in a temp folder, or a fresh PostgreSQL database.</summary>
public sealed class LinkStore : IDisposable
{
    private readonly string _folder;

    private LinkStore(string folder, string? postgres)
    {
        _folder = folder;
        Postgres = postgres;
    }

    public string SqlitePath => Path.Combine(_folder, "links.db");
    public string? Postgres { get; }
    public StorageTarget Target => Postgres is null ? StorageTarget.Sqlite(SqlitePath) : StorageTarget.Postgres(Postgres);
    public StoredRows Rows => Postgres is null ? StoredRows.Sqlite(SqlitePath) : StoredRows.Postgres(Postgres);

    public static async Task<LinkStore> CreateAsync(bool postgres = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "links-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new LinkStore(folder, postgres ? await TestPostgres.CreateDatabaseAsync() : null);
    }

    /// <summary>Every grain state row that holds a payload (cleared ones are left out).</summary>
    public async Task<IReadOnlyList<StoredState>> ReadStateRowsAsync() =>
        (await Rows.StatesAsync()).Where(s => s.Payload is not null).ToList();

    /// <summary>The names of the reminders a link grain has in the reminders table.</summary>
    public Task<IReadOnlyList<string>> ReadReminderNamesAsync(string linkKey) => Rows.ReminderNamesAsync($"gitlink/{linkKey}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
