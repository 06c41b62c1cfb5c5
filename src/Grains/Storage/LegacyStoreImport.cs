using System.Data.Common;
using Microsoft.Data.Sqlite;
using static GitIntegration.Grains.Storage.StorageCommands;

namespace GitIntegration.Grains.Storage;

/// <summary>
/// Carries a store written by the service's own actor runtime (before it stood on Orleans: tables grain_state and
/// reminders) over to Orleans' tables, once, at the first start of this version, so an upgrade keeps every link,
/// user and session. Payloads are the same JSON, and grain ids keep their type names, so every secret still
/// decrypts (its associated data is bound to the grain id); keys that Orleans could read as hex numbers gain the
/// prefix <see cref="Interfaces.GrainKeys"/> now gives them. The old tables are renamed, not dropped, so the data
/// stays at hand for a rollback.
/// </summary>
public static class LegacyStoreImport
{
    private const string StateTable = "grain_state";
    private const string RemindersTable = "reminders";
    private const string ImportedSuffix = "_before_orleans";

    // One-shot reminders of the old runtime had period 0; an Orleans reminder needs one (see LinkReminders).
    private static readonly TimeSpan OneShotRepeat = TimeSpan.FromMinutes(10);

    /// <summary>Imports inside <paramref name="transaction"/>; returns how many states were carried over (0 when
    /// there is no legacy store).</summary>
    public static async Task<int> ImportAsync(DbConnection connection, DbTransaction transaction, string serviceId, CancellationToken cancellationToken)
    {
        var sqlite = connection is SqliteConnection;
        if (!await TableExistsAsync(connection, transaction, StateTable, sqlite, cancellationToken))
            return 0;

        var states = new List<(string Type, string Key, string StateName, byte[] Payload)>();
        await using (var read = Command(connection, transaction, $"SELECT grain_type, grain_key, state_name, payload FROM {StateTable} WHERE payload IS NOT NULL"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                states.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3)));
        }
        foreach (var (type, key, stateName, payload) in states)
        {
            await using var insert = Command(connection, transaction, $"""
                INSERT INTO orleans_storage (service_id, state_name, key_n0, key_n1, key_ext, payload, version, modified_at)
                VALUES (@service, @state, 0, 0, @key, @payload, 1, {(sqlite ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : "now()")})
                ON CONFLICT DO NOTHING
                """);
            Add(insert, "service", serviceId);
            Add(insert, "state", stateName);
            Add(insert, "key", NewKey(type, key));
            Add(insert, "payload", payload);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await TableExistsAsync(connection, transaction, RemindersTable, sqlite, cancellationToken))
            await ImportRemindersAsync(connection, transaction, serviceId, cancellationToken);
        foreach (var table in new[] { StateTable, RemindersTable })
        {
            if (await TableExistsAsync(connection, transaction, table, sqlite, cancellationToken))
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} RENAME TO {table}{ImportedSuffix}", cancellationToken);
        }
        return states.Count;
    }

    /// <summary>The key a grain of <paramref name="type"/> has now (see GrainKeys).</summary>
    public static string NewKey(string type, string key) => type switch
    {
        "username" => "name:" + key,
        "apikey" => "sha256:" + key,
        "externalidentity" => "identity:" + key,
        _ => key,
    };

    private static async Task ImportRemindersAsync(DbConnection connection, DbTransaction transaction, string serviceId, CancellationToken cancellationToken)
    {
        var reminders = new List<(string Type, string Key, string Name, DateTime DueAt, long Period)>();
        await using (var read = Command(connection, transaction, $"SELECT grain_type, grain_key, name, due_at, period FROM {RemindersTable}"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // SQLite kept unix milliseconds, PostgreSQL a timestamptz.
                var dueAt = reader.GetValue(3) is DateTime at ? at.ToUniversalTime() : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)).UtcDateTime;
                reminders.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), dueAt, reader.GetInt64(4)));
            }
        }
        foreach (var (type, key, name, dueAt, period) in reminders)
        {
            var grainId = GrainId.Create(type, NewKey(type, key));
            await using var insert = Command(connection, transaction, """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@service, @grain, @name, @start, @period, @hash, 0)
                ON CONFLICT DO NOTHING
                """);
            Add(insert, "service", serviceId);
            Add(insert, "grain", grainId.ToString());
            Add(insert, "name", name);
            Add(insert, "start", dueAt);
            Add(insert, "period", period > 0 ? period : (long)OneShotRepeat.TotalMilliseconds);
            Add(insert, "hash", unchecked((int)grainId.GetUniformHashCode()));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, string table, bool sqlite, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @table"
            : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table");
        Add(command, "table", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }
}
