namespace GitIntegration.Actors.Tests;

public sealed class ReminderTests
{
    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task A_reminder_due_in_two_seconds_fires_after_the_host_is_stopped_and_started_again(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using (var first = await TestSilo.StartAsync(store))
            await first.Grains.GetGrain<IReminderGrain>("sleeper").RegisterAsync("wake-up", TimeSpan.FromSeconds(2), TimeSpan.Zero);

        await Task.Delay(TimeSpan.FromSeconds(3)); // the reminder falls due while no host runs

        await using var second = await TestSilo.StartAsync(store);
        await Eventually.TrueAsync(() => second.Log.TicksOf("sleeper", "wake-up") == 1, "the missed reminder to fire after start");
        var grain = second.Grains.GetGrain<IReminderGrain>("sleeper");
        Assert.Equal(1, await grain.TicksAsync());
        await Eventually.TrueAsync(() => !grain.HasReminderAsync("wake-up").Result, "the one-shot row to be deleted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, second.Log.TicksOf("sleeper", "wake-up"));
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task A_periodic_reminder_keeps_firing_and_an_unregistered_one_never_fires_again(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grains.GetGrain<IReminderGrain>("metronome");

        await grain.RegisterAsync("beat", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => silo.Log.TicksOf("metronome", "beat") >= 3, "three periodic ticks");

        await grain.UnregisterAsync("beat");
        var ticksAtUnregister = silo.Log.TicksOf("metronome", "beat");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(ticksAtUnregister, silo.Log.TicksOf("metronome", "beat"));
        Assert.False(await grain.HasReminderAsync("beat"));
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task A_periodic_reminder_survives_restarts_and_fires_once_for_the_missed_ticks(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using (var first = await TestSilo.StartAsync(store))
            await first.Grains.GetGrain<IReminderGrain>("periodic").RegisterAsync("beat", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(4)); // about three ticks missed while down
        var restartedAt = DateTimeOffset.UtcNow;

        await using var second = await TestSilo.StartAsync(store);
        await Eventually.TrueAsync(() => second.Log.TicksOf("periodic", "beat") >= 3, "ticking on schedule again");
        var dueTimes = second.Log.TickTimes.Select(t => t.DueAt).ToList();
        Assert.Single(dueTimes, due => due < restartedAt); // the missed ticks fire once, not once each
        Assert.Equal(dueTimes.Count, dueTimes.Distinct().Count());
    }

    [Fact]
    public async Task Registering_the_same_name_again_replaces_its_schedule()
    {
        using var store = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grains.GetGrain<IReminderGrain>("moved");

        await grain.RegisterAsync("once", TimeSpan.FromMilliseconds(500), TimeSpan.Zero);
        await grain.RegisterAsync("once", TimeSpan.FromHours(1), TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(0, silo.Log.TicksOf("moved", "once"));
        Assert.True(await grain.HasReminderAsync("once"));
    }

    [Fact]
    public async Task A_period_below_the_minimum_is_refused()
    {
        using var store = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using var silo = await TestSilo.StartAsync(store);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            silo.Grains.GetGrain<IReminderGrain>("eager").RegisterAsync("fast", TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));

        Assert.Contains("at least", error.Message);
    }
}
