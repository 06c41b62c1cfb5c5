using Microsoft.Data.Sqlite;

namespace GitIntegration.Grains.Storage;

public enum StorageKind { Sqlite, Postgres }

/// <summary>Where grain state and reminders live: the embedded SQLite file (all-in-one) or the cluster's PostgreSQL.</summary>
public sealed record StorageTarget(StorageKind Kind, string ConnectionString)
{
    /// <summary>The ADO.NET invariant Orleans loads the driver by ("System.Data.SQLite" loads Microsoft.Data.Sqlite).</summary>
    public string Invariant => Kind == StorageKind.Postgres ? "Npgsql" : "System.Data.SQLite";

    public static StorageTarget Postgres(string connectionString) => new(StorageKind.Postgres, connectionString);

    /// <summary>A SQLite file; busy connections wait up to 30 s for the writer instead of failing at once.</summary>
    public static StorageTarget Sqlite(string path) => new(StorageKind.Sqlite,
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true, DefaultTimeout = 30 }.ToString());
}
