namespace GitIntegration.Actors.Tests;

public sealed class ActivationTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(StoreKind.Sqlite);

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ten_thousand_keys_called_concurrently_give_exactly_ten_thousand_activations()
    {
        await using var silo = await TestSilo.StartAsync(_store, o => o.CallTimeout = TimeSpan.FromMinutes(2));
        var keys = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();

        await Task.WhenAll(keys.Select(k => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>(k).GetAsync())));
        await Task.WhenAll(keys.Select(k => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>(k).GetAsync())));
        // Twice more, racing on the same keys.
        await Task.WhenAll(keys.Concat(keys).Select(k => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>(k).GetAsync())));

        Assert.Equal(10_000, silo.Log.Activations);
        Assert.Equal(10_000, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task An_idle_grain_is_deactivated_and_comes_back_with_its_state()
    {
        await using var silo = await TestSilo.StartAsync(_store, o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(300);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        });
        var counter = silo.Grains.GetGrain<ICounterGrain>("sleepy");
        await counter.IncrementAndSaveAsync();
        await counter.IncrementAndSaveAsync();

        await Eventually.TrueAsync(() => silo.Log.Deactivations == 1, "the idle grain to be deactivated");
        Assert.Contains("deactivate sleepy ActivationIdle", silo.Log.Events);
        Assert.Equal(0, silo.Runtime.ActivationCount);

        Assert.Equal(2, await counter.GetAsync());
        Assert.Equal(2, silo.Log.Activations);
    }

    [Fact]
    public async Task A_busy_grain_is_not_collected_while_it_works()
    {
        await using var silo = await TestSilo.StartAsync(_store, o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(100);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        });
        var grain = silo.Grains.GetGrain<IBehaviourGrain>("busy");

        await grain.SleepAsync(TimeSpan.FromMilliseconds(600));

        Assert.Equal(0, silo.Log.Deactivations);
    }

    [Fact]
    public async Task Deactivate_on_idle_runs_OnDeactivateAsync_after_the_request()
    {
        await using var silo = await TestSilo.StartAsync(_store);
        var counter = silo.Grains.GetGrain<ICounterGrain>("leaving");
        await counter.IncrementAndSaveAsync();

        await counter.DeactivateAsync();

        await Eventually.TrueAsync(() => silo.Log.Deactivations == 1, "deactivation");
        Assert.Contains("deactivate leaving ApplicationRequested", silo.Log.Events);
        Assert.Equal(1, await counter.GetAsync());
    }

    [Fact]
    public async Task Live_activations_are_bounded_by_evicting_the_least_recently_used()
    {
        await using var silo = await TestSilo.StartAsync(_store, o => o.MaxActivations = 100);

        for (var batch = 0; batch < 3; batch++)
            await Task.WhenAll(Enumerable.Range(batch * 100, 100).Select(i => silo.Grains.GetGrain<ICounterGrain>($"k{i}").GetAsync()));

        await Eventually.TrueAsync(() => silo.Runtime.ActivationCount <= 100, "the activation count to fall back under the bound");
        Assert.True(silo.Log.Deactivations >= 200, $"{silo.Log.Deactivations} deactivations");
        Assert.Contains(silo.Log.Events, e => e.EndsWith("CapacityExceeded"));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("has space", "outside the allowed set")]
    [InlineData("new\nline", "outside the allowed set")]
    [InlineData("ünïcode", "outside the allowed set")]
    public async Task A_bad_key_gets_a_clear_exception(string key, string expected)
    {
        await using var silo = await TestSilo.StartAsync(_store);

        var error = Assert.Throws<InvalidGrainKeyException>(() => silo.Grains.GetGrain<ICounterGrain>(key));

        Assert.Contains(expected, error.Message);
        Assert.Equal(0, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task An_over_long_key_gets_a_clear_exception_and_the_longest_allowed_key_works()
    {
        await using var silo = await TestSilo.StartAsync(_store);

        var error = Assert.Throws<InvalidGrainKeyException>(() => silo.Grains.GetGrain<ICounterGrain>(new string('a', 257)));
        Assert.Contains("limit is 256", error.Message);

        var longest = silo.Grains.GetGrain<ICounterGrain>(new string('a', 256) [..^20] + "-_.:@/+=0123456789AZ");
        Assert.Equal(1, await longest.IncrementAndSaveAsync());
    }

    [Fact]
    public async Task Keys_that_differ_only_in_leading_zeros_are_different_grains()
    {
        await using var silo = await TestSilo.StartAsync(_store);
        await silo.Grains.GetGrain<ICounterGrain>("020235").IncrementAndSaveAsync();

        Assert.Equal(0, await silo.Grains.GetGrain<ICounterGrain>("20235").GetAsync());
    }
}
