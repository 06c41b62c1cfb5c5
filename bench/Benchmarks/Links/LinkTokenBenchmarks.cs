using BenchmarkDotNet.Attributes;
using GitIntegration.Benchmarks.Actors;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Benchmarks.Links;

/// <summary>A token request on a warm link (decrypted token cached, no provider call) against the warm no-op
/// grain call measured in the same silo.</summary>
[MemoryDiagnoser]
public class LinkTokenBenchmarks
{
    private BenchLinkWorld _world = null!;
    private IPingGrain _ping = null!;
    private IGitLinkGrain _link = null!;

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchLinkWorld.StartAsync(accessTokenSeconds: 7200).GetAwaiter().GetResult();
        _link = _world.Link(_world.LinkNewUserAsync("warm").GetAwaiter().GetResult());
        if (_link.GetTokenAsync().GetAwaiter().GetResult().Outcome != TokenOutcome.Valid)
            throw new InvalidOperationException("the benchmark link has no valid token");
        _ping = _world.Grains.GetGrain<IPingGrain>("warm");
        _ping.PingAsync(0).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _world.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<int> NoOpGrainCall() => _ping.PingAsync(1);

    [Benchmark]
    public Task<TokenResult> WarmTokenRequest() => _link.GetTokenAsync();
}
