using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace GitIntegration.Actors.Storage.Postgres;

/// <summary>
/// Grain state in PostgreSQL. The ETag is the row's version. In a cluster every write also proves, in the
/// same statement, that the writer still holds the partition's lease at the epoch it activated under.
/// </summary>
public sealed class PostgresGrainStorage(PostgresDatabase database) : IGrainStorage
{
    private const string FenceCondition = """
        (@owner::text IS NULL OR EXISTS (
            SELECT 1 FROM partition_leases l
            WHERE l."partition" = @part AND l.owner_silo = @owner AND l.epoch = @epoch AND l.expires_at > clock_timestamp()))
        """;

    public async Task<StoredState> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT payload, etag FROM grain_state WHERE grain_type = @t AND grain_key = @k AND state_name = @s");
        AddKey(command, id, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new StoredState(null, null);
        var payload = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
        return new StoredState(payload, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    public async Task<string> WriteAsync(GrainId id, string stateName, ReadOnlyMemory<byte> payload, string? etag, WriteFence fence, CancellationToken cancellationToken) =>
        await ApplyAsync(id, stateName, payload.ToArray(), etag, fence, "write", cancellationToken);

    public async Task<string?> ClearAsync(GrainId id, string stateName, string? etag, WriteFence fence, CancellationToken cancellationToken)
    {
        if (etag is null)
        {
            var stored = await CurrentEtagAsync(id, stateName, cancellationToken);
            return stored is null ? null : throw Conflict(id, stateName, etag, stored, "clear");
        }
        return await ApplyAsync(id, stateName, null, etag, fence, "clear", cancellationToken);
    }

    private async Task<string> ApplyAsync(GrainId id, string stateName, byte[]? payload, string? etag, WriteFence fence, string operation, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand();
        if (etag is null)
        {
            command.CommandText = $"""
                INSERT INTO grain_state (grain_type, grain_key, state_name, payload, etag, "partition", epoch, updated_at)
                SELECT @t, @k, @s, @p, 1, @part, @epoch, clock_timestamp() WHERE {FenceCondition}
                ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
                RETURNING etag
                """;
        }
        else
        {
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                throw Conflict(id, stateName, etag, await CurrentEtagAsync(id, stateName, cancellationToken), operation);
            command.CommandText = $"""
                UPDATE grain_state SET payload = @p, etag = etag + 1, epoch = @epoch, updated_at = clock_timestamp()
                WHERE grain_type = @t AND grain_key = @k AND state_name = @s AND etag = @e AND {FenceCondition}
                RETURNING etag
                """;
            command.Parameters.AddWithValue("e", expected);
        }
        AddKey(command, id, stateName);
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Bytea) { Value = (object?)payload ?? DBNull.Value });
        command.Parameters.AddWithValue("part", fence.Partition);
        command.Parameters.AddWithValue("epoch", fence.Epoch);
        command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Text) { Value = (object?)fence.Owner ?? DBNull.Value });
        var result = await command.ExecuteScalarAsync(cancellationToken);
        if (result is long version)
            return version.ToString(CultureInfo.InvariantCulture);
        var stored = await CurrentEtagAsync(id, stateName, cancellationToken);
        if (stored == etag && fence.Owner is not null)
            throw new PartitionFencedException(fence.Partition, fence.Epoch);
        throw Conflict(id, stateName, etag, stored, operation);
    }

    private async Task<string?> CurrentEtagAsync(GrainId id, string stateName, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT etag FROM grain_state WHERE grain_type = @t AND grain_key = @k AND state_name = @s");
        AddKey(command, id, stateName);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is long version ? version.ToString(CultureInfo.InvariantCulture) : null;
    }

    private static InconsistentStateException Conflict(GrainId id, string stateName, string? etag, string? stored, string operation) =>
        new($"Cannot {operation} state '{stateName}' of {id}: it was read at ETag {etag ?? "(none)"} but the store holds {stored ?? "(none)"}.",
            stored, etag);

    private static void AddKey(NpgsqlCommand command, GrainId id, string stateName)
    {
        command.Parameters.AddWithValue("t", id.Type);
        command.Parameters.AddWithValue("k", id.Key);
        command.Parameters.AddWithValue("s", stateName);
    }
}
