using BenchmarkDotNet.Attributes;

namespace GitIntegration.Benchmarks.Actors;

/// <summary>A warm grain call through the proxy and turn scheduler against a direct call on the same grain object.</summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private BenchSilo _silo = null!;
    private IPingGrain _grain = null!;
    private IPingGrain _direct = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.StartAsync().GetAwaiter().GetResult();
        _grain = _silo.Grains.GetGrain<IPingGrain>("warm");
        _grain.PingAsync(0).GetAwaiter().GetResult();
        _direct = PingGrain.Last!;
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<int> DirectCall() => _direct.PingAsync(1);

    [Benchmark]
    public Task<int> GrainCall() => _grain.PingAsync(1);
}
