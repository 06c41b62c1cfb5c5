using Npgsql;
using Xunit;

namespace GitIntegration.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use, found through one environment variable that ./test.sh sets.
/// Each caller gets a fresh database of its own.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "GITINTEGRATION_TEST_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable);

    /// <summary>Why PostgreSQL tests are skipped, or null when they must run. Under CI they never skip.</summary>
    public static string? SkipReason =>
        ServerConnectionString is null && Environment.GetEnvironmentVariable("CI") is null
            ? $"{EnvironmentVariable} is not set (./test.sh sets it)"
            : null;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = ServerConnectionString
                     ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set; run the tests with ./test.sh.");
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}

/// <summary>A fact that needs PostgreSQL: skipped locally without it, failing under CI without it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestPostgres.SkipReason;
}

/// <summary>A theory that needs PostgreSQL (see <see cref="PostgresFactAttribute"/>).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = TestPostgres.SkipReason;
}
