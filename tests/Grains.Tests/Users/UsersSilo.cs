using System.Text;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.TestSupport;
using Microsoft.Data.Sqlite;

namespace GitIntegration.Grains.Tests.Users;

/// <summary>A real silo with every grain of the Grains assembly on a SQLite file in a temp folder that outlives restarts.</summary>
public sealed class UsersSilo : IAsyncDisposable
{
    private readonly TestSilo _silo;

    private UsersSilo(TestSilo silo, string folder)
    {
        _silo = silo;
        Folder = folder;
    }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "gitintegration.db");
    public IGrainFactory Grains => _silo.Grains;

    public static readonly string EncryptionKey = SecretKeyRing.GenerateKey();

    public static Task<UsersSilo> StartAsync() =>
        StartAsync(Directory.CreateTempSubdirectory("gitintegration-users-").FullName);

    /// <summary>Starts a silo on the store in <paramref name="folder"/> (a restart when one ran there before).</summary>
    public static async Task<UsersSilo> StartAsync(string folder) =>
        new(await TestSilo.StartAsync(StorageTarget.Sqlite(Path.Combine(folder, "gitintegration.db")), [EncryptionKey]), folder);

    /// <summary>Every stored grain state payload as text (JSON escapes such as \u002B undone), to check what reached the disk.</summary>
    public async Task<string> ReadAllStoredStateAsync()
    {
        var text = new StringBuilder();
        foreach (var row in await StoredRows.Sqlite(DatabasePath).StatesAsync())
            text.Append(row.StateName).Append(' ').Append(row.Key).Append(' ').AppendLine(row.Payload);
        return System.Text.RegularExpressions.Regex.Unescape(text.ToString());
    }

    /// <summary>Stops the silo and keeps its store, for a restart.</summary>
    public Task StopAsync() => _silo.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
