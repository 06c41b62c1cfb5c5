using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using static GitIntegration.Grains.Storage.StorageCommands;

namespace GitIntegration.Grains.Storage;

/// <summary>
/// Brings a database to the schema this version needs: the embedded SQL scripts (NNNN_name.sql, in order) that
/// gitintegration_schema does not list yet, in one transaction. On PostgreSQL a transaction-scoped advisory lock
/// lets only one silo migrate at a time; on SQLite BEGIN IMMEDIATE does the same.
/// </summary>
public static class SchemaMigrations
{
    private const string VersionsTable = """
        CREATE TABLE IF NOT EXISTS gitintegration_schema (
            version    integer NOT NULL PRIMARY KEY,
            name       text    NOT NULL,
            applied_at text    NOT NULL
        )
        """;

    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>The scripts embedded for <paramref name="kind"/>, in version order.</summary>
    public static IReadOnlyList<Script> For(StorageKind kind)
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var prefix = $"schema/{kind.ToString().ToLowerInvariant()}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Script(int.Parse(file[..4]), file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>Applies what is missing, then carries a store of the service's earlier runtime over (see
    /// <see cref="LegacyStoreImport"/>); returns what it did, for the log.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(StorageTarget target, string serviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open(target);
        await connection.OpenAsync(cancellationToken);
        if (target.Kind == StorageKind.Sqlite)
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);

        await using var transaction = await BeginExclusiveAsync(connection, target.Kind, cancellationToken);
        await ExecuteAsync(connection, transaction, VersionsTable, cancellationToken);
        var applied = new HashSet<int>();
        await using (var read = Command(connection, transaction, "SELECT version FROM gitintegration_schema"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetInt32(0));
        }

        var names = new List<string>();
        foreach (var script in For(target.Kind).Where(s => !applied.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = Command(connection, transaction,
                "INSERT INTO gitintegration_schema (version, name, applied_at) VALUES (@version, @name, @at)");
            Add(record, "version", script.Version);
            Add(record, "name", script.Name);
            Add(record, "at", DateTimeOffset.UtcNow.ToString("O"));
            await record.ExecuteNonQueryAsync(cancellationToken);
            names.Add(script.Name);
        }
        if (await LegacyStoreImport.ImportAsync(connection, transaction, serviceId, cancellationToken) is > 0 and var imported)
            names.Add($"{imported} grain states imported from the earlier store");
        await transaction.CommitAsync(cancellationToken);
        return names;
    }

    private static DbConnection Open(StorageTarget target) => target.Kind == StorageKind.Postgres
        ? new NpgsqlConnection(target.ConnectionString)
        : new SqliteConnection(target.ConnectionString);

    private static async Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, StorageKind kind, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
            return sqlite.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock now, not at the first write
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('gitintegration_schema'))", cancellationToken);
        return transaction;
    }
}
