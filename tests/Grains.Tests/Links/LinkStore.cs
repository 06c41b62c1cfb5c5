using System.Text;
using GitIntegration.Actors.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

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

    public static async Task<LinkStore> CreateAsync(bool postgres = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "links-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new LinkStore(folder, postgres ? await TestSupport.TestPostgres.CreateDatabaseAsync() : null);
    }

    /// <summary>Every grain_state row with a payload, read with plain SQL: (grain type, grain key, payload as text).</summary>
    public async Task<IReadOnlyList<(string Type, string Key, string Payload)>> ReadStateRowsAsync()
    {
        const string sql = "SELECT grain_type, grain_key, payload FROM grain_state WHERE payload IS NOT NULL";
        var rows = new List<(string, string, string)>();
        if (Postgres is null)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetString(1), Encoding.UTF8.GetString((byte[])reader.GetValue(2))));
        }
        else
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetString(1), Encoding.UTF8.GetString((byte[])reader.GetValue(2))));
        }
        return rows;
    }

    /// <summary>The names of the reminders a grain has in the reminders table.</summary>
    public async Task<IReadOnlyList<string>> ReadReminderNamesAsync(string grainType, string grainKey)
    {
        const string sql = "SELECT name FROM reminders WHERE grain_type = @t AND grain_key = @k ORDER BY name";
        var names = new List<string>();
        if (Postgres is null)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@t", grainType);
            command.Parameters.AddWithValue("@k", grainKey);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                names.Add(reader.GetString(0));
        }
        else
        {
            await using var connection = new NpgsqlConnection(Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("t", grainType);
            command.Parameters.AddWithValue("k", grainKey);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                names.Add(reader.GetString(0));
        }
        return names;
    }

    public void Apply(ActorsOptions options)
    {
        options.Storage = Postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres;
        options.SqlitePath = SqlitePath;
        options.PostgresConnectionString = Postgres;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
