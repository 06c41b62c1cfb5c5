using GitIntegration.Actors.Storage;
using GitIntegration.Actors.Storage.Postgres;
using GitIntegration.Actors.Storage.Sqlite;
using GitIntegration.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GitIntegration.Actors.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Sqlite_schema_has_the_primary_keys_and_records_each_migration_once()
    {
        using var store = await TestStore.CreateAsync(StoreKind.Sqlite);
        using (var database = new SqliteDatabase(store.SqlitePath))
        {
            await database.InitializeAsync(default);
            await database.InitializeAsync(default); // a second start applies nothing again
        }

        await using var connection = new SqliteConnection($"Data Source={store.SqlitePath};Pooling=false");
        await connection.OpenAsync();
        Assert.Equal(["grain_type", "grain_key", "state_name"], PrimaryKey(connection, "grain_state"));
        Assert.Equal(["grain_type", "grain_key", "name"], PrimaryKey(connection, "reminders"));
        Assert.Equal(MigrationScripts.For("Sqlite").Count, Scalar(connection, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, Scalar(connection, "SELECT COUNT(*) FROM pragma_index_list('reminders') WHERE name = 'reminders_by_partition_due'"));
    }

    [PostgresFact]
    public async Task Postgres_migrations_run_once_even_when_several_silos_start_together()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var databases = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(connectionString)).ToList();

        await Task.WhenAll(databases.Select(d => d.InitializeAsync(default)));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(MigrationScripts.For("Postgres").Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1024, await ScalarAsync(connection, "SELECT COUNT(*) FROM partition_leases"));
        var primaryKey = await ScalarTextAsync(connection, """
            SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = 'grain_state'::regclass AND i.indisprimary
            """);
        Assert.Equal("grain_type,grain_key,state_name", primaryKey);
        foreach (var database in databases)
            await database.DisposeAsync();
    }

    [Fact]
    public void The_deployable_schema_file_holds_every_postgres_migration()
    {
        var schema = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "schema.sql"));

        foreach (var migration in MigrationScripts.For("Postgres"))
        {
            Assert.Contains(migration.Sql.Trim(), schema);
            Assert.Contains($"VALUES ({migration.Version}, '{migration.Name}')", schema);
        }
    }

    private static List<string> PrimaryKey(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
            columns.Add(reader.GetString(0));
        return columns;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<string?> ScalarTextAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
