using GitIntegration.Actors;

namespace GitIntegration.Benchmarks.Actors;

public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);
}

/// <summary>The smallest useful grain: the cost measured around it is the runtime's.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public static volatile PingGrain? Last;
    public static System.Collections.Concurrent.ConcurrentDictionary<string, PingGrain>? Tracked;
    private int _calls;

    public PingGrain()
    {
        Last = this;
        Tracked?.TryAdd(GrainKey, this);
    }

    public Task<int> PingAsync(int value) => Task.FromResult(value + ++_calls * 0);
}

public sealed record SmallState
{
    public int Value { get; init; }
    public string Label { get; init; } = "";
}

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<int> GetAsync();
}

public sealed class StatefulGrain([PersistentState("small")] IPersistentState<SmallState> state) : Grain, IStatefulGrain
{
    public Task<int> GetAsync() => Task.FromResult(state.State.Value);
}
