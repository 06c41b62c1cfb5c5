namespace GitIntegration.Actors.Tests;

public sealed class TurnSchedulingTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreKind.Sqlite);
        _silo = await TestSilo.StartAsync(_store, o => o.CallTimeout = TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_to_one_grain_run_one_at_a_time_and_all_return()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>("hammered");

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.IncrementSlowlyAsync())));

        Assert.Equal(0, _silo.Log.Overlaps);
        Assert.Equal(1000, await counter.GetAsync());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
        Assert.Equal(1, _silo.Log.Activations);
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_a_turn_is_in_progress()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>("peeked");
        await counter.IncrementAndSaveAsync();
        var busy = Task.WhenAll(Enumerable.Range(0, 50).Select(_ => counter.IncrementSlowlyAsync()));

        var peeked = await counter.PeekAsync();

        Assert.False(busy.IsCompleted, "the peek should not have waited for the 50 queued turns");
        await busy;
        Assert.InRange(peeked, 1, 51);
    }

    [Fact]
    public async Task An_exception_thrown_in_a_grain_reaches_the_caller_with_its_type_and_message()
    {
        var grain = _silo.Grains.GetGrain<IBehaviourGrain>("thrower");

        var error = await Assert.ThrowsAsync<TeapotException>(() => grain.ThrowAsync("short and stout"));

        Assert.Equal("short and stout", error.Message);
        Assert.Equal("still alive", await grain.EchoAsync("still alive"));
    }

    [Fact]
    public async Task A_call_that_outlives_the_call_timeout_fails_with_its_own_exception_type()
    {
        await using var silo = await TestSilo.StartAsync(_store, o => o.CallTimeout = TimeSpan.FromMilliseconds(300));
        var grain = silo.Grains.GetGrain<IBehaviourGrain>("sleeper");

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.SleepAsync(TimeSpan.FromSeconds(3)));

        Assert.Contains("behaviour/sleeper", error.Message);
        Assert.IsAssignableFrom<TimeoutException>(error);
    }

    [Fact]
    public async Task A_call_queued_behind_a_long_turn_expires_instead_of_running_late()
    {
        await using var silo = await TestSilo.StartAsync(_store, o => o.CallTimeout = TimeSpan.FromMilliseconds(300));
        var grain = silo.Grains.GetGrain<IBehaviourGrain>("queue");
        var longTurn = grain.SleepAsync(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.EchoAsync("late"));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => longTurn);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the sleeping turn itself runs to its end
        Assert.Equal("on time", await grain.EchoAsync("on time"));
    }

    [Fact]
    public async Task ValueTask_methods_work_through_the_proxy()
    {
        var counter = _silo.Grains.GetGrain<ICounterGrain>("valuetask");
        await counter.IncrementAndSaveAsync();

        Assert.Equal(1, await counter.GetValueTaskAsync());
    }

    [Fact]
    public async Task A_grain_timer_ticks_as_turns_that_never_overlap()
    {
        var grain = _silo.Grains.GetGrain<IBehaviourGrain>("timer");
        await grain.StartTimerAsync(TimeSpan.FromMilliseconds(20));

        await Eventually.TrueAsync(() => grain.TimerTicksAsync().Result >= 5, "five timer ticks");

        Assert.Equal(0, _silo.Log.Overlaps);
    }
}
