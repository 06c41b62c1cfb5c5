namespace GitIntegration.Actors.Tests;

public sealed record CounterState
{
    public int Value { get; init; }
    public List<string> Notes { get; init; } = [];
}

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Reads, awaits in the middle, then writes: interleaving would lose increments.</summary>
    Task<int> IncrementSlowlyAsync();
    Task<int> GetAsync();
    Task<int> IncrementAndSaveAsync();
    Task AddNoteAsync(string note);
    ValueTask<int> GetValueTaskAsync();
    Task<string?> GetEtagAsync();
    Task ReloadAsync();
    Task ClearAsync();
    Task DeactivateAsync();
    [AlwaysInterleave] Task<int> PeekAsync();
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, ProbeLog log)
    : Grain, ICounterGrain
{
    private int _inTurn;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GrainKey);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.Deactivated(GrainKey, reason);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementSlowlyAsync()
    {
        if (Interlocked.Increment(ref _inTurn) != 1)
            log.Overlap();
        var value = state.State.Value;
        await Task.Yield();
        await Task.Delay(Random.Shared.Next(0, 2));
        state.State = state.State with { Value = value + 1 };
        Interlocked.Decrement(ref _inTurn);
        return value + 1;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public ValueTask<int> GetValueTaskAsync() => ValueTask.FromResult(state.State.Value);

    public Task<int> PeekAsync() => Task.FromResult(state.State.Value);

    public async Task<int> IncrementAndSaveAsync()
    {
        state.State = state.State with { Value = state.State.Value + 1 };
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public async Task AddNoteAsync(string note)
    {
        state.State = state.State with { Notes = [.. state.State.Notes, note] };
        await state.WriteStateAsync();
    }

    public Task<string?> GetEtagAsync() => Task.FromResult(state.Etag);

    public Task ReloadAsync() => state.ReadStateAsync();

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class TeapotException(string message) : Exception(message);

public interface IBehaviourGrain : IGrainWithStringKey
{
    Task ThrowAsync(string message);
    Task SleepAsync(TimeSpan duration);
    Task<int> StartTimerAsync(TimeSpan period);
    Task<int> TimerTicksAsync();
    Task<string> EchoAsync(string text);
}

public sealed class BehaviourGrain(ProbeLog log) : Grain, IBehaviourGrain
{
    private int _timerTicks;
    private int _timerRunning;

    public Task ThrowAsync(string message) => throw new TeapotException(message);

    public Task SleepAsync(TimeSpan duration) => Task.Delay(duration);

    public Task<int> StartTimerAsync(TimeSpan period)
    {
        RegisterGrainTimer(async _ =>
        {
            if (Interlocked.Increment(ref _timerRunning) != 1)
                log.Overlap();
            await Task.Delay(period * 2);
            _timerTicks++;
            Interlocked.Decrement(ref _timerRunning);
        }, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = period });
        return Task.FromResult(_timerTicks);
    }

    public Task<int> TimerTicksAsync() => Task.FromResult(_timerTicks);

    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}

public sealed record ReminderLogState
{
    public int Ticks { get; init; }
}

public interface IReminderGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan due, TimeSpan period);
    Task UnregisterAsync(string name);
    Task<int> TicksAsync();
    Task<bool> HasReminderAsync(string name);
}

public sealed class ReminderGrain([PersistentState("log")] IPersistentState<ReminderLogState> state, ProbeLog log)
    : Grain, IReminderGrain, IRemindable
{
    public Task RegisterAsync(string name, TimeSpan due, TimeSpan period) => RegisterOrUpdateReminder(name, due, period);

    public Task UnregisterAsync(string name) => UnregisterReminder(name);

    public Task<int> TicksAsync() => Task.FromResult(state.State.Ticks);

    public async Task<bool> HasReminderAsync(string name) => await GetReminder(name) is not null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Tick(GrainKey, reminderName, status.CurrentTickTime);
        state.State = state.State with { Ticks = state.State.Ticks + 1 };
        await state.WriteStateAsync();
    }
}
