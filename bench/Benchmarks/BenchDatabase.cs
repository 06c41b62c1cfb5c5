using Npgsql;

namespace GitIntegration.Benchmarks;

/// <summary>A fresh PostgreSQL database on the benchmark's throwaway server.</summary>
public static class BenchDatabase
{
    public static async Task<string> CreateAsync(string server)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
