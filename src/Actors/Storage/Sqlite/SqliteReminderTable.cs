using Microsoft.Data.Sqlite;

namespace GitIntegration.Actors.Storage.Sqlite;

/// <summary>Durable reminders in SQLite; times are unix milliseconds.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, due_at, period";

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO reminders (grain_type, grain_key, name, "partition", due_at, period)
                VALUES ($t, $k, $n, $part, $due, $period)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_at = excluded.due_at, period = excluded.period
                """;
            AddKey(command, entry.GrainId, entry.Name);
            command.Parameters.AddWithValue("$part", entry.Partition);
            command.Parameters.AddWithValue("$due", UnixTime.Ms(entry.DueAt));
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<ReminderEntry?> ReadAsync(GrainId id, string name, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_type = $t AND grain_key = $k AND name = $n";
            AddKey(command, id, name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadEntry(reader) : null;
        }));

    public Task<bool> DeleteAsync(GrainId id, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM reminders WHERE grain_type = $t AND grain_key = $k AND name = $n";
            AddKey(command, id, name);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, IReadOnlyCollection<int>? partitions, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReminderEntry>>(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            var filter = partitions is null ? "" : $" AND \"partition\" IN ({string.Join(',', partitions)})";
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE due_at <= $until{filter} ORDER BY due_at LIMIT $limit";
            command.Parameters.AddWithValue("$until", UnixTime.Ms(until));
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<ReminderEntry>();
            while (reader.Read())
                entries.Add(ReadEntry(reader));
            return entries;
        }));

    public Task<bool> CompleteAsync(ReminderEntry fired, DateTimeOffset? next, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = next is null
                ? "DELETE FROM reminders WHERE grain_type = $t AND grain_key = $k AND name = $n AND due_at = $fired"
                : "UPDATE reminders SET due_at = $next WHERE grain_type = $t AND grain_key = $k AND name = $n AND due_at = $fired";
            AddKey(command, fired.GrainId, fired.Name);
            command.Parameters.AddWithValue("$fired", UnixTime.Ms(fired.DueAt));
            if (next is not null)
                command.Parameters.AddWithValue("$next", UnixTime.Ms(next.Value));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    private static ReminderEntry ReadEntry(SqliteDataReader reader) =>
        new(new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2),
            UnixTime.FromMs(reader.GetInt64(3)), TimeSpan.FromMilliseconds(reader.GetInt64(4)));

    private static void AddKey(SqliteCommand command, GrainId id, string name)
    {
        command.Parameters.AddWithValue("$t", id.Type);
        command.Parameters.AddWithValue("$k", id.Key);
        command.Parameters.AddWithValue("$n", name);
    }
}
