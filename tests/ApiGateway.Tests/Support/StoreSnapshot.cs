using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>Every stored row (grain state and reminders) with its version, to prove a run of requests changed nothing.</summary>
public static class StoreSnapshot
{
    public static async Task<List<string>> TakeAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var rows = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT grain_type, grain_key, state_name, etag, payload FROM grain_state ORDER BY 1, 2, 3";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var payload = reader.IsDBNull(4) ? "null" : Convert.ToHexString(SHA256.HashData(Bytes(reader.GetValue(4))));
                rows.Add($"state {reader.GetString(0)}/{reader.GetString(1)}/{reader.GetString(2)} etag {reader.GetInt64(3)} {payload}");
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT grain_type, grain_key, name, due_at, period FROM reminders ORDER BY 1, 2, 3";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add($"reminder {reader.GetString(0)}/{reader.GetString(1)}/{reader.GetString(2)} {reader.GetInt64(3)} {reader.GetInt64(4)}");
        }
        return rows;
    }

    private static byte[] Bytes(object value) => value as byte[] ?? Encoding.UTF8.GetBytes(value.ToString()!);
}
