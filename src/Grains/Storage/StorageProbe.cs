using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GitIntegration.Grains.Storage;

/// <summary>Whether the store answers a trivial query (readiness).</summary>
public static class StorageProbe
{
    public static async Task<bool> IsReachableAsync(StorageTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await using DbConnection connection = target.Kind == StorageKind.Postgres
                ? new NpgsqlConnection(target.ConnectionString)
                : new SqliteConnection(target.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.CommandTimeout = 5;
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken)) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
