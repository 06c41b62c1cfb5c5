using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace GitIntegration.Actors.Storage.Sqlite;

/// <summary>
/// The embedded SQLite file: one writer connection (SQLite has a single writer anyway) and a small pool
/// of readers, in WAL mode with synchronous=FULL so an acknowledged write survives a crash.
/// </summary>
public sealed class SqliteDatabase : IStorageInitializer, IDisposable
{
    private static int _initialized;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = new();
    private readonly int _maxIdleReaders = Math.Max(4, Environment.ProcessorCount * 2);
    private SqliteConnection? _writer;

    public SqliteDatabase(string path)
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0)
            SQLitePCL.Batteries_V2.Init();
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
    }

    public string Path { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(connection =>
        {
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);");
            foreach (var migration in MigrationScripts.For("Sqlite"))
            {
                using var transaction = connection.BeginTransaction();
                using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", migration.Version);
                if ((long)check.ExecuteScalar()! > 0)
                    continue;
                using var apply = connection.CreateCommand();
                apply.Transaction = transaction;
                apply.CommandText = migration.Sql;
                apply.ExecuteNonQuery();
                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
                transaction.Commit();
            }
            return 0;
        }, cancellationToken);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(command.ExecuteScalar()) == 1;
        }));

    /// <summary>Runs work on the writer connection, one writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= Open();
            return work(_writer);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs work on a pooled reader connection.</summary>
    public T Read<T>(Func<SqliteConnection, T> work)
    {
        if (!_readers.TryTake(out var connection))
            connection = Open();
        try
        {
            return work(connection);
        }
        finally
        {
            if (_readers.Count < _maxIdleReaders)
                _readers.Add(connection);
            else
                connection.Dispose();
        }
    }

    public static int Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        return connection;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        while (_readers.TryTake(out var reader))
            reader.Dispose();
    }
}
