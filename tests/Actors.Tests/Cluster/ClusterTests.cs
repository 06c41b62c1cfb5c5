using GitIntegration.Actors.Cluster;
using GitIntegration.TestSupport;
using Npgsql;

namespace GitIntegration.Actors.Tests.Cluster;

/// <summary>Silos of one cluster in this process (separate hosts, HTTP/2 ports and lease managers) on a real PostgreSQL.</summary>
public sealed class ClusterTests
{
    [PostgresFact]
    public async Task Three_silos_split_the_partitions_and_a_client_reaches_every_grain_through_them()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var a = await TestClusterSilo.StartAsync(postgres);
        await using var b = await TestClusterSilo.StartAsync(postgres);
        await using var c = await TestClusterSilo.StartAsync(postgres);
        var silos = new[] { a, b, c };
        await Eventually.TrueAsync(() => silos.All(s => s.Silo.ServedPartitions is 341 or 342) && silos.Sum(s => s.Silo.ServedPartitions) == 1024,
            "each silo to hold a third of 1024 partitions");
        using var client = new TestClusterClient(postgres);

        var keys = Enumerable.Range(0, 600).Select(i => $"spread-{i}").ToList();
        await Task.WhenAll(keys.Select(k => client.Grains.GetGrain<ICounterGrain>(k).IncrementAndSaveAsync()));

