using System.Globalization;
using Microsoft.Data.Sqlite;

namespace GitIntegration.Actors.Storage.Sqlite;

/// <summary>Grain state in SQLite. The ETag is the row's version; a write names the version it read.</summary>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    public Task<StoredState> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT payload, etag FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $s";
            AddKey(command, id, stateName);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return new StoredState(null, null);
            var payload = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
            return new StoredState(payload, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
        }));

    public Task<string> WriteAsync(GrainId id, string stateName, ReadOnlyMemory<byte> payload, string? etag, WriteFence fence, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            var version = Apply(connection, id, stateName, payload.ToArray(), etag, fence);
            return version?.ToString(CultureInfo.InvariantCulture)
                   ?? throw Conflict(connection, id, stateName, etag, "write");
        }, cancellationToken);

    public Task<string?> ClearAsync(GrainId id, string stateName, string? etag, WriteFence fence, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            if (etag is null)
            {
                var stored = CurrentEtag(connection, id, stateName);
                if (stored is null)
                    return null;
                throw Conflict(connection, id, stateName, etag, "clear");
            }
            var version = Apply(connection, id, stateName, null, etag, fence);
            return version?.ToString(CultureInfo.InvariantCulture) ?? throw Conflict(connection, id, stateName, etag, "clear");
        }, cancellationToken);

    private static long? Apply(SqliteConnection connection, GrainId id, string stateName, byte[]? payload, string? etag, WriteFence fence)
    {
        using var command = connection.CreateCommand();
        if (etag is null)
        {
            command.CommandText = """
                INSERT INTO grain_state (grain_type, grain_key, state_name, payload, etag, "partition", epoch, updated_at)
                VALUES ($t, $k, $s, $p, 1, $part, $epoch, $now)
                ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
                RETURNING etag
                """;
        }
        else
        {
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                return null;
            command.CommandText = """
                UPDATE grain_state SET payload = $p, etag = etag + 1, epoch = $epoch, updated_at = $now
                WHERE grain_type = $t AND grain_key = $k AND state_name = $s AND etag = $e
                RETURNING etag
                """;
            command.Parameters.AddWithValue("$e", expected);
        }
        AddKey(command, id, stateName);
        command.Parameters.AddWithValue("$p", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$part", fence.Partition);
        command.Parameters.AddWithValue("$epoch", fence.Epoch);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var result = command.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    private static long? CurrentEtag(SqliteConnection connection, GrainId id, string stateName)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $t AND grain_key = $k AND state_name = $s";
        AddKey(command, id, stateName);
        var result = command.ExecuteScalar();
        return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    private static InconsistentStateException Conflict(SqliteConnection connection, GrainId id, string stateName, string? etag, string operation)
    {
        var stored = CurrentEtag(connection, id, stateName)?.ToString(CultureInfo.InvariantCulture);
        return new InconsistentStateException(
            $"Cannot {operation} state '{stateName}' of {id}: it was read at ETag {etag ?? "(none)"} but the store holds {stored ?? "(none)"}.",
            stored, etag);
    }

    private static void AddKey(SqliteCommand command, GrainId id, string stateName)
    {
        command.Parameters.AddWithValue("$t", id.Type);
        command.Parameters.AddWithValue("$k", id.Key);
        command.Parameters.AddWithValue("$s", stateName);
    }
}
