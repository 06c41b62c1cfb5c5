namespace GitIntegration.Benchmarks.Hosting;

/// <summary>The bare baseline: a grain with no state whose method only returns its argument.</summary>
[Alias("GitIntegration.Benchmarks.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("PingAsync")]
    Task<int> PingAsync(int value);
}

[GrainType("benchping")]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value);
}

/// <summary>A no-op on a grain shaped like the link (a persistent state read at activation, non-reentrant).</summary>
[Alias("GitIntegration.Benchmarks.IStatefulPingGrain")]
public interface IStatefulPingGrain : IGrainWithStringKey
{
    [Alias("PingAsync")]
    Task<int> PingAsync(int value);
}

[GenerateSerializer, Alias("GitIntegration.Benchmarks.PingState")]
public sealed record PingState([property: Id(0)] int Value);

[GrainType("benchstate")]
public sealed class StatefulPingGrain([PersistentState("benchstate")] IPersistentState<PingState> state) : Grain, IStatefulPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + (state.State?.Value ?? 0));
}