        Assert.Equal(600, silos.Sum(s => s.Runtime.ActivationCount));
        Assert.All(silos, s => Assert.InRange(s.Runtime.ActivationCount, 120, 280));
        Assert.Equal(1, await b.Grains.GetGrain<ICounterGrain>("spread-7").GetAsync()); // silo to silo
    }

    [PostgresFact]
    public async Task Concurrent_calls_from_every_silo_to_one_grain_make_one_activation_and_run_one_at_a_time()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        var log = new ProbeLog(); // shared: counts activations and overlaps across silos
        await using var a = await TestClusterSilo.StartAsync(postgres, log);
        await using var b = await TestClusterSilo.StartAsync(postgres, log);
        await using var c = await TestClusterSilo.StartAsync(postgres, log);
        await Eventually.TrueAsync(() => new[] { a, b, c }.All(s => s.Silo.ServedPartitions > 300), "balance");
        using var client = new TestClusterClient(postgres);
        var factories = new[] { a.Grains, b.Grains, c.Grains, client.Grains };

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => factories[i % 4].GetGrain<ICounterGrain>("one").IncrementSlowlyAsync()));

        Assert.Equal(1, log.Activations);
        Assert.Equal(0, log.Overlaps);
        Assert.Equal(400, await client.Grains.GetGrain<ICounterGrain>("one").GetAsync());
    }

    [PostgresFact]
    public async Task An_exception_from_a_grain_on_another_silo_keeps_its_type_and_message()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var silo = await TestClusterSilo.StartAsync(postgres);
        using var client = new TestClusterClient(postgres);

        var error = await Assert.ThrowsAsync<TeapotException>(() => client.Grains.GetGrain<IBehaviourGrain>("remote").ThrowAsync("I'm a teapot"));
        Assert.Equal("I'm a teapot", error.Message);

        var stale = await Assert.ThrowsAsync<InvalidGrainKeyException>(() => Task.FromResult(client.Grains.GetGrain<IBehaviourGrain>("no spaces")));
        Assert.Contains("allowed set", stale.Message);
    }

    [PostgresFact]
    public async Task A_graceful_stop_hands_partitions_over_without_failing_calls()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var a = await TestClusterSilo.StartAsync(postgres);
        await using var b = await TestClusterSilo.StartAsync(postgres);
        await Eventually.TrueAsync(() => a.Silo.ServedPartitions is > 500 and < 525 && b.Silo.ServedPartitions is > 500 and < 525, "balance");
        using var client = new TestClusterClient(postgres);
        var keys = Enumerable.Range(0, 200).Select(i => $"moving-{i}").ToList();
        await Task.WhenAll(keys.Select(k => client.Grains.GetGrain<ICounterGrain>(k).IncrementAndSaveAsync()));

        using var load = new CancellationTokenSource();
        var failures = 0;
        var calls = 0;
        var traffic = Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!load.IsCancellationRequested)
            {
                try
                {
                    await client.Grains.GetGrain<ICounterGrain>(keys[random.Next(keys.Count)]).GetAsync();
                    Interlocked.Increment(ref calls);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        await Task.Delay(500);
        await a.StopAsync();
        await Eventually.TrueAsync(() => b.Silo.ServedPartitions == 1024, "the survivor to hold every partition");
        await Task.Delay(500);
        load.Cancel();
        await traffic;

        Assert.Equal(0, failures);
        Assert.True(calls > 100, $"{calls} calls");
        foreach (var key in keys)
            Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).GetAsync()); // flushed state survived the move
    }

    [PostgresFact]
    public async Task A_joining_silo_takes_its_share_while_calls_keep_succeeding()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        await using var a = await TestClusterSilo.StartAsync(postgres);
        await Eventually.TrueAsync(() => a.Silo.ServedPartitions == 1024, "the first silo to hold everything");
        using var client = new TestClusterClient(postgres);
        using var load = new CancellationTokenSource();
        var failures = 0;
        var traffic = Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!load.IsCancellationRequested)
            {
                try { await client.Grains.GetGrain<ICounterGrain>($"join-{w}-{i++ % 50}").GetAsync(); }
                catch (Exception) { Interlocked.Increment(ref failures); }
            }
        })));

        await using var b = await TestClusterSilo.StartAsync(postgres);
        await Eventually.TrueAsync(() => a.Silo.ServedPartitions == 512 && b.Silo.ServedPartitions == 512, "an even split");
        load.Cancel();
        await traffic;

        Assert.Equal(0, failures);
    }

    [PostgresFact]
    public async Task A_silo_cut_off_from_postgres_stops_serving_before_its_lease_expires_and_its_old_epoch_is_fenced()
    {
        var server = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = proxy.Port, Timeout = 2, CommandTimeout = 2 }.ConnectionString;
        await using var isolated = await TestClusterSilo.StartAsync(throughProxy);
        await Eventually.TrueAsync(() => isolated.Silo.ServedPartitions == 1024, "the first silo to hold everything");
        var counter = isolated.Grains.GetGrain<ICounterGrain>("fenced");
        await counter.IncrementAndSaveAsync();
        var partition = new GrainId("counter", "fenced").Partition;
        var oldEpoch = isolated.Leases.EpochOf(partition);

        proxy.Cut();
        await Eventually.TrueAsync(() => !isolated.Leases.TryGetEpoch(partition, out _), "the isolated silo to stop serving");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT bool_and(expires_at > clock_timestamp()) FROM partition_leases WHERE owner_silo = @id", connection);
            command.Parameters.AddWithValue("id", isolated.SiloId);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, "it stopped serving while its leases were still valid in the database");
        }

        await using var survivor = await TestClusterSilo.StartAsync(server.ConnectionString);
        await Eventually.TrueAsync(() => survivor.Leases.TryGetEpoch(partition, out var e) && e > oldEpoch, "the new silo to take the partition with a higher epoch");
        Assert.Equal(1, await survivor.Grains.GetGrain<ICounterGrain>("fenced").GetAsync());

        var storage = new Storage.Postgres.PostgresGrainStorage(new Storage.Postgres.PostgresDatabase(server.ConnectionString));
        var row = await storage.ReadAsync(new GrainId("counter", "fenced"), "counter", default);
        await Assert.ThrowsAsync<Storage.PartitionFencedException>(() => storage.WriteAsync(new GrainId("counter", "fenced"), "counter",
            "{\"value\":99}"u8.ToArray(), row.Etag, new Storage.WriteFence(partition, oldEpoch, isolated.SiloId), default));
        Assert.Equal(1, await survivor.Grains.GetGrain<ICounterGrain>("fenced").GetAsync());
    }
}
