using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GitIntegration.TestSupport;

/// <summary>A grain state row as stored: its state name, key, version (ETag) and JSON payload (null when cleared).</summary>
public sealed record StoredState(string StateName, string Key, int Version, string? Payload);

/// <summary>A reminder row as stored.</summary>
public sealed record StoredReminder(string GrainId, string Name, DateTime StartTime, long PeriodMs, int Version);

/// <summary>
/// Reads what the service stored, with plain SQL against the project's own tables (orleans_storage and
/// orleans_reminders, see src/Grains/Storage and deploy/postgres): a test's independent view of the disk.
/// </summary>
public sealed class StoredRows(bool postgres, string connectionStringOrPath)
{
    public static StoredRows Sqlite(string path) => new(false, path);
    public static StoredRows Postgres(string connectionString) => new(true, connectionString);

    public async Task<IReadOnlyList<StoredState>> StatesAsync()
    {
        var rows = new List<StoredState>();
        await ReadAsync("SELECT state_name, key_ext, key_n1, version, payload FROM orleans_storage ORDER BY state_name, key_ext, key_n1", reader =>
        {
            var key = reader.GetString(1) is { Length: > 0 } ext ? ext : reader.GetInt64(2).ToString("x");
            var payload = reader.IsDBNull(4) ? null : Encoding.UTF8.GetString((byte[])reader.GetValue(4));
            rows.Add(new StoredState(reader.GetString(0), key, reader.GetInt32(3), payload));
        });
        return rows;
    }

    public async Task<IReadOnlyList<StoredReminder>> RemindersAsync()
    {
        var rows = new List<StoredReminder>();
        await ReadAsync("SELECT grain_id, reminder_name, start_time, period, version FROM orleans_reminders ORDER BY grain_id, reminder_name", reader =>
            rows.Add(new StoredReminder(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetInt64(3), reader.GetInt32(4))));
        return rows;
    }

    /// <summary>The names of the reminders a grain ("type/key") has.</summary>
    public async Task<IReadOnlyList<string>> ReminderNamesAsync(string grainId) =>
        (await RemindersAsync()).Where(r => r.GrainId == grainId).Select(r => r.Name).ToList();

    /// <summary>The payload of one grain's state, or null.</summary>
    public async Task<string?> PayloadAsync(string stateName, string key) =>
        (await StatesAsync()).FirstOrDefault(s => s.StateName == stateName && s.Key == key)?.Payload;

    private async Task ReadAsync(string sql, Action<DbDataReader> row)
    {
        await using DbConnection connection = postgres
            ? new NpgsqlConnection(connectionStringOrPath)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            row(reader);
    }
}
