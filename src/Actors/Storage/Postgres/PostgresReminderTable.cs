using Npgsql;

namespace GitIntegration.Actors.Storage.Postgres;

/// <summary>Durable reminders in PostgreSQL, read per owned partition through the (partition, due_at) index.</summary>
public sealed class PostgresReminderTable(PostgresDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, due_at, period";

    public async Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO reminders (grain_type, grain_key, name, "partition", due_at, period)
            VALUES (@t, @k, @n, @part, @due, @period)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at, period = excluded.period
            """);
        AddKey(command, entry.GrainId, entry.Name);
        command.Parameters.AddWithValue("part", entry.Partition);
        command.Parameters.AddWithValue("due", entry.DueAt.UtcDateTime);
        command.Parameters.AddWithValue("period", (long)entry.Period.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId id, string name, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM reminders WHERE grain_type = @t AND grain_key = @k AND name = @n");
        AddKey(command, id, name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    public async Task<bool> DeleteAsync(GrainId id, string name, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM reminders WHERE grain_type = @t AND grain_key = @k AND name = @n");
        AddKey(command, id, name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, IReadOnlyCollection<int>? partitions, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(partitions is null
            ? $"SELECT {Columns} FROM reminders WHERE due_at <= @until ORDER BY due_at LIMIT @limit"
            : $"SELECT {Columns} FROM reminders WHERE \"partition\" = ANY(@parts) AND due_at <= @until ORDER BY due_at LIMIT @limit");
        command.Parameters.AddWithValue("until", until.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        if (partitions is not null)
            command.Parameters.AddWithValue("parts", partitions.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(ReadEntry(reader));
        return entries;
    }

    public async Task<bool> CompleteAsync(ReminderEntry fired, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(next is null
            ? "DELETE FROM reminders WHERE grain_type = @t AND grain_key = @k AND name = @n AND due_at = @fired"
            : "UPDATE reminders SET due_at = @next WHERE grain_type = @t AND grain_key = @k AND name = @n AND due_at = @fired");
        AddKey(command, fired.GrainId, fired.Name);
        command.Parameters.AddWithValue("fired", fired.DueAt.UtcDateTime);
        if (next is not null)
            command.Parameters.AddWithValue("next", next.Value.UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static ReminderEntry ReadEntry(NpgsqlDataReader reader) =>
        new(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
            new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero), TimeSpan.FromMilliseconds(reader.GetInt64(4)));

    private static void AddKey(NpgsqlCommand command, GrainId id, string name)
    {
        command.Parameters.AddWithValue("t", id.Type);
        command.Parameters.AddWithValue("k", id.Key);
        command.Parameters.AddWithValue("n", name);
    }
}
