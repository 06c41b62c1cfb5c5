using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GitIntegration.Grains.Storage;

/// <summary>Readiness: the store of grain state and reminders (SQLite file or PostgreSQL) answers a trivial query.</summary>
public sealed class StorageHealthCheck(StorageTarget storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using DbConnection connection = storage.Kind == StorageKind.Postgres
                ? new NpgsqlConnection(storage.ConnectionString)
                : new SqliteConnection(storage.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.CommandTimeout = 5;
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken)) == 1
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{Name} answered a probe wrongly.");
        }
        catch (DbException)
        {
            // The driver's message can name the host and the user; the operator finds those in the configuration.
            return HealthCheckResult.Unhealthy($"{Name} is not reachable.");
        }
    }

    private string Name => storage.Kind == StorageKind.Postgres ? "PostgreSQL" : "the SQLite file";
}
