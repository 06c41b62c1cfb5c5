using BenchmarkDotNet.Attributes;
using GitIntegration.Actors;
using GitIntegration.Benchmarks.Actors;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>A grain call from another process (HTTP/2 to the owning silo) against the same call made inside the silo.</summary>
[MemoryDiagnoser]
public class RemoteCallBenchmarks
{
    public static string? Postgres;
    private BenchClusterSilo _silo = null!;
    private IPingGrain _local = null!;
    private IPingGrain _remote = null!;

    [GlobalSetup]
    public void Setup()
    {
        var database = BenchDatabase.CreateAsync(Postgres!).GetAwaiter().GetResult();
        _silo = BenchClusterSilo.StartAsync(database).GetAwaiter().GetResult();
        _local = _silo.Grains.GetGrain<IPingGrain>("remote-bench");
        _remote = BenchClusterSilo.Client(database).GetGrain<IPingGrain>("remote-bench");
        _remote.PingAsync(0).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<int> InProcessCall() => _local.PingAsync(1);

    [Benchmark]
    public Task<int> RemoteCall() => _remote.PingAsync(1);
}
