using Npgsql;
using NpgsqlTypes;

namespace GitIntegration.Actors.Cluster;

/// <summary>A partition held at an epoch.</summary>
public readonly record struct PartitionLease(int Partition, long Epoch);

/// <summary>
/// The SQL of membership and partition leases. Every time is the database clock (clock_timestamp()), so
/// silos' clocks never decide who owns what.
/// </summary>
public sealed class LeaseTable(NpgsqlDataSource dataSource)
{
    public async Task RegisterSiloAsync(string siloId, string address, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO silos (silo_id, address, status) VALUES (@id, @address, 'active')
            ON CONFLICT (silo_id) DO UPDATE SET address = excluded.address, status = 'active', heartbeat_at = clock_timestamp()
            """);
        command.Parameters.AddWithValue("id", siloId);
        command.Parameters.AddWithValue("address", address);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetStatusAsync(string siloId, string status, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE silos SET status = @status, heartbeat_at = clock_timestamp() WHERE silo_id = @id");
        command.Parameters.AddWithValue("id", siloId);
        command.Parameters.AddWithValue("status", status);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Heartbeats, renews every lease this silo still holds, and lists the live active silos (by id), in one round trip.</summary>
    public async Task<(IReadOnlyList<PartitionLease> Held, IReadOnlyList<string> ActiveSilos)> RenewAsync(string siloId, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(BatchCommand("UPDATE silos SET heartbeat_at = clock_timestamp() WHERE silo_id = @id", siloId, lease));
        batch.BatchCommands.Add(BatchCommand("""
            UPDATE partition_leases SET expires_at = clock_timestamp() + @lease
            WHERE owner_silo = @id AND expires_at > clock_timestamp()
            RETURNING "partition", epoch
            """, siloId, lease));
        batch.BatchCommands.Add(BatchCommand("""
            SELECT silo_id FROM silos WHERE status = 'active' AND heartbeat_at > clock_timestamp() - @lease ORDER BY silo_id
            """, siloId, lease));
        // The heartbeat returns no rows, so the reader starts at the renewed leases.
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var held = new List<PartitionLease>();
        while (await reader.ReadAsync(cancellationToken))
            held.Add(new PartitionLease(reader.GetInt32(0), reader.GetInt64(1)));
        await reader.NextResultAsync(cancellationToken);
        var active = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            active.Add(reader.GetString(0));
        return (held, active);
    }

    /// <summary>Takes up to <paramref name="count"/> partitions that are free or whose lease has expired; each epoch grows.</summary>
    public async Task<IReadOnlyList<PartitionLease>> AcquireAsync(string siloId, int count, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            UPDATE partition_leases SET owner_silo = @id, epoch = epoch + 1, expires_at = clock_timestamp() + @lease
            WHERE "partition" IN (
                SELECT "partition" FROM partition_leases
                WHERE owner_silo IS NULL OR expires_at IS NULL OR expires_at <= clock_timestamp()
                ORDER BY random() LIMIT @count FOR UPDATE SKIP LOCKED)
            RETURNING "partition", epoch
            """, siloId, lease);
        command.Parameters.AddWithValue("count", count);
        return await ReadLeasesAsync(command, cancellationToken);
    }

    /// <summary>Hands partitions back (after their grains were deactivated), only if still held at those epochs.</summary>
    public async Task ReleaseAsync(string siloId, IReadOnlyCollection<PartitionLease> leases, CancellationToken cancellationToken)
    {
        if (leases.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            UPDATE partition_leases l SET owner_silo = NULL, expires_at = NULL
            FROM unnest(@partitions, @epochs) AS r(p, e)
            WHERE l."partition" = r.p AND l.epoch = r.e AND l.owner_silo = @id
            """);
        command.Parameters.AddWithValue("id", siloId);
        command.Parameters.AddWithValue("partitions", leases.Select(l => l.Partition).ToArray());
        command.Parameters.AddWithValue("epochs", leases.Select(l => l.Epoch).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Extends one lease to a full term if it is still held at that epoch; false when it is not.</summary>
    public async Task<bool> ConfirmAsync(string siloId, PartitionLease held, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            UPDATE partition_leases SET expires_at = GREATEST(expires_at, clock_timestamp() + @lease)
            WHERE "partition" = @p AND epoch = @e AND owner_silo = @id AND expires_at > clock_timestamp()
            """, siloId, lease);
        command.Parameters.AddWithValue("p", held.Partition);
        command.Parameters.AddWithValue("e", held.Epoch);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Partition → address of the live silo that holds it, for routing.</summary>
    public async Task<string?[]> ReadMapAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT l."partition", s.address FROM partition_leases l JOIN silos s ON s.silo_id = l.owner_silo
            WHERE l.expires_at > clock_timestamp() AND s.status = 'active'
            """);
        var map = new string?[PartitionHash.PartitionCount];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            map[reader.GetInt32(0)] = reader.GetString(1);
        return map;
    }

    public async Task DeleteLongDeadSilosAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM silos s WHERE s.heartbeat_at < clock_timestamp() - @age
            AND NOT EXISTS (SELECT 1 FROM partition_leases l WHERE l.owner_silo = s.silo_id AND l.expires_at > clock_timestamp())
            """);
        command.Parameters.Add(new NpgsqlParameter("age", NpgsqlDbType.Interval) { Value = age });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, string siloId, TimeSpan lease)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("id", siloId);
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.Interval) { Value = lease });
        return command;
    }

    private NpgsqlCommand Command(string sql, string siloId, TimeSpan lease)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", siloId);
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.Interval) { Value = lease });
        return command;
    }

    private static async Task<IReadOnlyList<PartitionLease>> ReadLeasesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var leases = new List<PartitionLease>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                leases.Add(new PartitionLease(reader.GetInt32(0), reader.GetInt64(1)));
            return leases;
        }
    }
}
